"""The invoice's own fields: kind and language, numbers, dates and payment terms, amounts before
tax, tax and total (checked against each other), currency."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from cleavr_connect.money import CENT, percent_of
from cleavr_connect.reading import languages, sums, total_row
from cleavr_connect.reading import values as v
from cleavr_connect.reading.found import Context, Found
from cleavr_connect.reading.labels import (
    DEFAULTED,
    DERIVED,
    L_CARRIED,
    L_CREDIT,
    L_DATE_BARE,
    L_DATE_HEADER,
    L_DEBTOR_CONTEXT,
    L_DUE,
    L_HT,
    L_IMPORT_TAX,
    L_ISSUE,
    L_ISSUE_NEAR,
    L_NO_TAX,
    L_NOT_INVOICE_NUMBER,
    L_NUMBER,
    L_NUMBER_BARE,
    L_NUMBER_HEADER,
    L_NUMBER_WEAK,
    L_ORDINAL_READ_AS_2,
    L_OTHER_DATE,
    L_PENALTY,
    L_SIRET,
    L_TERMS,
    L_TERMS_UNLABELLED,
    L_TTC,
    L_TVA_RATE,
    L_TVA_RATE_FIRST,
    L_TVA_TOTAL,
    LABEL_COLON,
    LABELLED,
    NEAR,
    UNTRUSTED,
    match_label,
)
from cleavr_connect.reading.layout import Line


def kind_and_language(ctx: Context) -> None:
    head = [ln for ln in ctx.lines if ln.page == 1][:25]
    # The first title wins, segment by segment ("AVOIR" often shares its line with the seller's
    # name): an invoice that mentions a credit note it deducts further down stays an invoice.
    for segment in (seg for ln in head for seg in ln.segments):
        if L_CREDIT.search(segment.folded):
            ctx.reading.document_type = "credit_note"
            break
        if _INVOICE_TITLE.match(segment.folded):
            break
    text = " ".join(ln.folded for ln in ctx.lines)
    french, english = languages.french_english(text)
    ctx.reading.language = "en" if english > french else "fr"
    ctx.other_language = languages.other_language(text)
    model = languages.MODELS.get(ctx.other_language or "")
    # Names are spelt as printed only by the pages read with the language's own model.
    ctx.other_alphabet = ctx.other_language is not None and (
        model is None
        or any(
            page.langs is not None and model not in page.langs.split("+") for page in ctx.doc.pages
        )
    )
    ctx.month_first = v.writes_month_first(
        [ln.folded for ln in ctx.lines],
        english=ctx.reading.language == "en",
        dollars=bool(re.search(r"\$|\busd\b", text)),
    )


# An invoice's title or number label; not "Facture d'origine" (a credit note's reference).
_INVOICE_TITLE = re.compile(
    r"^(?:factures?|invoices?|rechnung|fattura|factura)\b(?!\s*d\s?'?\s*(?:avoir|origine))"
)


def numbers(ctx: Context) -> None:
    # Strongest first: "Facture n° …" anywhere in a segment (also inside a sentence, "Objet :
    # Facture n° F2026-4428 du …"), then the bare keyword ("Facture FA-2017-0010"), then "N° …".
    for pattern, weak in ((L_NUMBER, False), (L_NUMBER_BARE, False), (L_NUMBER_WEAK, True)):
        for line in ctx.lines:
            for segment in line.segments:
                if pattern is L_NUMBER_WEAK:
                    label = match_label(pattern, segment.folded)
                else:
                    label = pattern.search(segment.folded)
                if not label:
                    continue
                before = segment.folded[: label.start()]
                if L_DEBTOR_CONTEXT.match(segment.folded) or L_NOT_INVOICE_NUMBER.search(before):
                    continue
                after = segment.start + label.end()
                if _OTHER_WORDING_AFTER.fullmatch(segment.folded, label.end()):
                    # "Facture N° / Invoice No." in its column, the number in the next: the
                    # label's other wording is no part of the number.
                    after = segment.end
                # "N.2" for "N.º" on a scan: the number must follow it on the line, its series
                # code in capitals first; the 2 may otherwise be printed (invoice number 2).
                read_as_2 = L_ORDINAL_READ_AS_2.search(segment.folded, 0, label.end())
                found = _numbers_after(ctx, line, after, weak, series_first=bool(read_as_2))
                if found is None and not read_as_2:
                    below = ctx.below(line, segment.x0, segment.x1)
                    if below is not None:
                        # The value under the label: in a row of headers over a row of values
                        # ("Date de facturation | N° de facture | …"), the segment under it.
                        under = [
                            seg.start
                            for seg in below.segments
                            if seg.x0 < segment.x1 + 10 and seg.x1 > segment.x0 - 10
                        ]
                        start = under[0] if len(under) == 1 and len(line.segments) > 1 else 0
                        found = _numbers_after(ctx, below, start, weak, first_segment=True)
                if found is not None:
                    ctx.reading.fields["invoice.numbers"] = found
                    return
    found = _number_under_header(ctx)
    if found is not None:
        ctx.reading.fields["invoice.numbers"] = found


# What may follow a number's label in its segment: the label's other wording ("/ Invoice No.").
_OTHER_WORDING_AFTER = re.compile(r"\s*/\s*[^\W\d_][^/:\d]{0,30}?[\s:.]*")


def _number_under_header(ctx: Context) -> Found | None:
    """A header row "Numéro | Date | …" over its values (small-business software, Italian
    fatture): the value under "Numéro", taken only where the same row heads a date column."""
    for line in ctx.lines:
        if not any(L_DATE_HEADER.match(s.folded) for s in line.segments):
            continue
        for segment in line.segments:
            label = segment.folded.strip(" :")
            if not L_NUMBER_HEADER.search(label) or len(label) > 20:
                continue
            below = ctx.below(line, segment.x0, segment.x1)
            if below is None:
                continue
            for seg in below.segments:
                if seg.x0 < segment.x1 + 10 and seg.x1 > segment.x0 - 10:
                    found = _numbers_after(ctx, below, seg.start, True, first_segment=False)
                    if found is not None:
                        return found
                    break
    return None


def _numbers_after(
    ctx: Context,
    line: Line,
    offset: int,
    weak: bool,
    first_segment: bool = False,
    *,
    series_first: bool = False,
) -> Found | None:
    """The number (or numbers) after a label; with `series_first`, only one that a series code
    in capitals comes before, the label then trusted as a label near its value (`NEAR`)."""
    tokens = [t for t in v.invoice_number_tokens(line.text) if t[0] >= offset]
    if first_segment:
        tokens = [t for t in tokens if t[0] < line.segment_at(offset).end]
    picked: list[tuple[int, int, str]] = []
    previous_end = offset
    for start, end, token in tokens:
        if picked and line.segment_at(start) is not line.segment_at(picked[0][0]):
            break  # the next column's value ("59800" of the address beside "N° … : AB-26-…")
        gap = line.folded[previous_end:start].strip(" :.")
        if picked and gap not in ("", ",", ";", "et", "and", "&", "/", ", et", ", and", "-"):
            break
        # Before the first: at most a sign ("n°", "#"), or a series code in capitals; under a
        # label too, where a word before it names another number ("Client 40213").
        if not picked and len(gap) > 2 and not _SERIES.fullmatch(line.text[previous_end:start]):
            break
        if L_SIRET.search(token.lower()) or len(v.find_dates(v.fold(token))):
            break
        if not _number_like(token):
            break
        series = _SERIES.fullmatch(line.text[previous_end:start]) if not picked else None
        if series_first and not picked and not series:
            break
        if series:
            # A series code in capitals before the number ("FATURA N.º FT 2026/318"): part of
            # the number, as the law of the country that prints it makes it.
            start, token = previous_end + series.start(1), f"{series.group(1)} {token}"
        picked.append((start, end, token))
        previous_end = end
    if not picked:
        return None
    factor = NEAR if weak or series_first else LABELLED
    parts = [ctx.found(line, s, e, t, factor) for s, e, t in picked]
    numbers = list(dict.fromkeys(t for _, _, t in picked))
    return ctx.merge(parts, numbers)


# A document series' code of two to four capitals, one space before the number.
_SERIES = re.compile(r"[\s:.]*([A-Z]{2,4}) ")


def _period(folded: str, dates: list[tuple[int, int, Any]]) -> bool:
    for (_, end, _), (start, _, _) in zip(dates, dates[1:], strict=False):
        if folded[end:start].strip(" ,") in ("au", "to", "-", "a", "till", "until", "jusqu'au"):
            return True
    return False


def _number_like(token: str) -> bool:
    """An invoice number has a digit and is not a year, a quantity or a page count alone."""
    if token.isdigit():
        return len(token) >= 5 or (len(token) >= 3 and not re.fullmatch(r"(?:19|20)\d\d", token))
    return any(c.isdigit() for c in token)


def dates(ctx: Context) -> None:
    issue: list[Found] = []
    due: list[Found] = []
    for line in ctx.lines:
        dates = v.find_dates(line.folded, month_first=ctx.month_first)
        if not dates or L_CARRIED.search(line.folded):
            continue  # none, or an earlier bill's ("Solde antérieur (facture du …)")
        if _period(line.folded, dates):
            continue  # "du 03/06 au 07/06", "from … to …": a stay or a service period
        for start, end, value in dates:
            kind, factor = _date_label(ctx, line, start, end)
            if kind is None:
                continue
            (due if kind == "due" else issue).append(ctx.found(line, start, end, value, factor))
    for line in ctx.lines:  # labels above their values ("Date | Échéance" headers)
        if v.find_dates(line.folded, month_first=ctx.month_first):
            continue
        for segment in line.segments:
            if L_OTHER_DATE.search(segment.folded):
                continue
            kind = (
                "due"
                if L_DUE.search(segment.folded)
                else "issue"
                if L_ISSUE.search(segment.folded) or L_DATE_BARE.search(segment.folded)
                else None
            )
            below = ctx.below(line, segment.x0, segment.x1) if kind else None
            if below is None:
                continue
            for start, end, value in v.find_dates(below.folded, month_first=ctx.month_first):
                seg = below.segment_at(start)
                if seg.x0 < segment.x1 + 10 and seg.x1 > segment.x0 - 10:
                    (due if kind == "due" else issue).append(
                        ctx.found(below, start, end, value, NEAR)
                    )
                    break
    issued = max(issue, key=lambda f: f.confidence) if issue else None
    due_on = max(due, key=lambda f: f.confidence) if due else None
    if issued is not None and due_on is not None and due_on.value < issued.value:
        # A due date before the invoice date: one of them is another date; trust neither.
        for found in (issued, due_on):
            found.confidence = min(found.confidence, UNTRUSTED)
    if issued is not None:
        ctx.reading.fields["invoice.issue_date"] = issued
    if due_on is not None:
        ctx.reading.fields["invoice.due_date"] = due_on


def _date_label(ctx: Context, line: Line, start: int, end: int) -> tuple[str | None, float]:
    before = line.folded[:start]
    # The closest label before the date wins: "Date : … Date d'échéance : …" on one line, and
    # "Date de commande : …" is an order's date, not the invoice's.
    best: tuple[int, int, str, float] | None = None
    for rank, (kind, pattern, factor) in enumerate(
        (
            ("due", L_DUE, LABELLED),
            ("issue", L_ISSUE, LABELLED),
            ("other", L_OTHER_DATE, 0.0),
            ("issue", L_DATE_BARE, NEAR),
        )
    ):
        for match in pattern.finditer(before):
            key = (match.end(), -rank)
            if best is None or key > (best[0], -best[1]):
                best = (match.end(), rank, kind, factor)
    if best is not None:
        between = before[best[0] :].strip(" :.-")
        # Words may stand between a label and its date, another value may not.
        if not re.search(r"\d", between) and len(between) <= 40:
            return (None, 0.0) if best[2] == "other" else (best[2], best[3])
    if (
        L_ISSUE_NEAR.search(before)
        and not L_OTHER_DATE.search(before[-30:])
        # A row of the lines table dating its item ("Honoraires (…, audience du 04/11/2026)
        # | 2 500,00 €"): the amount after the date says so.
        and not v.find_amounts(line.folded[end:])
    ):
        return "issue", NEAR
    return None, 0.0


def terms(ctx: Context) -> None:
    for line in ctx.lines:
        label = L_TERMS.search(line.folded)
        if not label:
            continue
        rest = line.text[label.end() :]
        rest = rest[len(LABEL_COLON.match(rest).group(0)) :].strip()  # type: ignore[union-attr]
        if rest:
            ctx.reading.fields["invoice.payment_terms"] = ctx.found(
                line, label.end(), len(line.text), rest[:500], LABELLED
            )
            return
    for line in ctx.lines:
        match = L_TERMS_UNLABELLED.search(line.folded)
        if match and v.due_from_terms(line.folded[match.start() :], date.today()) is not None:
            sentence = line.text[match.start() :].strip()
            ctx.reading.fields["invoice.payment_terms"] = ctx.found(
                line, match.start(), len(line.text), sentence[:500], NEAR
            )
            return


def derive_due_date(ctx: Context) -> None:
    if "invoice.due_date" in ctx.reading.fields:
        return
    issued = ctx.reading.fields.get("invoice.issue_date")
    terms = ctx.reading.fields.get("invoice.payment_terms")
    if issued is None or terms is None:
        return
    due = v.due_from_terms(v.fold(str(terms.value)), issued.value)
    if due is not None:
        ctx.reading.fields["invoice.due_date"] = Found(
            due,
            min(issued.confidence, terms.confidence) * DERIVED,
            terms.page,
            terms.box,
            "payment_terms",
        )


def penalty_rate(ctx: Context) -> None:
    for line in ctx.lines:
        if not L_PENALTY.search(line.folded):
            continue
        match = re.search(r"(\d{1,2}(?:[.,]\d{1,2})?)\s?%", line.folded)
        if match:
            rate = Decimal(match.group(1).replace(",", "."))
            ctx.reading.fields["invoice.late_penalty_rate"] = ctx.found(
                line, match.start(), match.end(), rate, LABELLED
            )
            return


# A line that starts with a total's label is a block of sub-totals, not a lines table's row.
_SUBTOTAL_BESIDE = re.compile(r"^\s*(?:sous[\s-]?)?total\b")


def amounts(ctx: Context) -> None:
    ht: list[Found] = []
    ttc: list[tuple[Found, bool]] = []
    tax_totals: list[Found] = []
    tax_rates: dict[str, Found] = {}
    unread_rates: list[tuple[Decimal, Found]] = []  # "TVA 10 %" whose amount did not read
    rates: set[Decimal] = set()  # the VAT rates the tax labels print
    no_tax: Found | None = None
    included = False  # the tax is printed as included in the total ("Dont TVA 10 %")
    carried = False  # an earlier bill's balance is printed ("Solde antérieur", "Report")
    for line in ctx.lines:
        if L_CARRIED.match(line.folded) or any(L_CARRIED.match(s.folded) for s in line.segments):
            carried = True
            continue
        if no_tax is None and (m := L_NO_TAX.search(line.folded)):
            no_tax = ctx.found(line, m.start(), m.end(), Decimal(0), LABELLED, "rule")
        for segment in line.segments:
            folded = segment.folded
            kind = None
            for name, pattern in (
                ("ht", L_HT),
                ("tax_total", L_TVA_TOTAL),
                ("ttc", L_TTC),
                ("tax_rate", L_TVA_RATE),
                ("tax_rate", L_TVA_RATE_FIRST),
            ):
                label = match_label(pattern, folded)
                if label:
                    kind = name
                    break
            if kind is None:
                continue
            if kind in ("tax_rate", "tax_total") and L_IMPORT_TAX.match(folded):
                # The VAT a customs broker paid at import for its client: a disbursement
                # passed on, not this invoice's tax.
                continue
            if (
                kind == "tax_rate"
                and v.find_amounts(line.folded[: segment.start])
                and not _SUBTOTAL_BESIDE.match(line.folded)
            ):
                # A row of the lines table that names its tax ("… 350,00 | TVA 20% | 700,00"):
                # the amount after it is the row's, not a tax. A sub-total printed in a block
                # of its own to the left ("Total main d'œuvre HT 170,00 | TVA 20 % 96,48") is
                # no row.
                continue
            after = segment.start + label.end()  # type: ignore[union-attr]
            if kind == "tax_rate" and (printed := label.group("rate")):  # type: ignore[union-attr]
                rates.add(Decimal(printed.replace(",", ".")))
            amounts = [a for a in v.find_amounts(line.folded) if a[0] >= after]
            if not amounts:
                rate = label.group("rate") if label and kind == "tax_rate" else None
                if rate:
                    label_found = ctx.found(line, segment.start, after, None, LABELLED, "rule")
                    unread_rates.append((Decimal(rate.replace(",", ".")), label_found))
                continue
            start, end, value = amounts[-1]
            found = ctx.found(line, start, end, value, LABELLED)
            if kind == "ht":
                ht.append(found)
            elif kind == "ttc":
                ttc.append((found, "payer" in folded or "due" in folded))
            elif kind == "tax_total":
                tax_totals.append(found)
                included = included or bool(label.group("included"))  # type: ignore[union-attr]
            else:
                included = included or bool(label.group("included"))  # type: ignore[union-attr]
                rate = label.group("rate") if label else None  # type: ignore[union-attr]
                key = f"{rate or '?'}@{line.page}:{round(line.top)}"
                tax_rates.setdefault(key, found)
            break
    columns = _totals_in_columns(ctx)
    ht += columns.get("ht", [])
    tax_totals += columns.get("tax", [])
    ttc += [(f, False) for f in columns.get("ttc", [])]
    if not ht and not tax_totals and not tax_rates:
        row = total_row.column_totals(ctx)
        ht += [row["ht"]] if "ht" in row else []
        tax_totals += [row["tax"]] if "tax" in row else []
        ttc += [(row["ttc"], False)] if "ttc" in row else []
    if carried:
        # A total "to pay" adds the earlier balance: the invoice's own total is the one that
        # says so ("Montant TTC de cette facture", "Total TTC"); with none, no total is taken.
        ttc = [(f, is_due) for f, is_due in ttc if not is_due]
    if any(f.value != 0 for f, _ in ttc):
        # A zero total beside a non-zero one is a column of credits or a settled balance
        # ("Total 563,60 | 0,00"): the invoice's amount is never zero when it prints another.
        ttc = [(f, is_due) for f, is_due in ttc if f.value != 0]
    before = ht[-1] if ht else None
    tax: Found | None = None
    if tax_totals:
        tax = tax_totals[-1]
    elif tax_rates:
        parts = list(tax_rates.values())
        tax = ctx.merge(parts, sum((p.value for p in parts), Decimal(0)))
    elif no_tax is not None:
        tax = no_tax
    total: Found | None = None
    if ttc:
        # The last base printed, or else an earlier one, that adds up with the tax to a total:
        # a summary page's "Total HT" over the detail pages' "Sous-total HT".
        for base in reversed(ht if tax is not None else []):
            assert tax is not None
            consistent = [f for f, _ in ttc if f.value == base.value + tax.value]
            if consistent:
                before, total = base, consistent[-1]
                break
        if total is None:
            due_lines = [f for f, is_due in ttc if is_due]
            total = due_lines[-1] if due_lines else ttc[0][0]
    if tax is None and before is not None and total is not None and len(unread_rates) == 1:
        # One tax line whose amount did not read (a smudged scan): the total less the base is
        # taken only where it is also the printed rate applied to the base, two readings that
        # agree; a base taxed line by line, or at several rates, leaves the tax out.
        rate, label_found = unread_rates[0]
        difference = total.value - before.value
        if abs(difference - percent_of(before.value, rate)) <= CENT:
            label_found.value = difference
            label_found.confidence = (
                min(label_found.confidence, before.confidence, total.confidence) * DERIVED
            )
            tax = label_found
    if before is None and total is not None and tax is not None and tax.source == "rule":
        before = Found(total.value, total.confidence * DERIVED, total.page, total.box, "rule")
    per_rate = [(_rate_of(key), found.value) for key, found in tax_rates.items()]
    if (
        before is None
        and total is not None
        and tax is not None
        and tax.source == "label"
        and not unread_rates
        and (
            included
            or len(tax_totals) + len(tax_rates) == 1
            or (not tax_totals and sums.lines_make(ctx, total, tax, per_rate))
        )
        and Decimal(0) <= tax.value < total.value
    ):
        # No base printed, only the total and its tax ("Total TTC … Dont TVA 10 % …", "Tax …
        # Total for this invoice …"): the base is their difference. Taken only where the tax
        # is one printed figure (or said to be included), or lines that each print their rate
        # and tax make the total between them (a restaurant's "TVA 10 %" and "TVA 20 %"), so a
        # tax missing a rate's line cannot make a base.
        before = Found(
            total.value - tax.value,
            min(total.confidence, tax.confidence) * DERIVED,
            total.page,
            total.box,
            "rule",
        )
        # Their difference always adds up: on a scan, the tax is checked against the rate.
        sums.check_rate(ctx, before, tax, total, rates, per_rate)
    if None not in (before, tax, total):
        assert before is not None and tax is not None and total is not None
        sums.check(ctx, before, tax, total, rates)
    elif tax is not None and tax_rates and not tax_totals and unread_rates:
        # The sum of the rate lines that read, another rate's line unread and nothing to check
        # the sum against: shown, not trusted.
        tax.confidence = min(tax.confidence, UNTRUSTED)
    if total is not None and total.value < 0:
        ctx.reading.document_type = "credit_note"
    if total is not None and total.value == 0:
        # A zero total is a settled balance or a credits column read for the total: no claim
        # is made of it.
        total.confidence = min(total.confidence, UNTRUSTED)
    for name, f in (
        ("invoice.amount_before_tax", before),
        ("invoice.tax_amount", tax),
        ("invoice.amount", total),
    ):
        if f is not None:
            ctx.reading.fields[name] = f


def _rate_of(key: str) -> Decimal | None:
    """The rate of a tax line's key ("10@1:412"; "?@1:412" where the line prints none)."""
    rate = key.split("@")[0]
    return None if rate == "?" else Decimal(rate.replace(",", "."))


_COLUMN_KINDS = (("ht", L_HT), ("tax", L_TVA_TOTAL), ("ttc", L_TTC), ("tax", L_TVA_RATE))
# A lines table's header names its columns: it is no row of totals.
_LINES_HEADER = re.compile(
    r"^(?:qte|quantite|qty|quantity|description|designation|libelle|article|reference|menge)\b"
)
# A VAT summary's bare column headers, in either wording of a bilingual one ("Net | TVA | Brut
# / Gross"), and its rows, each a rate or the part outside VAT ("10 %", "Hors TVA / No VAT").
_SUMMARY_HEADERS = (
    ("ht", re.compile(r"(?:net|base|montant\s*net)")),
    ("ttc", re.compile(r"(?:brut|gross|ttc)")),
)
_RATE_ROW = re.compile(
    r"^(?:\d{1,2}(?:[.,]\d{1,2})?\s?%|hors\s*tva|exonere|non\s*soumis|no\s*vat|vat\s*exempt)"
)


def _totals_in_columns(ctx: Context) -> dict[str, list[Found]]:
    """Totals printed as a row of column headers over a row of amounts ("Total HT | TVA 20 % |
    Total TTC | Net à payer", a VAT summary's "Prix total HT | TVA | Prix total TTC"): each
    header's amount is the one under it, on the row under the headers or on a "Total" row
    further down, or the sum of a VAT summary's rows (one per rate, "Net | TVA | Brut") where it
    prints no total row. At least two headers must be totals, and no header a lines table's."""
    out: dict[str, list[Found]] = {}
    for index, line in enumerate(ctx.lines):
        if v.find_amounts(line.folded) or any(_LINES_HEADER.match(s.folded) for s in line.segments):
            continue
        headers: list[tuple[str, Any]] = []
        for segment in line.segments:
            folded = segment.folded.strip()
            for kind, pattern in _COLUMN_KINDS:
                label = pattern.match(folded)
                if label and not folded[label.end() :].strip(" :%()"):
                    headers.append((kind, segment))
                    break
                if label and kind == "tax" and pattern is L_TVA_RATE:
                    headers.append((kind, segment))
                    break
            else:
                wordings = [w.strip(" :") for w in folded.split("/")]
                for kind, pattern in _SUMMARY_HEADERS:
                    if any(pattern.fullmatch(w) for w in wordings):
                        headers.append((kind, segment))
                        break
        if len({kind for kind, _ in headers}) < 2:
            continue
        rows = []
        for other in ctx.lines[index + 1 : index + 6]:
            if other.page != line.page or other.top - line.bottom > 12 * line.height:
                break
            if not v.find_amounts(other.folded):
                break
            rows.append(other)
        if not rows:
            continue
        # Several rows (one per VAT rate, then their sum): the "Total" row; one row: itself.
        totals = [r for r in rows if re.match(r"total", r.segments[0].folded)]
        row = totals[-1] if totals else rows[0] if len(rows) == 1 else None
        if row is None and not all(_RATE_ROW.match(r.segments[0].folded) for r in rows):
            continue
        # One row of totals, or else a row per rate with no total row: their sum.
        for kind, segment in headers:
            parts = []
            for each in [row] if row is not None else rows:
                under = [
                    (s, e, value)
                    for s, e, value in v.find_amounts(each.folded)
                    if (seg := each.segment_at(s)).x0 < segment.x1 + 10 and seg.x1 > segment.x0 - 10
                ]
                if len(under) != 1:
                    break
                s, e, value = under[0]
                parts.append(ctx.found(each, s, e, value, NEAR))
            else:
                total = sum((p.value for p in parts), Decimal(0))
                out.setdefault(kind, []).append(ctx.merge(parts, total))
        if out:
            return out
    return out


def currency(ctx: Context) -> None:
    counts: dict[str, tuple[int, Line, int, int]] = {}
    for line in ctx.lines:
        for code, pattern in (
            ("EUR", r"€|\beur\b|\beuros?\b"),
            ("USD", r"\busd\b|\bus\s?\$"),
            # "CAD" by an amount, a dollar sign or in brackets: "CAD" alone is a drawing
            # tool's name as often ("Licence CAD").
            (
                "CAD",
                r"\(cad\)|\bcad\s?(?=\$|\d{1,3}(?:[\s.,']?\d{3})*[.,]\d{2}\b)"
                r"|(?:[.,]\d{2}|\$)\s?cad\b|\bca?\s?\$|\$\s?ca\b",
            ),
            ("$", r"(?<![a-z])\$(?!\s?ca\b)"),
            ("GBP", r"£|\bgbp\b"),
            ("CHF", r"\bchf\b"),
            ("PLN", r"\bpln\b|\bzl\b|\bzł\b"),
            ("INR", r"₹|\binr\b|\brs\.\s?(?=\d)"),
        ):
            for match in re.finditer(pattern, line.folded):
                n, first, s, e = counts.get(code, (0, line, match.start(), match.end()))
                counts[code] = (n + 1, first, s, e)
    if not counts:
        # No currency printed: euros are what an invoice written in a euro area's language
        # means; an English or Polish one may as well be in pounds, dollars or złoty, so its
        # euros are shown but left for the integrator to confirm.
        euro_area = ctx.other_language in languages.EURO_AREA or (
            ctx.other_language is None and ctx.reading.language == "fr"
        )
        confidence = DEFAULTED if euro_area else UNTRUSTED
        ctx.reading.fields["invoice.currency"] = Found("EUR", confidence, source="default")
        return
    if "$" in counts:
        # A bare "$" is the dollar of whichever country's code the page prints ("Total
        # (CAD)"), and the US dollar where it prints none.
        dollar = "CAD" if "CAD" in counts and "USD" not in counts else "USD"
        n, first, s, e = counts.pop("$")
        if dollar in counts:
            counts[dollar] = (counts[dollar][0] + n, *counts[dollar][1:])
        else:
            counts[dollar] = (n, first, s, e)
    code, (_, line, start, end) = max(counts.items(), key=lambda kv: kv[1][0])
    ctx.reading.fields["invoice.currency"] = ctx.found(line, start, end, code, LABELLED)
