"""The invoice's number as OCR hands it over: a label's sign read as another character."""

from __future__ import annotations

import pytest

from cleavr_connect.reading.layout import Word
from cleavr_connect.receivables.from_document import LOW_CONFIDENCE
from tests.ocr.words import line, read


def _page(title: str, *below: str) -> list[Word]:
    words = line("Lusocork, Lda.", 58, 52) + line(title, 58, 220)
    for index, text in enumerate(below):
        words += line(text, 58, 236 + 16 * index)
    return words


def test_the_ordinal_of_n_o_read_as_a_2_before_a_series_code() -> None:
    # "FATURA N.º FT 2026/318" printed; Tesseract read the ordinal as a 2.
    found = read(_page("FATURA N.2 FT 2026/318", "Data de emissão: 2026-11-06")).fields[
        "invoice.numbers"
    ]
    assert found.value == ["FT 2026/318"]
    # Trusted, as a label near its value: the label is the misread one, not the number.
    assert LOW_CONFIDENCE <= found.confidence < 0.95
    printed = read(_page("FATURA N.º FT 2026/318")).fields["invoice.numbers"]
    assert printed.value == ["FT 2026/318"] and found.confidence < printed.confidence


@pytest.mark.parametrize(
    "title",
    [
        # A real 2: invoice number 2, the next word no series code and no number after it.
        "FATTURA N.2 DEL 03/11/2026",
        # A series code in small letters may be a word ("de"): no number rather than a guess.
        "Fatura n.2 de 10482",
        "Fatura n.2 ft 2026/318",
        # A 2 with a space before it is printed, not the ordinal.
        "FATURA N. 2 FT 2026/318",
        # An order's number is no invoice's, its ordinal read as a 2 or not.
        "Encomenda n.2 EC 7712",
    ],
)
def test_a_2_after_n_is_kept_where_the_ordinal_is_not_sure(title: str) -> None:
    fields = read(_page(title, "Data de emissão: 2026-11-06")).fields
    assert "invoice.numbers" not in fields, fields.get("invoice.numbers")


@pytest.mark.parametrize("below", ["Client 40213", "Commande : 7781", "Customer ID 40213"])
def test_a_number_under_the_label_is_not_another_labelled_number(below: str) -> None:
    # "Facture N°" with its value out of reach, and under it another number with its own label:
    # that one is not the invoice's (it was read as the invoice number and trusted).
    fields = read(_page("FACTURE N°", below, "Date : 06/11/2026")).fields
    assert "invoice.numbers" not in fields, fields.get("invoice.numbers")


def test_the_number_under_its_label_is_read() -> None:
    found = read(_page("FACTURE N°", "FA-2026-0318", "Date : 06/11/2026")).fields
    assert found["invoice.numbers"].value == ["FA-2026-0318"]
