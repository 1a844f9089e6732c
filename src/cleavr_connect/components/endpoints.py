"""`POST /v1/receivables/{id}/component_token` for the platform's backend, and the read-only
view `<cleavr-receivable-status>` fetches with that token from any page (CORS, no cookies)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from cleavr_connect import i18n
from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.clock import isoformat
from cleavr_connect.components import tokens, view
from cleavr_connect.errors import AuthenticationError
from cleavr_connect.receivables import service as receivables
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Receivables"], responses=ERROR_RESPONSES
)
public = APIRouter(include_in_schema=False)

# Any page may read with a token (it is the whole credential: no cookie is involved).
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Authorization",
    "Access-Control-Allow-Methods": "GET",
    "Access-Control-Max-Age": "600",
    "Cache-Control": "no-store",
    "Vary": "Authorization",
}


class ComponentTokenOut(BaseModel):
    object: str = Field("component_token", description="Always `component_token`.")
    token: str = Field(description="`clv_cmp_…`: give it to `<cleavr-receivable-status token>`.")
    receivable_id: str
    expires_at: str = Field(description="15 minutes after minting; mint a new one per page view.")


@router.post(
    "/receivables/{receivable_id}/component_token",
    response_model=ComponentTokenOut,
    dependencies=[requires(Scope.RECEIVABLES_READ)],
    summary="Mint a status component token",
)
async def mint_component_token(
    receivable_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """A short-lived (15 minutes), read-only token that shows this one receivable's status in
    `<cleavr-receivable-status>` (`/static/cleavr.js`). Mint it from your backend for each page
    view; it is stored only as a keyed hash and opens nothing else."""
    rec = await receivables.get(session, owner, receivable_id)
    minted = await tokens.mint(session, rt, owner, rec)
    return {
        "object": "component_token",
        "token": minted.token,
        "receivable_id": minted.receivable_id,
        "expires_at": isoformat(minted.expires_at),
    }


@public.options("/components/receivable")
async def component_preflight() -> Response:
    return Response(status_code=204, headers=CORS)


@public.get("/components/receivable")
async def component_view(
    request: Request,
    session: SessionDep,
    rt: RuntimeDep,
    authorization: Annotated[str, Header()] = "",
    lang: str | None = None,
) -> Response:
    scheme, _, token = authorization.partition(" ")
    found = await tokens.resolve(session, rt, token.strip()) if scheme.lower() == "bearer" else None
    if found is None:
        error = AuthenticationError("The component token is missing, invalid or expired.")
        body = error.body(request.scope.get("state", {}).get("request_id"), rt.settings.base_url)
        return JSONResponse(body, status_code=401, headers=CORS)
    owner, receivable_id = found
    rec = await receivables.get(session, owner, receivable_id)
    locale = i18n.choose(query=lang, accept_language=request.headers.get("accept-language"))
    shown = view.build(await receivables.render(session, rt, rec), locale, rec.playbook_step)
    return JSONResponse(shown, headers=CORS)
