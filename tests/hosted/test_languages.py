"""Hosted pages speak French first, English on request, and remember the choice."""

from __future__ import annotations

import re

import httpx
import pytest
from babel.messages.pofile import read_po

from cleavr_connect.accounts.service import MIN_PASSWORD_LENGTH
from cleavr_connect.i18n import catalogues
from tests.conftest import BASE_URL


async def test_pages_are_french_without_a_preference(app) -> None:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as browser:
        page = await browser.get("/signin")
    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "Connexion à Cleavr" in page.text
    assert 'href="/signin?lang=en"' in page.text  # the visible switch
    assert "Sign in to Cleavr" not in page.text


async def test_the_browser_language_and_the_switch_choose_english(app) -> None:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, headers={"Accept-Language": "en-US,en;q=0.9"}
    ) as browser:
        english = await browser.get("/signup?next=/account/connections")
        assert '<html lang="en">' in english.text
        assert "Create your Cleavr account" in english.text
        assert 'href="/signup?next=%2Faccount%2Fconnections&amp;lang=fr"' in english.text

        switched = await browser.get("/signup?next=/account/connections&lang=fr")
        assert "Créer votre compte Cleavr" in switched.text
        assert switched.cookies.get("clv_lang") == "fr"
        # The choice outlives the page: later pages stay French despite the browser's English.
        later = await browser.get("/signin")
        assert "Connexion à Cleavr" in later.text


async def test_french_validation_messages_sit_next_to_their_fields(app) -> None:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as browser:
        form = await browser.get("/signup")
        token = form.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        refused = await browser.post(
            "/signup",
            data={"csrf_token": token, "name": "", "email": "nope", "password": "short"},
        )
    assert refused.status_code == 400
    assert (
        '<p class="error" id="email-error">Saisissez une adresse e-mail valide.</p>' in refused.text
    )
    assert 'aria-describedby="email-error" aria-invalid="true"' in refused.text
    assert f"Utilisez au moins {MIN_PASSWORD_LENGTH} caractères." in refused.text


# French typography (Imprimerie nationale): a no-break space before ":" and inside « », a narrow
# one before ";", "!" and "?", and never a line break between a number and its unit. A plain
# space there lets a phone screen start a line with "?" or end one with "40".
_PLAIN_SPACE_FAULTS = re.compile(r" [:;!?»]|« |\d [€%]")


@pytest.mark.parametrize("domain", ["accounts", "hosted", "portal", "storage"])
def test_french_texts_of_the_pages_keep_their_no_break_spaces(domain: str) -> None:
    with catalogues.po_path(domain, "fr").open("rb") as file:
        catalog = read_po(file)
    faults = [
        text
        for message in catalog
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if _PLAIN_SPACE_FAULTS.search(text)
    ]
    assert faults == []


async def test_a_page_in_french_breaks_no_line_before_a_colon(app) -> None:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as browser:
        page = await browser.get("/signup")
    assert "Aide\u00a0:" in page.text and "Déjà un compte\u202f?" in page.text
