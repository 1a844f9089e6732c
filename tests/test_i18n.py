"""Languages: the catalogues are complete, the choice follows the person, numbers follow the locale."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cleavr_connect import i18n
from cleavr_connect.i18n import catalogues

NNBSP, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize("domain", sorted(i18n.DOMAINS))
def test_every_marked_string_is_in_the_catalogues_and_translated_to_french(domain: str) -> None:
    assert catalogues.problems(domain) == []


@pytest.mark.parametrize("domain", sorted(i18n.DOMAINS))
def test_the_catalogues_are_what_the_update_script_writes(domain: str) -> None:
    # Running `scripts/i18n.sh` on a clean tree changes nothing: no reordering, rewrapping or
    # header noise mixed into the diff of whoever adds the next string.
    assert catalogues.out_of_date(domain) == []


def test_an_update_keeps_every_translation_and_leaves_a_catalogue_in_step_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(catalogues, "LOCALE_DIR", tmp_path)
    source = i18n.LOCALE_DIR / "fr" / "LC_MESSAGES" / "portal.po"
    target = tmp_path / "fr" / "LC_MESSAGES" / "portal.po"
    target.parent.mkdir(parents=True)
    entries = source.read_text(encoding="utf-8").split("\n\n")
    # The entries in reverse order, rewrapped on one line each.
    shuffled = "\n\n".join([entries[0], *reversed(entries[1:])])
    target.write_text(shuffled.replace('"\n"', ""), encoding="utf-8")
    assert target in catalogues.out_of_date("portal")

    catalogues.update("portal")
    assert target.read_bytes() == source.read_bytes()
    assert catalogues.out_of_date("portal") == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "fr"),
        ("", "fr"),
        ("fr-FR,fr;q=0.9,en;q=0.8", "fr"),
        ("fr-CA", "fr"),
        ("en-US,en;q=0.9", "en"),
        ("de-DE,de;q=0.9,en;q=0.5,fr;q=0.4", "en"),
        ("de, fr;q=0.3, en;q=0.7", "en"),
        ("en;q=0, fr", "fr"),
        ("de-DE", "fr"),  # nothing we speak: French first
        ("*", "fr"),
        ("en;q=abc, fr;q=0.1", "fr"),
    ],
)
def test_accept_language_picks_the_best_language_we_speak(
    header: str | None, expected: str
) -> None:
    assert i18n.negotiate(header) == expected


def test_an_explicit_choice_wins_over_the_browser() -> None:
    assert i18n.choose(query="en", cookie="fr", accept_language="fr") == "en"
    assert i18n.choose(query=None, cookie="en", accept_language="fr") == "en"
    assert i18n.choose(query="xx", cookie=None, accept_language="en") == "en"


def test_amounts_and_dates_follow_the_locale() -> None:
    assert i18n.format_money(Decimal("1234.56"), "fr") == f"1{NNBSP}234,56{NBSP}€"
    assert i18n.format_money(Decimal("1234.5"), "en") == "€1,234.50"
    assert i18n.format_money(5000, "fr") == f"5{NNBSP}000,00{NBSP}€"
    assert i18n.format_percent(Decimal("0.159"), "fr") == f"15,9{NBSP}%"
    assert i18n.format_percent(Decimal("0.159"), "en") == "15.9%"
    day = dt.date(2026, 12, 4)
    assert i18n.format_date(day, "fr") == "4 décembre 2026"
    assert i18n.format_date(day, "en") == "4 December 2026"
    # 23:30 UTC on 31 December is already 1 January in Paris.
    late = dt.datetime(2026, 12, 31, 23, 30, tzinfo=dt.UTC)
    assert i18n.format_date(late, "fr") == "1er janvier 2027"
    # The first of a month is "1er" in French words, never in figures nor in English.
    first = dt.date(2026, 10, 1)
    assert i18n.format_date(first, "fr", "full") == "jeudi 1er octobre 2026"
    assert i18n.format_date(first, "fr", "short") == "01/10/2026"
    assert i18n.format_date(first, "en") == "1 October 2026"
    assert i18n.format_date(dt.date(2026, 10, 11), "fr") == "11 octobre 2026"
    assert i18n.format_date(dt.date(2026, 10, 21), "fr") == "21 octobre 2026"


def test_templates_translate_and_escape_what_they_are_given() -> None:
    html = i18n.render(
        "connections.html",
        "fr",
        account={"email": "<b>x</b>@example.com"},
        connections=[],
        revoked=False,
        csrf_token="t",
        legal={"entity": "Cleavr SAS", "address": "", "registration": "", "help_email": "a@b.fr"},
    )
    assert 'lang="fr"' in html
    assert "Plateformes connectées" in html
    assert "Connecté en tant que &lt;b&gt;x&lt;/b&gt;@example.com." in html
    assert "<b>x</b>" not in html
