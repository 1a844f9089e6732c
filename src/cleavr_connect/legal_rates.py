"""The two dated rate tables French late-payment law reads, one value per half-year:

- `ecb`: the ECB main refinancing rate in force on 1 January or 1 July; plus 10 points it is the
  legal late-payment rate between professionals (Code de commerce L441-10);
- `legal`: the taux de l'intérêt légal for creditors other than consumers (Code monétaire et
  financier L313-2), which a consumer owes from the formal notice (Code civil 1231-6) and whose
  triple is the floor of a contract penalty rate between professionals (L441-10).

The history is data (`rate_data/*.csv`, each line citing its source); the operator adds half-years
with `cleavr-connect rates set`, stored in `rate_entries` and read here on top of the files.
A half-year without its own line keeps the last known rate, loudly: `missing_current` names the
tables that lack the current half-year, for the log, `GET /v1/commission/rates` and `/health`.
"""

from __future__ import annotations

import csv
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from cleavr_connect.db.children import Children
from cleavr_connect.models import RateEntry

Kind = Literal["ecb", "legal"]
KINDS: tuple[Kind, ...] = ("ecb", "legal")
LEGAL_MARGIN = Decimal("10")  # L441-10: ECB rate + 10 points
CONTRACT_FLOOR_FACTOR = Decimal("3")  # L441-10: never below three times the legal interest rate
_DATA = Path(__file__).resolve().parent / "rate_data"
_FILES: dict[Kind, str] = {"ecb": "ecb_refi_rates.csv", "legal": "legal_interest_rates.csv"}
REFRESH_SECONDS = 30.0
_ENTRIES = Children(RateEntry, None, RateEntry.kind, RateEntry.effective_from)

log = logging.getLogger("cleavr_connect.rates")


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def next_half_year(day: date) -> date:
    return date(day.year, 7, 1) if day.month <= 6 else date(day.year + 1, 1, 1)


@dataclass(frozen=True)
class RateTable:
    """(first day, annual %) ascending; a day takes the rate of its half-year's start."""

    entries: tuple[tuple[date, Decimal], ...]

    def at(self, day: date) -> Decimal:
        start = half_year_start(day)
        rate = self.entries[0][1]
        for since, value in self.entries:
            if since > start:
                break
            rate = value
        return rate

    def has_half_year(self, day: date) -> bool:
        start = half_year_start(day)
        return any(since == start for since, _ in self.entries)

    def merged(self, extra: Iterable[tuple[date, Decimal]]) -> RateTable:
        by_day = dict(self.entries)
        by_day.update(extra)
        return RateTable(tuple(sorted(by_day.items())))


def load_file(kind: Kind) -> RateTable:
    with (_DATA / _FILES[kind]).open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return RateTable(
            tuple(
                sorted((date.fromisoformat(r["effective_from"]), Decimal(r["rate"])) for r in rows)
            )
        )


BUILTIN: dict[Kind, RateTable] = {kind: load_file(kind) for kind in KINDS}


@dataclass(frozen=True)
class Rates:
    """Both tables as they stand: what the amounts of a receivable are computed with."""

    ecb: RateTable
    legal: RateTable

    def ecb_rate(self, day: date) -> Decimal:
        return self.ecb.at(day)

    def late_payment_rate(self, day: date) -> Decimal:
        """L441-10's default rate between professionals: ECB + 10 points, per half-year."""
        return self.ecb.at(day) + LEGAL_MARGIN

    def legal_interest(self, day: date) -> Decimal:
        return self.legal.at(day)

    def contract_floor(self, day: date) -> Decimal:
        return self.legal.at(day) * CONTRACT_FLOOR_FACTOR

    def missing_current(self, today: date) -> list[Kind]:
        return [k for k in KINDS if not getattr(self, k).has_half_year(today)]


DEFAULT = Rates(ecb=BUILTIN["ecb"], legal=BUILTIN["legal"])


def ecb_rate_for(day: date) -> Decimal:
    """The shipped history's ECB rate for a day (without the operator's additions)."""
    return DEFAULT.ecb_rate(day)


def legal_rate_for(day: date) -> Decimal:
    """The shipped history's L441-10 default rate between professionals for a day."""
    return DEFAULT.late_payment_rate(day)


@dataclass
class RateBook:
    """The process's view of the tables: the files plus the operator's `rate_entries`, re-read
    at most every 30 seconds so that a `rates set` reaches every API and worker process."""

    current: Rates = DEFAULT
    _loaded_at: float | None = field(default=None, repr=False)
    _warned: set[tuple[str, date]] = field(default_factory=set, repr=False)

    def stale(self) -> bool:
        return self._loaded_at is None or time.monotonic() - self._loaded_at > REFRESH_SECONDS

    async def refresh(self, session: AsyncSession, *, force: bool = False) -> Rates:
        if force or self.stale():
            self.load((await session.execute(select(self.entries(session)))).scalar_one())
        return self.current

    @staticmethod
    def entries(session: AsyncSession) -> ColumnElement[Any]:
        """The operator's lines as one value, for the select list of another statement (whose
        result goes to `load`): a request that must see them fresh reads them in its own."""
        return _ENTRIES.of(session)

    def load(self, value: Any) -> Rates:
        """The tables from what `entries` selected."""
        extra: dict[str, list[tuple[date, Decimal]]] = {k: [] for k in KINDS}
        for entry in _ENTRIES.rows(value):
            extra.setdefault(entry.kind, []).append((entry.effective_from, Decimal(entry.rate)))
        self.current = Rates(
            ecb=BUILTIN["ecb"].merged(extra["ecb"]),
            legal=BUILTIN["legal"].merged(extra["legal"]),
        )
        self._loaded_at = time.monotonic()
        # Loud from the first load on: every process logs a missing half-year once.
        self.warnings(date.today())
        return self.current

    def warnings(self, today: date) -> list[dict[str, str]]:
        """One warning per table without a line for today's half-year, logged once per process
        and half-year: the last known rate is being used in its place."""
        found = []
        for kind in self.current.missing_current(today):
            start = half_year_start(today)
            message = (
                f"The {kind} rate table has no entry for the half-year starting "
                f"{start.isoformat()}: the last known rate is used. Add it with "
                f"`cleavr-connect rates set {kind} --from {start.isoformat()} --rate R`."
            )
            if (kind, start) not in self._warned:
                self._warned.add((kind, start))
                log.warning(message)
            found.append({"code": f"{kind}_rate_missing", "table": kind, "message": message})
        return found


async def set_rate(
    session: AsyncSession, kind: Kind, effective_from: date, rate: Decimal, *, now: object
) -> RateEntry:
    """Adds or replaces the operator's line for a half-year (the day must start one)."""
    existing = (
        await session.execute(
            select(RateEntry).where(
                RateEntry.kind == kind, RateEntry.effective_from == effective_from
            )
        )
    ).scalar_one_or_none()
    if existing is None:
        existing = RateEntry(kind=kind, effective_from=effective_from, created_at=now)
        session.add(existing)
    existing.rate = str(rate)
    await session.flush()
    return existing
