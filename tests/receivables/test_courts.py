"""The court a requête en injonction de payer is addressed to."""

from __future__ import annotations

from datetime import date

import pytest

from cleavr_connect.receivables.courts import for_order_to_pay

ON = date(2026, 12, 7)


def _address(postal_code: str, city: str, country: str = "FR") -> dict[str, str]:
    return {
        "line1": "1 rue de la Paix",
        "postal_code": postal_code,
        "city": city,
        "country": country,
    }


@pytest.mark.parametrize(
    ("postal_code", "city", "seat"),
    [
        ("75018", "Paris", "Paris"),
        ("75116", "PARIS 16", "Paris"),  # every Paris postal code is the ressort of Paris
        ("69003", "Lyon", "Lyon"),
        ("13008", "Marseille", "Marseille"),
        ("22000", "Saint-Brieuc", "Saint-Brieuc"),  # in the arrêté, not Saint-Étienne
        ("84200", "Carpentras", "Avignon"),  # Avignon's ressort includes Carpentras's
        ("92000", "Nanterre", "Nanterre"),
        ("78000", "Versailles", "Versailles"),
    ],
)
def test_a_company_in_a_seat_town_goes_to_its_tribunal_des_activites_economiques(
    postal_code: str, city: str, seat: str
) -> None:
    court = for_order_to_pay("company", "Boulangerie Dupont SARL", _address(postal_code, city), ON)
    assert court.civil is False and court.economic is True and court.economic_seat == seat


def test_saint_etienne_stayed_a_tribunal_de_commerce() -> None:
    court = for_order_to_pay("company", "Forges SAS", _address("42000", "Saint-Étienne"), ON)
    assert court.civil is False and court.economic is False and court.seat is None


def test_the_experiment_runs_from_2025_to_2028_only() -> None:
    paris = _address("75002", "Paris")
    assert for_order_to_pay("company", "X SAS", paris, date(2024, 12, 31)).economic is False
    assert for_order_to_pay("company", "X SAS", paris, date(2025, 1, 1)).economic is True
    assert for_order_to_pay("company", "X SAS", paris, date(2028, 12, 31)).economic is True
    assert for_order_to_pay("company", "X SAS", paris, date(2029, 1, 1)).economic is False


def test_elsewhere_in_a_department_with_one_both_names_are_given() -> None:
    court = for_order_to_pay("company", "X SAS", _address("69100", "Villeurbanne"), ON)
    assert court.economic is None and court.seat is None
    assert court.place == "69100 Villeurbanne"
    # A town with a seat's name in another department is not that seat.
    court = for_order_to_pay("company", "X SAS", _address("27000", "Lyon"), ON)
    assert court.economic is False and court.seat is None


@pytest.mark.parametrize(
    "name",
    [
        "Association Les Amis du Vélo",
        "SCI Les Lilas",
        "SCP Martin & Associés, notaires",
        "Cabinet médical du Parc",
        "Dr Jeanne Morel",
        "GAEC du Moulin",
        "Syndicat des copropriétaires du 3 rue Lepic",
    ],
)
def test_a_professional_who_is_no_trader_goes_to_the_tribunal_judiciaire(name: str) -> None:
    # Even in Paris, where the commercial court is a tribunal des activités économiques: its
    # wider jurisdiction is insolvency, not this claim.
    court = for_order_to_pay("company", name, _address("75008", "Paris"), ON)
    assert court.civil is True and court.seat == "Paris" and court.civil_hint


def test_a_commercial_form_wins_over_a_word_of_the_name() -> None:
    court = for_order_to_pay("company", "Pharmacie du Docteur SARL", _address("75008", "Paris"), ON)
    assert court.civil is False


def test_a_sole_trader_may_be_either_and_a_consumer_is_civil() -> None:
    assert (
        for_order_to_pay("sole_trader", "Jean Martin", _address("33000", "Bordeaux"), ON).civil
        is None
    )
    assert (
        for_order_to_pay("sole_trader", "Jean Martin EURL", _address("33000", "Bordeaux"), ON).civil
        is False
    )
    consumer = for_order_to_pay("consumer", "Jeanne Martin", _address("33000", "Bordeaux"), ON)
    assert consumer.civil is True and consumer.civil_hint is None and consumer.seat is None
