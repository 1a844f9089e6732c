"""The users endpoints: the 401/403/404/400 quartet and the happy paths (SPEC §5, §6)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlalchemy import select

from cleavr_connect.models import Event, OnboardingLink, User
from cleavr_connect.users.validation import vat_for_siren
from tests.factories import (
    VALID_SIRET,
    VALID_VAT,
    active_user,
    caller,
    create_user,
    make_account,
    make_platform,
    user_body,
)

# (method, path template, body, scope needed)
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, str]] = [
    ("POST", "/v1/users", user_body(), "users:write"),
    ("GET", "/v1/users", None, "users:read"),
    ("GET", "/v1/users/{id}", None, "users:read"),
    ("PATCH", "/v1/users/{id}", {"email": "new@acme.example"}, "users:write"),
    ("GET", "/v1/users/{id}/onboarding-status", None, "users:read"),
    ("GET", "/v1/users/{id}/requirements", None, "users:read"),
    ("POST", "/v1/users/{id}/onboarding_link", None, "users:write"),
    ("POST", "/v1/test_helpers/users/{id}/verify", {"outcome": "approved"}, "receivables:write"),
]


@pytest.fixture
async def owner(client, db, runtime):  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)


@pytest.fixture
async def user(client, owner):  # type: ignore[no-untyped-def]
    return await create_user(client, owner)


def _call(http: httpx.AsyncClient, method: str, path: str, body: Any, headers: dict[str, str]):  # type: ignore[no-untyped-def]
    return http.request(method, path, json=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS)
async def test_without_a_token_is_401(client, user, method, path, body, scope) -> None:  # type: ignore[no-untyped-def]
    response = await _call(client, method, path.format(id=user["id"]), body, {})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="cleavr"'


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS)
async def test_without_the_scope_is_403(
    client, db, runtime, owner, user, method, path, body, scope
) -> None:  # type: ignore[no-untyped-def]
    # same platform and account, a token with every scope but the one needed
    others = [s for s in ("users:read", "reports:read", "commission:read") if s != scope]
    if scope == "users:read":
        others = ["reports:read", "receivables:read"]
    narrow = await caller(
        client, db, runtime, scope=" ".join(others), platform=owner.platform, account=owner.account
    )
    response = await _call(client, method, path.format(id=user["id"]), body, narrow.headers)
    assert response.status_code == 403, response.text
    assert f'scope="{scope}"' in response.headers["www-authenticate"]


@pytest.mark.parametrize(
    ("method", "path", "body", "scope"), [e for e in ENDPOINTS if "{id}" in e[1]]
)
async def test_someone_elses_user_is_404(
    client, db, runtime, owner, user, method, path, body, scope
) -> None:  # type: ignore[no-untyped-def]
    other_platform = await caller(client, db, runtime, account=owner.account)
    other_account = await caller(client, db, runtime, platform=owner.platform)
    live = await caller(client, db, runtime, livemode=True, account=owner.account)
    for stranger in (other_platform, other_account, live):
        response = await _call(client, method, path.format(id=user["id"]), body, stranger.headers)
        expected = 403 if (stranger is live and "test_helpers" in path) else 404
        assert response.status_code == expected, (stranger, response.text)
        if expected == 404:
            assert response.json()["error"]["type"] == "not_found_error"
    # and the owner still sees it unchanged
    again = await client.get(f"/v1/users/{user['id']}", headers=owner.headers)
    assert again.json()["email"] == user["email"]


async def test_create_returns_the_full_user(client, owner) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, owner)
    assert user["id"].startswith("usr_clv_test_")
    assert user["object"] == "user"
    assert user["status"] == "pending_onboarding"
    assert user["livemode"] is False
    assert user["onboarding_url"].startswith("http://testserver/onboarding/onb_")
    assert user["capabilities"] == {"send_receivables": False, "receive_payouts": False}
    assert "representative.identity_document" in user["requirements"]["currently_due"]
    assert "payout.iban" in user["requirements"]["currently_due"]
    assert user["requirements"]["pending_verification"] == []
    assert user["company"]["siret"] == VALID_SIRET
    assert user["contact"]["phone"] == "+33612345678"  # E.164
    assert user["platform"] == {
        "callback_url": "https://platform.example/kyb-done",
        "metadata": {"crm": "42"},
    }
    assert user["created_at"].endswith("Z")
    fetched = await client.get(f"/v1/users/{user['id']}", headers=owner.headers)
    assert fetched.json() == {**user, "onboarding_url": None}  # the link is shown once


async def test_live_users_have_no_test_prefix(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    user = await create_user(client, live)
    assert user["id"].startswith("usr_clv_") and not user["id"].startswith("usr_clv_test_")
    assert user["livemode"] is True


@pytest.mark.parametrize(
    ("patch", "param", "code"),
    [
        ({"email": "not-an-email"}, "email", "invalid_email"),
        ({"company": {"siret": "73282932000075"}}, "company.siret", "invalid_siret"),
        ({"company": {"vat_number": "FR00123456789"}}, "company.vat_number", "invalid_vat_number"),
        ({"company": {"vat_number": "FR40303265045"}}, "company.vat_number", "vat_number_mismatch"),
        (
            {"company": {"address": {"postal_code": "7500"}}},
            "company.address.postal_code",
            "invalid_postal_code",
        ),
        ({"company": {"website": "acme"}}, "company.website", "invalid_url"),
        ({"contact": {"phone": "12"}}, "contact.phone", "invalid_phone"),
        ({"platform": {"callback_url": "notaurl"}}, "platform.callback_url", "invalid_url"),
        (
            {"platform": {"metadata": {"k" * 41: "v"}}},
            "platform.metadata." + "k" * 41,
            "metadata_key_invalid",
        ),
        (
            {"platform": {"metadata": {"k": "v" * 501}}},
            "platform.metadata.k",
            "metadata_value_too_long",
        ),
        (
            {"platform": {"metadata": {f"k{i}": "v" for i in range(51)}}},
            "platform.metadata",
            "metadata_too_many_keys",
        ),
        ({"company": {"name": 42}}, "company.name", "invalid"),
        ({"unknown_field": 1}, "unknown_field", "invalid"),
    ],
)
async def test_each_invalid_field_is_400_with_its_param(
    client, db, owner, patch, param, code
) -> None:  # type: ignore[no-untyped-def]
    body = user_body()
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    response = await client.post("/v1/users", json=body, headers=owner.headers)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["param"] == param
    assert error["errors"][0]["code"] == code
    assert {"param", "code", "message"} <= set(error["errors"][0])
    async with db.transaction() as session:  # nothing half-written
        assert (await session.execute(select(User))).first() is None
        assert (await session.execute(select(Event))).first() is None


async def test_missing_email_and_several_errors_at_once(client, owner) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        "/v1/users", json={"company": {"name": "x"}}, headers=owner.headers
    )
    assert response.status_code == 400
    assert response.json()["error"]["param"] == "email"
    body = user_body(email="bad")
    body["company"]["siret"] = "123"
    response = await client.post("/v1/users", json=body, headers=owner.headers)
    params = [e["param"] for e in response.json()["error"]["errors"]]
    assert params == ["email", "company.siret"]


async def test_list_filters_and_paginates(client, owner) -> None:  # type: ignore[no-untyped-def]
    created = [await create_user(client, owner) for _ in range(5)]
    listing = await client.get("/v1/users", params={"limit": 2}, headers=owner.headers)
    body = listing.json()
    assert body["object"] == "list" and body["url"] == "/v1/users"
    assert len(body["data"]) == 2 and body["has_more"] is True
    by_email = await client.get(
        "/v1/users", params={"email": created[1]["email"].upper()}, headers=owner.headers
    )
    assert [u["id"] for u in by_email.json()["data"]] == [created[1]["id"]]
    active = await client.get("/v1/users", params={"status": "active"}, headers=owner.headers)
    assert active.json()["data"] == []
    bad = await client.get("/v1/users", params={"status": "sleeping"}, headers=owner.headers)
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "status"
    too_big = await client.get("/v1/users", params={"limit": 101}, headers=owner.headers)
    assert too_big.status_code == 400 and too_big.json()["error"]["param"] == "limit"


async def test_list_never_shows_other_owners(client, db, runtime, owner) -> None:  # type: ignore[no-untyped-def]
    mine = await create_user(client, owner)
    for stranger in (
        await caller(client, db, runtime, account=owner.account),
        await caller(client, db, runtime, platform=owner.platform),
    ):
        await create_user(client, stranger)
        listing = await client.get("/v1/users", headers=stranger.headers)
        assert mine["id"] not in [u["id"] for u in listing.json()["data"]]
        # nor page from someone else's cursor
        cursor = await client.get(
            "/v1/users", params={"starting_after": mine["id"]}, headers=stranger.headers
        )
        assert cursor.status_code == 400 and cursor.json()["error"]["param"] == "starting_after"


async def test_update_changes_only_given_fields_and_records_previous_attributes(
    client, db, owner, user
) -> None:  # type: ignore[no-untyped-def]
    response = await client.patch(
        f"/v1/users/{user['id']}",
        json={
            "company": {"name": "Acme Renamed"},
            "platform": {"metadata": {"crm": "", "tier": "gold"}},
        },
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["company"]["name"] == "Acme Renamed"
    assert updated["company"]["siret"] == VALID_SIRET
    assert updated["platform"]["metadata"] == {"tier": "gold"}
    async with db.transaction() as session:
        events = (
            (await session.execute(select(Event).order_by(Event.created_at, Event.id)))
            .scalars()
            .all()
        )
    updates = [e for e in events if e.type == "user.updated"]
    assert len(updates) == 1
    previous = updates[0].data["previous_attributes"]
    assert previous["company"]["name"] == "Acme Plomberie SAS"
    assert previous["platform"]["metadata"] == {"crm": "42"}
    assert updates[0].data["object"]["company"]["name"] == "Acme Renamed"


async def test_onboarding_link_replaces_the_previous_one(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(f"/v1/users/{user['id']}/onboarding_link", headers=owner.headers)
    assert response.status_code == 200
    link = response.json()
    assert link["url"] != user["onboarding_url"]
    assert link["url"].startswith("http://testserver/onboarding/onb_")
    fetched = (await client.get(f"/v1/users/{user['id']}", headers=owner.headers)).json()
    assert fetched["onboarding_url"] is None  # shown once, when issued


async def test_the_onboarding_link_is_shown_once_never_in_events_or_reads(
    client, db, owner, user
) -> None:  # type: ignore[no-untyped-def]
    """A copied link redeems: it appears in the creation and onboarding_link responses only."""
    link = (
        await client.post(f"/v1/users/{user['id']}/onboarding_link", headers=owner.headers)
    ).json()["url"]
    await client.patch(
        f"/v1/users/{user['id']}", json={"company": {"name": "Renamed"}}, headers=owner.headers
    )
    reads = [
        await client.get(f"/v1/users/{user['id']}", headers=owner.headers),
        await client.get("/v1/users", headers=owner.headers),
        await client.get(f"/v1/users/{user['id']}/onboarding-status", headers=owner.headers),
        await client.get("/v1/events", headers=owner.headers),
    ]
    events = reads[-1].json()["data"]
    assert {e["type"] for e in events} >= {"user.created", "user.updated"}
    for event in events:
        reads.append(await client.get(f"/v1/events/{event['id']}", headers=owner.headers))
    for version in ("2025-08-28", "2026-01-02"):
        reads.append(
            await client.get("/v1/events", headers={**owner.headers, "Cleavr-Version": version})
        )
    for response in reads:
        assert response.status_code == 200, response.text
        for token in (user["onboarding_url"], link):
            assert token.rsplit("/", 1)[1] not in response.text
    async with db.transaction() as session:
        stored = [str(e.data) for e in (await session.execute(select(Event))).scalars()]
        kept = (await session.execute(select(OnboardingLink.token_encrypted))).scalars().all()
    assert kept and set(kept) == {None}  # links are kept as keyed hashes only
    for token in (user["onboarding_url"], link):
        assert not any(token.rsplit("/", 1)[1] in row for row in stored)


async def test_onboarding_status_and_requirements(client, owner, user) -> None:  # type: ignore[no-untyped-def]
    status = (
        await client.get(f"/v1/users/{user['id']}/onboarding-status", headers=owner.headers)
    ).json()
    assert status["status"] == "pending_onboarding"
    assert status["submitted_at"] is None and status["decided_at"] is None
    assert status["onboarding_url"] is None
    reqs = (await client.get(f"/v1/users/{user['id']}/requirements", headers=owner.headers)).json()
    assert reqs == user["requirements"]


async def test_verify_helper_decides_and_emits_events(client, db, owner, user) -> None:  # type: ignore[no-untyped-def]
    response = await client.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "approved"},
        headers=owner.headers,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "active"
    assert body["capabilities"]["send_receivables"] is True
    assert body["onboarding_url"] is None
    again = await client.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "rejected"},
        headers=owner.headers,
    )
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_state_transition"
    async with db.transaction() as session:
        types = [
            e.type
            for e in (
                await session.execute(select(Event).order_by(Event.created_at, Event.id))
            ).scalars()
        ]
    assert "user.created" in types
    assert "user.onboarding.completed" in types
    rejected_user = await create_user(client, owner)
    rejected = await client.post(
        f"/v1/test_helpers/users/{rejected_user['id']}/verify",
        json={"outcome": "rejected"},
        headers=owner.headers,
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["requirements"]["errors"][0]["code"] == "verification_failed"
    bad = await client.post(
        f"/v1/test_helpers/users/{rejected_user['id']}/verify",
        json={"outcome": "maybe"},
        headers=owner.headers,
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "outcome"


async def test_test_helpers_refuse_live_tokens(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    user = await create_user(client, live)
    response = await client.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "approved"},
        headers=live.headers,
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "livemode_not_allowed"


async def test_user_events_carry_the_envelope(client, db, owner, user) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.events.service import envelope

    async with db.transaction() as session:
        event = (await session.execute(select(Event))).scalars().one()
    latest = envelope(event)
    assert set(latest) == {"id", "object", "type", "created_at", "api_version", "livemode", "data"}
    assert latest["id"].startswith("evt_test_")
    assert latest["type"] == "user.created"
    assert latest["data"]["object"]["id"] == user["id"]
    old = envelope(event, "2025-08-28")
    assert old["data"] == {
        "user_id": user["id"],
        "email": user["email"],
        "status": "pending_onboarding",
    }


async def test_unused_accounts_and_platforms_do_not_matter(db, runtime) -> None:  # type: ignore[no-untyped-def]
    # factories stay usable on their own (guards the fixtures above)
    assert (await make_platform(db, runtime)).client_id.startswith("plat_test_")
    assert (await make_account(db, runtime)).email.endswith("@example.com")


async def test_an_approved_user_owes_nothing(client, owner) -> None:  # type: ignore[no-untyped-def]
    bare = (
        await client.post("/v1/users", json={"email": "bare@example.fr"}, headers=owner.headers)
    ).json()
    assert bare["requirements"]["currently_due"]  # nothing given yet
    approved = (
        await client.post(
            f"/v1/test_helpers/users/{bare['id']}/verify",
            json={"outcome": "approved"},
            headers=owner.headers,
        )
    ).json()
    assert approved["status"] == "active"
    assert approved["requirements"]["currently_due"] == []
    for path in (f"/v1/users/{bare['id']}", f"/v1/users/{bare['id']}/onboarding-status"):
        body = (await client.get(path, headers=owner.headers)).json()
        assert body["requirements"]["currently_due"] == []
    reqs = await client.get(f"/v1/users/{bare['id']}/requirements", headers=owner.headers)
    assert reqs.json()["currently_due"] == []


async def test_a_null_address_is_no_address(client, owner) -> None:  # type: ignore[no-untyped-def]
    """`"address": null` on create and on update changes nothing: the user keeps an address
    object (empty, or the one it had) and every read answers."""
    body = user_body()
    body["company"] = {**body["company"], "address": None}
    created = await client.post("/v1/users", json=body, headers=owner.headers)
    assert created.status_code == 200, created.text
    assert created.json()["company"]["address"] == {
        "line1": None,
        "line2": None,
        "city": None,
        "postal_code": None,
        "country": None,
    }
    user = await create_user(client, owner)
    patched = await client.patch(
        f"/v1/users/{user['id']}",
        json={"company": {"name": "Acme Chauffage SAS", "address": None}},
        headers=owner.headers,
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["company"]["name"] == "Acme Chauffage SAS"
    assert patched.json()["company"]["address"] == user["company"]["address"]
    fetched = await client.get(f"/v1/users/{user['id']}", headers=owner.headers)
    assert fetched.json()["company"]["address"]["line1"] == "12 rue de la Paix"


async def test_an_onboarded_user_keeps_its_required_company_fields(client, owner) -> None:  # type: ignore[no-untyped-def]
    """Past onboarding, PATCH corrects the company's name, SIRET and address, never empties
    them (null or blank): letters and invoices print them as the creditor's identity. A user
    still onboarding may clear them, since the hosted form asks for them again."""
    user = await active_user(client, owner)
    path = f"/v1/users/{user['id']}"
    emptied = {
        "company": {
            "name": None,
            "siret": "  ",
            "address": {"line1": "", "city": None, "postal_code": None, "country": None},
        }
    }
    refused = await client.patch(path, json=emptied, headers=owner.headers)
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["param"]) == (
        error["errors"][0]["code"],
        error["errors"][0]["param"],
    )
    assert {(e["param"], e["code"]) for e in error["errors"]} == {
        ("company.name", "required"),
        ("company.siret", "invalid_siret"),  # a blank SIRET is an invalid one, said once
        ("company.address.line1", "required"),
        ("company.address.city", "required"),
        ("company.address.postal_code", "required"),
        ("company.address.country", "required"),
    }
    for one in ({"name": ""}, {"address": {"country": None}}, {"siret": None}):
        answer = await client.patch(path, json={"company": one}, headers=owner.headers)
        assert answer.status_code == 400, (one, answer.text)
        assert answer.json()["error"]["code"] == "required"
    unchanged = (await client.get(path, headers=owner.headers)).json()
    assert unchanged["company"] == user["company"]
    # Corrections, and the optional fields, still go through.
    fine = {"company": {"name": "Acme Chauffage SAS", "address": {"line2": None, "city": "Lyon"}}}
    patched = await client.patch(path, json=fine, headers=owner.headers)
    assert patched.status_code == 200, patched.text
    assert patched.json()["company"]["name"] == "Acme Chauffage SAS"

    pending = await create_user(client, owner)
    cleared = await client.patch(
        f"/v1/users/{pending['id']}", json={"company": {"name": None}}, headers=owner.headers
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["company"]["name"] is None


# Another valid SIRET, of another company.
OTHER_SIRET = "40483304800022"


async def test_a_new_siret_alone_must_match_the_vat_number_on_file(client, owner) -> None:  # type: ignore[no-untyped-def]
    """SPEC §6: the French VAT key is consistent with the SIREN, on a change as at creation."""
    user = await create_user(client, owner)
    url = f"/v1/users/{user['id']}"
    refused = await client.patch(
        url, json={"company": {"siret": OTHER_SIRET}}, headers=owner.headers
    )
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert (error["code"], error["param"]) == ("vat_number_mismatch", "company.siret")
    unchanged = (await client.get(url, headers=owner.headers)).json()["company"]
    assert (unchanged["siret"], unchanged["vat_number"]) == (VALID_SIRET, VALID_VAT)
    # With the new company's VAT number, or with none, the change is taken.
    both = {"siret": OTHER_SIRET, "vat_number": vat_for_siren(OTHER_SIRET[:9])}
    changed = await client.patch(url, json={"company": both}, headers=owner.headers)
    assert changed.status_code == 200, changed.text
    assert changed.json()["company"]["vat_number"] == both["vat_number"]
    cleared = await client.patch(
        url, json={"company": {"siret": VALID_SIRET, "vat_number": None}}, headers=owner.headers
    )
    assert cleared.status_code == 200, cleared.text
    assert cleared.json()["company"]["vat_number"] is None


async def test_a_user_approved_by_the_test_helper_keeps_its_verified_identifiers(  # type: ignore[no-untyped-def]
    client, owner
) -> None:
    """Test mode stands for live mode: the helper's approval verifies the company as onboarding
    does, and its SIRET and VAT number then cannot change (`field_locked`)."""
    user = await active_user(client, owner)
    url = f"/v1/users/{user['id']}"
    both = {"siret": OTHER_SIRET, "vat_number": vat_for_siren(OTHER_SIRET[:9])}
    refused = await client.patch(url, json={"company": both}, headers=owner.headers)
    assert refused.status_code == 400, refused.text
    assert {(e["param"], e["code"]) for e in refused.json()["error"]["errors"]} == {
        ("company.siret", "field_locked"),
        ("company.vat_number", "field_locked"),
    }
    after = (await client.get(url, headers=owner.headers)).json()
    assert after["status"] == "active" and after["company"]["siret"] == VALID_SIRET


async def test_a_user_event_carries_the_user_as_the_api_returns_it(client, owner) -> None:  # type: ignore[no-untyped-def]
    """SPEC §4: events carry the full resource under `data.object`; a sparse company (a name
    only) has every key of the model there, null where unset, as `GET /v1/users/{id}` has."""
    created = await client.post(
        "/v1/users",
        json={"email": "sparse@acme.example", "company": {"name": "Shape SAS"}},
        headers=owner.headers,
    )
    assert created.status_code == 200, created.text
    user_id = created.json()["id"]
    fetched = (await client.get(f"/v1/users/{user_id}", headers=owner.headers)).json()
    listed = await client.get("/v1/events", params={"type": "user.created"}, headers=owner.headers)
    (event,) = [e for e in listed.json()["data"] if e["data"]["object"]["id"] == user_id]
    assert event["data"]["object"] == fetched
    assert event["data"]["object"]["company"]["address"]["line1"] is None
