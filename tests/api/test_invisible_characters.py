"""Bidirectional controls, zero-width and other invisible characters are refused in every text
field of the API with the field as `param` (they would show a debtor's name reversed or two names
as one on a letter); names are one line; text is kept in Unicode NFC."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.factories import active_user, caller, create_user, receivable_body, user_body

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
REFUSED = [
    ("\u202a", "invisible_characters"),  # LEFT-TO-RIGHT EMBEDDING
    (RLO, "invisible_characters"),
    ("\u2066", "invisible_characters"),  # LEFT-TO-RIGHT ISOLATE
    ("\u2069", "invisible_characters"),  # POP DIRECTIONAL ISOLATE
    ("\u200b", "invisible_characters"),  # ZERO WIDTH SPACE
    ("\u200f", "invisible_characters"),  # RIGHT-TO-LEFT MARK
    ("\ufeff", "invisible_characters"),  # BYTE ORDER MARK
    ("\u2028", "invisible_characters"),  # LINE SEPARATOR
    ("\U000e0041", "invisible_characters"),  # TAG LATIN CAPITAL LETTER A
    ("\x85", "invalid_characters"),  # NEXT LINE (C1)
    ("\x9b", "invalid_characters"),  # CONTROL SEQUENCE INTRODUCER (C1)
    ("\x1b", "invalid_characters"),  # ESCAPE (C0)
]


def _error(response: Any) -> tuple[int, str, str]:
    error = response.json()["error"]
    return response.status_code, error["param"], error["errors"][0]["code"]


@pytest.mark.parametrize(("character", "code"), REFUSED)
async def test_debtor_names_refuse_invisible_characters(
    client, db, runtime, character, code
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["debtor"]["company_name"] = f"Boulangerie {character}Dupont"
    response = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert _error(response) == (400, "debtor.company_name", code), response.text
    assert f"U+{ord(character):04X}" in response.json()["error"]["errors"][0]["message"]
    listed = await client.get("/v1/receivables", headers=who.headers)
    assert listed.json()["data"] == []


async def test_every_text_field_refuses_them_with_its_param(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    evil = f"Dupont{RLO}SARL"

    def receivable(**changes: Any) -> dict[str, Any]:
        return receivable_body(user["id"], **changes)

    contact = {"first_name": "Jean", "last_name": evil, "email": "jean@dupont.example"}
    cases: list[tuple[str, str, dict[str, Any], str]] = [
        (
            "POST",
            "/v1/receivables",
            receivable(debtor={"contacts": [contact]}),
            "debtor.contacts[0].last_name",
        ),
        (
            "POST",
            "/v1/receivables",
            receivable(debtor={"address": {"line1": evil}}),
            "debtor.address.line1",
        ),
        (
            "POST",
            "/v1/receivables",
            receivable(invoice={"numbers": ["F-1", f"F-{RLO}2"]}),
            "invoice.numbers[1]",
        ),
        (
            "POST",
            "/v1/receivables",
            receivable(invoice={"service_description": evil}),
            "invoice.service_description",
        ),
        ("POST", "/v1/receivables", receivable(metadata={"ref": evil}), "metadata.ref"),
        ("POST", "/v1/receivables", receivable(metadata={f"r{RLO}f": "1"}), f"metadata.r{RLO}f"),
        ("POST", "/v1/users", user_body(company={"name": evil}), "company.name"),
        (
            "POST",
            "/v1/users",
            user_body(contact={"first_name": "\u200bCamille"}),
            "contact.first_name",
        ),
        ("POST", "/v1/users", user_body(email=f"a{RLO}@b.fr"), "email"),
        (
            "PATCH",
            f"/v1/users/{user['id']}",
            {"platform": {"metadata": {"crm": evil}}},
            "platform.metadata.crm",
        ),
        (
            "POST",
            "/v1/webhooks",
            {"url": "https://hooks.example/x", "description": evil},
            "description",
        ),
    ]
    for method, path, body, param in cases:
        response = await client.request(method, path, json=body, headers=who.headers)
        assert _error(response) == (400, param, "invisible_characters"), (path, response.text)
    # Escaped in the JSON text, the same character is the same refusal.
    raw = b'{"url": "https://hooks.example/x", "description": "a\\u202Eb"}'
    escaped = await client.post(
        "/v1/webhooks", content=raw, headers={**who.headers, "Content-Type": "application/json"}
    )
    assert _error(escaped) == (400, "description", "invisible_characters")
    # A query parameter too.
    query = await client.get("/v1/users", params={"email": f"a{RLO}@b.fr"}, headers=who.headers)
    assert _error(query) == (400, "email", "invisible_characters")
    # Nothing was written by any of them.
    assert (await client.get("/v1/webhooks", headers=who.headers)).json()["data"] == []
    users = (await client.get("/v1/users", headers=who.headers)).json()["data"]
    assert [u["id"] for u in users] == [user["id"]]


async def test_a_lone_surrogate_is_refused_not_a_server_error(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    raw = b'{"url": "https://hooks.example/x", "description": "a\\ud800b"}'
    response = await client.post(
        "/v1/webhooks", content=raw, headers={**who.headers, "Content-Type": "application/json"}
    )
    assert _error(response) == (400, "description", "invisible_characters")


async def test_names_are_one_line_and_descriptions_keep_their_lines(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    for name in ("Dupont\nPayez sur FR76 0000", "Dupont\tSARL", "Dupont\r"):
        body = receivable_body(user["id"], debtor={"company_name": name})
        response = await client.post("/v1/receivables", json=body, headers=who.headers)
        assert _error(response) == (400, "debtor.company_name", "invalid_characters")
    named = await client.post(
        "/v1/users", json=user_body(company={"name": "Acme\nSAS"}), headers=who.headers
    )
    assert _error(named) == (400, "company.name", "invalid_characters")
    body = receivable_body(
        user["id"],
        invoice={"service_description": "Lot 1 : plomberie\nLot 2 :\tchauffage\r\n"},
        metadata={"note": "ligne 1\nligne 2"},
    )
    created = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert created.status_code == 200, created.text
    got = created.json()
    assert got["invoice"]["service_description"] == "Lot 1 : plomberie\nLot 2 :\tchauffage\r\n"
    assert got["metadata"]["note"] == "ligne 1\nligne 2"


async def test_names_are_stored_in_nfc(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    decomposed = "Cre\u0301perie Ho\u0302tel"  # "é" and "ô" as a letter and a combining accent
    body = receivable_body(
        user["id"],
        debtor={"company_name": decomposed, "address": {"line1": "3 rue de l'E\u0301glise"}},
        invoice={"service_description": "Re\u0301paration"},
    )
    created = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert created.status_code == 200, created.text
    read = await client.get(f"/v1/receivables/{created.json()['id']}", headers=who.headers)
    debtor = read.json()["debtor"]
    assert debtor["company_name"] == "Cr\u00e9perie H\u00f4tel"
    assert debtor["address"]["line1"] == "3 rue de l'\u00c9glise"
    assert read.json()["invoice"]["service_description"] == "R\u00e9paration"
    made = await create_user(
        client, who, company={"name": "Soci\u0065\u0301te\u0301 Ge\u0301ne\u0301rale"}
    )
    assert made["company"]["name"] == "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale"


async def test_the_document_states_the_rule(client) -> None:  # type: ignore[no-untyped-def]
    document = (await client.get("/openapi.json")).json()
    schemas = document["components"]["schemas"]
    debtor = next(s for name, s in schemas.items() if name.startswith("DebtorIn"))
    pattern = debtor["properties"]["company_name"]["pattern"]
    for character in ("\u202a", RLO, "\u2066", "\u200b", "\ufeff", "\n", "\x00"):
        assert re.fullmatch(pattern, f"Dupont{character}") is None, repr(character)
    assert re.fullmatch(pattern, "Boulangerie Dupont & Fils") is not None
    # Metadata keys are read by the same rule: the document says so of every map's keys.
    create = next(s for name, s in schemas.items() if name.startswith("ReceivableCreate"))
    metadata = next(a for a in create["properties"]["metadata"]["anyOf"] if a["type"] == "object")
    keys = metadata["propertyNames"]["pattern"]
    assert re.fullmatch(keys, f"r{RLO}f") is None and re.fullmatch(keys, "ref") is not None
    codes = (await client.get("/docs/errors")).text
    assert "invisible_characters" in codes
