"""The service's own pages: home, status, icon, legal texts, and an API reference with no CDN."""

from __future__ import annotations

import re

import httpx

from tests.conftest import BASE_URL
from tests.factories import answers_page_not_found


async def test_home_is_a_small_html_page_with_the_links_a_visitor_needs(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    for href in ("/docs", "/docs/errors", "/openapi.json", "/status", "/legal/terms"):
        assert f'href="{href}"' in page.text
    assert "All systems operational." in page.text


async def test_status_answers_for_machines(client) -> None:  # type: ignore[no-untyped-def]
    status = await client.get("/status")
    assert status.status_code == 200
    assert status.json()["status"] == "ok"
    assert status.json()["database"] is True


async def test_the_favicon_exists(client) -> None:  # type: ignore[no-untyped-def]
    icon = await client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # the ICO signature


async def test_legal_texts_exist_in_both_languages(app) -> None:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as browser:
        terms_fr = await browser.get("/legal/terms")
        privacy_en = await browser.get("/legal/privacy?lang=en")
    assert "Conditions générales d'utilisation" in terms_fr.text
    assert "mandat de recouvrement" in terms_fr.text
    assert privacy_en.status_code == 200
    assert 'id="identity"' in privacy_en.text  # the document page links here
    assert "identity document" in privacy_en.text
    assert "aide@cleavr.fr" in privacy_en.text


async def test_the_api_reference_loads_nothing_from_another_host(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/docs")
    assert page.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/") for s in sources), sources
    csp = page.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "connect-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    for src in sources:
        asset = await client.get(src)
        assert asset.status_code == 200, src
    bundle = await client.get("/docs/assets/swagger-ui-bundle.js")
    assert bundle.headers["content-type"].startswith("text/javascript")
    assert (await client.get("/docs/assets/..%2F..%2Fconsts.py")).status_code == 404
    assert (await client.get("/docs/assets/oauth2-redirect.html")).status_code == 404


async def test_a_missing_doc_page_or_file_answers_the_page_not_found_page(client) -> None:  # type: ignore[no-untyped-def]
    for path in (
        "/docs/assets/oauth2-redirect.html",
        "/docs/assets/nested/swagger-ui.css",
        "/docs/nothing-here",
        "/static/nothing-here.css",
    ):
        response = await answers_page_not_found(client, path)
        assert "endpoint" not in response.text, path


BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8", "Accept-Language": "fr-FR"}


async def test_a_browser_on_an_address_cut_short_gets_a_french_page(client) -> None:  # type: ignore[no-untyped-def]
    # A portal link cut off by an SMS or a mail client ("…/fr/d"), or an address typed by hand:
    # the person sees a page in their language, not the API's English JSON.
    for path in ("/fr/d", "/fr/", "/paiement"):
        page = await client.get(path, headers=BROWSER)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html"), path
        assert '<html lang="fr">' in page.text and "Page introuvable" in page.text, path
        assert page.headers["cache-control"] == "no-store"
    # machines keep the JSON error, whatever they accept
    for path, accept in (("/v1/nothing", BROWSER["Accept"]), ("/nothing", "application/json")):
        answer = await client.get(path, headers={"Accept": accept})
        assert answer.headers["content-type"] == "application/json", path
        assert answer.json()["error"]["type"], path
