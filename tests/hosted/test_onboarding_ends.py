"""No dead ends: opening a link spends nothing, success ends on a confirmation, and every refusal
says what happened and offers the way back to the platform."""

from __future__ import annotations

import re
from html import unescape

import httpx

from cleavr_connect.models import OnboardingLink
from tests.conftest import BASE_URL, ENGLISH
from tests.hosted.test_onboarding import (
    CALLBACK,
    create_user,
    csrf_from,
    fill_everything,
    finish,
    get_user,
    open_link,
    rows,
)


def return_link(html: str) -> str | None:
    match = re.search(r'<a class="button primary" href="([^"]+)"', html)
    return unescape(match.group(1)) if match else None


async def test_opening_the_link_spends_nothing(client, platform_headers, person, db) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    url = user["onboarding_url"]
    # A mail scanner, then the person: both only look.
    for _ in range(2):
        welcome = await person.get(url)
        assert welcome.status_code == 200
        assert "Verify your business" in welcome.text
        assert f'action="{url.removeprefix(BASE_URL)}"' in welcome.text
    [link] = await rows(db, OnboardingLink)
    assert link.used_at is None
    # still open, though a read never shows the link again (it is shown once, at creation)
    assert (await get_user(client, platform_headers, user["id"]))["onboarding_url"] is None
    # The first form sent from it spends it.
    started = await person.post(url, data={"csrf_token": csrf_from(welcome.text)})
    assert started.status_code == 303
    [link] = await rows(db, OnboardingLink)
    assert link.used_at is not None


async def test_start_without_the_form_token_spends_nothing(
    client, platform_headers, person, db
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    refused = await person.post(user["onboarding_url"], data={"csrf_token": "forged"})
    assert refused.status_code == 400
    assert "This form expired" in refused.text
    [link] = await rows(db, OnboardingLink)
    assert link.used_at is None


async def test_back_after_submitting_shows_the_confirmation(
    client, platform_headers, person
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    await fill_everything(person)
    await finish(person)
    back = await person.get("/onboarding/review")
    assert back.status_code == 303 and back.headers["location"] == "/onboarding/done"
    done = await person.get("/onboarding/done")
    assert "You're all set" in done.text
    assert (return_link(done.text) or "").startswith(CALLBACK + "?")


async def test_a_used_link_of_a_finished_onboarding_says_it_is_done(
    client, platform_headers, person, app
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    await fill_everything(person)
    await finish(person)
    # The same link, later, on another device: not "ask for a new link" (the API would refuse).
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=ENGLISH) as laptop:
        page = await laptop.get(user["onboarding_url"])
    assert page.status_code == 200
    assert "You're all set" in page.text
    assert "new onboarding link" not in page.text
    assert (return_link(page.text) or "").startswith(CALLBACK + "?")


async def test_refusals_offer_the_way_back_to_the_platform(
    client, platform_headers, person, app, clock
) -> None:  # type: ignore[no-untyped-def]
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(
        transport=transport, base_url=BASE_URL, headers=ENGLISH
    ) as other_browser:
        used = await other_browser.get(user["onboarding_url"])
    assert used.status_code == 410
    assert "Return to" in used.text
    assert (return_link(used.text) or "").startswith(CALLBACK + "?")
    # The session runs out: the page still knows where the person came from.
    clock.advance(hours=2, minutes=1)
    ended = await person.get("/onboarding/company")
    assert ended.status_code == 403
    assert "session has ended" in ended.text
    assert query_of_link(ended.text) == {"user_id": user["id"], "status": "pending_onboarding"}


def query_of_link(html: str) -> dict[str, str]:
    from tests.factories import query_of

    link = return_link(html)
    assert link, html
    return query_of(link)
