"""The commission invoice of a payout (SPEC §13): issued when the payout is paid, numbered in one
gapless sequence per mode, with what French law requires an invoice to state (Code général des
impôts, annexe II, art. 242 nonies A; Code de commerce L441-9): both parties' names, addresses,
SIREN and VAT numbers, the date, a unique sequential number, the service, each amount excluding
VAT, the VAT rate and amount, the total including VAT, how it is paid (deducted from the payout)
and the late-payment mentions. Everything printed is frozen on the payout when it is issued, so
the document never changes afterwards, whatever happens to the parties' details.

The number comes from `UPDATE invoice_sequences … RETURNING` in the transaction that pays the
payout: on PostgreSQL the row lock makes a concurrent issuer of the same mode wait for the
commit, and a rolled-back transaction gives its number back; SQLite has one writer at a time.
Either way no number is skipped or given twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.config import Settings
from cleavr_connect.errors import ConflictError
from cleavr_connect.models import InvoiceSequence, Payment, Payout, Receivable, User
from cleavr_connect.money import from_cents
from cleavr_connect.runtime import Runtime

VAT_RATE = Decimal("20")
# What a test-mode invoice prints when the agency's identity is not configured: zeros, which no
# company has, so nobody mistakes a test invoice for a real one.
TEST_SELLER = {"siren": "000000000", "vat_number": "FR00000000000"}


def seller_identity(settings: Settings, livemode: bool) -> dict[str, str]:
    """The agency's SIREN and VAT number as printed on its invoices. Live mode has no default:
    an invoice without them is not a valid French invoice (CGI annexe II, art. 242 nonies A),
    so issuing one is refused with a message for the operator."""
    siren, vat = settings.legal_siren, settings.legal_vat_number
    if livemode:
        missing = [
            name
            for name, value in (("CLEAVR_LEGAL_SIREN", siren), ("CLEAVR_LEGAL_VAT_NUMBER", vat))
            if not value
        ]
        if missing:
            raise ConflictError(
                f"The agency's legal identity is not configured ({', '.join(missing)}): live "
                "commission invoices cannot be issued. Set it and restart.",
                code="legal_identity_missing",
                param=missing[0],
            )
        return {"siren": siren, "vat_number": vat}
    return {
        "siren": siren or TEST_SELLER["siren"],
        "vat_number": vat or TEST_SELLER["vat_number"],
    }


def invoice_number(livemode: bool, sequence: int) -> str:
    return f"{'FC' if livemode else 'TEST-FC'}-{sequence:08d}"


async def next_number(session: AsyncSession, livemode: bool) -> int:
    result = await session.execute(
        update(InvoiceSequence)
        .where(InvoiceSequence.livemode == livemode)
        .values(last_number=InvoiceSequence.last_number + 1)
        .returning(InvoiceSequence.last_number)
    )
    number = result.scalar_one_or_none()
    if number is None:  # a database created without the migration's seed rows
        session.add(InvoiceSequence(livemode=livemode, last_number=1))
        await session.flush()
        return 1
    return int(number)


def _address(raw: dict[str, Any] | None) -> dict[str, str]:
    raw = raw or {}
    return {
        k: str(raw.get(k) or "") for k in ("line1", "line2", "postal_code", "city", "country")
    } | {"country": str(raw.get("country") or "FR")}


async def issue(session: AsyncSession, rt: Runtime, payout: Payout) -> dict[str, Any] | None:
    """Numbers and freezes the payout's invoice (once); None when there is no commission."""
    if payout.invoice is not None:
        return payout.invoice
    if payout.commission_cents == 0:
        return None
    rows = (
        await session.execute(
            select(Payment, Receivable.invoice_numbers, Receivable.debtor)
            .join(Receivable, Receivable.id == Payment.receivable_id)
            .where(Payment.payout_id == payout.id, Payment.commission_cents > 0)
            .order_by(Payment.paid_at, Payment.created_at, Payment.id)
        )
    ).all()
    user = await session.get(User, payout.user_id)
    company = (user.company if user else None) or {}
    settings = rt.settings
    identity = seller_identity(settings, payout.livemode)  # before a number is taken
    number = invoice_number(payout.livemode, await next_number(session, payout.livemode))
    issued_on = (payout.paid_at or rt.clock.now()).date()
    incl_vat = payout.commission_cents + payout.commission_vat_cents
    balance = payout.amount_cents + (payout.carried_in_cents or 0)
    # Older balances were on older invoices: this one owes at most its own total.
    due = min(incl_vat, -balance) if payout.status == "carried_forward" and balance < 0 else 0
    lines = []
    for payment, numbers, debtor in rows:
        lines.append(
            {
                "payment_id": payment.id,
                "receivable_id": payment.receivable_id,
                "invoice_numbers": list(numbers),
                "debtor": (debtor or {}).get("company_name", ""),
                "paid_at": payment.paid_at.isoformat(),
                "direct": payment.source == "direct",
                "collected": str(from_cents(payment.amount_cents - payment.overpayment_cents)),
                "rate": payment.commission_rate,
                "commission": str(from_cents(payment.commission_cents)),
                "vat": str(from_cents(payment.commission_vat_cents)),
            }
        )
    invoice = {
        "number": number,
        "issue_date": issued_on.isoformat(),
        "service_date": payout.payout_date.isoformat(),
        "payout_id": payout.id,
        "currency": "EUR",
        "livemode": payout.livemode,
        "seller": {
            "name": settings.legal_entity,
            "address": settings.legal_address,
            "siren": identity["siren"],
            "vat_number": identity["vat_number"],
            "registration": settings.legal_registration,
        },
        "buyer": {
            "name": str(company.get("name") or (user.email if user else "")),
            "address": _address(company.get("address")),
            "siren": str(company.get("siret") or "")[:9],
            "siret": str(company.get("siret") or ""),
            "vat_number": str(company.get("vat_number") or ""),
            "user_id": payout.user_id,
        },
        "lines": lines,
        "vat_rate": str(VAT_RATE),
        "total_excl_vat": str(from_cents(payout.commission_cents)),
        "total_vat": str(from_cents(payout.commission_vat_cents)),
        "total_incl_vat": str(from_cents(incl_vat)),
        # How it is paid: deducted from the money collected for the user; what the day's
        # collections could not cover (a `carried_forward` payout) stays due, and is deducted
        # from the next payouts.
        "paid_by_deduction": str(from_cents(incl_vat - due)),
        "amount_due": str(from_cents(due)),
    }
    payout.invoice_number = number
    payout.invoice = invoice
    await session.flush()
    return invoice
