"""Idempotency-Key on POST (SPEC §4): scoped to the grant, kept 24 hours.

The key row is inserted (and committed) before the work starts, so a concurrent request with the
same key sees it and gets 409 instead of doing the work twice; the stored response is written in
the same transaction as the work, so a committed change always has its replay.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.crypto import KeyRing
from cleavr_connect.db.engine import Database
from cleavr_connect.errors import ConflictError, IdempotencyError, InvalidRequestError
from cleavr_connect.models import IdempotencyKey

RETENTION = timedelta(hours=24)
# A key whose request died with its process (no response ever stored) is taken over after this.
ABANDONED_AFTER = timedelta(seconds=60)
MAX_KEY_LENGTH = 255


@dataclass(frozen=True)
class Replay:
    status: int
    body: str  # encrypted


@dataclass(frozen=True)
class Claim:
    row_id: int


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), b"\0", path.encode(), b"\0", body):
        digest.update(part)
    return digest.hexdigest()


async def claim(
    db: Database, grant_id: str, key: str, fingerprint: str, now: datetime
) -> Claim | Replay:
    """Reserve the key for this request, or return the first response to replay."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise InvalidRequestError(
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.",
            code="invalid_idempotency_key",
            param="Idempotency-Key",
        )
    for _ in range(3):
        try:
            async with db.transaction() as session:
                existing = (
                    await session.execute(
                        select(IdempotencyKey).where(
                            IdempotencyKey.grant_id == grant_id, IdempotencyKey.key == key
                        )
                    )
                ).scalar_one_or_none()
                if existing is not None:
                    outcome = _judge(existing, fingerprint, now)
                    if outcome is not None:
                        return outcome
                    # expired or abandoned: this request starts over
                    await session.execute(
                        delete(IdempotencyKey).where(IdempotencyKey.id == existing.id)
                    )
                row = IdempotencyKey(
                    grant_id=grant_id,
                    key=key,
                    request_hash=fingerprint,
                    locked_at=now,
                    created_at=now,
                )
                session.add(row)
                await session.flush()
                claimed = Claim(row.id)
            return claimed
        except IntegrityError:
            continue  # another request inserted the key first: judge that one
    raise ConflictError(
        "A request with this Idempotency-Key is in progress.", code="idempotency_key_in_use"
    )


def _judge(row: IdempotencyKey, fingerprint: str, now: datetime) -> Replay | None:
    if now - row.created_at >= RETENTION:
        return None
    if row.request_hash != fingerprint:
        raise IdempotencyError(
            "This Idempotency-Key was already used with a different request. Use a new key "
            "for a new request.",
            param="Idempotency-Key",
        )
    if row.response_status is None:
        if now - row.locked_at >= ABANDONED_AFTER:
            return None
        raise ConflictError(
            "A request with this Idempotency-Key is still in progress; retry shortly.",
            code="idempotency_key_in_use",
        )
    return Replay(row.response_status, row.response_body or "")


def open_replay(keys: KeyRing, replay: Replay) -> bytes:
    """Stored bodies are encrypted: a replayed answer may carry a secret shown once."""
    return keys.decrypt(replay.body).encode() if replay.body else b""


class TakenOver(ConflictError):
    """The key was taken over while its request ran (held past ABANDONED_AFTER): the other
    request is the key's now, and this one's work must not be kept."""


async def store(
    session: AsyncSession, keys: KeyRing, claim: Claim, status: int, body: bytes
) -> None:
    """The answer kept with the key, in the request's transaction: committed with its work or
    not at all. Raises `TakenOver` (the transaction then rolls back) when the claim's row is
    gone: a request that ran past ABANDONED_AFTER lost its key to a retry, which runs it."""
    result = await session.execute(
        update(IdempotencyKey)
        .where(IdempotencyKey.id == claim.row_id)
        .values(response_status=status, response_body=keys.encrypt(body.decode("utf-8", "replace")))
    )
    if not result.rowcount:  # type: ignore[attr-defined]
        raise TakenOver(
            "A request with this Idempotency-Key took over while this one ran; its answer is "
            "the key's.",
            code="idempotency_key_in_use",
        )


async def release(db: Database, claim: Claim) -> None:
    """The request failed on our side: forget the key so that a retry runs again."""
    async with db.transaction() as session:
        await session.execute(delete(IdempotencyKey).where(IdempotencyKey.id == claim.row_id))


async def purge_expired(session: AsyncSession, now: datetime) -> int:
    result = await session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.created_at < now - RETENTION)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
