"""The hosted KYB onboarding that `onboarding_url` opens (SPEC §6).

`GET /onboarding/{token}` shows a welcome page without spending the link (mail scanners open
links); its Start button posts to the same address, which spends the single-use link and swaps
it for an onboarding session cookie. Then every step lives at a fixed path: the token never
appears in a later URL, a Referer or the browser history. Each step is a GET form and a POST that
saves it (CSRF-checked), answering 400 with every message next to its field and the values kept.
Submitting ends on Cleavr's confirmation page, which links back to the platform; Back from there,
or the link opened again once onboarding is over, shows that confirmation again.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.types import Message, Receive

from cleavr_connect import storage
from cleavr_connect.commission import rates
from cleavr_connect.commission import service as commission
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.hosted import texts
from cleavr_connect.hosted.branding import brand_of
from cleavr_connect.i18n import N_
from cleavr_connect.models import User
from cleavr_connect.platforms import repository as platforms
from cleavr_connect.users import onboarding
from cleavr_connect.users import onboarding_access as access
from cleavr_connect.web import forms
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.web.pages import Page

router = APIRouter(include_in_schema=False)

COOKIE = "clv_onboarding"
COOKIE_PATH = "/onboarding"
FIRST_STEP = "/onboarding/company"
DONE = "/onboarding/done"
# The file plus the other fields and multipart framing; a larger body is cut off while it arrives.
MAX_UPLOAD_BODY = storage.MAX_UPLOAD_BYTES + 64 * 1024
MAX_DRAINED_BODY = 5 * MAX_UPLOAD_BODY

ASK_AGAIN = N_(
    "Go back to the application that sent you here and ask it for a new onboarding link."
)
EXPIRED_FORM = [
    FieldError("_form", "expired", "This form expired. Check the details and send it again.")
]
LINK_REFUSALS = {
    "unknown": (400, N_("This onboarding link is not valid")),
    "used": (410, N_("This onboarding link was already used")),
    "expired": (410, N_("This onboarding link has expired")),
    "closed": (410, N_("This onboarding is closed")),
}
# The example amount the mandate's commission is worked out on, and VAT on the commission.
EXAMPLE_AMOUNT = Decimal("1000.00")
VAT_RATE = Decimal("0.20")


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


async def _way_back(page: Page, session: SessionDep, user: User | None) -> dict[str, Any]:
    """What an error page needs to offer the way back to the platform, when we know it."""
    if user is None:
        return {}
    return {"back_url": access.callback_redirect(user), **await _platform(page, session, user)}


async def _platform(page: Page, session: SessionDep, user: User) -> dict[str, Any]:
    """The platform the person comes from: its name, its brand on the page, and the origins it
    registered to frame the page in (every other framing stays refused)."""
    platform = await platforms.get(session, user.platform_id)
    page.frame_origins = list(platform.embed_origins or []) if platform else []
    return {
        "platform_name": platform.name if platform else await access.platform_name(session, user),
        "brand": brand_of(platform),
    }


async def _session_ended(page: Page, session: SessionDep) -> Response:
    # An expired (but genuine) session still tells us which platform to send the person back to.
    user_id = access.session_user_id(page.rt, page.request.cookies.get(COOKIE), expired_too=True)
    user = await access.load_user(session, user_id) if user_id else None
    if user is not None and not access.is_open(user):
        return await _done_page(page, session, user)
    return page.error(
        N_("Your onboarding session has ended"),
        N_(
            "Sessions last two hours and work only in the browser that opened the link. Go back"
            " to the application that sent you here and ask it for a new onboarding link."
        ),
        403,
        **await _way_back(page, session, user),
    )


async def _current(page: Page, session: SessionDep, *, for_update: bool = False) -> User | Response:
    """The user of this browser's onboarding session while onboarding is open."""
    user_id = access.session_user_id(page.rt, page.request.cookies.get(COOKIE))
    user = await access.load_user(session, user_id, for_update=for_update) if user_id else None
    if user is None:
        return await _session_ended(page, session)
    if not access.is_open(user):
        return page.redirect(DONE)
    return user


async def _render(
    page: Page,
    session: SessionDep,
    user: User,
    step: str,
    status_code: int = 200,
    **context: Any,
) -> Response:
    slugs = [slug for slug, _ in onboarding.STEPS]
    index = slugs.index(step)
    context["errors"] = texts.field_errors(page.locale, context.get("errors") or ())
    return page.render(
        f"onboarding/{step}.html",
        status_code,
        user=user,
        step=step,
        steps=onboarding.STEPS,
        step_number=index + 1,
        done=onboarding.step_done(user),
        previous=f"/onboarding/{slugs[index - 1]}" if index else None,
        **await _platform(page, session, user),
        **context,
    )


async def _form(request: Request) -> FormData:
    # Step forms carry no files; refusing them spares the disk a stranger's upload.
    return await request.form(max_files=0, max_fields=30)


# --------------------------------------------------------------------------- the outcome


@router.get("/onboarding/done")
async def done(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    user_id = access.session_user_id(rt, request.cookies.get(COOKIE), expired_too=True)
    user = await access.load_user(session, user_id) if user_id else None
    if user is None:
        return await _session_ended(page, session)
    if access.is_open(user):
        if access.session_user_id(rt, request.cookies.get(COOKIE)) is None:
            return await _session_ended(page, session)
        return page.redirect("/onboarding/review")
    return await _done_page(page, session, user)


async def _done_page(page: Page, session: SessionDep, user: User) -> Response:
    """Cleavr's confirmation: the outcome so far, and the way back to the platform. Framed by
    the platform, it also tells the page around it (`cleavr.js`), by postMessage to the
    registered origins only."""
    platform = await _platform(page, session, user)
    return page.render(
        "onboarding/done.html",
        user=user,
        **platform,
        notify_origins=page.frame_origins,
        callback=access.callback_redirect(user),
        submitted_at=user.onboarding_submitted_at,
        review_errors=[
            texts.message(page.locale, e.get("message", "")) for e in user.review_errors
        ],
    )


# --------------------------------------------------------------------------- 1. company


@router.get("/onboarding/company")
async def company_form(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    user = await _current(page, session)
    if isinstance(user, Response):
        return user
    return await _render(
        page,
        session,
        user,
        "company",
        values=onboarding.company_values(user),
        countries=texts.country_names(page.locale, onboarding.COUNTRIES),
    )


@router.post("/onboarding/company")
async def company_save(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await _form(request)
    user = await _current(page, session, for_update=True)
    if isinstance(user, Response):
        return user
    values = {name: _field(form, name) for name in onboarding.COMPANY_FIELDS}
    context = {
        "values": values,
        "countries": texts.country_names(page.locale, onboarding.COUNTRIES),
    }
    if not page.csrf_ok(_field(form, "csrf_token")):
        return await _render(page, session, user, "company", 400, errors=EXPIRED_FORM, **context)
    try:
        await onboarding.save_company(session, rt, user, values)
    except ValidationError as exc:
        return await _render(page, session, user, "company", 400, errors=exc.errors, **context)
    return page.redirect("/onboarding/representative")


# --------------------------------------------------------------------------- 2. representative


@router.get("/onboarding/representative")
async def representative_form(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    user = await _current(page, session)
    if isinstance(user, Response):
        return user
    return await _render(
        page, session, user, "representative", values=onboarding.representative_values(user)
    )


@router.post("/onboarding/representative")
async def representative_save(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await _form(request)
    user = await _current(page, session, for_update=True)
    if isinstance(user, Response):
        return user
    values = {name: _field(form, name) for name in onboarding.REPRESENTATIVE_FIELDS}
    if not page.csrf_ok(_field(form, "csrf_token")):
        return await _render(
            page, session, user, "representative", 400, values=values, errors=EXPIRED_FORM
        )
    try:
        await onboarding.save_representative(session, rt, user, values)
    except ValidationError as exc:
        return await _render(
            page, session, user, "representative", 400, values=values, errors=exc.errors
        )
    return page.redirect("/onboarding/document")


# --------------------------------------------------------------------------- 3. document


class _BodyTooLarge(Exception):
    pass


class _CappedBody:
    """A `receive` that passes at most `limit` body bytes on to the form parser.

    Past the limit it keeps reading but drops the bytes, so the browser, still uploading, gets
    our page with the message instead of a reset connection; past `hard_limit` it gives up.
    """

    def __init__(self, receive: Receive, limit: int, hard_limit: int) -> None:
        self._receive = receive
        self._limit = limit
        self._hard_limit = hard_limit
        self._seen = 0
        self.exceeded = False

    async def __call__(self) -> Message:
        message = await self._receive()
        if message["type"] != "http.request":
            return message
        self._seen += len(message.get("body", b""))
        if self._seen > self._hard_limit:
            self.exceeded = True
            raise _BodyTooLarge
        if self._seen > self._limit:
            self.exceeded = True
            return {**message, "body": b""}
        return message


@router.get("/onboarding/document")
async def document_form(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    user = await _current(page, session)
    if isinstance(user, Response):
        return user
    current = await onboarding.identity_document(session, user)
    return await _render(page, session, user, "document", current=current)


@router.post("/onboarding/document")
async def document_save(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    # The body is read before any database work: a slow upload must not hold a connection.
    data, filename, csrf = b"", None, ""
    name_too_long = False
    body = _CappedBody(request.receive, MAX_UPLOAD_BODY, MAX_DRAINED_BODY)
    try:
        async with Request(request.scope, body).form(max_files=1, max_fields=5) as form:
            if not body.exceeded:
                csrf = _field(form, "csrf_token")
                upload = form.get("document")
                if isinstance(upload, UploadFile):
                    data = await upload.read(storage.MAX_UPLOAD_BYTES + 1)
                    filename = upload.filename
    except (_BodyTooLarge, HTTPException) as exc:
        # A cut-off body is also malformed multipart; only a genuinely bad one is re-raised.
        name_too_long = isinstance(exc, HTTPException) and forms.name_too_long(exc)
        if not body.exceeded and not name_too_long:
            raise
    user = await _current(page, session, for_update=True)
    if isinstance(user, Response):
        return user
    current = await onboarding.identity_document(session, user)
    if body.exceeded:
        errors = [FieldError("document", "too_large", storage.MESSAGES["file_too_large"])]
        return await _render(page, session, user, "document", 400, current=current, errors=errors)
    if name_too_long:
        rule = storage.MESSAGES["filename_too_long"]
        errors = [FieldError("document", "filename_too_long", rule)]
        return await _render(page, session, user, "document", 400, current=current, errors=errors)
    if not page.csrf_ok(csrf):
        errors = EXPIRED_FORM
        return await _render(page, session, user, "document", 400, current=current, errors=errors)
    if not data and current is not None:
        return page.redirect("/onboarding/payout")  # keeps the document already given
    try:
        await onboarding.save_document(session, rt, user, data, filename)
    except ValidationError as exc:
        errors = exc.errors
        return await _render(page, session, user, "document", 400, current=current, errors=errors)
    return page.redirect("/onboarding/payout")


# --------------------------------------------------------------------------- 4. payout


@router.get("/onboarding/payout")
async def payout_form(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    user = await _current(page, session)
    if isinstance(user, Response):
        return user
    return await _render(page, session, user, "payout", values=onboarding.payout_values(user))


@router.post("/onboarding/payout")
async def payout_save(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await _form(request)
    user = await _current(page, session, for_update=True)
    if isinstance(user, Response):
        return user
    values = {name: _field(form, name) for name in onboarding.PAYOUT_FIELDS}
    if not page.csrf_ok(_field(form, "csrf_token")):
        return await _render(page, session, user, "payout", 400, values=values, errors=EXPIRED_FORM)
    try:
        await onboarding.save_payout(session, rt, user, values)
    except ValidationError as exc:
        return await _render(page, session, user, "payout", 400, values=values, errors=exc.errors)
    return page.redirect("/onboarding/review")


# --------------------------------------------------------------------------- 5. review


async def _review(
    page: Page, session: SessionDep, user: User, status_code: int = 200, **context: Any
) -> Response:
    context.setdefault("accepted", {"accept_mandate": False, "accept_terms": False})
    bands = await commission.bands_for(session, user.platform_id, page.rt.clock.now())
    return await _render(
        page,
        session,
        user,
        "review",
        status_code,
        missing=onboarding.missing_before_review(user),
        document=await onboarding.identity_document(session, user),
        country_names=texts.country_names(page.locale, onboarding.COUNTRIES),
        bands=bands,
        vat_rate=VAT_RATE,
        example=rates.calculate(EXAMPLE_AMOUNT, 0, bands),
        **context,
    )


@router.get("/onboarding/review")
async def review_form(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    user = await _current(page, session)
    if isinstance(user, Response):
        return user
    return await _review(page, session, user)


@router.post("/onboarding/review")
async def review_submit(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await _form(request)
    user = await _current(page, session, for_update=True)
    if isinstance(user, Response):
        return user
    accepted = {name: bool(_field(form, name)) for name in ("accept_mandate", "accept_terms")}
    if not page.csrf_ok(_field(form, "csrf_token")):
        return await _review(page, session, user, 400, accepted=accepted, errors=EXPIRED_FORM)
    try:
        await onboarding.submit(session, rt, user, **accepted)
    except ValidationError as exc:
        return await _review(page, session, user, 400, accepted=accepted, errors=exc.errors)
    # Our confirmation first, then back to the platform from its button; the session cookie
    # stays (it opens nothing once onboarding is closed) so that Back lands on the confirmation.
    return page.redirect(DONE)


# --------------------------------------------------------------------------- the link


async def _refused(page: Page, session: SessionDep, exc: access.LinkRefused) -> Response:
    same_browser = access.session_user_id(page.rt, page.request.cookies.get(COOKIE))
    if exc.reason == "used" and same_browser is not None and same_browser == exc.user_id:
        # The browser that spent the link opened it again: carry on, nobody else can.
        return page.redirect(FIRST_STEP)
    user = await access.load_user(session, exc.user_id) if exc.user_id else None
    if user is not None and not access.is_open(user):
        # Onboarding is over: say how it ended rather than "ask for a new link", which the API
        # would refuse for this user anyway.
        return await _done_page(page, session, user)
    status_code, title = LINK_REFUSALS[exc.reason]
    return page.error(title, ASK_AGAIN, status_code, **await _way_back(page, session, user))


@router.get("/onboarding/{token}")
async def welcome(token: str, request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    try:
        user = await access.check_link(session, rt, token)
    except access.LinkRefused as exc:
        return await _refused(page, session, exc)
    return await _welcome_page(page, session, user)


async def _welcome_page(
    page: Page, session: SessionDep, user: User, status_code: int = 200, **context: Any
) -> Response:
    context["errors"] = texts.field_errors(page.locale, context.get("errors") or ())
    return page.render(
        "onboarding/start.html",
        status_code,
        user=user,
        **await _platform(page, session, user),
        action=page.request.url.path,
        **context,
    )


@router.post("/onboarding/{token}")
async def start(token: str, request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    form = await _form(request)
    if not page.csrf_ok(_field(form, "csrf_token")):
        try:
            user = await access.check_link(session, rt, token)
        except access.LinkRefused as exc:
            return await _refused(page, session, exc)
        return await _welcome_page(page, session, user, 400, errors=EXPIRED_FORM)
    try:
        user = await access.redeem_link(session, rt, token)
    except access.LinkRefused as exc:
        return await _refused(page, session, exc)
    await _platform(page, session, user)  # framed, the cookie must work in the frame
    response = page.redirect(FIRST_STEP)
    response.set_cookie(
        COOKIE,
        access.new_session(rt, user),
        max_age=int(access.SESSION_TTL.total_seconds()),
        **{**page.cookie_options(), "path": COOKIE_PATH},
    )
    return response
