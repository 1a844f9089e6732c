"""A `/v1` query parameter that the endpoint does not take is refused (`unknown_parameter`),
never ignored: `GET /v1/receivables?statuss=open` would otherwise answer every receivable as if
filtered. Both request paths refuse it — FastAPI's and the compiled one (`api.dispatch`) — and so
does the direct read of `/v1/me`; what the document lists keeps working."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from cleavr_connect.api import dispatch
from cleavr_connect.api.routing import ShapedRoute, accepted_query
from cleavr_connect.db.engine import Database
from cleavr_connect.router import ROUTERS
from cleavr_connect.runtime import Runtime
from tests.api.test_shapes import v1_routes
from tests.factories import active_user, caller, receivable_body


def _unknown(response: httpx.Response, name: str) -> None:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["param"]) == ("unknown_parameter", name), error
    assert error["type"] == "invalid_request_error"


async def test_every_v1_endpoint_refuses_a_parameter_it_does_not_take_on_both_paths(
    app: Any,
    client: httpx.AsyncClient,
    db: Database,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    who = await caller(client, db, runtime)
    routes = v1_routes(app.fastapi)
    # The FastAPI path refuses in `ShapedRoute`'s handler: every /v1 route must be one.
    assert [r.path for r in routes if not isinstance(r, ShapedRoute)] == []
    compiled = {c.route.path for c in dispatch.Routes(ROUTERS).compiled}
    assert compiled, "no compiled route: the fast path would go untested"
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(dispatch.Routes, "match", lambda self, method, path: None)
        for route in routes:
            path = re.sub(r"\{[^}]+\}", "nope_0", route.path)
            for method in sorted(route.methods):
                response = await client.request(
                    method, path, params={"statuss": "open"}, headers=who.headers
                )
                assert response.status_code == 400, (fast, method, route.path, response.text)
                _unknown(response, "statuss")


async def test_a_misspelt_filter_is_refused_and_the_documented_ones_filter(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    assert (await client.post("/v1/receivables", json=body, headers=who.headers)).status_code == 200

    _unknown(await client.get("/v1/receivables?statuss=open", headers=who.headers), "statuss")
    # Blank, repeated, percent-encoded and case-changed names are parameters all the same.
    _unknown(await client.get("/v1/receivables?limit=2&Status=x", headers=who.headers), "Status")
    _unknown(await client.get("/v1/receivables?foo", headers=who.headers), "foo")
    _unknown(
        await client.get("/v1/events?created%5Bgtee%5D=1", headers=who.headers), "created[gtee]"
    )
    both = await client.get("/v1/users?a=1&b=2&a=3", headers=who.headers)
    _unknown(both, "a")
    assert [e["param"] for e in both.json()["error"]["errors"]] == ["a", "b"]
    assert "limit" in both.json()["error"]["message"]
    _unknown(await client.get("/v1/me?expand=x", headers=who.headers), "expand")
    _unknown(await client.get(f"/v1/users/{user['id']}?x=1", headers=who.headers), "x")

    query = {
        "limit": "5",
        "status": "cancelled",
        "user_id": user["id"],
        "created[gte]": "2020-01-01",
        "created[lt]": "2999-01-01",
    }
    filtered = await client.get("/v1/receivables", params=query, headers=who.headers)
    assert filtered.status_code == 200 and filtered.json()["data"] == [], filtered.text
    listed = await client.get("/v1/receivables", params={"limit": "1"}, headers=who.headers)
    assert listed.status_code == 200 and len(listed.json()["data"]) == 1
    after = listed.json()["data"][0]["id"]
    for path, params in [
        ("/v1/receivables", {"starting_after": after}),
        ("/v1/receivables", {"ending_before": after}),
        ("/v1/users", {"status": "active", "email": user["email"]}),
        ("/v1/events", {"type": "receivable.*", "created[lte]": "2999-01-01"}),
        ("/v1/payouts", {"status": "paid", "user_id": user["id"]}),
        ("/v1/reports/summary", {"format": "csv", "from": "2026-01-01", "to": "2026-01-31"}),
        ("/v1/reports/recoveries", {"interval": "week", "user_id": user["id"]}),
        ("/v1/me", {}),
    ]:
        response = await client.get(path, params=params, headers=who.headers)
        assert response.status_code == 200, (path, response.text)


async def test_the_document_lists_exactly_the_parameters_each_endpoint_takes(
    app: Any, client: httpx.AsyncClient
) -> None:
    document = (await client.get("/openapi.json")).json()
    for route in v1_routes(app.fastapi):
        for method in route.methods:
            operation = document["paths"][route.path][method.lower()]
            listed = {p["name"] for p in operation.get("parameters", []) if p["in"] == "query"}
            assert listed == accepted_query(route), (method, route.path)
    assert "unknown_parameter" in document["info"]["description"]


async def test_a_parameter_given_twice_is_refused_on_both_paths(
    client: httpx.AsyncClient,
    db: Database,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`?limit=1&limit=3` answered as the last (or the first) value is a page the client may not
    have asked for: refused, naming the parameter (`duplicate_parameter`)."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    for _ in range(3):
        body = receivable_body(user["id"])
        assert (await client.post("/v1/receivables", json=body, headers=who.headers)).is_success
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(dispatch.Routes, "match", lambda self, method, path: None)
        for target in (
            "/v1/receivables?limit=1&limit=3",
            "/v1/receivables?status=in_recovery&status=cancelled",
            "/v1/users?limit=2&limit=2",
        ):
            response = await client.get(target, headers=who.headers)
            assert response.status_code == 400, (fast, target, response.text)
            error = response.json()["error"]
            name = target.split("?")[1].split("=")[0]
            assert (error["code"], error["param"]) == ("duplicate_parameter", name), error
        once = await client.get("/v1/receivables?limit=1", headers=who.headers)
        assert once.status_code == 200 and len(once.json()["data"]) == 1
