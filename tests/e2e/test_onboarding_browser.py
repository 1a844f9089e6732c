"""Hosted KYB onboarding in a real headless Chromium on a phone-sized screen (SPEC §6): every
step, a validation message next to its field, a real file upload, and the return to the
platform's callback."""

from __future__ import annotations

import struct
import zlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime
from tests.e2e.conftest import LiveServer, Receiver
from tests.factories import Client, bearer, make_account, query_of, tokens_for

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
async def phone(browser: Any, live_server: LiveServer) -> AsyncIterator[Any]:
    """A fresh profile with a phone's viewport and touch."""
    context = await browser.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    yield tab
    await context.close()


async def fits_the_screen(tab: Any) -> None:
    """No sideways scrolling on a phone."""
    overflow = await tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{tab.url} is {overflow}px wider than the screen"


async def continue_to(tab: Any, live: LiveServer, step: str) -> None:
    await tab.click("form button[type=submit]")
    await tab.wait_for_url(f"{live.url}/onboarding/{step}")
    await fits_the_screen(tab)


async def test_onboarding_from_link_to_platform_callback(
    phone: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    receiver: Receiver,
    db: Database,
    live_runtime: Runtime,
) -> None:
    account = await make_account(db, live_runtime)
    tokens = await tokens_for(http, platform, account, scope="users:read users:write")
    headers = bearer(tokens["access_token"])
    created = await http.post(
        "/v1/users",
        headers=headers,
        json={
            "email": "billing@acme.example",
            "company": {
                "name": "Acme Plomberie SAS",
                "address": {"line1": "12 rue de la Paix", "city": "Paris", "country": "FR"},
            },
            "contact": {"first_name": "Camille", "last_name": "Martin"},
            "platform": {"callback_url": receiver.callback},
        },
    )
    assert created.status_code == 200, created.text
    user = created.json()

    # 1. Company: prefilled; a wrong SIRET is explained right under its field.
    # 0. The link opens a welcome page; Start spends it.
    await phone.goto(user["onboarding_url"])
    await phone.locator("h1").wait_for()
    await fits_the_screen(phone)
    await phone.click("form button[type=submit]")
    await phone.wait_for_url(f"{live_server.url}/onboarding/company")
    await fits_the_screen(phone)
    assert await phone.input_value("#name") == "Acme Plomberie SAS"
    assert await phone.input_value("#city") == "Paris"
    assert await phone.locator("[aria-current=step]").inner_text() == "Company"
    await phone.fill("#siret", "732 829 320 00075")
    await phone.fill("#postal_code", "75002")
    await phone.click("form button[type=submit]")
    error = phone.locator(".field:has(#siret) #siret-error")
    await error.wait_for()
    assert "SIRET" in await error.inner_text()
    assert await phone.get_attribute("#siret", "aria-invalid") == "true"
    assert await phone.input_value("#siret") == "732 829 320 00075"  # kept to be corrected
    field = await phone.locator("#siret").bounding_box()
    message = await error.bounding_box()
    assert 0 <= message["y"] - (field["y"] + field["height"]) < 80  # right below the input
    await fits_the_screen(phone)
    await phone.fill("#siret", "732 829 320 00074")
    await phone.fill("#vat_number", "FR44732829320")
    await continue_to(phone, live_server, "representative")

    # 2. Legal representative: the platform's contact is the first guess.
    assert await phone.input_value("#first_name") == "Camille"
    await phone.fill("#date_of_birth", "1985-04-12")
    await phone.fill("#phone", "06 12 34 56 78")
    await phone.fill("#job_title", "Gérante")
    await continue_to(phone, live_server, "document")

    # 3. Identity document, uploaded like a person picking a file. Too large first: the page
    # answers with the message even though the browser was still sending.
    big = b"%PDF-1.4\n" + b"0" * (12 * 1024 * 1024)
    await phone.set_input_files(
        "#document", files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": big}]
    )
    await phone.click("form button[type=submit]")
    await phone.locator(".field:has(#document) #document-error").wait_for()
    assert "larger than 10 MB" in await phone.inner_text("#document-error")
    await phone.set_input_files(
        "#document", files=[{"name": "passport.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    await continue_to(phone, live_server, "payout")

    # 4. Payout account.
    assert await phone.input_value("#account_holder") == "Acme Plomberie SAS"
    await phone.fill("#iban", "FR76 3000 6000 0112 3456 7890 189")
    await continue_to(phone, live_server, "review")

    # 5. Review: the details, the mandate, two boxes to tick.
    summary = await phone.inner_text(".onb-summary")
    assert "73282932000074" in summary
    assert "passport.png" in summary
    assert "IBAN ending in 0189" in summary
    assert "Cleavr to recover amicably" in await phone.inner_text(".onb-mandate")
    await phone.check("#accept_mandate")
    await phone.check("#accept_terms")
    await phone.click("form button[type=submit]")

    # 6. Cleavr's confirmation, then back to the platform; Back from the platform shows the
    # confirmation again, not an ended session.
    await phone.wait_for_url(f"{live_server.url}/onboarding/done")
    assert "You're all set" in await phone.inner_text("h1")
    await fits_the_screen(phone)
    await phone.click("#return-link")
    await phone.wait_for_url(lambda url: url.startswith(receiver.callback + "?"))
    assert (await phone.inner_text("body")).strip() == "ok"
    assert query_of(phone.url) == {"user_id": user["id"], "status": "active"}
    await phone.go_back()
    await phone.wait_for_url(f"{live_server.url}/onboarding/done")
    assert "You're all set" in await phone.inner_text("h1")

    fetched = (await http.get(f"/v1/users/{user['id']}", headers=headers)).json()
    assert fetched["status"] == "active"
    assert fetched["capabilities"]["send_receivables"] is True
    assert fetched["requirements"]["currently_due"] == []
