"""Reading printed values: French and English amounts and dates, payment terms, identifiers
through OCR's usual confusions, contacts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cleavr_connect.reading import values as v


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234,56 €", "1234.56"),
        ("1\u00a0234,56\u00a0€", "1234.56"),
        ("1\u202f234,56 EUR", "1234.56"),
        ("1.234,56", "1234.56"),
        ("€1,234.56", "1234.56"),
        ("EUR 41,058.15", "41058.15"),
        ("12 345 678,90 €", "12345678.90"),
        ("724,15", "724.15"),
        ("1 200 €", "1200.00"),
        ("-150,00 €", "-150.00"),
        ("Rs.5,000.00", "5000.00"),
        ("2 460,00 PLN", "2460.00"),
    ],
)
def test_amounts(text: str, amount: str) -> None:
    found = v.find_amounts(v.fold(text))
    assert [a[2] for a in found] == [Decimal(amount)]


def test_no_amount_starts_inside_another_number() -> None:
    assert [a[2] for a in v.find_amounts(v.fold("1.234.567,89"))] == [Decimal("1234567.89")]


def test_rates_and_quantities_are_not_amounts() -> None:
    assert [a[2] for a in v.find_amounts(v.fold("TVA 20 % 724,15 €"))] == [Decimal("724.15")]
    assert [a[2] for a in v.find_amounts(v.fold("TVA 5,5 % 1 101,52 €"))] == [Decimal("1101.52")]
    assert v.find_amounts(v.fold("TVA 20,00 %")) == []


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("31/08/2025", date(2025, 8, 31)),
        ("31.08.2025", date(2025, 8, 31)),
        ("31-08-25", date(2025, 8, 31)),
        ("2025-08-31", date(2025, 8, 31)),
        ("31 août 2025", date(2025, 8, 31)),
        ("1er septembre 2025", date(2025, 9, 1)),
        ("le 3 févr. 2025", date(2025, 2, 3)),
        ("31 August 2025", date(2025, 8, 31)),
        ("August 31, 2025", date(2025, 8, 31)),
        ("Aug 31st, 2025", date(2025, 8, 31)),
        ("08/31/2025", date(2025, 8, 31)),  # only the month-first reading is a date
        ("05/06/2025", date(2025, 6, 5)),  # ambiguous: day first, as in France
    ],
)
def test_dates(text: str, day: date) -> None:
    assert [d[2] for d in v.find_dates(v.fold(text))] == [day]


def test_no_dates_in_phone_numbers_or_amounts() -> None:
    assert v.find_dates(v.fold("Tél. 01.42.68.53.00 - 1 234,56 €")) == []


@pytest.mark.parametrize(
    ("terms", "due"),
    [
        ("à 30 jours", date(2025, 12, 3)),
        ("30 jours fin de mois", date(2025, 12, 31)),
        ("45 jours fin de mois", date(2025, 12, 31)),
        ("Net 60", date(2026, 1, 2)),
        ("paiement à réception", date(2025, 11, 3)),
        ("due upon receipt", date(2025, 11, 3)),
        ("Bonifico bancario 30 gg d.f.", date(2025, 12, 3)),
        ("60 gg d.f.f.m.", date(2026, 1, 31)),
        ("innerhalb von 14 Tagen", date(2025, 11, 17)),
    ],
)
def test_due_dates_from_payment_terms(terms: str, due: date) -> None:
    assert v.due_from_terms(v.fold(terms), date(2025, 11, 3)) == due


def test_sirets_vat_numbers_and_ocr_lookalikes() -> None:
    assert v.find_sirets(v.fold("SIRET 732 829 320 00074"), labelled=False)[0][2:] == (
        "73282932000074",
        True,
    )
    # After a label, OCR's letters for digits are read as the digits they stand for.
    assert v.find_sirets(v.fold("732 829 32O OOO74"), labelled=True)[0][2:] == (
        "73282932000074",
        True,
    )
    assert v.find_sirets("123 456 789 01234", labelled=False) == []  # not a valid SIRET
    assert v.find_vat_numbers(v.fold("TVA : FRO7680408309"))[0][2] == "FR07680408309"
    assert v.find_vat_numbers("fr44732829320")[0][2:] == ("FR44732829320", True)


def test_contacts() -> None:
    assert v.find_emails(v.fold("Email : compta @dupont. fr"))[0][2] == "compta@dupont.fr"
    assert v.find_phones("tel : 01 42 68 53 00")[0][2] == "+33142685300"
    assert v.find_phones("+33 6 12 34 56 78")[0][2] == "+33612345678"


def test_folding_keeps_offsets() -> None:
    text = "Échéance : 1er août — ﬁn"
    assert len(v.fold(text)) == len(text)
    assert v.fold("Échéance") == "echeance"


def test_invoice_number_tokens() -> None:
    tokens = [t[2] for t in v.invoice_number_tokens("FAC-2025-0080 et FAC-2025-0081, 21/08/2025")]
    assert tokens == ["FAC-2025-0080", "FAC-2025-0081"]
