"""A scanned name, street, town or invoice number read a second time from the pixels
(`reading/second_reading.py`): the accent Tesseract dropped on the page is restored when the
second reading sees it on the same letters; a number split by a speck is joined and not
trusted; a debtor's umlaut the French model dropped is read by the German one. Word-level
tests first, then harsh scans from the benchmark that showed them."""

from __future__ import annotations

from typing import Any

import pytest

from cleavr_connect.reading import second_reading
from cleavr_connect.reading.extract import analyse
from cleavr_connect.reading.found import Found, Reading
from cleavr_connect.reading.labels import UNTRUSTED
from cleavr_connect.reading.layout import Document, Word, build_page
from cleavr_connect.receivables.from_document import LOW_CONFIDENCE
from tests.ocr import hard, real_issuers_eighth, real_shaped
from tests.ocr.scanner import scan
from tests.ocr.scoring import compare


def _words(*texts: str, conf: float = 0.95) -> list[Word]:
    return [Word(text, 10.0 * i, 0.0, 10.0 * i + 8, 10.0, conf) for i, text in enumerate(texts)]


@pytest.mark.parametrize(
    ("first", "second", "restored"),
    [
        ("Saint-Etienne", [")", "Saint-Étienne"], "Saint-Étienne"),
        ("4 place du Marche", ["4", "place", "du", "Marché"], "4 place du Marché"),
        ("Hotel Beauséjour SAS", ["Hôtel", "Beauséjour", "SAS"], "Hôtel Beauséjour SAS"),
        ("Ecole Saint-Exupery,", ["École", "Saint-Exupéry,"], "École Saint-Exupéry,"),
    ],
)
def test_an_accent_the_second_reading_sees_is_restored(
    first: str, second: list[str], restored: str
) -> None:
    assert second_reading.restore_accents(first, _words(*second)) == restored


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Both readings without the accent: the page may well print "Saint-Etienne".
        ("Saint-Etienne", ["Saint-Etienne"]),
        # An accent is never taken away.
        ("Hôtel Beauséjour SAS", ["Hotel", "Beausejour", "SAS"]),
        # Other letters: the readings disagree, the first stands.
        ("Marche", ["Mardhé"]),
        ("Marche", ["Marchés"]),
        # Two ways to accent the same word: no choice is made.
        ("Marche", ["Marché", "Marchè"]),
    ],
)
def test_nothing_else_changes(first: str, second: list[str]) -> None:
    assert second_reading.restore_accents(first, _words(*second)) == first


def test_an_accent_read_without_confidence_is_not_taken() -> None:
    assert second_reading.restore_accents("Marche", _words("Marché", conf=0.6)) == "Marche"


@pytest.mark.parametrize(
    ("first", "german", "restored"),
    [
        ("Stadtle 28", ["Städtle", "28"], "Städtle 28"),
        ("Muller Holz AG", ["Müller", "Holz", "AG"], "Müller Holz AG"),
        # Only umlauts are taken from the German model: French accents are the second
        # reading's, with the page's own models.
        ("4 place du Marche", ["4", "place", "du", "Marché"], "4 place du Marche"),
        # An umlaut is never taken away.
        ("Zürichstrasse 5", ["Zurichstrasse", "5"], "Zürichstrasse 5"),
    ],
)
def test_the_german_reading_gives_umlauts_only(
    first: str, german: list[str], restored: str
) -> None:
    words = _words(*german)
    assert second_reading.restore_accents(first, words, letters=second_reading.UMLAUTS) == restored


@pytest.mark.parametrize(
    ("first", "german", "restored"),
    [
        # The French and English models have no "ß": they read another letter in its place.
        ("Schönbrunner Strake 7", ["Schönbrunner", "Straße", "7"], "Schönbrunner Straße 7"),
        ("Grosse StraBe, 12", ["GroBe", "Straße,", "12"], "Grosse Straße, 12"),
        ("Weiss Strake", ["Weiß", "Straße"], "Weiss Straße"),
        # Another letter changed besides, a "ß" for two letters, or two ways to read the word:
        # the first reading stands (and the two disagree).
        ("Strake", ["Stroße"], "Strake"),
        ("Strasse 7", ["Straße", "7"], "Strasse 7"),
        ("Strake", ["Straße", "Stßake"], "Strake"),
        # A "ß" only ever follows a small letter.
        ("BOSS Logistik", ["BOßS", "Logistik"], "BOSS Logistik"),
        ("Sbahn", ["ßbahn"], "Sbahn"),
    ],
)
def test_the_german_reading_gives_the_sharp_s(first: str, german: list[str], restored: str) -> None:
    assert second_reading.restore_eszett(first, _words(*german)) == restored
    assert second_reading.restore_eszett(first, _words(*german, conf=0.6)) == first


def test_an_umlaut_over_another_letter_is_a_disagreement() -> None:
    """The French model read "â" where the German one reads "ä": neither is taken."""
    words = _words("Städtle", "28")
    assert second_reading._umlaut_over_another_letter("Stâdtle 28", words)
    assert not second_reading._umlaut_over_another_letter("Städtle 28", words)
    assert not second_reading._umlaut_over_another_letter("Stadtle 28", words)


@pytest.mark.parametrize(
    ("value", "german", "otherwise"),
    [
        # A digit or a letter the French models misread, "ß" they do not have.
        ("K6nigsallee 12", ["Königsallee", "12"], True),
        ("Schönbrunner Strake 7", ["Schönbrunner", "Straße", "7"], True),
        # The same letters, accents aside, or a word the German reading does not hold.
        ("Rue de Genève 3", ["Rue", "de", "Geneve", "3"], False),
        ("Stadtle 28", ["Städtle", "28"], False),
        ("Vaduz", ["|", "Lausanne"], False),
        ("Vaduz", ["‚Vaduz"], False),
        # Read without confidence, the German reading says nothing.
        ("K6nigsallee 12", ["Königsallee", "12"], None),
    ],
)
def test_a_word_the_german_reading_spells_otherwise_is_a_disagreement(
    value: str, german: list[str], otherwise: bool | None
) -> None:
    words = _words(*german, conf=0.95 if otherwise is not None else 0.6)
    assert second_reading._spelt_otherwise(value, words) is bool(otherwise)


def _numbers(value: list[str], second: list[str]) -> Found:
    found = Found(value, 0.83)
    second_reading._numbers(found, _words(*second))
    return found


def test_a_number_split_by_a_speck_is_joined_and_not_trusted() -> None:
    found = _numbers(["SCW-261", "1-048321"], ["SCW-2611-048321"])
    assert found.value == ["SCW-2611-048321"]
    assert found.confidence <= UNTRUSTED < LOW_CONFIDENCE


def test_numbers_the_second_reading_also_lists_stay_trusted() -> None:
    found = _numbers(["F-2025-0511", "F-2025-0512"], [":", "F-2025-0511,", "F-2025-0512"])
    assert (found.value, found.confidence) == (["F-2025-0511", "F-2025-0512"], 0.83)
    found = _numbers(["F-1", "F-2", "F-3"], ["F-1F-2", "F-3"])
    assert (found.value, found.confidence) == (["F-1F-2", "F-3"], UNTRUSTED)


def test_a_text_layer_is_not_read_again() -> None:
    words = [Word("Saint-Etienne", 10, 10, 80, 20)]
    doc = Document([build_page(1, 595, 842, words)], "text")
    reading = Reading()
    reading.fields["debtor.address.city"] = Found("Saint-Etienne", 1.0, 1, None, "label", words)
    second_reading.check(reading, doc)
    assert reading.fields["debtor.address.city"].value == "Saint-Etienne"


@pytest.mark.parametrize(
    ("value", "second", "apart"),
    [
        # "û" read "a" the first time and "ü" the second: the readings disagree.
        ("7 chemin des Mariers", ["7", "chemin", "des", "Müriers"], True),
        # The same letters, accents aside, or a word the second reading does not hold.
        ("Bâtir Rhône SAS", ["Batir", "Rhone", "SAS"], False),
        ("Rillieux-la-Pape", [")", "Rillieux-la-Pape"], False),
        ("Lumière", ["7", "rue"], False),
        # Read without confidence, the second reading says nothing.
        ("Mariers", ["Müriers"], None),
    ],
)
def test_readings_one_letter_apart_disagree(value: str, second: list[str], apart: bool) -> None:
    words = _words(*second, conf=0.95 if apart is not None else 0.6)
    assert second_reading._one_letter_apart(value, words) is bool(apart)


def _scanned(text: str, line1: str) -> Reading:
    words = [Word(word, 10 + 60 * i, 10, 60 + 60 * i, 20) for i, word in enumerate(text.split())]
    doc = Document([build_page(1, 595, 842, words)], "ocr")
    reading = Reading()
    reading.fields["debtor.address.line1"] = Found(line1, 0.72, 1, None, "label", [])
    second_reading.check(reading, doc)
    return reading


def test_a_letter_french_does_not_write_is_not_trusted_on_a_french_scan() -> None:
    """Tesseract reads "û" as "ü" on a French page, both times ("chemin des Müriers")."""
    french = _scanned("Facture n° 12 Total TTC Client", "7 chemin des Müriers")
    assert french.fields["debtor.address.line1"].confidence == UNTRUSTED
    german = _scanned(
        "Rechnung Rechnungsnummer Rechnungsdatum Lieferdatum Betrag Gesamtbetrag Kunde",
        "Mühlenweg 4",
    )
    assert german.fields["debtor.address.line1"].confidence == 0.72


@pytest.mark.parametrize(
    ("line1", "read_as"),
    [
        ("27 rue d'lsly", "27 rue d'Isly"),
        ("5 rue de l'lndustrie", "5 rue de l'Industrie"),
        ("2 allée de l'Isly", None),
        ("8 chemin d'lalande", None),
    ],
)
def test_an_l_after_an_elision_and_before_a_consonant_is_an_i(
    line1: str, read_as: str | None
) -> None:
    """French elides before a vowel or a mute "h": Tesseract read the capital "I" as an "l"."""
    found = _scanned("Facture n° 12 Total TTC Client", line1).fields["debtor.address.line1"]
    assert found.value == (read_as or line1)
    assert (found.confidence == UNTRUSTED) is (read_as is not None)


# -- harsh scans of the benchmark ----------------------------------------------------------------


def _harsh_scan(case: hard.Case) -> bytes:
    key = f"{case.key}_reportlab"
    return scan(hard.render_reportlab(case), seed=sum(map(ord, key)), fmt="jpeg", harsh=True)


def _trusted_wrong(extraction: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    fields = extraction["fields"]
    return {
        name: fields[name]
        for name, ok in compare(extraction, expected).items()
        if not ok and name in fields and fields[name]["confidence"] >= LOW_CONFIDENCE
    }


def test_a_street_read_without_its_accent_gets_it_back() -> None:
    case = next(c for c in hard.cases() if c.key == "due_exigibilite")
    extraction = analyse(_harsh_scan(case), "image/jpeg")
    assert extraction["fields"]["debtor.address.line1"]["value"] == "4 place du Marché"
    assert _trusted_wrong(extraction, case.expected) == {}


def test_a_number_split_on_a_harsh_scan_is_read_whole_and_asked_for() -> None:
    case = real_shaped.scaleway_fr()
    extraction = analyse(_harsh_scan(case), "image/jpeg")
    numbers = extraction["fields"]["invoice.numbers"]
    assert numbers["value"] == ["SCW-2611-048321"]
    assert numbers["confidence"] < LOW_CONFIDENCE
    assert _trusted_wrong(extraction, case.expected) == {}


def test_an_umlaut_the_french_model_dropped_is_read_by_the_german_one() -> None:
    """A French invoice to Liechtenstein: the French and English models read "Städtle 28" as
    "Stadtle 28" at 0.9, and so does their second reading; the debtor's address being in a
    German-speaking country, the German model reads the street again and sees the "ä"."""
    case = real_issuers_eighth.liechtenstein_fr()
    extraction = analyse(_harsh_scan(case), "image/jpeg")
    street = extraction["fields"]["debtor.address.line1"]
    assert street["value"] == "Städtle 28"
    assert street["confidence"] >= LOW_CONFIDENCE
    assert _trusted_wrong(extraction, case.expected) == {}
