"""Base + tax and a total that do not add up (`reading/sums.py`): on a page read by OCR a misread
amount is not trusted; a gap the page explains (a withholding, disbursements outside VAT, a
deposit) leaves the amounts trusted; a text layer's amounts stay trusted as printed."""

from __future__ import annotations

from typing import Any

import pytest

from cleavr_connect.reading.found import Found
from cleavr_connect.reading.layout import Document, Word, build_page
from cleavr_connect.reading.rules import read_invoice
from cleavr_connect.reading.sources import TESSERACT_LANGS
from cleavr_connect.receivables.from_document import LOW_CONFIDENCE
from tests.ocr.words import line

AMOUNTS = ("invoice.amount_before_tax", "invoice.tax_amount", "invoice.amount")


def _totals(*rows: tuple[str, str]) -> list[Word]:
    words = line("Facture n° F-2026-0311", 58, 90)
    for index, (label, amount) in enumerate(rows):
        top = 475 + 17 * index
        words += line(label, 340, top) + line(amount, 470, top)
    return words


def _read(words: list[Word], *, scanned: bool = True) -> dict[str, Found]:
    """The fields of one page, read by Tesseract (as `sources.ocr_page` marks it) or from a
    PDF's text layer."""
    page = build_page(1, 595, 842, words)
    if scanned:
        page.langs = TESSERACT_LANGS
    return read_invoice(Document([page], "ocr" if scanned else "text")).fields


def _trusted(fields: dict[str, Found]) -> dict[str, Any]:
    return {name: fields[name].confidence >= LOW_CONFIDENCE for name in AMOUNTS}


def _values(fields: dict[str, Found]) -> tuple[str, ...]:
    return tuple(str(fields[name].value) for name in AMOUNTS)


def test_a_scanned_total_with_a_misread_digit_is_not_trusted() -> None:
    # 1 200,00 printed, read "1 280,00": the rate confirms the base and the tax, not the total.
    fields = _read(
        _totals(("Total HT", "1 000,00 €"), ("TVA 20 %", "200,00 €"), ("Total TTC", "1 280,00 €"))
    )
    assert _values(fields) == ("1000.00", "200.00", "1280.00")
    assert _trusted(fields) == {
        "invoice.amount_before_tax": True,
        "invoice.tax_amount": True,
        "invoice.amount": False,
    }


def test_a_scanned_base_with_a_misread_digit_is_not_trusted() -> None:
    # 1 000,00 printed, read "1 600,00": the tax is 20 % of the total less the tax.
    fields = _read(
        _totals(("Total HT", "1 600,00 €"), ("TVA 20 %", "200,00 €"), ("Total TTC", "1 200,00 €"))
    )
    assert _trusted(fields) == {
        "invoice.amount_before_tax": False,
        "invoice.tax_amount": True,
        "invoice.amount": True,
    }


def test_the_scanned_tax_the_base_and_total_do_not_confirm_is_not_trusted() -> None:
    # "2 137,35" read "99,00" on a faded line: the total is the base and 10 % of it.
    fields = _read(
        _totals(
            ("Montant HT", "21 373,46 EUR"),
            ("TVA 10 %", "99,00 EUR"),
            ("Net à payer", "23 510,81 EUR"),
        )
    )
    assert _trusted(fields) == {
        "invoice.amount_before_tax": True,
        "invoice.tax_amount": False,
        "invoice.amount": True,
    }


def test_without_a_rate_printed_a_usual_rate_tells_the_amount_in_doubt() -> None:
    fields = _read(
        _totals(("Total HT", "1 000,00 €"), ("Total TVA", "200,00 €"), ("Total TTC", "1 280,00 €"))
    )
    assert [name for name, ok in _trusted(fields).items() if not ok] == ["invoice.amount"]


def test_when_no_two_scanned_amounts_agree_none_is_trusted() -> None:
    fields = _read(
        _totals(("Total HT", "1 000,00 €"), ("Total TVA", "215,00 €"), ("Total TTC", "1 280,00 €"))
    )
    assert _values(fields) == ("1000.00", "215.00", "1280.00")
    assert not any(_trusted(fields).values())


@pytest.mark.parametrize(
    ("rows", "total"),
    [
        pytest.param(
            (
                ("Base imponible", "2.000,00 €"),
                ("IVA 21 %", "420,00 €"),
                ("Retención IRPF 15 %", "-300,00 €"),
                ("Total a pagar", "2.120,00 €"),
            ),
            "2120.00",
            id="irpf-withheld",
        ),
        pytest.param(
            (
                ("Total HT", "1 000,00 €"),
                ("TVA 20 %", "200,00 €"),
                ("Débours (frais de greffe)", "45,00 €"),
                ("Net à payer", "1 245,00 €"),
            ),
            "1245.00",
            id="disbursements",
        ),
        pytest.param(
            (
                ("Total HT", "1 000,00 €"),
                ("TVA 20 %", "200,00 €"),
                ("Acompte versé", "360,00 €"),
                ("Net à payer", "840,00 €"),
            ),
            "840.00",
            id="deposit",
        ),
        pytest.param(
            (
                ("Total HT", "1 000,00 €"),
                ("TVA 20 %", "200,00 €"),
                ("Frais de dossier hors TVA", "30,00 €"),
                ("Retenue de garantie 5 %", "-60,00 €"),
                ("Net à payer", "1 170,00 €"),
            ),
            "1170.00",
            id="added-and-withheld",
        ),
    ],
)
def test_a_gap_the_scanned_page_explains_leaves_the_amounts_trusted(
    rows: tuple[tuple[str, str], ...], total: str
) -> None:
    fields = _read(_totals(*rows))
    assert _values(fields)[2] == total
    assert all(_trusted(fields).values()), {n: fields[n].confidence for n in AMOUNTS}


def test_a_withholding_that_is_not_the_gap_explains_nothing() -> None:
    # "2.120,00" read "2.180,00": the IRPF line is printed, but 300,00 is not the gap.
    fields = _read(
        _totals(
            ("Base imponible", "2.000,00 €"),
            ("IVA 21 %", "420,00 €"),
            ("Retención IRPF 15 %", "-300,00 €"),
            ("Total a pagar", "2.180,00 €"),
        )
    )
    assert _values(fields)[2] == "2180.00"
    assert not _trusted(fields)["invoice.amount"]


def test_an_amount_printed_again_explains_no_gap() -> None:
    # "1 200,00" read "200,00" (its first digit lost): the base printed again beside a
    # discount's word is the gap, but it is the base.
    fields = _read(
        _totals(
            ("Total HT après remise", "1 000,00 €"),
            ("TVA 20 %", "200,00 €"),
            ("Total TTC", "200,00 €"),
        )
    )
    assert not _trusted(fields)["invoice.amount"]


def test_a_deposit_under_its_header_explains_a_row_of_totals() -> None:
    words = line("Facture n° F-2026-0311", 58, 90)
    for x, header, amount in (
        (120, "Total HT", "1 000,00"),
        (220, "TVA 20 %", "200,00"),
        (320, "Acompte", "360,00"),
        (420, "Net à payer", "840,00"),
    ):
        words += line(header, x, 470) + line(amount, x, 485)
    fields = _read(words)
    assert _values(fields) == ("1000.00", "200.00", "840.00")
    assert all(_trusted(fields).values()), {n: fields[n].confidence for n in AMOUNTS}


def test_a_discount_printed_above_the_base_explains_no_gap() -> None:
    # The discount is already in the base; "1 080,00" read "980,00" is not explained by it.
    fields = _read(
        _totals(
            ("Total brut HT", "1 000,00 €"),
            ("Remise", "-100,00 €"),
            ("Total HT", "900,00 €"),
            ("TVA 20 %", "180,00 €"),
            ("Total TTC", "980,00 €"),
        )
    )
    assert _values(fields) == ("900.00", "180.00", "980.00")
    assert not _trusted(fields)["invoice.amount"]


def test_a_text_layer_keeps_amounts_that_do_not_add_up_trusted() -> None:
    # A text PDF prints what its issuer wrote: a gap is something the rules do not read.
    fields = _read(
        _totals(("Total HT", "1 000,00 €"), ("TVA 20 %", "200,00 €"), ("Total TTC", "1 280,00 €")),
        scanned=False,
    )
    assert all(_trusted(fields).values())
    assert fields["invoice.amount"].confidence < 0.95


# -- no base printed: the tax checked against the rate -------------------------------------------


def _rows(*rows: tuple[str, str], top: int = 475) -> list[Word]:
    words: list[Word] = []
    for index, (label, amount) in enumerate(rows):
        words += line(label, 340, top + 17 * index) + line(amount, 470, top + 17 * index)
    return words


def _note(total: str, tax: str, *extra: tuple[str, str]) -> list[Word]:
    """A hotel note that prints its total and the tax it includes, no base: a tourist tax's row
    (outside VAT) in the lines above."""
    words = line("Note n° 48213", 58, 90)
    words += line("Hébergement chambre double", 58, 300) + line("345,00", 470, 300)
    words += line("Petit-déjeuner", 58, 317) + line("54,00", 470, 317)
    words += line("Taxe de séjour", 58, 334) + line("4,95", 470, 334)
    return words + _rows(("Total TTC", total), ("Dont TVA 10 %", tax), *extra)


def test_a_scanned_tax_at_its_rate_with_no_base_printed_is_trusted() -> None:
    # 403,95 less the tourist tax 4,95 is 399,00, of which 10 % VAT included is 36,27.
    fields = _read(_note("403,95 €", "36,27 €"))
    assert _values(fields) == ("367.68", "36.27", "403.95")
    assert all(_trusted(fields).values())


@pytest.mark.parametrize(
    ("total", "tax"),
    [
        ("403,95 €", "38,27 €"),  # the tax's units misread
        ("403,95 €", "36,77 €"),  # its first cent
        ("463,95 €", "36,27 €"),  # the total's tens
        ("408,95 €", "36,27 €"),  # its units
        ("903,95 €", "36,27 €"),  # its leading digit
    ],
)
def test_a_scanned_misread_with_no_base_printed_is_not_trusted(total: str, tax: str) -> None:
    # Base = total − tax adds up whatever was misread: the rate tells it did not.
    fields = _read(_note(total, tax))
    assert not any(_trusted(fields).values()), _values(fields)


def test_a_scanned_tax_with_no_rate_printed_fits_a_usual_rate() -> None:
    # A cloud provider's "Tax" line with no rate: 19,80 is 20 % of 99,00; 19,30 is no usual rate.
    right = _read(
        line("Invoice Number: EU-1482307", 58, 90)
        + _rows(("Tax", "USD 19.80"), ("Total amount due", "USD 118.80"))
    )
    assert _values(right) == ("99.00", "19.80", "118.80")
    assert all(_trusted(right).values())
    misread = _read(
        line("Invoice Number: EU-1482307", 58, 90)
        + _rows(("Tax", "USD 19.30"), ("Total amount due", "USD 118.80"))
    )
    assert not any(_trusted(misread).values())


def test_scanned_lines_at_two_rates_make_the_total_with_no_base_printed() -> None:
    # 10 % on 300,00 (the room) and 20 % on 50,00 (the bar): 30,00 and 10,00 in 390,00.
    words = line("Note n° 48214", 58, 90) + _rows(
        ("Total TTC", "390,00 €"), ("Dont TVA 10 %", "30,00 €"), ("Dont TVA 20 %", "10,00 €")
    )
    fields = _read(words)
    assert _values(fields) == ("350.00", "40.00", "390.00")
    assert all(_trusted(fields).values())
    misread = line("Note n° 48214", 58, 90) + _rows(
        ("Total TTC", "390,00 €"), ("Dont TVA 10 %", "30,00 €"), ("Dont TVA 20 %", "18,00 €")
    )
    assert not any(_trusted(_read(misread)).values())


def test_a_text_layer_with_no_base_printed_keeps_its_tax_trusted() -> None:
    # A text PDF prints what its issuer wrote, whatever the rate.
    fields = _read(_note("403,95 €", "38,27 €"), scanned=False)
    assert all(_trusted(fields).values())


def _caterer(total: str, tax: str) -> list[Word]:
    """A caterer's invoice whose rows each print their VAT rate and their amount with tax, then
    the total and the one tax figure it includes: no base, three rates."""
    words = line("Facture n° T-2026-0412", 58, 90)
    rows = (
        ("Pains et viennoiseries", "5,5 %", "52,75"),
        ("Buffet froid 25 personnes", "10 %", "385,00"),
        ("Champagne brut 6 bouteilles", "20 %", "144,00"),
    )
    for index, (item, rate, amount) in enumerate(rows):
        top = 300 + 17 * index
        words += line(item, 58, top) + line(rate, 400, top) + line(amount, 470, top)
    return words + _rows(("Total TTC", total), ("Dont TVA", tax))


def test_scanned_rows_at_their_rates_confirm_the_one_tax_figure() -> None:
    # 52,75 at 5,5 %, 385,00 at 10 %, 144,00 at 20 %: 2,75 + 35,00 + 24,00 = 61,75 in 581,75.
    fields = _read(_caterer("581,75 €", "61,75 €"))
    assert _values(fields) == ("520.00", "61.75", "581.75")
    assert all(_trusted(fields).values())


@pytest.mark.parametrize(
    ("total", "tax"),
    [
        ("581,75 €", "64,75 €"),  # the tax's units misread
        ("581,75 €", "61,25 €"),  # its first cent
        ("581,75 €", "91,75 €"),  # its leading digit
        ("584,75 €", "61,75 €"),  # the total's units
        ("581,25 €", "61,75 €"),  # its first cent
    ],
)
def test_a_scanned_misread_between_the_rows_rates_is_not_trusted(total: str, tax: str) -> None:
    # Each of these taxes lies between what 5,5 % and 20 % of the total would make, so the
    # page's rates alone let it through; the rows' own rates do not.
    fields = _read(_caterer(total, tax))
    assert not any(_trusted(fields).values()), _values(fields)


def _cash_and_carry(total: str, tax: str, lines: tuple[str, str, str]) -> list[Word]:
    """A wholesaler's till invoice: the total with tax, what it includes at each rate, then the
    total tax; no base."""
    words = line("Facture n° 0412-118-3307", 58, 90)
    return words + _rows(
        ("Total TTC", total),
        ("Dont TVA 5,5 %", lines[0]),
        ("Dont TVA 10 %", lines[1]),
        ("Dont TVA 20 %", lines[2]),
        ("Total TVA", tax),
    )


RATE_LINES = ("2,75 €", "35,00 €", "24,00 €")


def test_scanned_rate_lines_and_their_total_tax_make_the_total() -> None:
    fields = _read(_cash_and_carry("581,75 €", "61,75 €", RATE_LINES))
    assert _values(fields) == ("520.00", "61.75", "581.75")
    assert all(_trusted(fields).values())


@pytest.mark.parametrize(
    ("total", "tax", "lines"),
    [
        ("581,75 €", "64,75 €", RATE_LINES),  # the total tax's units misread
        ("581,75 €", "61,25 €", RATE_LINES),  # its first cent
        ("581,75 €", "91,75 €", RATE_LINES),  # its leading digit
        ("584,75 €", "61,75 €", RATE_LINES),  # the total's units
        ("581,75 €", "61,75 €", ("2,75 €", "38,00 €", "24,00 €")),  # a rate's line
    ],
)
def test_a_scanned_total_tax_its_rate_lines_do_not_make_is_not_trusted(
    total: str, tax: str, lines: tuple[str, str, str]
) -> None:
    # Each misread tax lies between what 5,5 % and 20 % of the total would make: the range of
    # the printed rates let it through; the rate lines, each its own base, do not.
    fields = _read(_cash_and_carry(total, tax, lines))
    assert not any(_trusted(fields).values()), _values(fields)
