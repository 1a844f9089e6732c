"""The platform's name, logo and accent colour on the pages its users see (consent, onboarding).

Both the logo and a one-rule stylesheet for the colour are served from here, so pages keep their
`img-src 'self'; style-src 'self'` policy and ask nothing of the platform's servers.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from cleavr_connect.models import Platform
from cleavr_connect.platforms import branding
from cleavr_connect.platforms import repository as platforms
from cleavr_connect.platforms.branding import brand_of  # noqa: F401 - where pages find it
from cleavr_connect.text import has_control_characters
from cleavr_connect.web.deps import SessionDep

router = APIRouter(include_in_schema=False)

# The URLs carry the branding's version, so a change is a new URL.
_CACHE = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


async def _platform(session: SessionDep, platform_id: str) -> Platform | None:
    # No id holds a control character, and PostgreSQL cannot even compare a NUL.
    if has_control_characters(platform_id):
        return None
    return await platforms.get(session, platform_id)


@router.get("/brand/{platform_id}.css")
async def brand_stylesheet(platform_id: str, session: SessionDep) -> Response:
    platform = await _platform(session, platform_id)
    if platform is None or not platform.brand_color:
        raise HTTPException(404)  # the site's "page not found", as for /static
    color = platform.brand_color
    css = f":root {{ --accent: {color}; --accent-ink: {branding.ink_on(color)}; }}\n"
    return Response(css, media_type="text/css", headers=_CACHE)


@router.get("/brand/{platform_id}/logo")
async def brand_logo(platform_id: str, session: SessionDep) -> Response:
    platform = await _platform(session, platform_id)
    if platform is None or not platform.logo:
        raise HTTPException(404)
    return Response(
        platform.logo, media_type=platform.logo_media_type or "image/png", headers=_CACHE
    )
