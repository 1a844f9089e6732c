"""A lines table's own "Total" row: amounts standing under the table's columns with no label of
their own ("Razem / Total | 2 000,00 | 460,00 | 2 460,00", "TOTAL: | Rs.762.71 | Rs.5,000.00"),
the only totals some issuers print (fuel cards, marketplaces). Read only where no labelled base
or tax was found."""

from __future__ import annotations

import re
from decimal import Decimal

from cleavr_connect.reading import values as v
from cleavr_connect.reading.found import Context, Found
from cleavr_connect.reading.labels import NEAR, OTHER_WORDING
from cleavr_connect.reading.layout import Line

# The row's label alone in its first column, bilingual or not ("Razem / Total", "TOTAL:").
_TOTAL_ROW = re.compile(rf"(?:{OTHER_WORDING})?(?:total|razem|summe|gesamt|totale)\s*:?$")
_LINES_HEADER = re.compile(r"\b(?:description|designation|libelle|article|qty|quantite|nazwa)\b")
_TAX_HEADER = re.compile(r"^(?:tax|vat|tva|iva|ust|mwst|gst)$")
_NOT_AN_AMOUNT_HEADER = re.compile(r"^(?:rate|type|code|%|taux)$")
# The highest VAT rate in the EU is 27 %: a "tax" beyond it is another column.
_MAX_RATE = Decimal("0.27")


def column_totals(ctx: Context) -> dict[str, Found]:
    """Three amounts where the first two add up to the third, at a VAT rate's ratio, are the
    base, the tax and the total; otherwise the amount under a column header naming a tax ("Tax
    Amount", "VAT") is the tax, and the last amount of the row the total."""
    for index, line in enumerate(ctx.lines):
        if not line.segments or not _TOTAL_ROW.match(line.segments[0].folded.strip()):
            continue
        amounts = v.find_amounts(line.folded)
        found = [ctx.found(line, s, e, value, NEAR) for s, e, value in amounts]
        if len(amounts) == 3:
            base, tax, total = (value for _, _, value in amounts)
            if base + tax == total and Decimal(0) < tax <= base * _MAX_RATE:
                return {"ht": found[0], "tax": found[1], "ttc": found[2]}
        header = _header_above(ctx, index)
        if header is None or len(amounts) < 2:
            continue
        for (start, end, value), item in zip(amounts[:-1], found[:-1], strict=True):
            words = line.words_between(start, end)
            x0, x1 = words[0].x0, words[-1].x1
            above = [v.fold(w.text).strip(" :.") for w in header.words if w.x0 < x1 and w.x1 > x0]
            if (
                any(_TAX_HEADER.match(w) for w in above)
                and not any(_NOT_AN_AMOUNT_HEADER.match(w) for w in above)
                and Decimal(0) < value <= amounts[-1][2] * _MAX_RATE
            ):
                return {"tax": item, "ttc": found[-1]}
    return {}


def _header_above(ctx: Context, index: int) -> Line | None:
    """The lines table's header: the nearest line above, on the same page, that names a lines
    table's columns and holds no amount."""
    row = ctx.lines[index]
    for line in reversed(ctx.lines[max(0, index - 12) : index]):
        if line.page != row.page:
            return None
        if _LINES_HEADER.search(line.folded) and not v.find_amounts(line.folded):
            return line
    return None
