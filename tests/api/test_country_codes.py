"""Every `country` the API reads is an ISO 3166-1 alpha-2 code (`api.validation.Country`): the
user's company address, the debtor's address, in creations and updates. Any case is read and
kept upper-case; anything else is 400 `invalid_country` naming the field."""

from __future__ import annotations

from typing import Any

import httpx

from cleavr_connect.api.validation import COUNTRY_CODES
from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime
from tests.factories import active_user, caller, receivable_body, user_body

NO_COUNTRY = ["XX", "UK", "XK", "ZZ", "EU", "F", "FRA", "", "ﬀ", "1A"]


def _refused(response: httpx.Response, param: str) -> None:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["param"]) == ("invalid_country", param), error


def _user_with(country: Any) -> dict[str, Any]:
    body = user_body()
    body["company"]["address"]["country"] = country
    return body


def _receivable_with(user_id: str, country: Any) -> dict[str, Any]:
    body = receivable_body(user_id)
    body["debtor"]["address"]["country"] = country
    return body


async def test_the_list_is_iso_3166_1_alpha_2() -> None:
    assert len(COUNTRY_CODES) == 249
    assert {"FR", "BE", "MC", "GB", "GR", "RE", "AQ"} <= COUNTRY_CODES
    assert not {"UK", "EL", "XK", "EU", "ZZ"} & COUNTRY_CODES


async def test_a_user_address_takes_only_a_country_code(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    who = await caller(client, db, runtime)
    for country in NO_COUNTRY:
        response = await client.post("/v1/users", json=_user_with(country), headers=who.headers)
        _refused(response, "company.address.country")
    created = await client.post("/v1/users", json=_user_with("be"), headers=who.headers)
    assert created.status_code == 200, created.text
    user = created.json()
    assert user["company"]["address"]["country"] == "BE"
    patch = {"company": {"address": {"country": "uk"}}}
    path = f"/v1/users/{user['id']}"
    _refused(await client.patch(path, json=patch, headers=who.headers), "company.address.country")
    patch = {"company": {"address": {"country": "lu", "postal_code": "L-1450"}}}
    moved = await client.patch(path, json=patch, headers=who.headers)
    assert moved.status_code == 200, moved.text
    assert moved.json()["company"]["address"]["country"] == "LU"


async def test_a_debtor_address_takes_only_a_country_code(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    for country in NO_COUNTRY:
        body = _receivable_with(user["id"], country)
        response = await client.post("/v1/receivables", json=body, headers=who.headers)
        _refused(response, "debtor.address.country")
    body = _receivable_with(user["id"], "de")
    body["debtor"]["siret"] = None
    body["debtor"]["address"]["postal_code"] = "10115"
    created = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert created.status_code == 200, created.text
    assert created.json()["debtor"]["address"]["country"] == "DE"


async def test_the_document_lists_the_codes_for_every_country_read(
    client: httpx.AsyncClient,
) -> None:
    schemas = (await client.get("/openapi.json")).json()["components"]["schemas"]
    found = 0
    for name, schema in schemas.items():
        country = schema.get("properties", {}).get("country")
        if country is None or not name.endswith("In"):
            continue
        found += 1
        options = country.get("anyOf", [country])
        enums = [option["enum"] for option in options if "enum" in option]
        assert enums == [sorted(COUNTRY_CODES)], name
    assert found >= 1
