"""Hosted KYB onboarding (SPEC §6): the single-use link, each step, uploads, the decision.

The platform talks to the API with `client`; the person onboarding is another client (`person`),
with its own cookies, as a second browser would be.
"""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from html import unescape
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import select

from cleavr_connect.db.base import Base
from cleavr_connect.models import Event, OnboardingLink, StoredFile, User
from tests.conftest import BASE_URL, ENGLISH
from tests.factories import bearer, csrf_from, make_account, make_platform, query_of, tokens_for

CALLBACK = "https://platform.example/kyb-done"
SIRET = "73282932000074"
VAT = "FR44732829320"
IBAN = "FR7630006000011234567890189"
SESSION_COOKIE = "clv_onboarding"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
TINY_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


# --------------------------------------------------------------------------- fixtures, helpers


def user_body(*, siret: str = SIRET, vat: str | None = VAT, **platform: Any) -> dict[str, Any]:
    company: dict[str, Any] = {
        "name": "Acme Plomberie SAS",
        "siret": siret,
        "address": {
            "line1": "12 rue de la Paix",
            "city": "Paris",
            "postal_code": "75002",
            "country": "FR",
        },
        "website": "https://acme.example",
    }
    if vat:
        company["vat_number"] = vat
    return {
        "email": "billing@acme.example",
        "company": company,
        "contact": {
            "first_name": "Camille",
            "last_name": "Martin",
            "phone": "06 12 34 56 78",
            "job_title": "Gérante",
        },
        "platform": {"callback_url": CALLBACK, **platform},
    }


async def create_user(
    client: httpx.AsyncClient, headers: dict[str, str], **body: Any
) -> dict[str, Any]:
    response = await client.post("/v1/users", json=user_body(**body), headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def get_user(
    client: httpx.AsyncClient, headers: dict[str, str], user_id: str
) -> dict[str, Any]:
    response = await client.get(f"/v1/users/{user_id}", headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def open_link(person: httpx.AsyncClient, url: str) -> httpx.Response:
    """Opens the link (a welcome page that spends nothing) and presses Start (which does)."""
    assert url.startswith(f"{BASE_URL}/onboarding/onb_")
    welcome = await person.get(url)
    assert welcome.status_code == 200, welcome.text
    response = await person.post(url, data={"csrf_token": csrf_from(welcome.text)})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/onboarding/company"
    return response


async def send(
    person: httpx.AsyncClient,
    step: str,
    data: dict[str, str],
    files: dict[str, Any] | None = None,
) -> httpx.Response:
    """Loads a step like a browser (for its CSRF token) and posts the form."""
    form = await person.get(f"/onboarding/{step}")
    assert form.status_code == 200, form.text
    return await person.post(
        f"/onboarding/{step}", data={"csrf_token": csrf_from(form.text), **data}, files=files
    )


COMPANY = {
    "name": "Acme Plomberie SAS",
    "siret": SIRET,
    "vat_number": VAT,
    "line1": "12 rue de la Paix",
    "line2": "",
    "city": "Paris",
    "postal_code": "75002",
    "country": "FR",
    "website": "acme.example",
}
REPRESENTATIVE = {
    "first_name": "Camille",
    "last_name": "Martin",
    "date_of_birth": "1985-04-12",
    "phone": "+33 6 12 34 56 78",
    "job_title": "Gérante",
}
PAYOUT = {"iban": "FR76 3000 6000 0112 3456 7890 189", "account_holder": "Acme Plomberie SAS"}


async def fill_everything(person: httpx.AsyncClient, **company: str) -> None:
    """Steps 1 to 4, each answered with a redirect to the next."""
    answers = [
        ("company", {**COMPANY, **company}, None, "/onboarding/representative"),
        ("representative", REPRESENTATIVE, None, "/onboarding/document"),
        ("document", {}, {"document": ("id.png", tiny_png(), "image/png")}, "/onboarding/payout"),
        ("payout", PAYOUT, None, "/onboarding/review"),
    ]
    for step, data, files, following in answers:
        response = await send(person, step, data, files)
        assert response.status_code == 303, (step, response.text)
        assert response.headers["location"] == following


async def accept(person: httpx.AsyncClient) -> httpx.Response:
    return await send(person, "review", {"accept_mandate": "yes", "accept_terms": "yes"})


async def finish(person: httpx.AsyncClient) -> str:
    """Accepts; the person lands on Cleavr's confirmation, whose button returns to the
    platform: returns that button's address."""
    response = await accept(person)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/onboarding/done"
    done = await person.get("/onboarding/done")
    assert done.status_code == 200
    link = re.search(r'<a class="button primary" href="([^"]+)" id="return-link">', done.text)
    assert link, done.text
    return unescape(link.group(1))


def field_error(page: str, name: str) -> str:
    """The message shown next to field `name`: in the field's own block, right after its
    control, and announced with it (aria-describedby, aria-invalid)."""
    blocks = [b for b in page.split('<div class="field')[1:] if f'id="{name}-error"' in b]
    assert len(blocks) == 1, f"no error next to {name!r} in:\n{page}"
    block = blocks[0]
    assert block.startswith(" invalid") or block.startswith(" check invalid"), block
    control = re.search(rf'<(?:input|select)[^>]* id="{name}"[^>]*>', block)
    assert control, f"the error of {name!r} is not in the field's block"
    assert block.index(control.group(0)) < block.index(f'id="{name}-error"')
    assert f"{name}-error" in control.group(0) and 'aria-invalid="true"' in control.group(0)
    message = re.search(rf'<p class="error" id="{name}-error">(.*?)</p>', block, re.S)
    assert message
    return unescape(message.group(1))


async def rows(db, model):  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        return list((await session.execute(select(model))).scalars())


async def user_row(db, user_id: str) -> User:  # type: ignore[no-untyped-def]
    async with db.transaction() as session:
        user = await session.get(User, user_id)
        assert user is not None
        return user


# --------------------------------------------------------------------------- the link


async def test_the_link_starts_a_session_and_leaves_the_token_behind(
    client, platform_headers, person, db
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    token = user["onboarding_url"].rsplit("/", 1)[1]

    response = await open_link(person, user["onboarding_url"])
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Path=/onboarding" in cookie and "Max-Age=7200" in cookie
    assert token not in cookie
    assert token not in response.headers["location"]
    assert response.headers["x-frame-options"] == "DENY"

    [link] = await rows(db, OnboardingLink)
    assert link.used_at is not None
    # The spent link is no longer offered to the platform.
    assert (await get_user(client, platform_headers, user["id"]))["onboarding_url"] is None

    page = await person.get("/onboarding/company")
    assert page.status_code == 200
    assert token not in page.text
    assert page.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    # Prefilled from POST /v1/users.
    for value in ("Acme Plomberie SAS", SIRET, VAT, "12 rue de la Paix", "75002", "Paris"):
        assert f'value="{value}"' in page.text
    assert '<option value="FR" selected>' in page.text
    representative = await person.get("/onboarding/representative")
    assert 'value="Camille"' in representative.text
    assert 'value="+33612345678"' in representative.text
    assert 'value="Gérante"' in representative.text


async def test_the_link_is_single_use(client, platform_headers, person, app) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, headers=ENGLISH
    ) as other_browser:
        refused = await other_browser.get(user["onboarding_url"])
        assert refused.status_code == 410
        assert "already used" in refused.text
        assert "ask it for a new onboarding link" in refused.text
        assert SESSION_COOKIE not in refused.headers.get("set-cookie", "")
        assert refused.headers["x-frame-options"] == "DENY"
        assert (await other_browser.get("/onboarding/company")).status_code == 403

    # The browser that spent it may open it again and carry on.
    again = await person.get(user["onboarding_url"])
    assert again.status_code == 303
    assert again.headers["location"] == "/onboarding/company"


async def test_the_link_expires_after_24_hours(client, platform_headers, person, clock) -> None:  # type: ignore[no-untyped-def]
    fresh = await create_user(client, platform_headers)
    stale = await create_user(client, platform_headers)
    clock.advance(hours=23, minutes=59)
    await open_link(person, fresh["onboarding_url"])
    clock.advance(hours=1, minutes=2)
    person.cookies.clear()
    response = await person.get(stale["onboarding_url"])
    assert response.status_code == 410
    assert "expired" in response.text
    assert "new onboarding link" in response.text


async def test_a_new_link_replaces_the_old_one(client, platform_headers, person) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    renewed = await client.post(f"/v1/users/{user['id']}/onboarding_link", headers=platform_headers)
    assert renewed.status_code == 200, renewed.text
    assert (await person.get(user["onboarding_url"])).status_code == 410
    await open_link(person, renewed.json()["url"])


@pytest.mark.parametrize(
    "path",
    [
        "/onboarding/onb_0000000000000000000000000000000000000000000000000",
        "/onboarding/not-a-token",
    ],
)
async def test_an_unknown_link_is_refused(person, path: str) -> None:  # type: ignore[no-untyped-def]
    response = await person.get(path)
    assert response.status_code == 400
    assert "not valid" in response.text
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("step", ["company", "representative", "document", "payout", "review"])
async def test_steps_need_the_onboarding_session(person, step: str) -> None:  # type: ignore[no-untyped-def]
    for response in (
        await person.get(f"/onboarding/{step}"),
        await person.post(f"/onboarding/{step}", data={"csrf_token": "x"}),
    ):
        assert response.status_code == 403
        assert "session has ended" in response.text
        assert response.headers["x-frame-options"] == "DENY"


async def test_the_session_lasts_two_hours(client, platform_headers, person, clock) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    clock.advance(hours=1, minutes=59)
    assert (await person.get("/onboarding/company")).status_code == 200
    clock.advance(minutes=2)
    assert (await person.get("/onboarding/company")).status_code == 403


async def test_a_forged_session_cookie_is_refused(client, platform_headers, person) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    value = person.cookies[SESSION_COOKIE]
    user_id, expires, signature = value.split(".")
    person.cookies.clear()
    for forged in (
        f"{user_id}.{int(expires) + 86400}.{signature}",  # a longer life
        f"usr_clv_test_someoneelse.{expires}.{signature}",  # another user
        f"{user_id}.{expires}",
    ):
        response = await person.get(
            "/onboarding/company", headers={"Cookie": f"{SESSION_COOKIE}={forged}"}
        )
        assert response.status_code == 403
    genuine = await person.get(
        "/onboarding/company", headers={"Cookie": f"{SESSION_COOKIE}={value}"}
    )
    assert genuine.status_code == 200


# --------------------------------------------------------------------------- forms


async def test_a_post_without_the_csrf_token_changes_nothing(
    client, platform_headers, person, db
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    await person.get("/onboarding/company")  # the CSRF cookie exists: only the token is missing
    for token in (None, "0" * 64):
        data = {**COMPANY, "name": "Evil Corp"}
        if token:
            data["csrf_token"] = token
        response = await person.post("/onboarding/company", data=data)
        assert response.status_code == 400
        assert "This form expired" in response.text
        assert 'value="Evil Corp"' in response.text  # kept for the retry
    assert (await user_row(db, user["id"])).company["name"] == "Acme Plomberie SAS"
    # The page answered with a fresh token; sending it again works.
    retry = await person.post(
        "/onboarding/company", data={**COMPANY, "csrf_token": csrf_from(response.text)}
    )
    assert retry.status_code == 303


@pytest.mark.parametrize(
    ("step", "field", "value", "message"),
    [
        ("company", "siret", "73282932000075", "valid 14-digit SIRET"),
        ("company", "vat_number", "FR40303265045", "does not belong to the SIRET"),
        ("company", "vat_number", "FR00123456789", "valid French VAT number"),
        ("company", "postal_code", "7500", "5 digits"),
        ("company", "name", "", "Enter the company's name"),
        ("representative", "phone", "12", "valid phone number"),
        ("representative", "date_of_birth", "2015-01-01", "at least 18"),
        ("payout", "iban", "FR7630006000011234567890188", "valid IBAN"),
    ],
)
async def test_each_error_is_shown_next_to_its_field(  # type: ignore[no-untyped-def]
    client, platform_headers, person, db, step: str, field: str, value: str, message: str
) -> None:
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    defaults = {"company": COMPANY, "representative": REPRESENTATIVE, "payout": PAYOUT}[step]
    before = await user_row(db, user["id"])

    response = await send(person, step, {**defaults, field: value})
    assert response.status_code == 400
    assert message in field_error(response.text, field)
    if value:
        assert f'value="{value}"' in response.text  # what the person typed stays
    for other in defaults:
        if other != field:
            assert f'id="{other}-error"' not in response.text
    after = await user_row(db, user["id"])
    assert (after.company, after.representative, after.payout_iban_encrypted) == (
        before.company,
        before.representative,
        before.payout_iban_encrypted,
    )


async def test_every_error_is_reported_at_once(client, platform_headers, person) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    bad = {**COMPANY, "siret": "123", "postal_code": "ABC", "city": "", "website": "http://"}
    response = await send(person, "company", bad)
    assert response.status_code == 400
    for field in ("siret", "postal_code", "city", "website"):
        field_error(response.text, field)
    assert 'value="ABC"' in response.text


async def test_saving_a_step_updates_the_user_and_records_events(
    client, platform_headers, person, db
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    response = await send(
        person,
        "company",
        {**COMPANY, "name": "Acme Plomberie", "vat_number": "", "line2": "Bât. B"},
    )
    assert response.status_code == 303
    fetched = await get_user(client, platform_headers, user["id"])
    assert fetched["company"]["name"] == "Acme Plomberie"
    assert fetched["company"]["vat_number"] is None
    assert fetched["company"]["address"]["line2"] == "Bât. B"
    assert fetched["company"]["website"] == "https://acme.example"
    types = [e.type for e in await rows(db, Event)]
    assert types.count("user.updated") == 1
    assert "user.requirements.updated" not in types  # the company was already complete

    response = await send(
        person, "document", {}, files={"document": ("id.png", tiny_png(), "image/png")}
    )
    assert response.status_code == 303
    events = [e for e in await rows(db, Event) if e.type == "user.requirements.updated"]
    assert len(events) == 1
    due = events[0].data["object"]["requirements"]["currently_due"]
    assert "representative.identity_document" not in due
    assert "payout.iban" in due


# --------------------------------------------------------------------------- the document


async def test_an_upload_is_typed_by_its_content_not_its_name(
    client, platform_headers, person, db, data_dir
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    files = {"document": ("x.pdf", b"just some text, not a PDF", "application/pdf")}
    response = await send(person, "document", {}, files=files)
    assert response.status_code == 400
    assert "PDF, JPEG or PNG" in field_error(response.text, "document")
    assert (await user_row(db, user["id"])).identity_document_id is None
    assert await rows(db, StoredFile) == []
    assert not (data_dir / "files").exists() or not any((data_dir / "files").rglob("*.*"))


# Just over; over by more than the body cap (dropped while read); past the point we stop reading.
@pytest.mark.parametrize("size", [10 * 1024 * 1024 + 1, 12 * 1024 * 1024, 60 * 1024 * 1024])
async def test_an_upload_over_10_mb_is_refused(
    client, platform_headers, person, db, size: int
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    big = TINY_PDF + b"0" * (size - len(TINY_PDF))
    response = await send(
        person, "document", {}, files={"document": ("big.pdf", big, "application/pdf")}
    )
    assert response.status_code == 400
    assert "larger than 10 MB" in field_error(response.text, "document")
    assert await rows(db, StoredFile) == []


@pytest.mark.parametrize(
    ("name", "content", "claimed", "sniffed"),
    [
        ("id.png", tiny_png(), "image/png", "image/png"),
        ("scan.pdf", TINY_PDF, "application/octet-stream", "application/pdf"),
        ("photo.jpeg", TINY_JPEG, "image/png", "image/jpeg"),
    ],
)
async def test_a_real_document_is_stored_under_the_data_dir(  # type: ignore[no-untyped-def]
    client, platform_headers, person, db, data_dir, name, content, claimed, sniffed
) -> None:
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    response = await send(person, "document", {}, files={"document": (name, content, claimed)})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/onboarding/payout"

    [stored] = await rows(db, StoredFile)
    assert stored.user_id == user["id"]
    assert stored.content_type == sniffed
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.original_name == name
    path = data_dir / stored.path
    assert path.resolve().is_relative_to((data_dir / "files").resolve())
    assert name not in stored.path  # a random name on disk
    assert path.read_bytes() == content
    assert (await user_row(db, user["id"])).identity_document_id == stored.id

    # The page now shows the document on file and continuing keeps it.
    page = await person.get("/onboarding/document")
    assert name in page.text
    kept = await send(
        person, "document", {}, files={"document": ("", b"", "application/octet-stream")}
    )
    assert kept.status_code == 303
    assert len(await rows(db, StoredFile)) == 1


# --------------------------------------------------------------------------- review and decision


async def test_the_happy_path_returns_to_the_platform_active(
    client, platform_headers, person, db
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    await fill_everything(person)

    review = await person.get("/onboarding/review")
    assert "Cleavr to recover amicably" in review.text
    assert "IBAN ending in 0189" in review.text
    assert IBAN not in review.text.replace(" ", "")
    location = await finish(person)
    assert location.startswith(CALLBACK + "?")
    assert query_of(location) == {"user_id": user["id"], "status": "active"}
    # Onboarding is closed: a step (Back, an old tab) shows the confirmation, not a form.
    step = await person.get("/onboarding/company")
    assert step.status_code == 303 and step.headers["location"] == "/onboarding/done"

    fetched = await get_user(client, platform_headers, user["id"])
    assert fetched["status"] == "active"
    assert fetched["capabilities"]["send_receivables"] is True
    assert fetched["capabilities"]["receive_payouts"] is True
    assert fetched["requirements"]["currently_due"] == []
    assert fetched["payout"] == {"iban_last4": "0189", "account_holder": "Acme Plomberie SAS"}
    assert fetched["onboarding_url"] is None
    row = await user_row(db, user["id"])
    assert row.representative["date_of_birth"] == "1985-04-12"
    assert row.representative["phone"] == "+33612345678"
    assert row.mandate_accepted_at is not None and row.terms_accepted_at is not None
    types = [e.type for e in await rows(db, Event)]
    assert "user.onboarding.completed" in types
    assert types.count("user.requirements.updated") >= 3


async def test_the_iban_is_never_stored_in_clear(client, platform_headers, person, db) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    await fill_everything(person)
    assert (await accept(person)).status_code == 303
    secret = IBAN[4:-4]  # the account number: no form of the IBAN may carry it
    async with db.transaction() as session:
        for table in Base.metadata.sorted_tables:
            for row in (await session.execute(select(table))).all():
                assert secret not in repr(tuple(row)), table.name
    row = await user_row(db, user["id"])
    assert row.payout_iban_encrypted and row.payout_iban_last4 == "0189"


async def test_the_callback_keeps_its_own_query(client, platform_headers, person) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(
        client, platform_headers, callback_url=f"{CALLBACK}?ref=42&user_id=spoofed"
    )
    await open_link(person, user["onboarding_url"])
    await fill_everything(person)
    location = await finish(person)
    assert urlsplit(location).path == urlsplit(CALLBACK).path
    assert query_of(location) == {"ref": "42", "user_id": user["id"], "status": "active"}


async def test_without_a_callback_the_person_sees_a_done_page(
    client, platform_headers, person
) -> None:  # type: ignore[no-untyped-def]
    body = user_body()
    del body["platform"]
    created = await client.post("/v1/users", json=body, headers=platform_headers)
    user = created.json()
    await open_link(person, user["onboarding_url"])
    await fill_everything(person)
    response = await accept(person)
    assert response.status_code == 303
    assert response.headers["location"] == "/onboarding/done"
    done = await person.get("/onboarding/done")
    assert done.status_code == 200
    assert "You're all set" in done.text
    # Onboarding is closed: the steps send the person to the result.
    again = await person.get("/onboarding/payout")
    assert again.status_code == 303
    assert again.headers["location"] == "/onboarding/done"


@pytest.mark.parametrize(
    ("siret", "status"), [("00000000000000", "rejected"), ("00000000000018", "under_review")]
)
async def test_magic_sirets_decide_the_test_outcome(
    client, platform_headers, person, siret: str, status: str
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers, siret=siret, vat=None)
    await open_link(person, user["onboarding_url"])
    await fill_everything(person, siret=siret, vat_number="")
    location = await finish(person)
    assert query_of(location) == {"user_id": user["id"], "status": status}
    fetched = await get_user(client, platform_headers, user["id"])
    assert fetched["status"] == status
    assert fetched["capabilities"]["send_receivables"] is False
    if status == "under_review":
        assert fetched["requirements"]["pending_verification"]
    else:
        assert fetched["requirements"]["errors"][0]["requirement"] == "company.siret"


async def test_review_needs_both_boxes_and_every_step(client, platform_headers, person, db) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])

    response = await send(person, "review", {"accept_mandate": "yes", "accept_terms": "yes"})
    assert response.status_code == 400
    missing = re.search(
        r'<div class="notice" role="alert" id="missing">(.*?)</div>', response.text, re.S
    )
    assert missing, response.text
    assert 'href="/onboarding/representative"' in missing.group(1)  # the birth date
    assert 'href="/onboarding/document"' in missing.group(1)
    assert 'href="/onboarding/payout"' in missing.group(1)

    await fill_everything(person)
    response = await send(person, "review", {})
    assert response.status_code == 400
    assert "recovery mandate" in field_error(response.text, "accept_mandate")
    assert "terms" in field_error(response.text, "accept_terms")
    response = await send(person, "review", {"accept_mandate": "yes"})
    assert response.status_code == 400
    assert 'id="accept_mandate" name="accept_mandate" value="yes" checked' in response.text
    assert 'id="accept_mandate-error"' not in response.text
    field_error(response.text, "accept_terms")
    row = await user_row(db, user["id"])
    assert row.status == "pending_onboarding" and row.mandate_accepted_at is None


async def test_live_mode_waits_for_the_operator(client, db, runtime, person) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime, livemode=True)
    account = await make_account(db, runtime)
    tokens = await tokens_for(client, platform, account, scope="users:read users:write")
    headers = bearer(tokens["access_token"])
    user = await create_user(client, headers)
    await open_link(person, user["onboarding_url"])
    assert "Test mode" not in (await person.get("/onboarding/company")).text
    await fill_everything(person)
    location = await finish(person)
    assert query_of(location) == {
        "user_id": user["id"],
        "status": "under_review",
    }
