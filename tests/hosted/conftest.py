"""Hosted-page tests read the English pages unless they say otherwise."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.conftest import BASE_URL, ENGLISH
from tests.factories import bearer, make_account, make_platform, tokens_for


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=ENGLISH) as http:
        yield http


@pytest.fixture
async def platform_headers(client: httpx.AsyncClient, db, runtime) -> dict[str, str]:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    account = await make_account(db, runtime)
    tokens = await tokens_for(client, platform, account, scope="users:read users:write")
    return bearer(tokens["access_token"])


@pytest.fixture
async def person(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    """The browser of the person onboarding: its own cookie jar, no redirects followed; it asks
    for English (the French pages have their own tests)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, headers=ENGLISH) as http:
        yield http
