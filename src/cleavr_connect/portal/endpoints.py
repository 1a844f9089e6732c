"""The debtor portal's pages, `/{lang}/d/{token}` (SPEC §13): plain HTML forms, no JavaScript.

Every request is rate-limited per link and per address before the token is even looked up, so
a token cannot be guessed by trying; an unknown or closed link gets the same 404 page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import i18n, storage
from cleavr_connect.errors import ApiError, ValidationError
from cleavr_connect.i18n import N_
from cleavr_connect.models import Receivable, StoredFile
from cleavr_connect.money import from_cents
from cleavr_connect.portal import checkout, links, requests, statement, view
from cleavr_connect.runtime import Runtime
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.web.pages import Page

router = APIRouter(include_in_schema=False)

REASON_LABELS = {
    "not_received": N_("I did not receive the goods or the service"),
    "defective": N_("The goods or the service were defective"),
    "already_paid": N_("I have already paid"),
    "amount_wrong": N_("The amount is wrong"),
    "not_my_debt": N_("This is not my debt"),
    "other": N_("Another reason"),
}


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


async def _open(
    request: Request, session: AsyncSession, rt: Runtime, lang: str, token: str
) -> tuple[Page, Receivable]:
    page = Page(request, rt)
    locale = i18n.parse_locale(lang)
    if locale is None or locale != lang:
        raise _Refused(page.error(N_("Page not found"), N_("This page does not exist."), 404))
    page.locale = locale
    limit = rt.settings.portal_rate_limit
    if limit:
        ip = request.client.host if request.client else "unknown"
        for key in (f"portal:t:{rt.keys.hash_token(token)[:32]}", f"portal:ip:{ip}"):
            if not (await rt.limiter.hit(key, limit)).allowed:
                response = page.error(
                    N_("Too many requests"), N_("Please wait a moment and try again."), 429
                )
                response.headers["Retry-After"] = "1"
                raise _Refused(response)
    rec = await links.receivable_for_token(session, rt, token)
    if rec is None:
        raise _Refused(
            page.error(
                N_("This link no longer opens a claim"),
                N_("The claim is settled or closed, or the link is not complete."),
                404,
            )
        )
    return page, rec


def _base(lang: str, token: str) -> str:
    return links.portal_path(token, lang)


def _language_links(lang: str, token: str, suffix: str = "") -> list[dict[str, str]]:
    return [
        {"lang": other, "href": _base(other, token) + suffix, "name": i18n.LANGUAGE_NAMES[other]}
        for other in i18n.LOCALES
        if other != lang
    ]


async def _claim_page(
    page: Page,
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    lang: str,
    token: str,
    *,
    status_code: int = 200,
    **extra: Any,
) -> Response:
    context = await view.claim(session, rt, rec)
    return page.render(
        "portal/claim.html",
        status_code,
        base=_base(lang, token),
        language_links=_language_links(lang, token),
        brand={"name": context["creditor"]["name"]},
        reasons=REASON_LABELS,
        card=rec.livemode is False or bool(rt.settings.stripe_secret_key),
        **context,
        **extra,
    )


@router.get("/{lang}/d/{token}")
async def claim(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    notice = request.query_params.get("notice")
    return await _claim_page(page, session, rt, rec, lang, token, notice=notice)


@router.post("/{lang}/d/{token}/card")
async def pay_by_card(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    form = await request.form()
    if not page.csrf_ok(_text(form, "csrf_token")):
        return await _claim_page(
            page, session, rt, rec, lang, token, status_code=400, notice="expired"
        )
    base = rt.settings.base_url + _base(lang, token)
    provider = checkout.provider_for(rt, rec, f"{base}/sandbox")
    if provider is None:
        return await _claim_page(
            page, session, rt, rec, lang, token, status_code=409, notice="no_card"
        )
    try:
        url = await checkout.start(
            session,
            rt,
            rec,
            provider,
            description=f"{' '.join(rec.invoice_numbers)}",
            return_url=f"{base}?notice=card_pending",
            cancel_url=base,
        )
    except ApiError:
        return await _claim_page(
            page, session, rt, rec, lang, token, status_code=409, notice="nothing"
        )
    return page.redirect(url)


@router.get("/{lang}/d/{token}/sandbox/{checkout_id}")
async def sandbox_page(
    lang: str, token: str, checkout_id: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    found = await checkout.by_id(session, checkout_id)
    if found is None or found.receivable_id != rec.id or found.provider != "sandbox":
        return page.error(N_("Page not found"), N_("This page does not exist."), 404)
    return page.render(
        "portal/sandbox.html",
        base=_base(lang, token),
        language_links=_language_links(lang, token, f"/sandbox/{checkout_id}"),
        checkout=found,
        amount=from_cents(found.amount_cents),
        rec=rec,
    )


@router.post("/{lang}/d/{token}/sandbox/{checkout_id}")
async def sandbox_decide(
    lang: str, token: str, checkout_id: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    form = await request.form()
    found = await checkout.by_id(session, checkout_id)
    if found is None or found.receivable_id != rec.id or found.provider != "sandbox":
        return page.error(N_("Page not found"), N_("This page does not exist."), 404)
    if not page.csrf_ok(_text(form, "csrf_token")):
        return page.redirect(f"{_base(lang, token)}/sandbox/{checkout_id}")
    if _text(form, "decision") != "pay":
        await checkout.decline(session, found)
        return page.redirect(f"{_base(lang, token)}?notice=card_declined")
    payment = await checkout.complete(session, rt, found)
    return page.render(
        "portal/done.html",
        language_links=[],
        title=page.gettext(N_("Thank you, your payment is recorded")),
        message=page.gettext(
            N_("We received %(amount)s. The creditor is informed."),
            amount=i18n.format_money(
                from_cents(payment.amount_cents if payment else 0), page.locale
            ),
        ),
        back=_base(lang, token) if rec.status != "recovered" else None,
    )


@router.post("/{lang}/d/{token}/dispute")
async def dispute(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    form = await request.form()
    if not page.csrf_ok(_text(form, "csrf_token")):
        return await _claim_page(
            page, session, rt, rec, lang, token, status_code=400, notice="expired"
        )
    if rec.status == "disputed":
        return await _claim_page(
            page, session, rt, rec, lang, token, status_code=409, notice="disputed"
        )
    uploads = []
    for item in form.getlist("documents"):
        if isinstance(item, str):
            continue
        data = await item.read(storage.MAX_UPLOAD_BYTES + 1)
        if data or item.filename:
            uploads.append(requests.Upload(data, item.filename))
    try:
        await requests.dispute(
            session,
            rt,
            rec,
            reason=_text(form, "reason"),
            comment=_text(form, "comment"),
            documents=uploads,
        )
    except ValidationError as exc:
        return await _claim_page(
            page,
            session,
            rt,
            rec,
            lang,
            token,
            status_code=400,
            dispute_errors={e.param: page.gettext(e.message) for e in exc.errors},
            form={"reason": _text(form, "reason"), "comment": _text(form, "comment")},
        )
    return page.redirect(f"{_base(lang, token)}?notice=disputed")


@router.post("/{lang}/d/{token}/promise")
async def promise(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    form = await request.form()
    if not page.csrf_ok(_text(form, "csrf_token")):
        return await _claim_page(
            page, session, rt, rec, lang, token, status_code=400, notice="expired"
        )
    try:
        await requests.promise(session, rt, rec, _text(form, "promised_for"))
    except ValidationError:
        return await _claim_page(
            page,
            session,
            rt,
            rec,
            lang,
            token,
            status_code=400,
            promise_error=page.gettext(requests.PROMISE_RULE),
        )
    return page.redirect(f"{_base(lang, token)}?notice=promised")


@router.get("/{lang}/d/{token}/statement.pdf")
async def statement_pdf(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    data = statement.render(await view.claim(session, rt, rec), page.locale)
    return Response(
        data,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="statement-{rec.id}.pdf"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/{lang}/d/{token}/documents/{file_id}")
async def document(
    lang: str, token: str, file_id: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    try:
        page, rec = await _open(request, session, rt, lang, token)
    except _Refused as refused:
        return refused.response
    stored = await session.get(StoredFile, file_id)
    if stored is None or stored.receivable_id != rec.id or stored.purpose == "evidence":
        return page.error(N_("Page not found"), N_("This page does not exist."), 404)
    return FileResponse(
        storage.absolute_path(rt.settings, stored),
        media_type=stored.content_type,
        filename=stored.original_name or stored.id,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.post("/webhooks/stripe")
async def stripe_webhook(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    """Stripe Checkout's completion: verified by its signature, recorded once."""
    payload = await request.body()
    try:
        done = await checkout.stripe_event(
            session, rt, payload, request.headers.get("stripe-signature", "")
        )
    except ApiError as exc:
        return JSONResponse({"error": {"code": exc.code, "message": exc.message}}, exc.status_code)
    return JSONResponse({"received": True, "result": done})


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""
