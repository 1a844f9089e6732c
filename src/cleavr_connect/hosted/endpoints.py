"""Hosted account pages: sign-in, sign-up, sign-out, connected platforms, error reference."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from cleavr_connect.accounts import service as accounts
from cleavr_connect.accounts import verification
from cleavr_connect.errors import ERROR_CODES, FIELD_ERROR_CODES, ValidationError
from cleavr_connect.hosted import texts
from cleavr_connect.i18n import N_
from cleavr_connect.messages import account_mail
from cleavr_connect.models import Account
from cleavr_connect.oauth import repository as oauth_repo
from cleavr_connect.oauth.errors import OAUTH_ERRORS
from cleavr_connect.oauth.revocation import revoke_connection
from cleavr_connect.scopes import Scope
from cleavr_connect.text import has_control_characters
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.web.pages import Page, safe_next

router = APIRouter(include_in_schema=False)


def _field(form: object, name: str) -> str:
    value = form.get(name)  # type: ignore[attr-defined]
    # A value with control characters is no valid e-mail, name or password: as if left empty,
    # so the form answers with its own error (PostgreSQL could not even store a NUL).
    return value if isinstance(value, str) and not has_control_characters(value) else ""


@router.get("/signin")
async def signin_page(
    request: Request, session: SessionDep, rt: RuntimeDep, next: str = ""
) -> Response:
    page = Page(request, rt)
    target = safe_next(next)
    if await accounts.account_for_session(session, rt.keys, page.session_token, now=rt.clock.now()):
        return page.redirect(target)
    return page.render("signin.html", next=target, email="", error=None)


@router.post("/signin")
async def signin(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await request.form()
    target = safe_next(_field(form, "next"))
    email = _field(form, "email")
    if not page.csrf_ok(_field(form, "csrf_token")):
        return page.render(
            "signin.html",
            400,
            next=target,
            email=email,
            error=page.gettext(N_("Your form expired. Please sign in again.")),
        )
    ip = request.client.host if request.client else "unknown"
    try:
        account = await accounts.authenticate(
            session,
            rt.throttle,
            email=email,
            password=_field(form, "password"),
            ip=ip,
            now=rt.clock.now(),
        )
    except accounts.SignInThrottled as exc:
        error = texts.message(page.locale, exc.message)
        response = page.render("signin.html", 429, next=target, email=email, error=error)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except accounts.InvalidCredentials as exc:
        error = texts.message(page.locale, exc.message)
        return page.render("signin.html", 401, next=target, email=email, error=error)
    token = await accounts.start_session(session, rt.keys, account, now=rt.clock.now())
    response = page.redirect(target)
    page.set_session(response, token)
    return response


@router.get("/signup")
async def signup_page(request: Request, rt: RuntimeDep, next: str = "") -> Response:
    page = Page(request, rt)
    return page.render(
        "signup.html",
        next=safe_next(next),
        name="",
        email="",
        errors={},
        min_password=accounts.MIN_PASSWORD_LENGTH,
    )


@router.post("/signup")
async def signup(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await request.form()
    target = safe_next(_field(form, "next"))
    name, email = _field(form, "name"), _field(form, "email")
    context = {
        "next": target,
        "name": name,
        "email": email,
        "min_password": accounts.MIN_PASSWORD_LENGTH,
    }
    if not page.csrf_ok(_field(form, "csrf_token")):
        expired = {"_form": page.gettext(N_("Your form expired. Please try again."))}
        return page.render("signup.html", 400, errors=expired, **context)
    try:
        account = await accounts.sign_up(
            session, email=email, password=_field(form, "password"), name=name, now=rt.clock.now()
        )
    except ValidationError as exc:
        errors = texts.field_errors(page.locale, exc.errors)
        return page.render("signup.html", 400, errors=errors, **context)
    # The same answer whether the address was new or already registered: no session yet, a
    # page that says to check the inbox. The mail says which case it was, to the owner only.
    address = accounts.normalize_email(email)
    if account is None:
        await account_mail.send_signup_attempt(
            rt,
            to=address,
            signin=f"{rt.settings.base_url}/signin?next={quote(target, safe='')}",
            locale=page.locale,
        )
    else:
        await _send_verification(page, account, target)
    return page.render("account/check_email.html", email=address)


async def _send_verification(page: Page, account: Account, target: str) -> None:
    rt = page.rt
    token = verification.token_for(rt.keys, account, rt.clock.now())
    link = f"{rt.settings.base_url}/signup/verify?" + urlencode({"token": token, "next": target})
    await account_mail.send_verification(
        rt, to=account.email, name=account.name, link=link, locale=page.locale
    )


@router.get("/signup/verify")
async def verify_email(
    request: Request, session: SessionDep, rt: RuntimeDep, token: str = "", next: str = ""
) -> Response:
    """The link of the verification e-mail: verifies the address, signs in, continues."""
    page = Page(request, rt)
    account = await verification.verify(session, rt.keys, token, now=rt.clock.now())
    if account is None:
        return page.error(
            N_("This link cannot be used"),
            N_("The confirmation link is invalid or has expired. Sign in to ask for a new one."),
            400,
        )
    session_token = await accounts.start_session(session, rt.keys, account, now=rt.clock.now())
    response = page.redirect(safe_next(next) if next else "/account/connections")
    page.set_session(response, session_token)
    return response


@router.post("/account/verify/resend")
async def resend_verification(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await request.form()
    target = safe_next(_field(form, "next"))
    account = await accounts.account_for_session(
        session, rt.keys, page.session_token, now=rt.clock.now()
    )
    if account is None:
        return page.redirect("/signin?next=" + quote(target, safe=""))
    if not page.csrf_ok(_field(form, "csrf_token")):
        return page.error(
            N_("This form has expired"), N_("Your form expired. Please try again."), 400
        )
    if account.email_verified_at is None:
        await _send_verification(page, account, target)
    return page.render("account/check_email.html", email=account.email)


@router.post("/signout")
async def signout(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await request.form()
    if not page.csrf_ok(_field(form, "csrf_token")):
        # All or nothing: clearing the cookie while the session stays valid would look like a
        # sign-out to the person and leave a session for whoever holds the token.
        return page.error("This form has expired", "Go back and sign out again.")
    await accounts.end_session(session, rt.keys, page.session_token)
    response = page.redirect("/signin")
    response.delete_cookie("clv_session", path="/")
    return response


@router.get("/account")
async def account_home(request: Request, rt: RuntimeDep) -> Response:
    return Page(request, rt).redirect("/account/connections")


@router.get("/account/connections")
async def connections(
    request: Request, session: SessionDep, rt: RuntimeDep, revoked: int = 0
) -> Response:
    page = Page(request, rt)
    account = await accounts.account_for_session(
        session, rt.keys, page.session_token, now=rt.clock.now()
    )
    if account is None:
        return page.redirect("/signin?next=/account/connections")
    items = [
        {"grant": grant, "platform": platform, "scopes": [Scope(s) for s in grant.scopes.split()]}
        for grant, platform in await oauth_repo.active_grants_for_account(session, account.id)
    ]
    return page.render(
        "connections.html", account=account, connections=items, revoked=bool(revoked)
    )


@router.post("/account/connections/{grant_id}/revoke")
async def revoke(grant_id: str, request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    account = await accounts.account_for_session(
        session, rt.keys, page.session_token, now=rt.clock.now()
    )
    if account is None:
        return page.redirect("/signin?next=/account/connections")
    form = await request.form()
    if not page.csrf_ok(_field(form, "csrf_token")):
        return page.error(
            N_("This form has expired"),
            N_("Go back to your connections and try again."),
            back_url="/account/connections",
            back_label=page.gettext(N_("Back to your connections")),
        )
    # No grant id holds a control character (PostgreSQL cannot even compare a NUL).
    if has_control_characters(grant_id) or not await revoke_connection(
        session, rt, account.id, grant_id
    ):
        return page.error(
            N_("Connection not found"),
            N_("There is no such connection on your account."),
            404,
            back_url="/account/connections",
            back_label=page.gettext(N_("Back to your connections")),
        )
    return page.redirect("/account/connections?revoked=1")


@router.get("/docs/errors")
async def error_reference(request: Request, rt: RuntimeDep) -> Response:
    return Page(request, rt).render(
        "errors_doc.html",
        oauth_errors=OAUTH_ERRORS,
        api_errors=ERROR_CODES,
        field_errors=FIELD_ERROR_CODES,
    )


@router.get("/demo/callback")
async def demo_callback(request: Request, rt: RuntimeDep) -> Response:
    """The redirect URI of the seeded demo platform: shows the code and how to exchange it."""
    params = request.query_params
    marker = rt.settings.data_dir / "demo-platform-id"
    return Page(request, rt).render(
        "demo_callback.html",
        code=params.get("code", ""),
        state=params.get("state", ""),
        iss=params.get("iss", ""),
        error=params.get("error"),
        error_description=params.get("error_description", ""),
        base_url=rt.settings.base_url,
        redirect_uri=f"{rt.settings.base_url}/demo/callback",
        client_id=marker.read_text().strip() if marker.exists() else "$CLIENT_ID",
    )
