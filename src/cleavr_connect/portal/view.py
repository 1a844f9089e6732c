"""What the portal shows of a claim: every figure comes from the amounts domain, never from
arithmetic of its own."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from segno import helpers as qr_helpers
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from stdnum import iban as stdnum_iban
from stdnum import iso11649

from cleavr_connect import i18n
from cleavr_connect.models import Payment, Receivable, StoredFile
from cleavr_connect.money import from_cents, to_cents
from cleavr_connect.portal import links
from cleavr_connect.receivables import instalments, law, service
from cleavr_connect.receivables.amounts import Period
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import repository as users


@dataclass(frozen=True)
class Transfer:
    iban: str
    bic: str | None
    name: str
    reference: str
    amount: Decimal
    qr_data_uri: str

    # What the page prints: groups of four, the print forms of ISO 13616 and ISO 11649, which a
    # person copies or hears read out without losing their place (and which wrap on a narrow
    # phone). The QR code carries them compact.
    @property
    def iban_grouped(self) -> str:
        return stdnum_iban.format(self.iban)

    @property
    def reference_grouped(self) -> str:
        return iso11649.format(self.reference)


# EPC069-12 caps a code's amount at 999 999 999.99 EUR (field 8: "EUR" and at most 12 characters).
EPC_MAX_AMOUNT = Decimal("999999999.99")


def epc_qr(transfer: Transfer) -> str:
    """The EPC069-12 "GiroCode" banking apps scan, as an SVG data URI (our pages allow `data:`
    images and nothing from elsewhere); "" for an amount no such code can carry (the page then
    shows the transfer's details only)."""
    if not Decimal("0.01") <= transfer.amount <= EPC_MAX_AMOUNT:
        return ""
    qr = qr_helpers.make_epc_qr(
        name=transfer.name[:70],
        iban=transfer.iban,
        amount=transfer.amount,
        reference=transfer.reference,
        bic=transfer.bic,
    )
    # A standalone SVG document: an <img> shows nothing without the SVG namespace (what
    # `svg_inline` leaves out), and scales the code to its box only with a viewBox.
    out = io.BytesIO()
    qr.save(out, kind="svg", scale=4, xmldecl=False, svgns=True)
    width, height = qr.symbol_size(scale=4)
    svg = out.getvalue().decode().replace("<svg ", f'<svg viewBox="0 0 {width} {height}" ', 1)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@dataclass(frozen=True)
class PlanOption:
    count: int
    first: Decimal  # the largest instalment (the first ones carry the remainder's cents)
    last: Decimal


def plan_options(outstanding: Decimal) -> list[PlanOption]:
    """Each number of monthly instalments a debtor may propose, with what each would be today
    (the schedule is fixed from what is outstanding on the day the plan is accepted)."""
    cents = to_cents(outstanding)
    options = []
    # No count that would make an instalment of 0.00 EUR.
    for count in range(instalments.MIN_INSTALMENTS, min(instalments.MAX_INSTALMENTS, cents) + 1):
        parts = instalments.split(cents, count)
        options.append(PlanOption(count, from_cents(parts[0]), from_cents(parts[-1])))
    return options


def period_rows(periods: list[Period], locale: i18n.Locale) -> list[dict[str, Any]]:
    """The penalty (or interest) stretches as the page shows them: the rate in the locale's
    percent format, each amount to the cent as they add up to the total (`Period.shown`)."""
    return [
        {
            "start": p.start,
            "end": p.end,
            "days": p.days,
            "base": p.base,
            # `12,15 %` with a no-break space in French, `12.15%` in English, as letters write it.
            "rate": i18n.format_percent(p.rate / 100, locale),
            "amount": p.shown,
        }
        for p in periods
    ]


def _plan(rec: Receivable) -> dict[str, Any] | None:
    plan = instalments.as_object(rec.payment_plan)
    if plan is None:
        return None
    for item in plan["instalments"]:
        item["due_date"] = date.fromisoformat(item["due_date"])
    return plan


async def claim(session: AsyncSession, rt: Runtime, rec: Receivable) -> dict[str, Any]:
    figures = await service.compute_amounts(session, rt, rec)
    # The penalties (or a consumer's interest) stretch by stretch: dates, base, rate, amount.
    periods = (await service.breakdown(session, rt, rec)).periods
    user = await users.by_id_unscoped(session, rec.user_id)
    company = (user.company if user else {}) or {}
    paid = list(
        (
            await session.execute(
                select(Payment).where(Payment.receivable_id == rec.id).order_by(Payment.paid_at)
            )
        ).scalars()
    )
    documents = list(
        (
            await session.execute(
                select(StoredFile)
                .where(StoredFile.receivable_id == rec.id, StoredFile.purpose != "evidence")
                .order_by(StoredFile.created_at)
            )
        ).scalars()
    )
    transfer = None
    to_pay = instalments.to_pay_now(rec.payment_plan, figures.outstanding)
    account = links.collection_account(rt.settings, rec.livemode)
    if account is not None and figures.outstanding > 0:
        reference = await links.creditor_reference(session, rt, rec)
        base = Transfer(account.iban, account.bic, account.name, reference, to_pay, "")
        transfer = Transfer(**{**base.__dict__, "qr_data_uri": epc_qr(base)})
    return {
        "rec": rec,
        "creditor": {
            "name": company.get("name") or "",
            "siret": company.get("siret"),
            "address": company.get("address") or {},
        },
        "amounts": figures,
        # A consumer owes legal interest (art. 1231-6 Code civil), never L441-10 penalties.
        "consumer": law.debtor_kind(rec.debtor_type) == "consumer",
        "payments": [{"paid_at": p.paid_at, "amount": from_cents(p.amount_cents)} for p in paid],
        "documents": documents,
        "transfer": transfer,
        "to_pay": to_pay,
        "principal": from_cents(rec.amount_cents or 0),
        "periods": periods,
        "plan": _plan(rec),
        "options": plan_options(figures.outstanding),
    }
