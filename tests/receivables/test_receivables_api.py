"""The receivables endpoints: quartet, happy paths and every refusal of SPEC §7."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import func, select

from cleavr_connect.models import Event, Receivable
from tests.api import created_cases
from tests.factories import active_user, caller, create_user, receivable_body

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64 + b"\x00\x00\x00\x00IEND\xaeB`\x82"


@pytest.fixture
async def owner(client, db, runtime):  # type: ignore[no-untyped-def]
    return await caller(client, db, runtime)


@pytest.fixture
async def user(client, owner):  # type: ignore[no-untyped-def]
    return await active_user(client, owner)


@pytest.fixture
async def receivable(client, owner, user):  # type: ignore[no-untyped-def]
    response = await client.post(
        "/v1/receivables", json=receivable_body(user["id"]), headers=owner.headers
    )
    assert response.status_code == 200, response.text
    return response.json()


# (method, path, json body, scope)
ENDPOINTS: list[tuple[str, str, Any, str]] = [
    ("GET", "/v1/receivables", None, "receivables:read"),
    ("GET", "/v1/receivables/{id}", None, "receivables:read"),
    ("GET", "/v1/receivables/{id}/payments", None, "receivables:read"),
    ("POST", "/v1/receivables/{id}/cancel", {"reason": "paid directly"}, "receivables:write"),
    ("POST", "/v1/test_helpers/receivables/{id}/advance", {"days": 3}, "receivables:write"),
    ("POST", "/v1/test_helpers/receivables/{id}/payments", {"amount": 10}, "receivables:write"),
    (
        "POST",
        "/v1/test_helpers/receivables/{id}/dispute",
        {"reason": "never delivered"},
        "receivables:write",
    ),
    (
        "POST",
        "/v1/test_helpers/receivables/{id}/resolve_dispute",
        {"outcome": "resume"},
        "receivables:write",
    ),
    ("GET", "/v1/payouts", None, "receivables:read"),
]


@pytest.mark.parametrize(("method", "path", "body", "scope"), ENDPOINTS)
async def test_quartet(client, db, runtime, owner, receivable, method, path, body, scope) -> None:  # type: ignore[no-untyped-def]
    url = path.format(id=receivable["id"])
    assert (await client.request(method, url, json=body)).status_code == 401
    narrow = await caller(
        client,
        db,
        runtime,
        scope="users:read users:write",
        platform=owner.platform,
        account=owner.account,
    )
    denied = await client.request(method, url, json=body, headers=narrow.headers)
    assert denied.status_code == 403 and f'scope="{scope}"' in denied.headers["www-authenticate"]
    if "{id}" in path:
        for stranger in (
            await caller(client, db, runtime, account=owner.account),
            await caller(client, db, runtime, platform=owner.platform),
        ):
            response = await client.request(method, url, json=body, headers=stranger.headers)
            assert response.status_code == 404, response.text
    if body is not None:
        bad = await client.request(method, url, json={"nonsense": 1}, headers=owner.headers)
        assert bad.status_code == 400 and bad.json()["error"]["param"], bad.text


async def test_submit_returns_the_receivable_in_recovery(client, db, owner, user) -> None:  # type: ignore[no-untyped-def]
    body = receivable_body(user["id"])
    response = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert response.status_code == 200, response.text
    rec = response.json()
    assert rec["id"].startswith("rec_test_")
    assert rec["status"] == "in_recovery"  # test mode accepts at once
    assert rec["stage"] == "reminder"
    assert (
        rec["invoice"]["amount"] == 1200.0
        and rec["invoice"]["numbers"] == body["invoice"]["numbers"]
    )
    assert rec["amounts"]["principal"] == 1200.0
    assert rec["amounts"]["fixed_indemnity"] == 40.0
    assert rec["amounts"]["late_penalties"] > 0
    # Accepted now; the first reminder is due at once, and the back office sends it.
    assert rec["next_action_at"] == "2026-01-15T09:00:00Z"
    assert [t["type"] for t in rec["timeline"]] == ["submitted", "status_changed", "accepted"]
    assert rec["metadata"] == {"invoice_ref": "42"}
    async with db.transaction() as session:
        types = list(
            (
                await session.execute(select(Event.type).where(Event.object_id == rec["id"]))
            ).scalars()
        )
    assert sorted(types) == [
        "receivable.action_taken",
        "receivable.created",
        "receivable.status_updated",
    ]
    fetched = await client.get(f"/v1/receivables/{rec['id']}", headers=owner.headers)
    assert fetched.json() == rec


async def test_back_office_sends_the_reminders(client, db, runtime, owner, user) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect import backoffice

    body = receivable_body(user["id"])
    rec = (await client.post("/v1/receivables", json=body, headers=owner.headers)).json()
    assert (await backoffice.run_once(db, runtime))["playbook_steps"] == 1
    fetched = (await client.get(f"/v1/receivables/{rec['id']}", headers=owner.headers)).json()
    assert [t["type"] for t in fetched["timeline"]][-1] == "reminder_sent"
    assert fetched["next_action_at"] == "2026-01-22T09:00:00Z"


async def test_live_receivables_wait_for_the_worker(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.recovery import playbook

    live = await caller(client, db, runtime, livemode=True)
    user = await create_user(client, live)
    from cleavr_connect.users import repository, service

    async with db.transaction() as session:
        await service.decide(
            session, runtime, await repository.by_id_unscoped(session, user["id"]), "approved"
        )
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=live.headers)
    ).json()
    assert rec["id"].startswith("rec_") and not rec["id"].startswith("rec_test_")
    assert rec["status"] == "pending"
    async with db.transaction() as session:
        assert await playbook.run_all_due(session, runtime) == 2
    fetched = (await client.get(f"/v1/receivables/{rec['id']}", headers=live.headers)).json()
    assert fetched["status"] == "in_recovery"


def _set(body: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node = body
    for key in parents:
        node = node[key] if not key.isdigit() else node[int(key)]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("changes", "status", "code", "param"),
    [
        (
            {"invoice.amount": 0, "invoice.amount_before_tax": 0, "invoice.tax_amount": 0},
            400,
            "amount_must_be_positive",
            "invoice.amount",
        ),
        ({"invoice.amount": 1300.00}, 400, "amount_mismatch", "invoice.amount"),
        ({"invoice.amount": 12.345}, 400, "invalid_amount", "invoice.amount"),
        ({"invoice.due_date": "2026-01-15"}, 400, "invoice_not_overdue", "invoice.due_date"),
        ({"invoice.due_date": "2026-02-01"}, 400, "invoice_not_overdue", "invoice.due_date"),
        ({"invoice.due_date": "2025-10-01"}, 400, "due_date_before_issue_date", "invoice.due_date"),
        ({"invoice.currency": "USD"}, 400, "currency_not_supported", "invoice.currency"),
        ({"debtor.contacts": []}, 400, "contact_required", "debtor.contacts"),
        (
            {"debtor.contacts": [{"first_name": "Jean", "level": 0}]},
            400,
            "contact_email_required",
            "debtor.contacts[0].email",
        ),
        (
            {"debtor.contacts": [{"email": "jean@x.example", "level": 1}]},
            400,
            "primary_contact_required",
            "debtor.contacts",
        ),
        ({"debtor.siret": "12345678901234"}, 400, "invalid_siret", "debtor.siret"),
        ({"debtor.vat_number": "FR00000000000"}, 400, "invalid_vat_number", "debtor.vat_number"),
        (
            {"invoice.issue_date": "2020-01-01", "invoice.due_date": "2020-12-31"},
            400,
            "claim_prescribed",
            "invoice.due_date",
        ),
        (
            {
                "debtor.company_type": "individual",
                "debtor.siret": _DELETE,
                "invoice.issue_date": "2023-06-01",
                "invoice.due_date": "2023-12-31",
            },
            400,
            "claim_prescribed",
            "invoice.issue_date",
        ),
        (
            # A consumer's 2 years run from the service (else the issue date), not the due
            # date: issued 2023-12-01, due 2024-02-01, prescribed on 2025-12-02.
            {
                "debtor.company_type": "consumer",
                "debtor.siret": _DELETE,
                "invoice.issue_date": "2023-12-01",
                "invoice.due_date": "2024-02-01",
            },
            400,
            "claim_prescribed",
            "invoice.issue_date",
        ),
        (
            {
                "debtor.company_type": "consumer",
                "debtor.siret": _DELETE,
                "invoice.issue_date": "2025-12-01",
                "invoice.service_date": "2023-11-30",
                "invoice.due_date": "2025-12-31",
            },
            400,
            "claim_prescribed",
            "invoice.service_date",
        ),
        ({"invoice.late_penalty_rate": 150}, 400, "invalid_rate", "invoice.late_penalty_rate"),
        ({"metadata": {"k": "v" * 501}}, 400, "metadata_value_too_long", "metadata.k"),
        ({"invoice.numbers": []}, 400, "invalid", "invoice.numbers"),
        ({"user_id": "usr_clv_test_nobody"}, 400, "resource_missing", "user_id"),
        # longer than any column holds: refused by name, never a database error
        ({"user_id": "usr_" + "x" * 5000}, 400, "invalid", "user_id"),
        ({"invoice.numbers": ["F-1", "F" * 101]}, 400, "invalid", "invoice.numbers[1]"),
    ],
)
async def test_each_refusal_has_its_code_and_param(
    client, db, owner, user, changes, status, code, param
) -> None:  # type: ignore[no-untyped-def]
    body = receivable_body(user["id"])
    for dotted, value in changes.items():
        _set(body, dotted, value)
    response = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["code"] == code or error["errors"][0]["code"] == code, error
    assert error["param"] == param
    async with db.transaction() as session:
        assert (
            await session.execute(select(func.count()).select_from(Receivable))
        ).scalar_one() == 0


async def test_individual_debtor_within_two_years_is_accepted_without_indemnity(
    client, owner, user
) -> None:  # type: ignore[no-untyped-def]
    body = receivable_body(user["id"])
    body["debtor"]["company_type"] = "individual"
    del body["debtor"]["siret"]
    response = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert response.status_code == 200, response.text
    assert response.json()["amounts"]["fixed_indemnity"] == 0.0


async def test_user_must_be_onboarded(client, owner) -> None:  # type: ignore[no-untyped-def]
    pending = await create_user(client, owner)
    response = await client.post(
        "/v1/receivables", json=receivable_body(pending["id"]), headers=owner.headers
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "user_not_onboarded"
    assert response.json()["error"]["param"] == "user_id"


async def test_someone_elses_user_cannot_receive_a_receivable(
    client, db, runtime, owner, user
) -> None:  # type: ignore[no-untyped-def]
    stranger = await caller(client, db, runtime)
    response = await client.post(
        "/v1/receivables", json=receivable_body(user["id"]), headers=stranger.headers
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "resource_missing"


async def test_duplicate_open_invoice_number_is_409_until_closed(
    client, owner, user, receivable
) -> None:  # type: ignore[no-untyped-def]
    body = receivable_body(user["id"])
    body["invoice"]["numbers"] = ["NEW-1", receivable["invoice"]["numbers"][0]]
    response = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "duplicate_receivable"
    assert response.json()["error"]["param"] == "invoice.numbers"
    cancelled = await client.post(
        f"/v1/receivables/{receivable['id']}/cancel",
        json={"reason": "sent by mistake"},
        headers=owner.headers,
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancellation_reason"] == "sent by mistake"
    again = await client.post("/v1/receivables", json=body, headers=owner.headers)
    assert again.status_code == 200, again.text


async def test_concurrent_duplicates_create_one(client, db, owner, user) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    body = receivable_body(user["id"])
    responses = await asyncio.gather(
        *[client.post("/v1/receivables", json=body, headers=owner.headers) for _ in range(4)]
    )
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409]


async def test_cancel_twice_is_an_invalid_transition(client, owner, receivable) -> None:  # type: ignore[no-untyped-def]
    url = f"/v1/receivables/{receivable['id']}/cancel"
    assert (await client.post(url, json={"reason": "x"}, headers=owner.headers)).status_code == 200
    again = await client.post(url, json={"reason": "x"}, headers=owner.headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "invalid_state_transition"


async def test_list_filters(client, owner, user, receivable) -> None:  # type: ignore[no-untyped-def]
    other_user = await active_user(client, owner)
    second = (
        await client.post(
            "/v1/receivables", json=receivable_body(other_user["id"]), headers=owner.headers
        )
    ).json()
    everything = (await client.get("/v1/receivables", headers=owner.headers)).json()
    assert [r["id"] for r in everything["data"]] == [second["id"], receivable["id"]] or {
        r["id"] for r in everything["data"]
    } == {second["id"], receivable["id"]}
    mine = (
        await client.get("/v1/receivables", params={"user_id": user["id"]}, headers=owner.headers)
    ).json()
    assert [r["id"] for r in mine["data"]] == [receivable["id"]]
    none = (
        await client.get("/v1/receivables", params={"status": "recovered"}, headers=owner.headers)
    ).json()
    assert none["data"] == []
    window = await client.get(
        "/v1/receivables",
        params={"created[gte]": "2026-01-15", "created[lte]": "2026-01-15"},
        headers=owner.headers,
    )
    assert len(window.json()["data"]) == 2
    later = await client.get(
        "/v1/receivables", params={"created[gte]": "2026-01-16"}, headers=owner.headers
    )
    assert later.json()["data"] == []
    bad = await client.get(
        "/v1/receivables", params={"created[gte]": "yesterday"}, headers=owner.headers
    )
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "created[gte]"
    assert bad.json()["error"]["code"] == "invalid_timestamp"


async def test_created_filters_at_a_day_boundary(client, db, runtime, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set(created_cases.LAST_SECOND)
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    made = {}
    for name, at in (("last", created_cases.LAST_SECOND), ("next", created_cases.NEXT_MIDNIGHT)):
        clock.set(at)
        response = await client.post(
            "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
        )
        assert response.status_code == 200, response.text
        made[name] = response.json()["id"]

    async def ids(query: dict[str, str]) -> list[str]:
        response = await client.get("/v1/receivables", params=query, headers=who.headers)
        assert response.status_code == 200, (query, response.text)
        return [r["id"] for r in response.json()["data"]]

    assert await ids({}) == [made["next"], made["last"]]
    assert await created_cases.mismatches(ids, made) == []


async def test_created_filters_refuse_what_is_not_a_time(client, owner) -> None:  # type: ignore[no-untyped-def]
    for operator in created_cases.OPERATORS:
        param = f"created[{operator}]"
        for value in created_cases.BAD_VALUES:
            response = await client.get(
                "/v1/receivables", params={param: value}, headers=owner.headers
            )
            assert response.status_code == 400, (param, value, response.text)
            error = response.json()["error"]
            assert (error["code"], error["param"]) == ("invalid_timestamp", param), (param, value)
    both = await client.get(
        "/v1/receivables",
        params={"created[gte]": "2026-01-15", "created[gt]": "soon", "created[lt]": "later"},
        headers=owner.headers,
    )
    assert both.status_code == 400
    assert [(e["param"], e["code"]) for e in both.json()["error"]["errors"]] == [
        ("created[gt]", "invalid_timestamp"),
        ("created[lt]", "invalid_timestamp"),
    ]


async def test_evidence_upload(client, owner, receivable, runtime) -> None:  # type: ignore[no-untyped-def]
    url = f"/v1/receivables/{receivable['id']}/evidence"
    ok = await client.post(
        url,
        files={"file": ("proof.png", PNG, "image/png")},
        data={"description": "Delivery note"},
        headers=owner.headers,
    )
    assert ok.status_code == 200, ok.text
    entry = ok.json()["timeline"][-1]
    assert entry["type"] == "evidence_added" and entry["details"]["content_type"] == "image/png"
    assert entry["details"]["note"] == "Delivery note"
    stored = list((runtime.settings.data_dir / "files").rglob("*.png"))
    assert len(stored) == 1 and stored[0].read_bytes() == PNG
    fake = await client.post(
        url,
        files={"file": ("proof.pdf", b"<html>not a pdf</html>", "application/pdf")},
        headers=owner.headers,
    )
    assert fake.status_code == 400 and fake.json()["error"]["code"] == "file_type_not_allowed"
    missing = await client.post(url, data={"description": "x"}, headers=owner.headers)
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "file"
    # A NUL in the note (PostgreSQL refused it with 500) is refused before the file is kept.
    tainted = await client.post(
        url,
        files={"file": ("again.png", PNG, "image/png")},
        data={"description": "Bon de livraison\x00"},
        headers=owner.headers,
    )
    assert tainted.status_code == 400, tainted.text
    error = tainted.json()["error"]
    assert (error["param"], error["code"]) == ("description", "invalid_characters")
    assert len(list((runtime.settings.data_dir / "files").rglob("*.png"))) == 1


async def test_test_helpers_refuse_live_tokens(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    live = await caller(client, db, runtime, livemode=True)
    response = await client.post(
        "/v1/test_helpers/receivables/rec_x/advance", json={"days": 1}, headers=live.headers
    )
    assert (
        response.status_code == 403 and response.json()["error"]["code"] == "livemode_not_allowed"
    )


def _photo() -> bytes:
    from PIL import Image

    image = Image.effect_mandelbrot((400, 300), (-2, -1.5, 1, 1.5), 50).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


async def test_evidence_refuses_a_jpeg_cut_off_before_its_end(
    client, owner, receivable, runtime
) -> None:  # type: ignore[no-untyped-def]
    url = f"/v1/receivables/{receivable['id']}/evidence"
    photo = _photo()
    cut = await client.post(
        url,
        files={"file": ("bon.jpg", photo[: len(photo) // 2], "image/jpeg")},
        headers=owner.headers,
    )
    assert cut.status_code == 400, cut.text
    assert (cut.json()["error"]["param"], cut.json()["error"]["code"]) == (
        "file",
        "file_unreadable",
    )
    assert not list((runtime.settings.data_dir / "files").rglob("*.jpg"))
    # Data a phone appends after the image's end is no reason to refuse it.
    for whole in (photo, photo + b"SEFH" + b"\x00" * 4096):
        ok = await client.post(
            url, files={"file": ("bon.jpg", whole, "image/jpeg")}, headers=owner.headers
        )
        assert ok.status_code == 200, ok.text


async def test_a_file_name_too_long_to_read_names_the_file_field(
    client, owner, receivable, user
) -> None:  # type: ignore[no-untyped-def]
    long_name = "a" * 5000 + ".png"
    evidence = await client.post(
        f"/v1/receivables/{receivable['id']}/evidence",
        files={"file": (long_name, PNG, "image/png")},
        headers=owner.headers,
    )
    invoice = await client.post(
        "/v1/receivables/ocr",
        data={"user_id": user["id"]},
        files={"file": (long_name, PNG, "image/png")},
        headers=owner.headers,
    )
    for response in (evidence, invoice):
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert (error["param"], error["code"]) == ("file", "filename_too_long")
    # A long name that can be read is kept, cut to 255 characters.
    ok = await client.post(
        f"/v1/receivables/{receivable['id']}/evidence",
        files={"file": ("b" * 1000 + ".png", PNG, "image/png")},
        headers=owner.headers,
    )
    assert ok.status_code == 200, ok.text
