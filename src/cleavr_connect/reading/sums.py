"""Base + tax = total, checked: what is trusted of amounts that do not add up.

Where a PDF's text layer prints a base, a tax and a total that do not add up, they are the
issuer's figures as printed: something the rules do not read stands between them (a withholding
such as Spain's IRPF, a deposit or a discount taken off, disbursements outside VAT added), and
they stay trusted, a little less (`INCONSISTENT`). On a page read by OCR, the same gap is as
likely a misread digit, and a wrong amount is worse than a missing one: there, the amounts are
trusted only where the page explains the gap — a line that says what was taken off or added
outside VAT, whose amount is the gap (or the lines together). Otherwise the amounts in doubt go
below the bar: all three, or, where two of them agree through a VAT rate (tax = rate × base),
only the third.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal

from cleavr_connect.money import CENT, percent_of
from cleavr_connect.reading import values as v
from cleavr_connect.reading.found import Context, Found
from cleavr_connect.reading.labels import INCONSISTENT, L_ADDED, L_DEDUCTED, UNTRUSTED
from cleavr_connect.reading.layout import Line


def check(
    ctx: Context, before: Found, tax: Found, total: Found, rates: Collection[Decimal]
) -> None:
    """Lowers, in place, the confidence of amounts that do not add up, as described above;
    `rates` are the VAT rates the page's tax labels print."""
    gap = before.value + tax.value - total.value
    if abs(gap) <= CENT:
        return
    for part in (before, tax, total):
        part.confidence *= INCONSISTENT
    if not any(_scanned(ctx, part) for part in (before, tax, total)):
        return
    if explained(ctx, gap, before, tax, total):
        return
    for part in in_doubt(before, tax, total, rates):
        part.confidence = min(part.confidence, UNTRUSTED)


def _scanned(ctx: Context, found: Found) -> bool:
    page = ctx.pages.get(found.page) if found.page is not None else None
    return page is not None and page.langs is not None


def explained(ctx: Context, gap: Decimal, before: Found, tax: Found, total: Found) -> bool:
    """Whether a line says what makes base + tax differ from the total by `gap`: an amount
    taken off (withholding, deposit, discount, payment received) for a total below base + tax,
    one added outside VAT (disbursements, tourist tax) for a total above, equal to the gap;
    or such lines that add up to it. The amount stands after its label, or under it (a row of
    headers over a row of amounts), and not above the base: a discount printed before the base
    is already in it. An amount equal to the base, the tax or the total is that amount printed
    again, not what explains them (a total that lost its first digit could make the base the
    gap)."""
    printed = {before.value, tax.value, total.value}
    signed: list[Decimal] = []
    for line in ctx.lines:
        for pattern, sign in ((L_DEDUCTED, 1), (L_ADDED, -1)):
            label = pattern.search(line.folded)
            if label is None:
                continue
            row, found = _amounts_of(ctx, line, label.start())
            found = [value for value in found if value not in printed]
            if not found or row is None or _above(ctx, row, before):
                continue
            if any(abs(sign * value - gap) <= CENT for value in found):
                return True
            signed.append(sign * found[-1])
            break
    return len(signed) > 1 and abs(sum(signed, Decimal(0)) - gap) <= CENT


def _amounts_of(ctx: Context, line: Line, start: int) -> tuple[Line | None, list[Decimal]]:
    """The amounts a label at `start` of the line heads: after it on its line, or, on a line
    of headers without amounts, the one under it on the next line."""
    amounts = v.find_amounts(line.folded)
    if amounts:
        return line, [abs(value) for s, _, value in amounts if s >= start]
    segment = line.segment_at(start)
    below = ctx.below(line, segment.x0, segment.x1)
    if below is None:
        return None, []
    under = [
        abs(value)
        for s, _, value in v.find_amounts(below.folded)
        if (seg := below.segment_at(s)).x0 < segment.x1 + 10 and seg.x1 > segment.x0 - 10
    ]
    return below, under


def _above(ctx: Context, line: Line, found: Found) -> bool:
    """Whether the line stands above where `found` was read (an earlier page, or higher)."""
    if found.page is None or found.box is None:
        return False
    if line.page != found.page:
        return line.page < found.page
    return line.bottom < found.box[1] * ctx.pages[found.page].height


# Where the page prints no rate: the EU's standard, reduced and overseas rates (France's 20, 10,
# 5.5, 8.5 and 2.1 %, and its neighbours').
STANDARD_RATES = tuple(
    Decimal(rate)
    for rate in (
        "2.1", "4", "5", "5.5", "6", "7", "8", "8.5", "9", "10", "12", "13", "14", "17", "19",
        "20", "21", "22", "23", "24", "25", "27",
    )
)  # fmt: skip


def in_doubt(
    before: Found, tax: Found, total: Found, rates: Collection[Decimal]
) -> tuple[Found, ...]:
    """Which of three amounts that do not add up may be the misread one: the one the other two
    do not confirm through a VAT rate (tax = rate × base, tax = rate × (total − tax), or total −
    base = rate × base), at a rate the page prints (else a usual one); when no two, or more
    than one pair, agree, any of them."""
    odd: set[str] = set()
    for rate in [r for r in rates if r > 0] or STANDARD_RATES:
        if abs(percent_of(before.value, rate) - tax.value) <= CENT:
            odd.add("total")
        if abs(percent_of(total.value - tax.value, rate) - tax.value) <= CENT:
            odd.add("before")
        if abs(percent_of(before.value, rate) - (total.value - before.value)) <= CENT:
            odd.add("tax")
    parts = {"before": before, "tax": tax, "total": total}
    if len(odd) == 1:
        return (parts[odd.pop()],)
    return (before, tax, total)


def check_rate(
    ctx: Context,
    before: Found,
    tax: Found,
    total: Found,
    rates: Collection[Decimal],
    per_rate: list[tuple[Decimal | None, Decimal]],
) -> None:
    """Where no base is printed and it was derived as total − tax, a misread total or tax still
    adds up: on a page read by OCR, the tax is then checked against the lines' own rates where
    each line prints one and they make the total (`rows_agree`), else against the VAT rate the
    page prints (else a usual one, `agrees`); all three go below the bar where nothing explains
    it."""
    if tax.value <= 0 or not any(_scanned(ctx, part) for part in (tax, total)):
        return
    outside = _outside_vat(ctx, total)
    lines = [rate for rate, _ in per_rate if rate is not None and rate > 0]
    verdict = None if len(lines) > 1 else rows_agree(ctx, total.value, tax.value, outside)
    if verdict is True:
        return
    if verdict is None and agrees(total.value, tax.value, rates, per_rate, outside):
        return
    for part in (before, tax, total):
        part.confidence = min(part.confidence, UNTRUSTED)


def agrees(
    total: Decimal,
    tax: Decimal,
    rates: Collection[Decimal],
    per_rate: list[tuple[Decimal | None, Decimal]],
    outside: Collection[Decimal] = (),
    *,
    by_line_only: bool = False,
) -> bool:
    """Whether a tax and the total it is part of agree with the VAT rates printed, within a cent
    or two of rounding. The total may hold a part outside VAT printed on the page (a tourist
    tax: `outside`). Lines that each print their rate and tax (a hotel note at 10 % and 20 %)
    each give their own base, tax × (100 + rate) / rate, and these make the taxed total; one
    rate printed: tax = taxed total × rate / (100 + rate); several rates and one tax: the tax
    lies between what the lowest and the highest rate would make; no rate printed: one of the
    EU's usual rates fits."""
    positive = sorted({r for r in rates if r > 0})
    lines = [(rate, amount) for rate, amount in per_rate if rate is not None and rate > 0]
    rated = len(lines) > 1 and len(lines) == len(per_rate)
    by_line = rated and abs(sum((amount for _, amount in lines), Decimal(0)) - tax) <= CENT
    if (by_line_only or rated) and not by_line:
        # Lines printing each its rate and tax that are not the tax figure printed ("Total
        # TVA" under its "dont TVA 5,5 %" and "dont TVA 20 %" lines): one of them is misread.
        return False
    for part in (Decimal(0), *outside):
        taxed = total - part
        if taxed <= tax:
            continue
        if by_line:
            made = sum((amount * (100 + rate) / rate for rate, amount in lines), Decimal(0))
            slack = sum(((100 + rate) / rate for rate, _ in lines), Decimal(0)) * CENT
            if abs(made - taxed) <= slack:
                return True
            continue
        if len(positive) > 1:
            low, high = positive[0], positive[-1]
            if _included(taxed, low) - 2 * CENT <= tax <= _included(taxed, high) + 2 * CENT:
                return True
            continue
        usual = positive or STANDARD_RATES
        if any(abs(_included(taxed, rate) - tax) <= 2 * CENT for rate in usual):
            return True
    return False


def lines_make(
    ctx: Context, total: Found, tax: Found, per_rate: list[tuple[Decimal | None, Decimal]]
) -> bool:
    """Whether two or more tax lines, each printing its rate, are the tax of the total between
    them (each its own base, tax × (100 + rate) / rate), with or without a part outside VAT."""
    if len(per_rate) < 2 or any(rate is None or rate <= 0 for rate, _ in per_rate):
        return False
    rates = {rate for rate, _ in per_rate if rate is not None}
    outside = _outside_vat(ctx, total)
    return agrees(total.value, tax.value, rates, per_rate, outside, by_line_only=True)


def _included(gross: Decimal, rate: Decimal) -> Decimal:
    """The VAT a gross amount includes at `rate` percent."""
    return gross * rate / (100 + rate)


def _outside_vat(ctx: Context, total: Found) -> list[Decimal]:
    """Amounts printed on lines that say they are outside VAT (a tourist tax's row,
    disbursements): each line's may be the part of the total the tax is not on, as may the sum
    of the lines' last amounts."""
    found: list[Decimal] = []
    last: list[Decimal] = []
    for line in ctx.lines:
        label = L_ADDED.search(line.folded)
        if label is None:
            continue
        amounts = [abs(value) for s, _, value in v.find_amounts(line.folded) if s >= label.start()]
        amounts = [value for value in amounts if 0 < value < total.value]
        if amounts:
            last.append(amounts[-1])
            found += amounts
    if len(last) > 1:
        found.append(sum(last, Decimal(0)))
    return found


# A rate alone in its column ("5,5 %", "20%"): a line of the lines table that says its VAT rate.
_RATE_CELL = re.compile(r"^\s*(\d{1,2}(?:[.,]\d{1,2})?)\s?%\s*$")


def rate_rows(ctx: Context) -> list[list[tuple[Decimal, Decimal]]]:
    """The runs of consecutive lines that each print a VAT rate alone in a cell (one of the
    usual rates) and an amount after it, on one page: each run's (rate, the line's last
    amount). A lines table of a shop, a restaurant or a caterer whose rows say their rate."""
    runs: list[list[tuple[Decimal, Decimal]]] = []
    run: list[tuple[Decimal, Decimal]] = []
    previous: Line | None = None
    for line in ctx.lines:
        row = _rate_row(line)
        if row is None or (previous is not None and previous.page != line.page):
            if len(run) > 1:
                runs.append(run)
            run = []
        if row is not None:
            run.append(row)
        previous = line
    if len(run) > 1:
        runs.append(run)
    return runs


def _rate_row(line: Line) -> tuple[Decimal, Decimal] | None:
    cells = [seg for seg in line.segments if _RATE_CELL.match(seg.folded)]
    if len(cells) != 1 or line.segments[0] is cells[0]:
        return None  # a row names its item before its rate
    rate = Decimal(_RATE_CELL.match(cells[0].folded).group(1).replace(",", "."))  # type: ignore[union-attr]
    amounts = [value for s, _, value in v.find_amounts(line.folded) if s >= cells[0].start]
    if rate not in STANDARD_RATES or not amounts or amounts[-1] <= 0:
        return None
    return rate, amounts[-1]


def rows_agree(
    ctx: Context, total: Decimal, tax: Decimal, outside: Collection[Decimal] = ()
) -> bool | None:
    """What the lines table says of a total and its one tax figure where its rows each print
    their rate (several rates, one "dont TVA"): True when a run of rows makes the total — their
    amounts as taxed amounts (their sum is the total), or as bases (their sum and its tax are
    the total) — and their tax, each rate on its rows, is the tax within rounding; False when
    the rows make the total but not the tax, or make the tax but not the total; None when no
    run of rows makes either (rows left out, another table): the rows say nothing."""
    verdict: bool | None = None
    for run in rate_rows(ctx):
        if len({rate for rate, _ in run}) < 2:
            continue
        gross = sum((amount for _, amount in run), Decimal(0))
        taxed = sum((amount * rate / (100 + rate) for rate, amount in run), Decimal(0))
        on_bases = sum((amount * rate / 100 for rate, amount in run), Decimal(0))
        # Each row's tax may be rounded on its own: half a cent a row.
        slack = max(CENT, len(run) * CENT / 2)
        for part in (Decimal(0), *outside):
            target = total - part
            for made, due in ((gross, taxed), (gross + on_bases, on_bases)):
                makes_total = abs(made - target) <= slack
                makes_tax = abs(due - tax) <= slack
                if makes_total and makes_tax:
                    return True
                if makes_total or makes_tax:
                    verdict = False
    return verdict
