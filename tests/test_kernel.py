"""Token strings, keyed hashes, ids and the throttle (in-process and through real Redis)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from cleavr_connect.clock import FrozenClock
from cleavr_connect.crypto import (
    ACCESS_TOKEN_PREFIX,
    KeyRing,
    generate_token,
    hash_password,
    is_well_formed,
    verify_password,
)
from cleavr_connect.ids import new_id, random_string
from cleavr_connect.throttle import MemoryThrottle, Policy, RedisThrottle

REDIS_URL = os.environ.get("CLEAVR_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def test_tokens_have_prefix_256_bits_and_a_checksum() -> None:
    token = generate_token(ACCESS_TOKEN_PREFIX)
    assert token.startswith("clv_tok_") and len(token) == len("clv_tok_") + 43 + 6
    assert is_well_formed(token, ACCESS_TOKEN_PREFIX)
    # one changed character breaks the checksum: refused before any database read
    body = token[len("clv_tok_") :]
    flipped = "clv_tok_" + ("B" if body[0] == "A" else "A") + body[1:]
    assert not is_well_formed(flipped, ACCESS_TOKEN_PREFIX)
    assert not is_well_formed(token, "clv_ref_")
    assert len({generate_token(ACCESS_TOKEN_PREFIX) for _ in range(1000)}) == 1000


def test_keyed_hash_depends_on_the_server_key() -> None:
    token = generate_token(ACCESS_TOKEN_PREFIX)
    one, two = KeyRing(b"key-one"), KeyRing(b"key-two")
    assert one.hash_token(token) != two.hash_token(token)
    assert one.verify_token_hash(token, one.hash_token(token))
    assert token not in one.hash_token(token)
    assert one.decrypt(one.encrypt("whsec_abc")) == "whsec_abc"
    assert "whsec_abc" not in one.encrypt("whsec_abc")


def test_passwords_are_hashed_with_rfc_9106s_second_profile() -> None:
    """The suite hashes at a small cost (`tests/conftest.py`); the service at RFC 9106's
    second recommended profile: Argon2id, three passes over 64 MiB, four lanes."""
    from tests.conftest import PRODUCTION_PASSWORD_HASHER

    hasher = PRODUCTION_PASSWORD_HASHER()
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 64 * 1024, 4)
    assert hasher.hash("a long password").startswith("$argon2id$v=19$m=65536,t=3,p=4$")


def test_passwords_use_argon2id() -> None:
    hashed = hash_password("a long password")
    assert hashed.startswith("$argon2id$")
    assert verify_password("a long password", hashed)
    assert not verify_password("another password", hashed)
    assert not verify_password("x", "not a hash")


def test_ids_carry_test_prefix_in_test_mode() -> None:
    assert new_id("usr_clv", livemode=False).startswith("usr_clv_test_")
    assert not new_id("usr_clv", livemode=True).startswith("usr_clv_test_")
    assert len({new_id("x") for _ in range(1000)}) == 1000


def test_random_strings_draw_every_character_uniformly() -> None:
    assert all(len(random_string(n)) == n for n in (1, 20, 43, 200))
    sample = "".join(random_string(62) for _ in range(2000))  # 124,000 characters
    counts = {c: sample.count(c) for c in set(sample)}
    assert len(counts) == 62  # [A-Za-z0-9], each of them
    expected = len(sample) / 62
    chi2 = sum((n - expected) ** 2 / expected for n in counts.values())
    # 61 degrees of freedom: above 120 has a probability below 1e-5 for a uniform source; a
    # modulo bias (bytes 248..255 kept: 8 characters 25 % more likely) gives a chi2 near 800.
    assert chi2 < 120


async def _exercise(throttle, clock: FrozenClock) -> None:  # type: ignore[no-untyped-def]
    policy = Policy("test-" + secrets.token_hex(4), limit=3, window=60)
    for _ in range(3):
        assert await throttle.retry_after(policy, "k") is None
        await throttle.record_failure(policy, "k")
    wait = await throttle.retry_after(policy, "k")
    assert wait is not None and 0 < wait <= 60
    assert await throttle.retry_after(policy, "other") is None
    clock.advance(seconds=61)
    assert await throttle.retry_after(policy, "k") is None
    await throttle.record_failure(policy, "k")
    await throttle.reset(policy, "k")
    assert await throttle.retry_after(policy, "k") is None


async def test_memory_throttle() -> None:
    clock = FrozenClock()
    await _exercise(MemoryThrottle(clock), clock)


async def test_redis_throttle_shares_counts_between_instances() -> None:
    import redis.asyncio as redis

    probe = redis.from_url(REDIS_URL)
    try:
        await probe.ping()
    except OSError as exc:
        pytest.fail(f"Redis unreachable at {REDIS_URL}: {exc}")
    finally:
        await probe.aclose()
    clock = FrozenClock()
    first, second = RedisThrottle(REDIS_URL, clock), RedisThrottle(REDIS_URL, clock)
    await _exercise(first, clock)
    policy = Policy("shared-" + secrets.token_hex(4), limit=2, window=60)
    await first.record_failure(policy, "client")
    await second.record_failure(policy, "client")
    assert await first.retry_after(policy, "client") is not None
    await first.close()
    await second.close()


def test_access_log_masks_onboarding_tokens() -> None:
    from cleavr_connect.web.middleware import loggable_path

    assert loggable_path("/onboarding/onb_abcDEF123") == "/onboarding/onb_…"
    assert loggable_path("/v1/users/usr_clv_x") == "/v1/users/usr_clv_x"


def test_the_service_keeps_its_startup_objects_out_of_the_collector(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`uvicorn cleavr_connect.asgi:app` freezes what exists once the app is built, so full
    collections under load no longer walk the modules, routes and validators (a page of 100
    receivables cost a third less CPU); what requests allocate is still collected."""
    probe = (
        "import gc; import cleavr_connect.asgi; "
        "frozen = gc.get_freeze_count(); gc.collect(); "
        "print(frozen, gc.get_freeze_count(), len(gc.get_objects()))"
    )
    env = {
        **os.environ,
        "CLEAVR_DATA_DIR": str(tmp_path),
        "CLEAVR_NO_WORKER": "1",
    }
    out = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    frozen, still_frozen, tracked = (int(x) for x in out)
    assert frozen > 50_000 and still_frozen == frozen
    assert tracked < frozen / 5  # the collector's own sight is small again


def test_isoformat_writes_what_strftime_writes() -> None:
    from datetime import UTC, datetime, timedelta, timezone

    from cleavr_connect.clock import isoformat

    paris = timezone(timedelta(hours=1))
    for value in (
        datetime(2026, 1, 15, 9, 3, 4, 123456, tzinfo=UTC),
        datetime(2026, 1, 15, 9, 3, 4),  # SQLite: naive, UTC
        datetime(2026, 1, 1, 0, 30, tzinfo=paris),  # the day before, in UTC
        datetime(999, 12, 31, 23, 59, 59, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, 59, 999999),
        datetime(1, 1, 1, tzinfo=UTC),
    ):
        utc = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        assert isoformat(value) == utc.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_loads_reads_what_the_json_module_reads() -> None:
    import json
    from decimal import Decimal

    from cleavr_connect import wire

    for text in (
        "[]",
        "{}",
        "null",
        '{"a": 1.50, "b": [1, 2e3, "é\\u00e9"], "c": true}',
        '  {"a": 1}\n',
        "12",
        "1.10",
        '"text"',
    ):
        expected = json.loads(text, parse_float=Decimal)
        assert wire.loads(text) == expected
        assert wire.dumpb(wire.loads(text)) == wire.dumpb(expected)
        assert wire.loads(text.encode()) == expected
    for bad in ("", "  ", "[1,]", "{} {}", "[1] x", "nul"):
        with pytest.raises(json.JSONDecodeError):
            wire.loads(bad)


def test_a_file_write_that_fails_leaves_nothing_behind(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A full disk while writing a document: the error goes up, no half-written `.part` keeps
    the space, and the same file can be written once there is room again."""
    import errno
    import os

    from cleavr_connect import storage

    target = tmp_path / "docs" / "letter.pdf"

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError):
        storage.write_whole(target, b"%PDF-1.4 ...", exclusive=True)
    assert list(target.parent.iterdir()) == []
    monkeypatch.undo()
    storage.write_whole(target, b"%PDF-1.4 ...", exclusive=True)
    assert target.read_bytes() == b"%PDF-1.4 ..."
