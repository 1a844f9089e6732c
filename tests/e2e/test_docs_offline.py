"""`/docs` renders in a browser that can reach no host but the service."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.e2e.conftest import LiveServer

pytestmark = pytest.mark.browser


async def test_the_api_reference_renders_with_the_network_cut(
    page: Any, live_server: LiveServer
) -> None:
    ours = urlsplit(live_server.url).netloc
    refused: list[str] = []
    csp_violations: list[str] = []

    async def only_the_service(route: Any) -> None:
        if urlsplit(route.request.url).netloc == ours:
            await route.continue_()
        else:
            refused.append(route.request.url)
            await route.abort("internetdisconnected")

    await page.context.route("**/*", only_the_service)
    page.on(
        "console",
        lambda msg: csp_violations.append(msg.text) if "Content Security" in msg.text else None,
    )
    await page.goto(f"{live_server.url}/docs")
    title = page.locator(".swagger-ui .info .title")
    await title.wait_for()
    assert "Cleavr Connect" in await title.inner_text()
    # The operations are listed: the document was fetched and rendered.
    operations = page.locator(".opblock-summary-path")
    await operations.first.wait_for()
    paths = await operations.all_inner_texts()
    assert any("/v1/receivables" in path for path in paths)
    assert refused == []
    assert csp_violations == []
