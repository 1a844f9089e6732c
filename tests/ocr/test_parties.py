"""The debtor's block as OCR hands it over: words with boxes and confidences, specks and all."""

from __future__ import annotations

import pytest

from cleavr_connect.reading.layout import Word
from tests.ocr.words import line, read

BUYER = ("Boulangerie Martin SAS", "4 place du Marché", "21000 Dijon")


def _debtor(label_line: list[Word], *, speck: list[Word] | None = None) -> dict[str, object]:
    words = line("Atelier Numérique SARL", 58, 52) + line("Facture", 483, 52)
    words += label_line + (speck or [])
    for i, text in enumerate(BUYER):
        words += line(text, 328, 152 + 14 * i)
    fields = read(words).fields
    return {name: f.value for name, f in fields.items() if name.startswith("debtor.")}


@pytest.mark.parametrize(
    ("label_line", "speck"),
    [
        # The label's colon and a dash read as one word ":-" after "Facturé à".
        (line("Facturé à :-", 328, 134), None),
        # A line of its own, made of specks, between the label and the name.
        (line("Facturé à :", 328, 134), [Word("—", 329, 142, 337, 148, 0.9)]),
        (line("Facturé à :", 328, 134), [Word("|", 329, 141, 331, 149, 0.9)]),
        # One stray letter is no name either.
        (line("Facturé à : l", 328, 134), None),
        # No label: the block found by its place on the page, read without the speck over it.
        ([], [Word("|", 329, 139, 331, 149, 0.9)]),
    ],
    ids=["label-colon-dash", "dash-line", "bar-line", "one-letter", "unlabelled-bar-line"],
)
def test_a_line_without_letters_is_no_part_of_the_address(
    label_line: list[Word], speck: list[Word] | None
) -> None:
    debtor = _debtor(label_line, speck=speck)
    assert debtor["debtor.company_name"] == "Boulangerie Martin SAS"
    assert debtor["debtor.address.line1"] == "4 place du Marché"
    assert "debtor.address.line2" not in debtor
    assert (debtor["debtor.address.postal_code"], debtor["debtor.address.city"]) == (
        "21000",
        "Dijon",
    )


@pytest.mark.parametrize(
    ("lines", "trusted"),
    [
        (["Facture n° F-2026-101", "Date : 04/11/2026", "Total TTC 1 200,00"], True),
        (["Rechnung Nr. R-2026-101", "Rechnungsdatum 04.11.2026", "Gesamtbetrag 1.200,00"], True),
        (["Invoice No. INV-2026-101", "Invoice date: 04/11/2026", "Total due 1,200.00"], False),
    ],
)
def test_euros_printed_nowhere_are_trusted_only_in_a_euro_area_language(
    lines: list[str], trusted: bool
) -> None:
    words = [w for n, text in enumerate(lines) for w in line(text, 40, 60 + 20 * n)]
    found = read(words).fields["invoice.currency"]
    assert found.value == "EUR" and found.source == "default"
    assert (found.confidence >= 0.5) is trusted


@pytest.mark.parametrize(
    ("block", "country"),
    [
        # An English word left alone on its line by the layout is no country code.
        (["Bright Tools LLC", "250 Main Street", "Springfield IL 62701", "in"], "US"),
        (["Bright Tools LLC", "250 Main Street", "in", "Springfield IL 62701"], "US"),
        # India's code alone, under a "City, State, PIN" line, is India.
        (
            [
                "Rohan Traders Pvt Ltd",
                "14, 2nd Cross, Koramangala",
                "BENGALURU, KARNATAKA, 560034",
                "IN",
            ],
            "IN",
        ),
    ],
    ids=["in-after-us-line", "in-before-us-line", "in-after-pin-line"],
)
def test_a_line_reading_in_is_india_only_under_a_pin_line(block: list[str], country: str) -> None:
    words = line("Invoice No. INV-2026-101", 40, 40) + line("Bill to", 328, 134)
    for i, text in enumerate(block):
        words += line(text, 328, 152 + 14 * i)
    fields = read(words).fields
    assert fields["debtor.company_name"].value == block[0]
    assert fields["debtor.address.country"].value == country
