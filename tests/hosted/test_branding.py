"""The platform's logo and colour on the consent page, served by us; framing only for the
origins it registered."""

from __future__ import annotations

import io
import re
from urllib.parse import urlencode

from PIL import Image
from sqlalchemy import update

from cleavr_connect.models import Platform
from cleavr_connect.platforms import branding
from tests.factories import (
    answers_page_not_found,
    authorize_params,
    make_account,
    make_platform,
    sign_in,
)


def png(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 90), color).save(out, "PNG")
    return out.getvalue()


async def test_consent_shows_the_platform_logo_and_colour(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    logo, media_type = branding.check_logo(png("#1d3557"))
    async with db.transaction() as session:
        await session.execute(
            update(Platform)
            .where(Platform.id == platform.client_id)
            .values(logo=logo, logo_media_type=media_type, brand_color="#ffcc00")
        )
    account = await make_account(db, runtime)
    await sign_in(client, account.email)
    page = await client.get("/oauth/authorize?" + urlencode(authorize_params(platform)))
    assert page.status_code == 200
    logo_src = re.search(r'<img class="platform-logo" src="([^"]+)" alt="Invoicely"', page.text)
    css_href = re.search(r'href="(/brand/[^"]+\.css\?v=[0-9a-f]+)"', page.text)
    assert logo_src and css_href, page.text
    served = await client.get(logo_src.group(1))
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert served.content == logo
    css = await client.get(css_href.group(1))
    # A yellow accent gets dark ink: white on it would not be readable.
    assert css.text.strip() == ":root { --accent: #ffcc00; --accent-ink: #14213d; }"
    assert 'src="/static/cleavr-logo.svg" alt="Cleavr"' in page.text  # and Cleavr's own mark
    assert page.headers["x-frame-options"] == "DENY"  # consent is never framed


async def test_unbranded_platforms_get_no_brand_files(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    assert (await client.get(f"/brand/{platform.client_id}.css")).status_code == 404
    assert (await client.get(f"/brand/{platform.client_id}/logo")).status_code == 404
    assert (await client.get("/brand/plat_test_nope/logo")).status_code == 404


async def test_a_missing_brand_file_answers_the_page_not_found_page(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)  # no logo, no colour
    for path in (
        f"/brand/{platform.client_id}.css",
        f"/brand/{platform.client_id}/logo",
        "/brand/plat_test_nope.css",
        "/brand/plat_test_nope/logo",
        "/brand/plat_%00.css",
    ):
        response = await answers_page_not_found(client, path)
        # A brand file is cached for a year; its absence must not be.
        assert response.headers["cache-control"] == "no-store", path


def test_every_accent_gets_an_ink_of_at_least_4_5_to_1() -> None:
    for value in range(0, 0x1000000, 0x0F0F0F):
        color = f"#{value:06x}"
        assert branding.contrast(color, branding.ink_on(color)) >= 4.5, color
