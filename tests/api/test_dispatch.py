"""The `/v1` reads run without FastAPI's request handling (`api.dispatch`) answer exactly what
FastAPI answers: same status, body and headers, for found objects, unknown and foreign ids, a
token without the scope, and paths a compiled route must not take from another route."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from cleavr_connect.api import dispatch
from cleavr_connect.db.engine import Database
from cleavr_connect.router import ROUTERS
from cleavr_connect.runtime import Runtime
from tests.api.test_shapes import v1_routes
from tests.api.test_statement_counts import _MESSAGE, _scenario
from tests.factories import caller

# Headers that differ between any two responses.
_PER_RESPONSE = {"request-id", "date"}


def _same_parts(response: httpx.Response) -> tuple[int, Any, dict[str, str]]:
    headers = {k: v for k, v in response.headers.items() if k not in _PER_RESPONSE}
    body: Any = response.content
    if response.headers.get("content-type", "").startswith("application/json"):
        body = response.json()
        if isinstance(body, dict) and "error" in body:
            body["error"].pop("request_id", None)
    return response.status_code, body, headers


async def test_compiled_reads_answer_what_fastapi_answers(
    app: Any,
    client: httpx.AsyncClient,
    db: Database,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    who, ids = await _scenario(client, db, runtime)
    stranger = await caller(client, db, runtime)
    no_scope = await caller(client, db, runtime, scope="users:read")
    compiled = {read.route.path for read in dispatch.Reads(ROUTERS).compiled}
    gets = [r for r in v1_routes(app.fastapi) if "GET" in r.methods and r.path in compiled]
    paths: list[str] = []
    for route in gets:
        filled = {**ids, "message_id": ids[_MESSAGE.get(route.path, "message_id")]}
        paths.append(route.path.format(**filled))
        paths.append(route.path.format(**{k: "nope_0" for k in filled}))
    # A POST-only path under a compiled GET pattern, and a path no route has.
    paths += ["/v1/receivables/ocr", "/v1/users/x/y/z", "/v1/nothing/here"]

    answers: dict[str, list[tuple[int, Any, dict[str, str]]]] = {}
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(dispatch.Reads, "match", lambda self, path: None)
        for path in dict.fromkeys(paths):
            for who_asks in (who, stranger, no_scope):
                response = await client.get(path, headers=who_asks.headers)
                answers.setdefault(f"{path} as {id(who_asks)}", []).append(_same_parts(response))
    differing = [key for key, (fast, slow) in answers.items() if fast != slow]
    assert differing == []
    statuses = {fast[0] for fast, _ in answers.values()}
    assert {200, 403, 404} <= statuses


def test_reads_with_only_path_parameters_are_compiled_and_the_others_are_not() -> None:
    reads = dispatch.Reads(ROUTERS)
    compiled = {read.route.path for read in reads.compiled}
    for path in (
        "/v1/receivables/{receivable_id}",
        "/v1/users/{user_id}",
        "/v1/webhooks/{webhook_id}",
        "/v1/events/{event_id}",
        "/v1/messages/{message_id}",
    ):
        assert path in compiled
    # Query parameters (pages, filters) are FastAPI's to validate.
    for path in ("/v1/receivables", "/v1/users", "/v1/events", "/v1/reports/summary"):
        assert path not in compiled
    found = reads.match("/v1/receivables/rcv_123")
    assert found is not None and found[1] == {"receivable_id": "rcv_123"}
    assert reads.match("/v1/receivables") is None
    assert reads.match("/v1/receivables/rcv_123/payments") is None
