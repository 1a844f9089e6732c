"""`POST /v1/receivables/{id}/component_token` and the read-only view the status component
fetches with it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from cleavr_connect.models import ComponentToken
from tests.factories import Caller, active_user, bearer, caller, receivable_body

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.fixture
async def owner(client, db, runtime) -> Caller:  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)


@pytest.fixture
async def receivable(client, owner) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    user = await active_user(client, owner)
    body = receivable_body(user["id"])
    body["invoice"].update(amount=1234.56, amount_before_tax=1028.80, tax_amount=205.76)
    created = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert created.status_code == 200, created.text
    return created.json()  # type: ignore[no-any-return]


async def mint(client, owner: Caller, receivable_id: str):  # type: ignore[no-untyped-def]
    return await client.post(
        f"/v1/receivables/{receivable_id}/component_token", headers=owner.headers
    )


async def test_minting_needs_a_token_the_scope_and_the_receivable(
    client, db, runtime, owner, receivable
) -> None:  # type: ignore[no-untyped-def]
    path = f"/v1/receivables/{receivable['id']}/component_token"
    assert (await client.post(path)).status_code == 401
    narrow = await caller(
        client, db, runtime, scope="users:read", platform=owner.platform, account=owner.account
    )
    refused = await client.post(path, headers=narrow.headers)
    assert refused.status_code == 403
    stranger = await caller(client, db, runtime)
    missing = await client.post(path, headers=stranger.headers)
    assert missing.status_code == 404
    assert missing.json()["error"]["param"] == "id"
    unknown = await client.post("/v1/receivables/rcv_nope/component_token", headers=owner.headers)
    assert unknown.status_code == 404


async def test_the_token_shows_one_receivable_in_french_or_english(
    client, db, owner, receivable
) -> None:  # type: ignore[no-untyped-def]
    minted = await mint(client, owner, receivable["id"])
    assert minted.status_code == 200, minted.text
    body = minted.json()
    assert body["object"] == "component_token" and body["receivable_id"] == receivable["id"]
    token = body["token"]
    assert token.startswith("clv_cmp_")
    async with db.transaction() as session:
        [row] = (await session.execute(select(ComponentToken))).scalars().all()
    assert row.token_hash != token and token not in row.token_hash  # only a keyed hash

    french = await client.get("/components/receivable", headers=bearer(token))
    assert french.status_code == 200, french.text
    assert french.headers["access-control-allow-origin"] == "*"
    view = french.json()
    assert view["receivable_id"] == receivable["id"]
    assert view["lang"] == "fr"
    assert view["status"]["label"] in ("En recouvrement", "Recouvrement en préparation")
    amounts = {a["code"]: a["value"] for a in view["amounts"]}
    assert amounts["principal"] == f"1{NNBSP}234,56{NBSP}€"
    assert view["timeline"] and all(e["label"] and e["date"] for e in view["timeline"])
    assert view["labels"]["timeline"] == "Historique"

    english = await client.get("/components/receivable?lang=en", headers=bearer(token))
    assert english.json()["labels"]["timeline"] == "What happened"
    assert {a["code"]: a["value"] for a in english.json()["amounts"]}["principal"] == "€1,234.56"
    # The view is read-only: the component token is no access token.
    assert (
        await client.get(f"/v1/receivables/{receivable['id']}", headers=bearer(token))
    ).status_code == 401


async def test_the_token_expires_and_opens_nothing_else(client, owner, receivable, clock) -> None:  # type: ignore[no-untyped-def]
    token = (await mint(client, owner, receivable["id"])).json()["token"]
    preflight = await client.options("/components/receivable")
    assert preflight.status_code == 204
    assert "Authorization" in preflight.headers["access-control-allow-headers"]
    for bad in ("", "Bearer nope", f"Basic {token}", f"Bearer {token}x"):
        refused = await client.get("/components/receivable", headers={"Authorization": bad})
        assert refused.status_code == 401, bad
        assert refused.json()["error"]["code"] == "unauthenticated"
    clock.advance(minutes=15, seconds=1)
    expired = await client.get("/components/receivable", headers=bearer(token))
    assert expired.status_code == 401
