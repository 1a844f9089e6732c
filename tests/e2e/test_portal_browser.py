"""The debtor portal in a real headless Chromium with JavaScript switched off, on a phone
screen: from the link in the first reminder to a paid claim, and a dispute; every portal page
checked by axe-core (SPEC §13)."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from decimal import Decimal
from importlib import resources
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from cleavr_connect import i18n
from cleavr_connect.db.engine import Database
from cleavr_connect.models import CardCheckout, DebtorMessage
from cleavr_connect.runtime import Runtime
from tests.e2e.conftest import LiveServer
from tests.factories import Client, bearer, make_account, receivable_body, tokens_for, user_body

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
AXE = (resources.files("axe_playwright_python") / "axe.min.js").read_text()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
async def no_js(browser: Any, live_server: LiveServer) -> AsyncIterator[Any]:
    """A phone with JavaScript disabled: every portal action must work with plain forms."""
    context = await browser.new_context(
        viewport=PHONE, is_mobile=True, locale="fr-FR", java_script_enabled=False
    )
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    yield tab
    await context.close()


@pytest.fixture
async def auditor(browser: Any, live_server: LiveServer) -> AsyncIterator[Any]:
    """A context that may run axe-core (injected despite the pages' strict CSP)."""
    context = await browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    yield tab
    await context.close()


async def axe_violations(tab: Any) -> list[dict[str, Any]]:
    await tab.add_script_tag(content=AXE)
    result = await tab.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "nodes": [n["html"][:120] for n in v["nodes"]]}
        for v in result["violations"]
    ]


async def _claim_with_first_reminder(
    http: httpx.AsyncClient, platform: Client, db: Database, live_runtime: Runtime
) -> tuple[str, str, dict[str, str]]:
    account = await make_account(db, live_runtime)
    tokens = await tokens_for(
        http,
        platform,
        account,
        scope="users:read users:write receivables:read receivables:write",
    )
    headers = bearer(tokens["access_token"])
    user = (await http.post("/v1/users", headers=headers, json=user_body())).json()
    await http.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "approved"},
        headers=headers,
    )
    rec = (
        await http.post("/v1/receivables", json=receivable_body(user["id"]), headers=headers)
    ).json()
    await http.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 1}, headers=headers
    )
    async with db.transaction() as session:
        first = (
            await session.execute(
                select(DebtorMessage)
                .where(DebtorMessage.receivable_id == rec["id"], DebtorMessage.channel == "email")
                .order_by(DebtorMessage.created_at, DebtorMessage.id)
                .limit(1)
            )
        ).scalar_one()
    found = re.search(r"https?://\S+/fr/d/dpt_[0-9A-Za-z]+", first.body)
    assert found, first.body
    return rec["id"], found.group(0), headers


async def test_from_the_first_reminder_to_a_paid_claim_without_javascript(
    no_js: Any,
    auditor: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
) -> None:
    rec_id, link, headers = await _claim_with_first_reminder(http, platform, db, live_runtime)
    assert link.startswith(live_server.url)

    for url in (link, link.replace("/fr/d/", "/en/d/"), f"{live_server.url}/fr/d/dpt_unknown"):
        await auditor.goto(url)
        assert await axe_violations(auditor) == [], url
        # fits a phone: no sideways scrolling
        assert (
            await auditor.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            <= 0
        ), url

    await no_js.goto(link)
    assert await no_js.locator("h1").inner_text() != ""
    assert await no_js.locator("img[alt^='QR code']").count() == 1
    await no_js.get_by_role("button", name=re.compile("par carte")).click()
    await no_js.wait_for_url(re.compile(r"/sandbox/cko_test_"))
    sandbox_url = no_js.url
    await auditor.goto(sandbox_url)
    assert await axe_violations(auditor) == [], sandbox_url
    await no_js.get_by_role("button", name="Valider le paiement").click()
    await no_js.wait_for_load_state()
    assert "Merci, votre paiement est enregistré" in await no_js.content()

    shown = (await http.get(f"/v1/receivables/{rec_id}", headers=headers)).json()
    assert shown["status"] == "recovered"
    payments = (await http.get(f"/v1/receivables/{rec_id}/payments", headers=headers)).json()
    assert [p["amount"] for p in payments["data"]] == [shown["amounts"]["total_claimable"]]


async def test_a_dispute_with_a_document_without_javascript(
    no_js: Any,
    auditor: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
    tmp_path: Any,
) -> None:
    rec_id, link, headers = await _claim_with_first_reminder(http, platform, db, live_runtime)
    document = tmp_path / "bon-de-livraison.pdf"
    document.write_bytes(PDF)

    # the form with an error is accessible too
    await auditor.goto(link)
    await auditor.get_by_label("Expliquez (facultatif)").fill("x" * 10)
    await auditor.locator("#reason-defective").check()
    await auditor.set_input_files(
        "#documents",
        files=[{"name": "a.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}],
    )
    await auditor.get_by_role("button", name="Envoyer ma contestation").click()
    await auditor.wait_for_load_state()
    assert "invalid" in await auditor.content()
    # The summary at the top names the field at fault (French typography: a no-break space
    # before the colon), and the field has the focus: its message is a long page below.
    assert await auditor.evaluate("document.activeElement.id") == "documents"
    (named,) = await auditor.locator("#form-error li a").all_inner_texts()
    assert named.startswith("Justificatifs (facultatif)\u00a0: "), named
    assert await axe_violations(auditor) == []

    await no_js.goto(link)
    await no_js.locator("#reason-not_received").check()
    await no_js.get_by_label("Expliquez (facultatif)").fill("Jamais livré.")
    await no_js.set_input_files("#documents", str(document))
    await no_js.get_by_role("button", name="Envoyer ma contestation").click()
    await no_js.wait_for_url(re.compile(r"notice=disputed"))
    assert "Votre contestation est enregistrée" in await no_js.content()
    await auditor.goto(no_js.url)
    assert await axe_violations(auditor) == []

    shown = (await http.get(f"/v1/receivables/{rec_id}", headers=headers)).json()
    assert shown["status"] == "disputed" and shown["dispute_reason"] == "not_received"


async def test_a_payment_plan_proposed_without_javascript(
    no_js: Any,
    auditor: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
) -> None:
    rec_id, link, headers = await _claim_with_first_reminder(http, platform, db, live_runtime)

    for url in (f"{link}/plan", f"{link.replace('/fr/d/', '/en/d/')}/plan"):
        await auditor.goto(url)
        assert await axe_violations(auditor) == [], url
        assert (
            await auditor.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            <= 0
        ), url

    await no_js.goto(link)
    await no_js.get_by_role("link", name="Proposer un échéancier").click()
    await no_js.wait_for_url(re.compile(r"/plan$"))
    await no_js.get_by_label(re.compile(r"^3 mensualités")).check()
    await no_js.get_by_role("button", name="Envoyer ma proposition").click()
    await no_js.wait_for_url(re.compile(r"notice=plan_accepted"))
    content = await no_js.content()
    assert "Votre échéancier" in content and "En cours" in content
    # the claim with its schedule passes axe too
    await auditor.goto(no_js.url)
    assert await axe_violations(auditor) == []

    shown = (await http.get(f"/v1/receivables/{rec_id}", headers=headers)).json()
    assert shown["stage"] == "payment_plan"
    assert [i["status"] for i in shown["payment_plan"]["instalments"]] == ["scheduled"] * 3


NARROW = {"width": 320, "height": 640}


@pytest.fixture
async def narrow_phone(browser: Any, live_server: LiveServer) -> AsyncIterator[Any]:
    """The smallest phone still sold (320 CSS pixels), in French."""
    context = await browser.new_context(viewport=NARROW, is_mobile=True, locale="fr-FR")
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    yield tab
    await context.close()


def _epc_payload(png: bytes) -> list[str]:
    """What a banking app reads from the QR code as the screen shows it."""
    import io

    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert [r.format for r in found] == [zxingcpp.BarcodeFormat.QRCode], found
    return found[0].text.split("\n")


async def test_the_qr_code_scans_to_the_transfer_the_page_shows(
    narrow_phone: Any,
    http: httpx.AsyncClient,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
) -> None:
    rec_id, link, headers = await _claim_with_first_reminder(http, platform, db, live_runtime)
    tab = narrow_phone
    await tab.goto(link)
    shown = {
        (await dt.inner_text()).strip(): (await dd.inner_text()).strip()
        for dt, dd in zip(
            await tab.locator("#pay-h ~ dl dt").all(),
            await tab.locator("#pay-h ~ dl dd").all(),
            strict=True,
        )
    }
    # Read aloud or copied by hand, the reference and the IBAN come in groups of four (ISO
    # 11649 and ISO 13616 print forms); the code carries them without spaces.
    reference = shown["Référence (à reporter exactement)"]
    iban = shown["IBAN"]
    assert re.fullmatch(r"RF\d\d( \d{4})*( \d{1,4})?", reference), reference
    assert re.fullmatch(r"FR\d\d( [0-9A-Z]{4})* [0-9A-Z]{1,4}", iban), iban

    qr = tab.locator("img[alt^='QR code']")
    await qr.evaluate("img => img.decode()")
    # the screen as the debtor holds it up to the banking app: the code is its only barcode
    lines = _epc_payload(await tab.screenshot(full_page=True))
    claim = (await http.get(f"/v1/receivables/{rec_id}", headers=headers)).json()
    # EPC069-12: service tag, version 002, a character set (1 UTF-8, 2 ISO 8859-1), SEPA credit
    # transfer, then BIC, name, IBAN, amount, purpose, structured reference.
    assert lines[:2] == ["BCD", "002"] and lines[2] in ("1", "2") and lines[3] == "SCT"
    assert lines[4] == shown["BIC"]
    assert lines[5] == shown["Bénéficiaire"]
    assert lines[6] == iban.replace(" ", "")
    # the amount as the API wrote it (1389.00 reaches us as the float 1389.0) and as the code
    # carries it: EUR, then at most two decimals, trailing zeros optional (1389, 1389.5, 1389.42)
    outstanding = Decimal(str(claim["amounts"]["outstanding"]))
    assert re.fullmatch(r"EUR\d+(\.\d{1,2})?", lines[7]), lines[7]
    assert Decimal(lines[7].removeprefix("EUR")) == outstanding
    assert lines[9] == reference.replace(" ", "")
    assert shown["Montant"] == i18n.format_money(outstanding, "fr")
    # the whole code is on the narrow screen, and nothing scrolls sideways
    box = await qr.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= NARROW["width"]
    assert (
        await tab.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 0
    )


async def test_a_double_click_on_pay_by_card_opens_one_checkout(
    browser: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
) -> None:
    """With JavaScript, the button is disabled once the form is sent, so a double click sends
    one request; and a second tab, whose button is its own, lands on the same checkout."""
    rec_id, link, _ = await _claim_with_first_reminder(http, platform, db, live_runtime)
    # CSP bypassed for the test's own frame only: the page's script is same-origin anyway.
    context = await browser.new_context(viewport=PHONE, locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(15_000)
    try:
        tab = await context.new_page()
        await tab.goto(link)
        sent: list[str] = []
        tab.on(
            "request",
            lambda request: (
                sent.append(request.url)
                if request.method == "POST" and request.url.endswith("/card")
                else None
            ),
        )
        # The form sent into a frame: the page stays, so what it shows after the clicks can be
        # read, and a second submission would be a second request.
        await tab.evaluate(
            """() => {
                const sink = document.createElement("iframe");
                sink.name = "sink";
                document.body.appendChild(sink);
                document.querySelectorAll("form[action$='/card']")
                    .forEach((form) => { form.target = "sink"; });
            }"""
        )
        button = tab.get_by_role("button", name=re.compile("par carte"))
        await button.dblclick()
        await button.click(force=True)  # a third click, on the disabled button
        await asyncio.sleep(0.5)
        assert await button.is_disabled()
        assert len(sent) == 1, sent

        await tab.goto(link)
        await tab.get_by_role("button", name=re.compile("par carte")).click()
        await tab.wait_for_url(re.compile(r"/sandbox/cko_test_"))
        first = tab.url

        other = await context.new_page()
        await other.goto(link)
        await other.get_by_role("button", name=re.compile("par carte")).click()
        await other.wait_for_url(re.compile(r"/sandbox/cko_test_"))
        assert other.url == first

        # Back from the payment page, the button works again (and finds the same checkout).
        await tab.go_back()
        await tab.get_by_role("button", name=re.compile("par carte")).click()
        await tab.wait_for_url(re.compile(r"/sandbox/cko_test_"))
        assert tab.url == first
    finally:
        await context.close()
    async with db.transaction() as session:
        checkouts = list(
            (
                await session.execute(
                    select(CardCheckout).where(CardCheckout.receivable_id == rec_id)
                )
            ).scalars()
        )
    assert [c.status for c in checkouts] == ["open"]
