"""The service's own pages: the home page, the API reference, the legal texts and the icon.

The API reference (Swagger UI) is served from the `fastapi-offline` package's copy of
swagger-ui-dist, under `/docs/assets/`: no page of ours asks another host for anything.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy import text
from starlette.exceptions import HTTPException

from cleavr_connect import __version__
from cleavr_connect.web.deps import DatabaseDep, RuntimeDep
from cleavr_connect.web.pages import Page

router = APIRouter(include_in_schema=False)

STATIC = Path(__file__).resolve().parent.parent / "static"
SWAGGER_UI = Path(fastapi_offline.__file__).resolve().parent / "static"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css")

# Swagger UI sets style attributes from script and fetches the document (and "Try it out"
# calls) from this origin only; nothing else is allowed, and it is never framed.
DOCS_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


@router.get("/")
async def home(request: Request, rt: RuntimeDep, db: DatabaseDep) -> Response:
    return Page(request, rt).render(
        "home.html", version=__version__, database_ok=await _database_ok(db)
    )


@router.get("/status")
async def status(db: DatabaseDep) -> Response:
    """Liveness for people and probes: the version and whether the database answers."""
    ok = await _database_ok(db)
    return JSONResponse(
        {"status": "ok" if ok else "degraded", "version": __version__, "database": ok},
        status_code=200 if ok else 503,
        headers={"Cache-Control": "no-store"},
    )


async def _database_ok(db: DatabaseDep) -> bool:
    try:
        async with db.sessionmaker() as session:
            await session.execute(text("SELECT 1"))
    except Exception:  # any failure means "not answering"
        return False
    return True


@router.get("/favicon.ico")
async def favicon() -> Response:
    return FileResponse(
        STATIC / "favicon.ico",
        media_type="image/x-icon",
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/docs")
async def api_reference(request: Request, rt: RuntimeDep) -> Response:
    response = Page(request, rt).render("docs.html", openapi_url="/openapi.json")
    response.headers["Content-Security-Policy"] = DOCS_CSP
    return response


@router.get("/docs/assets/{name}")
async def api_reference_asset(name: str) -> Response:
    if name not in SWAGGER_FILES:
        raise HTTPException(404)  # the site's "page not found", as for /static
    media_type = "text/javascript" if name.endswith(".js") else "text/css"
    return FileResponse(
        SWAGGER_UI / name,
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


@router.get("/legal/terms")
async def terms(request: Request, rt: RuntimeDep) -> Response:
    return Page(request, rt).render("legal/terms.html")


@router.get("/legal/privacy")
async def privacy(request: Request, rt: RuntimeDep) -> Response:
    return Page(request, rt).render("legal/privacy.html")
