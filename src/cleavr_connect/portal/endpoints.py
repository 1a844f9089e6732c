"""The debtor portal's pages, `/{lang}/d/{token}` (SPEC §13): plain HTML forms, no JavaScript.

Every request is rate-limited per link and per address before the token is even looked up, so
a token cannot be guessed by trying; an unknown or closed link gets the same 404 page.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import i18n, storage
from cleavr_connect.collection import card_payments
from cleavr_connect.errors import ApiError, ValidationError
from cleavr_connect.i18n import N_
from cleavr_connect.models import Platform, Receivable, StoredFile
from cleavr_connect.money import from_cents
from cleavr_connect.platforms.branding import brand_of
from cleavr_connect.portal import checkout, links, requests, statement, view
from cleavr_connect.receivables import lifecycle, plans
from cleavr_connect.receivables import repository as receivables_repo
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import has_control_characters
from cleavr_connect.web import forms
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


PLAN_RULE = N_("Choose between 2 and 12 monthly instalments.")
# What the debtor reads of a plan and of its instalments.
PLAN_LABELS = {
    "pending": N_("Waiting for the creditor's answer"),
    "accepted": N_("Under way"),
    "refused": N_("Refused by the creditor"),
    "broken": N_("Ended: an instalment was not paid in time"),
    "completed": N_("Completed"),
    "scheduled": N_("To pay"),
    "paid": N_("Paid"),
    "missed": N_("Not paid"),
}


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


async def _open(
    request: Request,
    session: AsyncSession,
    rt: Runtime,
    lang: str,
    token: str,
    *,
    settled: bool = False,
) -> tuple[Page, Receivable]:
    """The page and the claim a link opens; `settled`: a claim paid in full lately too, for the
    read-only pages (its settled page, its statement)."""
    page = Page(request, rt)
    locale = i18n.parse_locale(lang)
    if locale is None or locale != lang:
        raise _Refused(page.error(N_("Page not found"), N_("This page does not exist."), 404))
    page.locale = locale
    if any(has_control_characters(value) for value in request.path_params.values()):
        # No link, file or payment id holds one (and PostgreSQL could not even look up a NUL).
        raise _Refused(page.error(N_("Page not found"), N_("This page does not exist."), 404))
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
    rec = await links.receivable_for_token(session, rt, token, settled=settled)
    if rec is None:
        raise _Refused(
            page.error(
                N_("This link no longer opens a claim"),
                N_("The claim is settled or closed, or the link is not complete."),
                404,
            )
        )
    return page, rec


def _answers_refusals(
    route: Callable[..., Awaitable[Response]],
) -> Callable[..., Awaitable[Response]]:
    """A portal route whose link was refused (`_Refused`) answers the refusal's page."""

    @functools.wraps(route)
    async def answer(*args: Any, **kwargs: Any) -> Response:
        try:
            return await route(*args, **kwargs)
        except _Refused as refused:
            return refused.response

    return answer


async def _submitted(
    request: Request, session: AsyncSession, rt: Runtime, lang: str, token: str
) -> tuple[Page, Receivable, Any]:
    """A form posted on a claim's page: the link opened, the form read, its CSRF token checked
    (an expired form shows the claim again, 400)."""
    page, rec = await _open(request, session, rt, lang, token)
    try:
        form = await forms.read_form(request)
    except forms.FileNameTooLong:
        message = page.gettext(storage.MESSAGES["filename_too_long"])
        raise _Refused(
            await _again(
                page, session, rt, rec, lang, token, 400, dispute_errors={"documents": message}
            )
        ) from None
    if not page.csrf_ok(_text(form, "csrf_token")):
        raise _Refused(await _again(page, session, rt, rec, lang, token, 400, notice="expired"))
    # What the form does, it does to the claim as it is now, locked until the request commits:
    # a payment arriving meanwhile waits, and is neither overwritten nor disputed after the fact.
    await receivables_repo.by_id_unscoped(session, rec.id, lock=True)
    if rec.status == "recovered":  # paid in full while the form was open: nothing left to do
        raise _Refused(await _settled_page(page, session, rt, rec, lang, token))
    if not lifecycle.is_open(rec.status):
        raise _Refused(page.error(N_("Page not found"), N_("This page does not exist."), 404))
    return page, rec, form


async def _again(
    page: Page,
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    lang: str,
    token: str,
    status_code: int,
    **extra: Any,
) -> Response:
    """The claim's page again, answering a form with `status_code` and what to show."""
    return await _claim_page(page, session, rt, rec, lang, token, status_code=status_code, **extra)


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
    template: str = "portal/claim.html",
    suffix: str = "",
    **extra: Any,
) -> Response:
    context = await view.claim(session, rt, rec)
    return page.render(
        template,
        status_code,
        base=_base(lang, token),
        language_links=_language_links(lang, token, suffix),
        brand=await _brand(session, rec, context["creditor"]["name"]),
        plan_labels=PLAN_LABELS,
        reasons=REASON_LABELS,
        card=card_payments(rt.settings, rec.livemode),
        promise_window=requests.promise_window(rt, rec),
        **{**context, "periods": view.period_rows(context["periods"], page.locale)},
        **extra,
    )


async def _brand(session: AsyncSession, rec: Receivable, creditor: str) -> dict[str, Any]:
    """The platform's logo and colour when it set them (the creditor named beside), else the
    creditor's name."""
    brand = brand_of(await session.get(Platform, rec.platform_id))
    if brand and (brand["logo_url"] or brand["color"]):
        return brand
    return {"name": creditor}


@router.get("/{lang}/d/{token}")
@_answers_refusals
async def claim(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec = await _open(request, session, rt, lang, token, settled=True)
    if rec.status == "recovered":
        return await _settled_page(page, session, rt, rec, lang, token)
    notice = request.query_params.get("notice")
    return await _claim_page(page, session, rt, rec, lang, token, notice=notice)


async def _settled_page(
    page: Page, session: AsyncSession, rt: Runtime, rec: Receivable, lang: str, token: str
) -> Response:
    """A claim paid in full: what was paid and when, and the statement of account to keep."""
    context = await view.claim(session, rt, rec)
    paid = sum((p["amount"] for p in context["payments"]), Decimal("0.00"))
    overpaid = context["amounts"].overpaid
    return page.render(
        "portal/done.html",
        language_links=_language_links(lang, token, ""),
        title=page.gettext(N_("This claim is settled")),
        message=page.gettext(
            N_("We received %(amount)s in all; the claim was settled on %(date)s. Thank you."),
            amount=i18n.format_money(paid, page.locale),
            date=i18n.format_date(rec.closed_at, page.locale),
        ),
        detail=page.gettext(
            N_("That is %(amount)s more than was owed: it will be refunded to you."),
            amount=i18n.format_money(overpaid, page.locale),
        )
        if overpaid > 0
        else None,
        download=f"{_base(lang, token)}/statement.pdf",
    )


@router.post("/{lang}/d/{token}/card")
@_answers_refusals
async def pay_by_card(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec, form = await _submitted(request, session, rt, lang, token)
    base = rt.settings.base_url + _base(lang, token)
    provider = checkout.provider_for(rt, rec, f"{base}/sandbox")
    if provider is None:
        return await _again(page, session, rt, rec, lang, token, 409, notice="no_card")
    try:
        url = await checkout.start(
            session,
            rt,
            rec,
            provider,
            description=f"{' '.join(rec.invoice_numbers)}",
            return_url=f"{base}?notice=card_pending",
            cancel_url=base,
            whole=_text(form, "whole") == "1",
        )
    except ApiError:
        return await _again(page, session, rt, rec, lang, token, 409, notice="nothing")
    return page.redirect(url)


@router.get("/{lang}/d/{token}/sandbox/{checkout_id}")
@_answers_refusals
async def sandbox_page(
    lang: str, token: str, checkout_id: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec = await _open(request, session, rt, lang, token)
    found = await checkout.by_id(session, checkout_id)
    if found is None or found.receivable_id != rec.id or found.provider != "sandbox":
        return page.error(N_("Page not found"), N_("This page does not exist."), 404)
    if checkout.expired(rt, found):
        return page.redirect(f"{_base(lang, token)}?notice=card_expired")
    return page.render(
        "portal/sandbox.html",
        base=_base(lang, token),
        language_links=_language_links(lang, token, f"/sandbox/{checkout_id}"),
        checkout=found,
        amount=from_cents(found.amount_cents),
        rec=rec,
    )


@router.post("/{lang}/d/{token}/sandbox/{checkout_id}")
@_answers_refusals
async def sandbox_decide(
    lang: str, token: str, checkout_id: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec = await _open(request, session, rt, lang, token)
    form = await request.form()
    found = await checkout.by_id(session, checkout_id)
    if found is None or found.receivable_id != rec.id or found.provider != "sandbox":
        return page.error(N_("Page not found"), N_("This page does not exist."), 404)
    if not page.csrf_ok(_text(form, "csrf_token")):
        return page.redirect(f"{_base(lang, token)}/sandbox/{checkout_id}")
    # Past its hour it takes no payment, as a Stripe session: the debtor starts another.
    if checkout.expired(rt, found):
        await checkout.expire(session, found)
        return page.redirect(f"{_base(lang, token)}?notice=card_expired")
    # The form sent again (back button, a double tap, two tabs) answers what the checkout
    # became the first time: a completed one is never "declined", nor paid twice.
    if found.status == "open" and _text(form, "decision") != "pay":
        await checkout.decline(session, found)
    elif found.status == "open":
        await checkout.complete(session, rt, found)
    await session.refresh(found)
    if found.status != "completed":
        return page.redirect(f"{_base(lang, token)}?notice=card_declined")
    return page.render(
        "portal/done.html",
        language_links=[],
        title=page.gettext(N_("Thank you, your payment is recorded")),
        message=page.gettext(
            N_("We received %(amount)s. The creditor is informed."),
            # What the card was charged: `complete` records all of it as the payment.
            amount=i18n.format_money(from_cents(found.amount_cents), page.locale),
        ),
        back=_base(lang, token) if rec.status != "recovered" else None,
        download=f"{_base(lang, token)}/statement.pdf" if rec.status == "recovered" else None,
    )


@router.post("/{lang}/d/{token}/dispute")
@_answers_refusals
async def dispute(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec, form = await _submitted(request, session, rt, lang, token)
    if rec.status == "disputed":
        return await _again(page, session, rt, rec, lang, token, 409, notice="disputed")
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
        return await _again(
            page,
            session,
            rt,
            rec,
            lang,
            token,
            400,
            dispute_errors={e.param: page.gettext(e.message) for e in exc.errors},
            form={"reason": _text(form, "reason"), "comment": _text(form, "comment")},
        )
    return page.redirect(f"{_base(lang, token)}?notice=disputed")


@router.post("/{lang}/d/{token}/promise")
@_answers_refusals
async def promise(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec, form = await _submitted(request, session, rt, lang, token)
    try:
        await requests.promise(session, rt, rec, _text(form, "promised_for"))
    except ValidationError:
        return await _again(
            page,
            session,
            rt,
            rec,
            lang,
            token,
            400,
            promise_error=page.gettext(requests.PROMISE_RULE),
        )
    return page.redirect(f"{_base(lang, token)}?notice=promised")


async def _plan_page(
    page: Page,
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    lang: str,
    token: str,
    **extra: Any,
) -> Response:
    """The proposal page: the claim's figures, what each number of instalments would be, and
    the creditor's policy."""
    policy = await plans.policy_for(session, rec)
    return await _claim_page(
        page,
        session,
        rt,
        rec,
        lang,
        token,
        template="portal/plan.html",
        suffix="/plan",
        policy=policy,
        min_instalment=from_cents(policy.min_instalment_cents),
        **extra,
    )


@router.get("/{lang}/d/{token}/plan")
@_answers_refusals
async def plan_page(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec = await _open(request, session, rt, lang, token)
    return await _plan_page(page, session, rt, rec, lang, token)


@router.post("/{lang}/d/{token}/plan")
@_answers_refusals
async def propose_plan(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec, form = await _submitted(request, session, rt, lang, token)
    chosen = _text(form, "instalments")
    try:
        plan = await plans.propose(session, rt, rec, chosen)
    except ValidationError:
        return await _plan_page(
            page,
            session,
            rt,
            rec,
            lang,
            token,
            status_code=400,
            error=page.gettext(PLAN_RULE),
            chosen=chosen,
        )
    except ApiError:
        return await _again(page, session, rt, rec, lang, token, 409, notice="no_plan")
    return page.redirect(f"{_base(lang, token)}?notice=plan_{plan['status']}")


@router.get("/{lang}/d/{token}/statement.pdf")
@_answers_refusals
async def statement_pdf(
    lang: str, token: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec = await _open(request, session, rt, lang, token, settled=True)
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
@_answers_refusals
async def document(
    lang: str, token: str, file_id: str, request: Request, session: SessionDep, rt: RuntimeDep
) -> Response:
    page, rec = await _open(request, session, rt, lang, token)
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
        await session.rollback()  # nothing of a refused event is kept: Stripe sends it again
        return JSONResponse({"error": {"code": exc.code, "message": exc.message}}, exc.status_code)
    return JSONResponse({"received": True, "result": done})


def _text(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""
