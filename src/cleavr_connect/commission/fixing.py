"""Commission fixed at submission (SPEC §8, §13): the band comes from the debt's age the day the
receivable is submitted, and the platform's table in force that day is kept on the receivable.
The agency's own delay never raises its fee; a later table never applies retroactively.
Every payment's commission then uses that rate; 20 % VAT is added on top."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.commission import rates
from cleavr_connect.commission import service as tables
from cleavr_connect.money import percent_of, round_cents

VAT_RATE = Decimal("20")  # a service supplied in France: CGI art. 278


@dataclass(frozen=True)
class Fixed:
    days_overdue: int
    rate: Decimal
    bands: tuple[rates.Band, ...]

    @property
    def bands_json(self) -> list[dict[str, Any]]:
        return [{"min_days": b.min_days, "rate": str(b.rate)} for b in self.bands]


def fix_with(bands: tuple[rates.Band, ...], due: date, submitted_on: date) -> Fixed:
    days = max(0, (submitted_on - due).days)
    return Fixed(days, rates.rate_for(days, bands), bands)


async def fix(session: AsyncSession, platform_id: str, due: date, now: datetime) -> Fixed:
    return fix_with(await tables.bands_for(session, platform_id, now), due, now.date())


def vat_on(commission: Decimal) -> Decimal:
    """20 % VAT on a commission excluding VAT, rounded half-up to the cent."""
    return round_cents(commission * VAT_RATE / 100)


@dataclass(frozen=True)
class Charge:
    rate: Decimal
    commission: Decimal  # excluding VAT
    vat: Decimal

    @property
    def incl_vat(self) -> Decimal:
        return self.commission + self.vat


def charge(amount: Decimal, rate: Decimal) -> Charge:
    commission = percent_of(amount, rate)
    return Charge(rate, commission, vat_on(commission))
