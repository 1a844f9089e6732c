"""The totals block as OCR hands it over, when one of its amounts did not read."""

from __future__ import annotations

import pytest

from cleavr_connect.reading.layout import Word
from cleavr_connect.receivables.from_document import LOW_CONFIDENCE
from tests.ocr.words import line, read


def _totals(tax_line: str, tax_amount: str, total: str) -> list[Word]:
    words = line("Facture n° F-2025-0601", 58, 90)
    for top, label, amount in (
        (475, "Total HT", "21 373,46 EUR"),
        (492, tax_line, tax_amount),
        (509, "Total TTC", total),
    ):
        words += line(label, 368, top) + line(amount, 470, top)
    return words


def test_an_unread_tax_amount_is_the_total_less_the_base_when_the_rate_agrees() -> None:
    # Tesseract read "2 137,35 EUR" as "LAST. OO EUR" on a faded scan.
    fields = read(_totals("TVA 10 %", "LAST. OO EUR", "23 510,81 EUR")).fields
    tax = fields["invoice.tax_amount"]
    assert str(tax.value) == "2137.35" and tax.source == "rule"
    assert LOW_CONFIDENCE <= tax.confidence < fields["invoice.amount"].confidence
    assert str(fields["invoice.amount_before_tax"].value) == "21373.46"
    assert str(fields["invoice.amount"].value) == "23510.81"


@pytest.mark.parametrize(
    ("tax_line", "total"),
    [
        ("TVA 20 %", "23 510,81 EUR"),  # 10 % of the base, where 20 % is printed
        ("TVA 10 %", "23 610,81 EUR"),  # a total that is not base plus rate
        ("TVA", "23 510,81 EUR"),  # no rate to check the difference against
    ],
)
def test_an_unread_tax_amount_stays_out_when_nothing_confirms_it(tax_line: str, total: str) -> None:
    fields = read(_totals(tax_line, "LAST. OO EUR", total)).fields
    assert "invoice.tax_amount" not in fields


@pytest.mark.parametrize(
    ("word", "read_as"),
    [
        ("151;70:€", "151,70€"),
        ("1 234;56", "1 234,56"),
        ("151,70;€", "151,70€"),
        ("12:30", "12:30"),  # a time stays a time
        ("1;234", "1;234"),  # three digits after: no decimal comma
        ("TVA;", "TVA;"),
    ],
)
def test_tesseract_misread_separators_of_an_amount_are_mended(word: str, read_as: str) -> None:
    """A faded "151,70 €" comes out of Tesseract as "151;70:€"; read as printed, the base of
    an energy bill's scan is found, and nothing else a word holds is changed."""
    from cleavr_connect.reading.sources import _ocr_word

    assert _ocr_word(word) == read_as


def _block(rows: list[tuple[str, str]]) -> list[Word]:
    words = line("Facture n° F-2026-0417", 58, 90)
    for n, (label, amount) in enumerate(rows):
        words += line(label, 300, 475 + 17 * n) + line(amount, 480, 475 + 17 * n)
    return words


def test_vat_advanced_at_import_is_a_disbursement_not_the_tax() -> None:
    # A customs broker's services, then the duties and the import VAT it paid for its client.
    fields = read(
        _block(
            [
                ("Total prestations HT", "420,00 €"),
                ("TVA 20 %", "84,00 €"),
                ("TVA import", "824,00 €"),
                ("Total débours", "1 236,00 €"),
                ("Net à payer", "1 740,00 €"),
            ]
        )
    ).fields
    assert str(fields["invoice.amount_before_tax"].value) == "420.00"
    assert str(fields["invoice.tax_amount"].value) == "84.00"
    assert str(fields["invoice.amount"].value) == "1740.00"
    assert fields["invoice.tax_amount"].confidence >= LOW_CONFIDENCE


@pytest.mark.parametrize(
    ("total_label", "currency"),
    [
        ("Total (CAD)", "CAD"),
        ("Total", "USD"),
        ("Total (USD)", "USD"),
    ],
)
def test_canadian_sales_taxes_and_the_dollar_the_page_names(
    total_label: str, currency: str
) -> None:
    fields = read(
        _block(
            [
                ("Sous-total", "4 800,00 $"),
                ("TPS (5 %)", "0,00 $"),
                ("TVQ (9,975 %)", "0,00 $"),
                (total_label, "4 800,00 $"),
            ]
        )
    ).fields
    assert str(fields["invoice.amount"].value) == "4800.00"
    assert str(fields["invoice.tax_amount"].value) == "0.00"
    assert fields["invoice.currency"].value == currency


@pytest.mark.parametrize(
    "sentence",
    [
        "Règlement par prélèvement SEPA le 15/12/2026.",
        "Paiement par prélèvement automatique le 15/12/2026",
    ],
)
def test_a_direct_debit_named_by_its_kind_dates_the_payment(sentence: str) -> None:
    words = line("Facture n° F-2026-0417", 58, 90) + line("Date : 30/11/2026", 58, 110)
    words += line(sentence, 58, 600)
    assert str(read(words).fields["invoice.due_date"].value) == "2026-12-15"


def test_cad_with_no_amount_by_it_is_no_currency() -> None:
    # A drawing tool's licence on a US invoice: its "$" stay US dollars.
    words = _block([("Licence CAD 3D", "1,200.00 $"), ("Total", "1,200.00 $")])
    assert read(words).fields["invoice.currency"].value == "USD"
