"""The whole journey of a business owner, in French and in English, on a desktop and on a phone:
every page state passes axe-core with no violation, and fits a phone's screen.

With CLEAVR_SCREENSHOTS=1 each state is also saved under docs/screenshots/ (how the pages in the
documentation were made)."""

from __future__ import annotations

import email as email_lib
import email.policy as email_policy
import io
import os
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from axe_playwright_python.async_playwright import Axe
from PIL import Image
from sqlalchemy import update

from cleavr_connect.db.engine import Database
from cleavr_connect.models import Platform
from cleavr_connect.platforms import branding
from cleavr_connect.runtime import Runtime
from tests.e2e.conftest import LiveServer, Receiver
from tests.e2e.test_onboarding_browser import tiny_png
from tests.factories import Client, bearer, make_account, pkce_pair, tokens_for

pytestmark = pytest.mark.browser

SCREENS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
AXE = Axe()


def logo_png() -> bytes:
    image = Image.new("RGB", (160, 48), "#1d3557")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def confirmation_link(live: LiveServer, address: str) -> str:
    """The link of the confirmation mail sign-up sent (the outbox of the embedded default)."""
    (mail,) = [
        p
        for p in (live.settings.data_dir / "outbox").glob("mail_*.eml")
        if f"To: {address}" in p.read_text()
    ]
    message = email_lib.message_from_bytes(mail.read_bytes(), policy=email_policy.default)
    body = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"^(http://\S+/signup/verify\?\S+)$", body, re.M)
    assert link, body
    return link.group(1)


class Journey:
    def __init__(self, tab: Any, lang: str, screen: str) -> None:
        self.tab, self.lang, self.screen = tab, lang, screen
        self.checked: list[str] = []

    async def check(self, name: str) -> None:
        """axe on the page as it is now; no sideways scrolling on a phone."""
        await self.tab.wait_for_load_state("load")
        assert await self.tab.get_attribute("html", "lang") == self.lang, self.tab.url
        results = await AXE.run(self.tab)
        violations = [
            f"{v['id']}: {[n['target'] for n in v['nodes']]}"
            for v in results.response["violations"]
        ]
        assert violations == [], f"{name} ({self.lang}, {self.screen}): {violations}"
        if self.screen == "phone":
            overflow = await self.tab.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} is {overflow}px wider than the phone"
        if os.environ.get("CLEAVR_SCREENSHOTS") == "1":
            SHOTS.mkdir(parents=True, exist_ok=True)
            await self.tab.screenshot(
                path=str(SHOTS / f"{self.lang}-{self.screen}-{name}.png"), full_page=True
            )
        self.checked.append(name)

    async def submit(self) -> None:
        await self.tab.click("main form button[type=submit].primary")


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["fr", "en"])
async def test_the_journey_passes_axe_in_both_languages_and_sizes(
    browser: Any,
    http: httpx.AsyncClient,
    live_server: LiveServer,
    platform: Client,
    receiver: Receiver,
    db: Database,
    live_runtime: Runtime,
    lang: str,
    screen: str,
) -> None:
    logo, media_type = branding.check_logo(logo_png())
    async with db.transaction() as session:
        await session.execute(
            update(Platform)
            .where(Platform.id == platform.client_id)
            .values(logo=logo, logo_media_type=media_type, brand_color="#e4572e")
        )
    context = await browser.new_context(
        viewport=SCREENS[screen],
        locale="fr-FR" if lang == "fr" else "en-GB",
        is_mobile=screen == "phone",
        has_touch=screen == "phone",
    )
    context.set_default_timeout(15_000)
    tab = await context.new_page()
    journey = Journey(tab, lang, screen)
    try:
        # The service's own pages.
        await tab.goto(f"{live_server.url}/")
        await journey.check("home")
        await tab.goto(f"{live_server.url}/legal/privacy")
        await journey.check("privacy")

        # Connecting the platform: sign-up (with its mistakes first), consent, connections.
        _, challenge = pkce_pair()
        query = urlencode(
            {
                "client_id": platform.client_id,
                "redirect_uri": platform.redirect_uri,
                "response_type": "code",
                "scope": "users:read receivables:write",
                "state": secrets.token_urlsafe(8),
                "code_challenge": challenge,
                "code_challenge_method": "S256",
            }
        )
        await tab.goto(f"{live_server.url}/oauth/authorize?{query}")
        await tab.wait_for_url(lambda url: "/signin?" in url)
        await journey.check("signin")
        await tab.click("#signup-link")
        await tab.wait_for_url(lambda url: "/signup" in url)
        await journey.check("signup")
        await tab.fill("#name", "Camille Martin")
        await tab.fill("#email", "not-an-email")
        await tab.fill("#password", "x" * 12)
        await tab.evaluate("document.querySelector('#email').type = 'text'")  # server's check
        await journey.submit()
        await tab.locator("#email-error").wait_for()
        # The first field at fault has the focus and the summary names it.
        assert await tab.evaluate("document.activeElement.id") == "email"
        assert "@" not in await tab.inner_text(".error-summary")
        await journey.check("signup-errors")
        address = f"camille-{lang}-{screen}@acme.example"
        await tab.fill("#email", address)
        await tab.fill("#password", "correct horse battery staple")
        await journey.submit()
        await tab.locator("#check-email").wait_for()
        await journey.check("check-email")
        await tab.goto(confirmation_link(live_server, address))
        await tab.wait_for_url(lambda url: "/oauth/authorize?" in url)
        await tab.locator(".platform-logo").wait_for()
        await journey.check("consent")
        await tab.click("button[value=allow]")
        await tab.wait_for_url(
            lambda url: url.startswith(platform.redirect_uri), wait_until="commit"
        )
        await tab.goto(f"{live_server.url}/account/connections")
        await journey.check("connections")

        # Onboarding a business, every step, with a mistake on the phone number.
        account = await make_account(db, live_runtime)
        tokens = await tokens_for(http, platform, account, scope="users:read users:write")
        created = await http.post(
            "/v1/users",
            headers=bearer(tokens["access_token"]),
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
                "platform": {"callback_url": receiver.callback},
            },
        )
        assert created.status_code == 200, created.text
        await tab.goto(created.json()["onboarding_url"])
        await journey.check("onboarding-welcome")
        await journey.submit()
        await tab.wait_for_url(f"{live_server.url}/onboarding/company")
        await tab.fill("#website", "not a web address")
        await journey.submit()
        await tab.locator("#website-error").wait_for()
        await journey.check("onboarding-company-errors")
        await tab.fill("#website", "https://acme.fr")
        await journey.submit()
        await tab.wait_for_url(f"{live_server.url}/onboarding/representative")
        await journey.check("onboarding-representative")
        await tab.fill("#date_of_birth", "1985-04-12")
        await tab.fill("#phone", "12")
        await journey.submit()
        await tab.locator("#phone-error").wait_for()
        assert await tab.evaluate("document.activeElement.id") == "phone"
        phone_label = await tab.inner_text("label[for=phone]")
        assert phone_label.strip() in await tab.inner_text(".error-summary")
        await journey.check("onboarding-phone-error")
        await tab.fill("#phone", "06 12 34 56 78")
        await journey.submit()
        await tab.wait_for_url(f"{live_server.url}/onboarding/document")
        await journey.check("onboarding-document")
        await tab.set_input_files(
            "#document",
            files=[{"name": "passport.png", "mimeType": "image/png", "buffer": tiny_png()}],
        )
        await journey.submit()
        await tab.wait_for_url(f"{live_server.url}/onboarding/payout")
        await journey.check("onboarding-payout")
        await tab.fill("#iban", "FR76 3000 6000 0112 3456 7890 189")
        await journey.submit()
        await tab.wait_for_url(f"{live_server.url}/onboarding/review")
        mandate = await tab.inner_text("#mandate")
        assert ("10,8" if lang == "fr" else "10.8") in mandate  # the commission rates
        await journey.check("onboarding-review")
        await tab.check("#accept_mandate")
        await tab.check("#accept_terms")
        await journey.submit()
        await tab.wait_for_url(f"{live_server.url}/onboarding/done")
        await journey.check("onboarding-done")

        # An error page: a link that is not one.
        await tab.goto(f"{live_server.url}/onboarding/onb_{'0' * 49}")
        await journey.check("error")
    finally:
        await context.close()
    assert len(journey.checked) == 17
