"""`/oauth/authorize`: the front channel of the authorization-code flow (SPEC §3)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cleavr_connect.accounts import service as accounts
from cleavr_connect.hosted import texts
from cleavr_connect.hosted.branding import brand_of
from cleavr_connect.i18n import N_
from cleavr_connect.models import Account
from cleavr_connect.oauth import authorization
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.web.pages import Page

router = APIRouter(include_in_schema=False)


async def _validated(
    page: Page, session: SessionDep
) -> authorization.AuthorizationRequest | Response:
    try:
        return await authorization.validate(session, page.request.query_params.multi_items())
    except authorization.UntrustedRequest as exc:
        return page.error(N_("This link cannot be used"), texts.message(page.locale, exc.message))
    except authorization.RedirectError as exc:
        return page.redirect(
            authorization.error_redirect(
                page.rt, exc.redirect_uri, exc.error.error, exc.error.description, exc.state
            )
        )


def _sign_in_first(page: Page) -> Response:
    here = page.request.url.path + "?" + page.request.url.query
    return page.redirect("/signin?next=" + quote(here, safe=""))


def _verify_first(
    page: Page, areq: authorization.AuthorizationRequest, account: Account
) -> Response:
    """An account from the hosted sign-up signs in at once, but grants nothing until its
    address is confirmed: a platform's access must rest on a reachable, proven address."""
    here = page.request.url.path + "?" + page.request.url.query
    return page.render(
        "account/verify_first.html", 403, platform=areq.platform, account=account, next=here
    )


@router.get("/oauth/authorize")
async def authorize(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    areq = await _validated(page, session)
    if isinstance(areq, Response):
        return areq
    account = await accounts.account_for_session(
        session, rt.keys, page.session_token, now=rt.clock.now()
    )
    if account is None:
        return _sign_in_first(page)
    if account.email_verified_at is None:
        return _verify_first(page, areq, account)
    if await authorization.remembered(session, areq, account):
        return page.redirect(
            await authorization.approve(session, rt, areq, account, consented=False)
        )
    return page.render(
        "consent.html",
        platform=areq.platform,
        brand=brand_of(areq.platform),
        account=account,
        scopes=[Scope(s) for s in areq.scopes],
        action=request.url.path + "?" + request.url.query,
    )


@router.post("/oauth/authorize")
async def decide(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    areq = await _validated(page, session)
    if isinstance(areq, Response):
        return areq
    account = await accounts.account_for_session(
        session, rt.keys, page.session_token, now=rt.clock.now()
    )
    if account is None:
        return _sign_in_first(page)
    if account.email_verified_at is None:
        return _verify_first(page, areq, account)
    form = await request.form()
    if not page.csrf_ok(str(form.get("csrf_token") or "")):
        return page.error(
            N_("This form has expired"),
            N_("For your security the consent form could not be accepted. Go back and try again."),
            400,
            back_url=request.url.path + "?" + request.url.query,
            back_label=page.gettext(N_("Back to the consent page")),
        )
    decision = form.get("decision")
    if decision == "allow":
        return page.redirect(
            await authorization.approve(session, rt, areq, account, consented=True)
        )
    if decision == "deny":
        return page.redirect(await authorization.deny(session, rt, areq, account))
    return page.error(N_("Unknown choice"), N_("Choose Allow or Deny."), 400)
