"""Synthetic receivables and payments for bench/receivables_bench.py, loaded with COPY.

Rows are generated in created_at order, the owners interleaved (the heap is as correlated with
time as a real table's, and one owner's rows are not contiguous), in batches streamed to
`asyncpg.copy_records_to_table`. A fixed seed gives the same data on every run.

Shape (per receivable): status mix of a mature portfolio (≈30 % recovered, 30 % in recovery,
17 % closed, 10 % pending, 8 % cancelled, 3 % disputed, 2 % drafts); amounts log-normal around
€1,500; due dates 1 to 900 days before submission; recovered amounts (full for `recovered`, partial
for a share of the others) with commission at the SPEC §8 rate of the debt age at payment, split
into 1–3 payments whose commissions add up to the receivable's; first payment 1–180 days after
submission, never in the future.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import asyncpg

from cleavr_connect.commission.rates import rate_for
from cleavr_connect.models import Payment, Receivable
from cleavr_connect.ownership import Owner

STATUSES = [
    ("recovered", 30),
    ("in_recovery", 30),
    ("closed", 17),
    ("pending", 10),
    ("cancelled", 8),
    ("disputed", 3),
    ("draft", 2),
]
OUTCOMES = ["partially_recovered", "unrecoverable", "debtor_insolvent", "escalation_required"]
STAGES = ["reminder", "formal_notice", "payment_plan"]
DEBTORS = [
    "Boulangerie Dupont SARL",
    "Garage Martin & Fils",
    "Transports Leroy SAS",
    "Cabinet Moreau",
    "Menuiserie Fournier",
    "Hôtel du Lac SA",
    "Pharmacie Girard",
    "Atelier Mercier SARL",
]
CITIES = [("Paris", "75011"), ("Lyon", "69003"), ("Lille", "59000"), ("Nantes", "44000")]

RECEIVABLE_COLUMNS = [c.name for c in Receivable.__table__.columns]
PAYMENT_COLUMNS = [c.name for c in Payment.__table__.columns]


def _defaults(table: Any) -> dict[str, Any]:
    """Scalar column defaults, for columns the generator does not set (the model may grow)."""
    return {
        c.name: c.default.arg
        for c in table.columns
        if c.default is not None and c.default.is_scalar
    }


RECEIVABLE_DEFAULTS = _defaults(Receivable.__table__)
PAYMENT_DEFAULTS = _defaults(Payment.__table__)


def _record(row: dict[str, Any], columns: list[str], defaults: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c] if c in row else defaults.get(c) for c in columns)


@dataclass
class Counts:
    receivables: dict[str, int] = field(default_factory=dict)
    payments: dict[str, int] = field(default_factory=dict)
    with_payment: dict[str, int] = field(default_factory=dict)


def _rid(rng: random.Random, prefix: str) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    return f"{prefix}_test_" + "".join(rng.choices(alphabet, k=24))


def _debtor(rng: random.Random, i: int) -> dict[str, Any]:
    name = rng.choice(DEBTORS)
    city, postal = rng.choice(CITIES)
    return {
        "company_name": name,
        "company_type": "company",
        "siret": "73282932000074",
        "address": {
            "line1": f"{1 + i % 120} rue de la République",
            "city": city,
            "postal_code": postal,
            "country": "FR",
        },
        "contacts": [
            {
                "first_name": "Jean",
                "last_name": name.split()[0],
                "level": 0,
                "email": f"compta{i % 997}@debtor.example",
                "phone": "+33612345678",
            },
        ],
    }


def _commission(amount_cents: int, days: int) -> tuple[str, int]:
    rate = rate_for(max(days, 0))
    cents = int((Decimal(amount_cents) * rate / 100).quantize(Decimal(1), "ROUND_HALF_UP"))
    return str(rate), cents


def generate(
    owners: list[tuple[Owner, list[str], int]],
    now: datetime,
    years: float,
    seed: int,
    batch: int,
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]]:
    """Yields (receivable records, payment records) batches for every owner's rows, interleaved
    in created_at order. owners: (owner, its user ids, number of receivables)."""
    rng = random.Random(seed)
    total = sum(n for _, _, n in owners)
    span = years * 365 * 86400
    end = (now - timedelta(days=1)).timestamp()
    start = end - span
    # Sorted uniform offsets: the creation times of every row of every owner.
    times = sorted(rng.random() for _ in range(total))
    pool: list[int] = []
    for index, (_, _, n) in enumerate(owners):
        pool += [index] * n
    rng.shuffle(pool)
    statuses = [s for s, _ in STATUSES]
    weights = [w for _, w in STATUSES]
    recs: list[tuple[Any, ...]] = []
    pays: list[tuple[Any, ...]] = []
    today = now.date()
    for i, (t, who) in enumerate(zip(times, pool, strict=True)):
        owner, users, _ = owners[who]
        created = datetime.fromtimestamp(start + t * span, UTC)
        status = rng.choices(statuses, weights)[0]
        overdue = min(900, max(1, int(rng.expovariate(1 / 120))))
        due = created.date() - timedelta(days=overdue)
        amount = max(5000, int(math.exp(rng.gauss(11.9, 1.0))))  # cents, median ≈ €1,470
        recovered = 0
        if status == "recovered":
            recovered = amount
        elif status in ("in_recovery", "closed", "disputed") and rng.random() < 0.35:
            recovered = int(amount * rng.uniform(0.1, 0.9))
        rec_id = _rid(rng, "rec")
        user_id = users[i % len(users)]
        first_payment_at = None
        commission = 0
        if recovered:
            delay = timedelta(days=min(180, rng.expovariate(1 / 35)), seconds=rng.randint(0, 86399))
            first_payment_at = min(created + delay, now - timedelta(hours=1))
            parts = rng.choice((1, 1, 2, 3))
            remaining = recovered
            paid_on = first_payment_at.date()
            for k in range(parts):
                part = remaining if k == parts - 1 else remaining // (parts - k)
                remaining -= part
                days = (paid_on - due).days
                rate, fee = _commission(part, days)
                commission += fee
                payment = {
                    "id": _rid(rng, "pay"),
                    "receivable_id": rec_id,
                    "user_id": user_id,
                    "platform_id": owner.platform_id,
                    "account_id": owner.account_id,
                    "livemode": owner.livemode,
                    "amount_cents": part,
                    "paid_at": paid_on,
                    "days_overdue": days,
                    "commission_rate": rate,
                    "commission_cents": fee,
                    "net_cents": part - fee,
                    "payout_id": None,
                    "source": "operator",
                    "created_at": datetime.combine(paid_on, created.timetz()),
                }
                pays.append(_record(payment, PAYMENT_COLUMNS, PAYMENT_DEFAULTS))
                paid_on = min(today, paid_on + timedelta(days=rng.randint(7, 45)))
        open_ = status in ("pending", "in_recovery", "disputed")
        closed_at = created + timedelta(days=rng.randint(30, 200)) if not open_ else None
        if closed_at is not None and closed_at > now:
            closed_at = now - timedelta(hours=2)
        row = {
            "id": rec_id,
            "platform_id": owner.platform_id,
            "account_id": owner.account_id,
            "livemode": owner.livemode,
            "user_id": user_id,
            "status": status,
            "outcome": rng.choice(OUTCOMES) if status == "closed" else None,
            "stage": rng.choice(STAGES) if status not in ("draft", "pending") else None,
            "invoice_numbers": json.dumps([f"F-{created.year}-{i:07d}"]),
            "issue_date": due - timedelta(days=30),
            "due_date": due,
            "service_description": "Travaux et prestations selon devis",
            "amount_cents": amount,
            "amount_before_tax_cents": round(amount / 1.2),
            "tax_amount_cents": amount - round(amount / 1.2),
            "currency": "EUR",
            "payment_terms": "30 jours fin de mois",
            "late_penalty_rate": None,
            "debtor": json.dumps(_debtor(rng, i)),
            "debtor_type": "company",
            "metadata": json.dumps({"invoice_ref": str(i)}),
            "recovered_cents": recovered,
            "commission_cents": commission,
            "commission_vat_cents": 0,  # as its payments (their column default)
            "clock_offset_days": 0,
            "playbook_step": rng.randint(0, 5),
            "next_action_at": created + timedelta(days=rng.randint(1, 60)) if open_ else None,
            "recovery_started_at": created + timedelta(minutes=1) if status != "draft" else None,
            "first_payment_at": first_payment_at,
            "closed_at": closed_at,
            "cancellation_reason": "Paid directly to the creditor"
            if status == "cancelled"
            else None,
            "dispute_reason": "Works not completed" if status == "disputed" else None,
            "created_at": created,
            "updated_at": closed_at or created,
        }
        recs.append(_record(row, RECEIVABLE_COLUMNS, RECEIVABLE_DEFAULTS))
        if len(recs) >= batch:
            yield recs, pays
            recs, pays = [], []
    if recs:
        yield recs, pays


async def load(
    dsn: str,
    owners: list[tuple[Owner, list[str], int]],
    now: datetime,
    *,
    years: float = 3.0,
    seed: int = 20261128,
    batch: int = 50_000,
    progress: Any = None,
) -> Counts:
    """COPY every batch; returns what went in per account."""
    counts = Counts()
    conn = await asyncpg.connect(dsn)
    try:
        done = 0
        for recs, pays in generate(owners, now, years, seed, batch):
            async with conn.transaction():
                await conn.copy_records_to_table(
                    "receivables", records=recs, columns=RECEIVABLE_COLUMNS
                )
                await conn.copy_records_to_table("payments", records=pays, columns=PAYMENT_COLUMNS)
            account_col = RECEIVABLE_COLUMNS.index("account_id")
            paid_col = RECEIVABLE_COLUMNS.index("first_payment_at")
            for r in recs:
                acct = r[account_col]
                counts.receivables[acct] = counts.receivables.get(acct, 0) + 1
                if r[paid_col] is not None:
                    counts.with_payment[acct] = counts.with_payment.get(acct, 0) + 1
            pay_account_col = PAYMENT_COLUMNS.index("account_id")
            for p in pays:
                acct = p[pay_account_col]
                counts.payments[acct] = counts.payments.get(acct, 0) + 1
            done += len(recs)
            if progress:
                progress(done)
    finally:
        await conn.close()
    return counts
