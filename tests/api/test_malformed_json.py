"""A body that is not JSON answers 400 `invalid_json` naming the body, whatever is wrong with it."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import caller


def _error(response: Any) -> tuple[int, str, str]:
    error = response.json()["error"]
    return response.status_code, error["param"], error["errors"][0]["code"]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"url": "https://hooks.example/x"} trailing',
        b'{"url": "https://hooks.example/x", "events": ["*"',
        b'{"url": "https://hooks.example/x",}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        # Not UTF-8 (RFC 8259 §8.1): a Latin-1 "é", a stray continuation byte.
        b'{"url": "https://hooks.example/caf\xe9"}',
        b'{"url": "https://hooks.example/\xff"}',
    ],
)
async def test_a_body_that_is_not_json_names_the_body(client, db, runtime, raw) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    headers = {**who.headers, "Content-Type": "application/json"}
    response = await client.post("/v1/webhooks", content=raw, headers=headers)
    assert _error(response) == (400, "body", "invalid_json"), response.text


async def test_a_body_not_in_utf8_names_the_byte(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    headers = {**who.headers, "Content-Type": "application/json"}
    response = await client.post("/v1/users", content=b'{"email":"a\xff@b.fr"}', headers=headers)
    assert _error(response) == (400, "body", "invalid_json"), response.text
    assert "not UTF-8: byte 0xff" in response.json()["error"]["message"]
