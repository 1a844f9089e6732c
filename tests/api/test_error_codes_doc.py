"""The OpenAPI description carries the whole error code reference."""

from __future__ import annotations

from cleavr_connect.errors import ERROR_CODES, FIELD_ERROR_CODES


async def test_openapi_lists_every_error_code_with_its_status(client) -> None:  # type: ignore[no-untyped-def]
    description = (await client.get("/openapi.json")).json()["info"]["description"]
    top, _, fields = description.partition("## Field error codes")
    for code, entry in ERROR_CODES.items():
        assert f"- `{code}` ({entry.status}): {entry.meaning}" in top, code
    for code, text in FIELD_ERROR_CODES.items():
        assert f"- `{code}`: {text}" in fields, code
