"""The debtor's block as OCR hands it over: words with boxes and confidences, specks and all."""

from __future__ import annotations

import pytest

from cleavr_connect.reading.found import Found
from cleavr_connect.reading.layout import Word
from tests.ocr.words import line, read

BUYER = ("Boulangerie Martin SAS", "4 place du Marché", "21000 Dijon")


def _block(lines: list[str], label: str | None = "Facturé à :") -> dict[str, Found]:
    """The fields read from a French invoice whose buyer's block is `lines`, under `label`."""
    words = line("Atelier Numérique SARL", 58, 52) + line("Facture n° F-2026-101", 383, 52)
    if label is not None:
        words += line(label, 328, 134)
    for i, text in enumerate(lines):
        words += line(text, 328, 152 + 14 * i)
    return read(words).fields


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


@pytest.mark.parametrize(
    ("street", "town", "country"),
    [
        # A German, Italian or Spanish street over five digits, with no country line, on a
        # French page: posted abroad, not in France.
        ("Goethestraße 12", "10115 Berlin", "DE"),
        ("Industriestrasse 4", "70565 Stuttgart", "DE"),
        ("Am Hafen 3", "20457 Hamburg", "DE"),
        # the "ß" as a scan reads it with the French models
        ("Goethestrake 21", "60313 Frankfurt am Main", "DE"),
        ("Mariahilfer StraBe 88", "80331 München", "DE"),
        ("Via Roma 12", "20121 Milano", "IT"),
        ("Calle Mayor 5", "28013 Madrid", "ES"),
        # A country's prefix before the postcode, and Monaco's codes in La Poste's numbering.
        ("Avenue Louise 54", "B-1050 Bruxelles", "BE"),
        ("12 rue de Hollerich", "L-1741 Luxembourg", "LU"),
        ("Leopoldstraße 5", "D-80802 München", "DE"),
        ("3 rue de Rivoli", "F-75001 Paris", "FR"),
        ("Gedimino pr. 9", "LT-01103 Vilnius", "LT"),
        ("Drottninggatan 5", "SE-111 51 Stockholm", "SE"),
        ("7 avenue de Grande-Bretagne", "98000 Monaco", "MC"),
        # Four digits and a town only one country has.
        ("Rue de la Loi 16", "1000 Bruxelles", "BE"),
        ("Rue du Rhône 12", "1204 Genève", "CH"),
        ("12 rue de Hollerich", "1741 Luxembourg", "LU"),
        # French streets, the number first or not, Alsatian towns included.
        ("4 place du Marché", "21000 Dijon", "FR"),
        ("6 rue du Général Lebocq", "67270 Hochfelden", "FR"),
        ("Allée des Tilleuls 4", "69000 Lyon", "FR"),
        ("12 Grande Allée", "69000 Lyon", "FR"),
    ],
)
def test_a_block_without_a_country_line_is_placed_by_its_street_or_postcode(
    street: str, town: str, country: str
) -> None:
    fields = _block(["Durand & Fils SARL", street, town])
    assert fields["debtor.address.line1"].value == street
    assert fields["debtor.address.country"].value == country


@pytest.mark.parametrize(
    ("label", "block", "postcode", "city", "country"),
    [
        (
            "Facturé à :",
            ["Amadeus SAS", "2000 Route des Lucioles", "06410 Biot"],
            "06410",
            "Biot",
            "FR",
        ),
        (
            "Bill to:",
            ["Globex Inc.", "1600 Amphitheatre Pkwy", "Mountain View, CA 94043"],
            "94043",
            "Mountain View",
            "US",
        ),
        # Four digits with no postcode under them stay a postcode.
        (
            "Facturé à :",
            ["Dupont SA", "Rue de la Loi 16", "1000 Bruxelles", "Belgique"],
            "1000",
            "Bruxelles",
            "BE",
        ),
    ],
    ids=["sophia-antipolis", "us-house-number", "belgian-postcode"],
)
def test_four_digits_before_a_street_are_its_number(
    label: str, block: list[str], postcode: str, city: str, country: str
) -> None:
    fields = _block(block, label)
    assert fields["debtor.address.line1"].value == block[1]
    assert fields["debtor.address.postal_code"].value == postcode
    assert fields["debtor.address.city"].value == city
    assert fields["debtor.address.country"].value == country


@pytest.mark.parametrize(
    ("block", "postcode", "city", "country"),
    [
        (
            ["1234, rue Sainte-Catherine Ouest", "Montréal (Québec) H3G 1P1"],
            "H3G 1P1",
            "Montréal",
            "CA",
        ),
        (["123 Main St", "Toronto, ON M5V 2T6", "Canada"], "M5V 2T6", "Toronto", "CA"),
        (["Rua Augusta 100", "1100-053 Lisboa"], "1100-053", "Lisboa", "PT"),
        (["Drottninggatan 5", "111 51 Stockholm", "Suède"], "111 51", "Stockholm", "SE"),
        (["Masarykova 5", "602 00 Brno", "République tchèque"], "602 00", "Brno", "CZ"),
        (["Karl Johans gate 1", "0154 Oslo", "Norvège"], "0154", "Oslo", "NO"),
        (["Strøget 10", "1160 København K", "Danemark"], "1160", "København K", "DK"),
        (["12 Harcourt Street", "Dublin 2, D02 X285", "Irlande"], "D02 X285", "Dublin 2", "IE"),
        (["One Microsoft Place", "Dublin 18", "D18 P521"], "D18 P521", "Dublin 18", "IE"),
        # OCR's O for the zero, which the Eircode alphabet has no letter for.
        (["12 Harcourt Street", "Dublin 2, DO2 X285"], "D02 X285", "Dublin 2", "IE"),
        (["1 Martin Place", "Sydney NSW 2000", "Australie"], "2000", "Sydney", "AU"),
        (["100 Collins Street", "Melbourne VIC 3000"], "3000", "Melbourne", "AU"),
    ],
    ids=[
        "quebec",
        "ontario",
        "portugal",
        "sweden",
        "czechia",
        "norway",
        "denmark",
        "ireland",
        "eircode_alone",
        "eircode_read_with_o",
        "australia",
        "australia_unstated",
    ],
)
def test_postcodes_and_countries_further_afield(
    block: list[str], postcode: str, city: str, country: str
) -> None:
    fields = _block(["Durand & Fils SARL", *block])
    assert fields["debtor.address.line1"].value == block[0]
    assert "debtor.address.line2" not in fields
    assert fields["debtor.address.postal_code"].value == postcode
    assert fields["debtor.address.city"].value == city
    assert fields["debtor.address.country"].value == country


@pytest.mark.parametrize(
    ("block", "line1", "line2"),
    [
        (["ZA des Écluses", "BP 123", "21000 Dijon"], "ZA des Écluses", "BP 123"),
        (
            ["CS 30001", "14 avenue Jean Jaurès", "69007 LYON CEDEX 07"],
            "14 avenue Jean Jaurès",
            "CS 30001",
        ),
        (
            ["Résidence Les Pins, apt 12", "3 allée des Lilas", "13008 Marseille"],
            "3 allée des Lilas",
            "Résidence Les Pins, apt 12",
        ),
        (["Suite 200", "100 Main Street", "Boston, MA 02110"], "100 Main Street", "Suite 200"),
    ],
    ids=["po-box", "cedex-box", "residence", "suite"],
)
def test_a_box_or_a_building_numbered_at_its_end_is_not_the_street(
    block: list[str], line1: str, line2: str
) -> None:
    fields = _block(["Durand & Fils SARL", *block])
    assert fields["debtor.address.line1"].value == line1
    assert fields["debtor.address.line2"].value == line2


@pytest.mark.parametrize("heading", ["Votre société :", "Coordonnées client :", "Your details:"])
def test_a_label_alone_over_the_block_is_not_the_name(heading: str) -> None:
    fields = _block([heading, *BUYER], label=None)
    assert fields["debtor.company_name"].value == "Boulangerie Martin SAS"
    assert fields["debtor.address.line1"].value == "4 place du Marché"


@pytest.mark.parametrize(
    ("one_line", "street", "postcode", "city", "country"),
    [
        ("4 place du Marché 21000 Dijon", "4 place du Marché", "21000", "Dijon", "FR"),
        ("4 place du Marché, 21000 Dijon", "4 place du Marché", "21000", "Dijon", "FR"),
        ("Zone artisanale - 21000 DIJON", "Zone artisanale", "21000", "DIJON", "FR"),
        (
            "Goethestraße 21, D-60313 Frankfurt am Main",
            "Goethestraße 21",
            "60313",
            "Frankfurt am Main",
            "DE",
        ),
    ],
)
def test_a_street_and_its_postcode_on_one_line_are_read_apart(
    one_line: str, street: str, postcode: str, city: str, country: str
) -> None:
    fields = _block(["Durand & Fils SARL", one_line])
    assert fields["debtor.address.line1"].value == street
    assert fields["debtor.address.postal_code"].value == postcode
    assert fields["debtor.address.city"].value == city
    assert fields["debtor.address.country"].value == country


@pytest.mark.parametrize(
    ("name", "extra", "kind", "trusted"),
    [
        # A civility says a person: trusted, as before.
        ("Mme Claire Morel", [], "individual", True),
        # A person's name and nothing of a business: a consumer most likely, a sole trader maybe.
        ("Jean Dupont", [], "individual", False),
        ("DUPONT Jean", [], "individual", False),
        ("Jean-Pierre Martin", [], "individual", False),
        # A trade, a legal form or a company number: a business.
        ("Boulangerie Martin", [], "company", True),
        ("Jean Dupont EI", [], "company", True),
        ("Jean Dupont", ["SIRET : 732 829 320 00074"], "company", True),
    ],
)
def test_a_persons_name_alone_is_no_trusted_company(
    name: str, extra: list[str], kind: str, trusted: bool
) -> None:
    found = _block([name, "3 allée des Lilas", "13008 Marseille", *extra])["debtor.company_type"]
    assert (found.value, found.confidence >= 0.5) == (kind, trusted)


# -- the buyer's SIREN and SIRET -----------------------------------------------------------------

SELLER_SIRET = "73282932000074"  # the seller's, printed in its block
BUYER_SIREN = "552081317"
BUYER_SIRET = "55208131700026"


def _numbers(
    extra: list[str], block_extra: tuple[str, ...] = (), user_siret: str | None = None
) -> dict[str, tuple[object, bool]]:
    """The company numbers read from a page: the seller's block with its SIRET, the buyer's
    block under "Facturé à", more lines under them; each as (value, trusted)."""
    from cleavr_connect.reading.layout import Document, build_page
    from cleavr_connect.reading.rules import read_invoice

    words = line("Atelier Numérique SARL", 58, 52) + line("Facture n° F-2026-101", 383, 52)
    words += line("SIRET : 732 829 320 00074", 58, 66)
    words += line("Facturé à :", 328, 134)
    for i, text in enumerate((*BUYER, *block_extra)):
        words += line(text, 328, 152 + 14 * i)
    for i, text in enumerate(extra):
        words += line(text, 40, 300 + 14 * i)
    page = build_page(1, 595, 842, words)
    fields = read_invoice(Document([page], "ocr"), user_siret=user_siret).fields
    return {
        name: (found.value, found.confidence >= 0.5)
        for name, found in fields.items()
        if name in ("debtor.siret", "debtor.siren", "seller.siret")
    }


@pytest.mark.parametrize(
    ("extra", "block_extra", "name", "value"),
    [
        (["SIREN client : 552 081 317"], (), "debtor.siren", BUYER_SIREN),
        (["Votre n° SIREN : 552081317"], (), "debtor.siren", BUYER_SIREN),
        ([], ("SIREN : 552 081 317",), "debtor.siren", BUYER_SIREN),
        ([], ("RCS Dijon B 552 081 317",), "debtor.siren", BUYER_SIREN),
        (["N° SIRET du client : 552 081 317 00026"], (), "debtor.siret", BUYER_SIRET),
        (["Votre SIRET : 552 081 317 00026"], (), "debtor.siret", BUYER_SIRET),
        (["SIRET du destinataire : 552 081 317 00026"], (), "debtor.siret", BUYER_SIRET),
        # La Poste's establishments: their SIRET fails Luhn and holds by La Poste's own rule.
        ([], ("SIRET 356 000 000 49837",), "debtor.siret", "35600000049837"),
    ],
    ids=[
        "siren-client",
        "votre-siren",
        "siren-in-block",
        "rcs-in-block",
        "siret-du-client",
        "votre-siret",
        "siret-du-destinataire",
        "la-poste",
    ],
)
def test_the_buyers_printed_company_number_is_the_debtors(
    extra: list[str], block_extra: tuple[str, ...], name: str, value: str
) -> None:
    numbers = _numbers(extra, block_extra)
    assert numbers[name] == (value, True)
    assert numbers["seller.siret"] == (SELLER_SIRET, True)


def test_a_siren_whose_luhn_check_fails_is_shown_not_trusted() -> None:
    assert _numbers(["SIREN client : 552 081 318"])["debtor.siren"] == ("552081318", False)


@pytest.mark.parametrize(
    ("extra", "block_extra", "user_siret"),
    [
        # The seller's own SIREN repeated in the buyer's block (a line the block took in).
        ([], ("SIREN : 732 829 320",), None),
        ([], ("SIRET 732 829 320 00074",), None),
        # The user's own company, whatever establishment.
        (["SIREN client : 801 409 400"], (), "80140940000018"),
        # A footer's thanks before the seller's numbers: "votre" names no buyer's number there.
        (["Merci de votre confiance - SIRET 552 081 317 00026 - SIREN 552 081 317"], (), None),
    ],
    ids=["seller-siren-in-block", "seller-siret-in-block", "users-own", "footer-thanks"],
)
def test_the_sellers_number_is_never_the_debtors(
    extra: list[str], block_extra: tuple[str, ...], user_siret: str | None
) -> None:
    numbers = _numbers(extra, block_extra, user_siret)
    assert "debtor.siren" not in numbers and "debtor.siret" not in numbers


def test_a_buyers_siret_and_siren_of_two_companies_are_not_trusted() -> None:
    numbers = _numbers(["SIREN client : 552 081 317"], ("SIRET 356 000 000 49837",))
    assert numbers["debtor.siret"] == ("35600000049837", False)
    assert numbers["debtor.siren"] == (BUYER_SIREN, False)


# -- Liechtenstein, told from Switzerland --------------------------------------------------------

GERMAN = [
    "Rechnung Nr. R-2026-101",
    "Rechnungsdatum 04.11.2026",
    "Fälligkeitsdatum 04.12.2026",
    "Preise netto, zzgl. MWST",
]
FRENCH = ["Facture n° F-2026-101", "Date de facture : 04.11.2026", "Échéance : 04.12.2026"]


def _country(head: list[str], block: list[str], foot: str) -> tuple[str | None, str | None]:
    """The debtor's postcode and country read from an unlabelled block in the window place."""
    words = [w for n, text in enumerate(head) for w in line(text, 40, 40 + 14 * n)]
    for i, text in enumerate(block):
        words += line(text, 328, 152 + 14 * i)
    words += line(foot, 340, 475)
    fields = read(words).fields
    country = fields.get("debtor.address.country")
    assert fields["debtor.address.postal_code"].value == block[2].split()[0].split("-")[-1]
    return fields["debtor.company_name"].value, country.value if country else None


@pytest.mark.parametrize(
    ("head", "block", "foot", "country"),
    [
        (
            GERMAN,
            ["Alpenbau Anstalt", "Städtle 12", "9490 Vaduz"],
            "Gesamtbetrag CHF 1'200.00",
            "LI",
        ),
        (
            GERMAN,
            ["Alpenbau Anstalt", "Städtle 12", "FL-9490 Vaduz"],
            "Gesamtbetrag 1.200,00 €",
            "LI",
        ),
        (FRENCH, ["Alpenbau Anstalt", "Städtle 12", "FL-9490 Vaduz"], "Total TTC 1 200,00 €", "LI"),
        (FRENCH, ["Alpenbau Anstalt", "Städtle 12", "9494 Schaan"], "Total CHF 1'200.00", "LI"),
        (
            GERMAN,
            ["Alpenbau Anstalt", "Städtle 12", "9490 Vaduz", "Tel. +423 230 12 34"],
            "Gesamtbetrag 1.200,00 €",
            "LI",
        ),
        (
            FRENCH,
            ["Alpenbau Anstalt", "Städtle 12", "9490 Vaduz", "Principauté de Liechtenstein"],
            "Total TTC 1 200,00 €",
            "LI",
        ),
        # A Liechtenstein code on a German letter in euros, no other sign: no country (not Austria).
        (GERMAN, ["Alpenbau Anstalt", "Städtle 12", "9490 Vaduz"], "Gesamtbetrag 1.200,00 €", None),
        # Switzerland and Austria as before.
        (
            GERMAN,
            ["Müller AG", "Bahnhofstrasse 9", "9000 St. Gallen"],
            "Gesamtbetrag CHF 1'200.00",
            "CH",
        ),
        (
            GERMAN,
            ["Holz Gruber KG", "Hauptplatz 5", "9400 Wolfsberg"],
            "Gesamtbetrag 1.200,00 €",
            "AT",
        ),
        (
            FRENCH,
            ["Horlogerie Besson Sàrl", "Rue du Lac 9", "CH-1003 Lausanne"],
            "Total CHF 1'200.00",
            "CH",
        ),
    ],
    ids=[
        "vaduz-francs",
        "fl-prefix-de",
        "fl-prefix-fr",
        "schaan-francs-fr",
        "dialling-code",
        "country-line",
        "vaduz-euros-de",
        "st-gallen",
        "wolfsberg",
        "ch-prefix",
    ],
)
def test_liechtenstein_is_told_from_switzerland(
    head: list[str], block: list[str], foot: str, country: str | None
) -> None:
    name, read_country = _country(head, block, foot)
    assert name == block[0]
    assert read_country == country


def test_a_liechtenstein_phone_is_read() -> None:
    words = line("Facture n° F-2026-101", 40, 40) + line("Facturé à :", 328, 134)
    for i, text in enumerate(
        ["Alpenbau Anstalt", "Städtle 12", "FL-9490 Vaduz", "Tél. +423 230 12 34"]
    ):
        words += line(text, 328, 152 + 14 * i)
    assert read(words).fields["debtor.phone"].value == "+4232301234"


def test_a_one_word_heading_over_a_company_is_no_name() -> None:
    # A role the page gives the buyer, in no label table, over the company and its shop's number.
    words = line("Fournil & Compagnie", 58, 52) + line("Facture", 483, 52)
    block = ["Franchisé", "Boulangerie du Port SARL", "Magasin n° 118", "2 quai Duguay-Trouin"]
    for i, text in enumerate([*block, "35400 Saint-Malo"]):
        words += line(text, 328, 134 + 14 * i)
    fields = read(words).fields
    assert fields["debtor.company_name"].value == "Boulangerie du Port SARL"
    assert fields["debtor.address.line1"].value == "2 quai Duguay-Trouin"
    assert fields["debtor.address.city"].value == "Saint-Malo"
