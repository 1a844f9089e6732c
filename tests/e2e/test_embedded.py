"""What a platform embeds, in a real browser on a page of the platform's own origin: the
onboarding modal of `static/cleavr.js` completing by postMessage, and
`<cleavr-receivable-status>` showing a live receivable."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from cleavr_connect.db.engine import Database
from cleavr_connect.models import Platform
from cleavr_connect.runtime import Runtime
from tests.e2e.conftest import LiveServer
from tests.e2e.test_onboarding_browser import tiny_png
from tests.factories import Client, bearer, make_account, receivable_body, tokens_for

pytestmark = pytest.mark.browser


class PlatformSite:
    """The platform's web app: another origin (another port), pages set by the test."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        pages = self.pages

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
                body = pages.get(self.path.split("?")[0])
                self.send_response(200 if body else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write((body or "not found").encode())

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture(scope="module")
def site() -> Iterator[PlatformSite]:
    server = PlatformSite()
    yield server
    server.close()


async def platform_headers(
    http: httpx.AsyncClient, db: Database, rt: Runtime, platform: Client, scope: str
) -> dict[str, str]:
    account = await make_account(db, rt)
    tokens = await tokens_for(http, platform, account, scope=scope)
    return bearer(tokens["access_token"])


async def test_onboarding_in_a_modal_reports_completion_to_the_platform_page(
    page: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
    site: PlatformSite,
) -> None:
    async with db.transaction() as session:
        await session.execute(
            update(Platform)
            .where(Platform.id == platform.client_id)
            .values(embed_origins=[site.origin])
        )
    headers = await platform_headers(http, db, live_runtime, platform, "users:read users:write")
    created = await http.post(
        "/v1/users",
        headers=headers,
        json={
            "email": "billing@acme.example",
            "company": {
                "name": "Acme Plomberie SAS",
                "siret": "73282932000074",
                "address": {
                    "line1": "12 rue de la Paix",
                    "city": "Paris",
                    "postal_code": "75002",
                    "country": "FR",
                },
            },
            "contact": {"first_name": "Camille", "last_name": "Martin"},
            "platform": {"callback_url": f"{site.origin}/kyb-done"},
        },
    )
    assert created.status_code == 200, created.text
    user = created.json()
    site.pages["/settings"] = f"""<!doctype html><html lang="en"><head><title>Settings</title>
<script src="{live_server.url}/static/cleavr.js"></script></head><body>
<button id="verify">Verify my business</button><p id="result">pending</p>
<script>
document.getElementById("verify").addEventListener("click", function () {{
  new Cleavr.CleavrOnboardingModal({{
    url: {json.dumps(user["onboarding_url"])},
    onComplete: function (r) {{ document.getElementById("result").textContent = r.status; }}
  }}).open();
}});
</script></body></html>"""

    await page.goto(f"{site.origin}/settings")
    await page.click("#verify")
    frame = page.frame_locator("[data-cleavr-onboarding] iframe")
    await frame.locator("form button[type=submit]").click()  # Start
    await frame.locator("#siret").wait_for()
    await frame.locator("form button[type=submit]").click()  # company, prefilled
    await frame.locator("#date_of_birth").fill("1985-04-12")
    await frame.locator("#phone").fill("06 12 34 56 78")
    await frame.locator("form button[type=submit]").click()
    await frame.locator("#document").set_input_files(
        files=[{"name": "passport.png", "mimeType": "image/png", "buffer": tiny_png()}]
    )
    await frame.locator("form button[type=submit]").click()
    await frame.locator("#iban").fill("FR76 3000 6000 0112 3456 7890 189")
    await frame.locator("form button[type=submit]").click()
    await frame.locator("#accept_mandate").check()
    await frame.locator("#accept_terms").check()
    await frame.locator("form button[type=submit]").click()

    # The confirmation in the frame told the page around it, which closed the modal.
    await page.locator("#result", has_text="active").wait_for()
    assert await page.locator("[data-cleavr-onboarding]").count() == 0
    fetched = (await http.get(f"/v1/users/{user['id']}", headers=headers)).json()
    assert fetched["status"] == "active"


async def test_onboarding_refuses_frames_of_unregistered_origins(
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
) -> None:
    headers = await platform_headers(http, db, live_runtime, platform, "users:read users:write")
    created = await http.post(
        "/v1/users",
        headers=headers,
        json={"email": "a@acme.example", "company": {"name": "Acme"}},
    )
    assert created.status_code == 200, created.text
    welcome = await http.get(created.json()["onboarding_url"])
    assert welcome.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in welcome.headers["content-security-policy"]


async def test_the_status_component_shows_a_live_receivable(
    page: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    db: Database,
    live_runtime: Runtime,
    site: PlatformSite,
) -> None:
    headers = await platform_headers(
        http,
        db,
        live_runtime,
        platform,
        "users:read users:write receivables:read receivables:write",
    )
    user = (await http.post("/v1/users", headers=headers, json={"email": "b@acme.example"})).json()
    verified = await http.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "approved"},
        headers=headers,
    )
    assert verified.status_code == 200, verified.text
    body = receivable_body(user["id"])
    body["invoice"].update(amount=1234.56, amount_before_tax=1028.80, tax_amount=205.76)
    receivable = await http.post("/v1/receivables", json=body, headers=headers)
    assert receivable.status_code == 200, receivable.text
    rec = receivable.json()
    minted = await http.post(f"/v1/receivables/{rec['id']}/component_token", headers=headers)
    token = minted.json()["token"]
    site.pages["/invoices"] = f"""<!doctype html><html lang="fr"><head><title>Factures</title>
<script src="{live_server.url}/static/cleavr.js"></script></head><body>
<cleavr-receivable-status id="fr" token="{token}" lang="fr"></cleavr-receivable-status>
<cleavr-receivable-status id="en" token="{token}" lang="en"></cleavr-receivable-status>
</body></html>"""

    await page.goto(f"{site.origin}/invoices")
    french = page.locator("#fr")
    await french.locator("section.box").wait_for()
    text = await french.locator("section.box").inner_text()
    assert rec["invoice"]["numbers"][0] in text
    assert "1\u202f234,56\u00a0€" in text
    assert "Historique" in text
    stage = await french.locator(".stage").get_attribute("data-status")
    assert stage == rec["status"]
    english = page.locator("#en")
    await english.locator("section.box").wait_for()
    assert "€1,234.56" in await english.locator("section.box").inner_text()
    assert "What happened" in await english.locator("section.box").inner_text()
