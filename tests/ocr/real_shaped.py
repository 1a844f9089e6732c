"""Invoices shaped like the real ones users send, laid out as their producers lay them out rather
than as our rules expect: an Odoo invoice in French and in English, two French telecom bills, a
hotel's note, two cloud providers' invoices (AWS-like in English, OVH- and Scaleway-like in
French) and two visual PDFs in the style of the FNFE-MPE Factur-X samples; then an invoice over
two pages, an energy bill at two VAT rates, an English hotel folio, a hotel note already paid,
an artisan's invoice to a couple with a deposit deducted and a Stripe-made SaaS invoice.
Ten kinds from other issuers follow (`third_cases`), ten more in `real_issuers.py`
(`fourth_cases`), ten more in `real_issuers_fifth.py` (`fifth_cases`), ten more in
`real_issuers_sixth.py` (`sixth_cases`) and ten more in `real_issuers_seventh.py`
(`seventh_cases`).

What makes them hard is what real documents carry: a lines table whose tax column prints "TVA
20%" on every row, labels above their values, a customer number, a line number and a contact
name beside the buyer's block, service periods and stay dates beside the invoice date, a
direct-debit date as the only due date, US and AWS-style addresses, included tax ("Dont TVA").
Each case is drawn by the three producers of `hard.py` (reportlab, fpdf2, Chromium) and scanned
by its harsh pipeline. `expected` is what the page says (None: not printed on it).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from tests.ocr.hard import Case, HardItem, Text
from tests.ocr.hard import generate as _generate
from tests.ocr.scoring import SCORED_FIELDS
from tests.ocr.specs import make_siret, spaced_siret, vat_of


def _siret(key: str) -> str:
    return make_siret(random.Random(f"real-{key}"))


def _expected(**fields: Any) -> dict[str, Any]:
    out: dict[str, Any] = dict.fromkeys(SCORED_FIELDS)
    out["invoice.currency"] = "EUR"
    out["debtor.company_type"] = "company"
    out.update({k.replace("__", "."): v for k, v in fields.items()})
    return out


def _column(x: float, y: float, lines: list[str], step: float = 4.6, **style: Any) -> list[Text]:
    return [Text(x, y + step * i, line, **style) for i, line in enumerate(lines)]


_BUYER = ["Boulangerie Martin SAS", "4 place du Marché", "21000 Dijon"]
_BUYER_FIELDS = {
    "debtor.company_name": "Boulangerie Martin SAS",
    "debtor.address.line1": "4 place du Marché",
    "debtor.address.postal_code": "21000",
    "debtor.address.city": "Dijon",
    "debtor.address.country": "FR",
}


def odoo_fr() -> Case:
    """Odoo's standard layout (l10n_fr): company top left, partner block top right with no
    label, "Facture FAC/…" as title, labels above their values, the tax named on every row."""
    siret, buyer = _siret("odoo-fr"), _siret("odoo-fr-buyer")
    texts = [
        Text(20, 18, "MENUISERIE DUBOIS", 14, True),
        *_column(
            20,
            26,
            ["Menuiserie Dubois SARL", "7 rue de la Fosse", "44000 Nantes", "France"],
            size=9,
        ),
        *_column(115, 52, [*_BUYER, "France", f"TVA : {vat_of(buyer)}"], size=10),
        Text(20, 92, "Facture FAC/2026/00412", 16, True),
        Text(20, 103, "Date de facturation :", 9, True),
        Text(75, 103, "Date d'échéance :", 9, True),
        Text(130, 103, "Origine :", 9, True),
        Text(20, 108, "03/11/2026", 9),
        Text(75, 108, "03/12/2026", 9),
        Text(130, 108, "S00042", 9),
        Text(20, 122, "Description", 9, True),
        Text(120, 122, "Quantité", 9, True, True),
        Text(145, 122, "Prix unitaire", 9, True, True),
        Text(165, 122, "Taxes", 9, True, True),
        Text(190, 122, "Montant", 9, True, True),
    ]
    rows = [
        ("[MEUB-01] Bureau chêne massif", "2,00 Unités", "350,00", "700,00 €"),
        ("[POSE] Pose et réglage", "3,00 Heures", "100,00", "300,00 €"),
    ]
    for i, (item, qty, unit, amount) in enumerate(rows):
        y = 129 + 6 * i
        texts += [
            Text(20, y, item, 9),
            Text(120, y, qty, 9, right=True),
            Text(145, y, unit, 9, right=True),
            Text(165, y, "TVA 20%", 9, right=True),
            Text(190, y, amount, 9, right=True),
        ]
    texts += [
        Text(125, 150, "Montant HT", 9, True),
        Text(190, 150, "1 000,00 €", 9, right=True),
        Text(125, 156, "TVA 20 %", 9),
        Text(190, 156, "200,00 €", 9, right=True),
        Text(125, 162, "Total", 10, True),
        Text(190, 162, "1 200,00 €", 10, True, True),
        Text(
            20,
            176,
            "Merci d'utiliser la communication suivante pour votre paiement : FAC/2026/00412",
            9,
        ),
        Text(20, 183, "Conditions de paiement : 30 jours", 9),
        Text(
            40,
            280,
            "+33 2 40 12 34 56   contact@menuiserie-dubois.fr   www.menuiserie-dubois.fr",
            8,
        ),
        Text(55, 284, f"SIRET : {siret}   TVA : {vat_of(siret)}", 8),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["FAC/2026/00412"],
            "invoice.issue_date": "2026-11-03",
            "invoice.due_date": "2026-12-03",
            "invoice.amount_before_tax": "1000.00",
            "invoice.tax_amount": "200.00",
            "invoice.amount": "1200.00",
            "seller.siret": siret,
            "debtor.vat_number": vat_of(buyer),
        },
    )
    return Case("odoo_fr", "Odoo standard invoice, French", texts, expected)


def odoo_en() -> Case:
    """Odoo's standard layout for a US company: month-first dates, "$ 1,000.00", a US address
    ("Pleasant Hill CA 94523", "United States")."""
    texts = [
        Text(20, 18, "NORTHWIND FURNITURE", 14, True),
        *_column(
            20,
            26,
            [
                "Northwind Furniture Inc.",
                "250 Executive Park Blvd, Suite 3400",
                "San Francisco CA 94134",
                "United States",
            ],
            size=9,
        ),
        *_column(
            115,
            52,
            ["Deco Addict", "77 Santa Barbara Rd", "Pleasant Hill CA 94523", "United States"],
        ),
        Text(20, 92, "Invoice INV/2026/00012", 16, True),
        Text(20, 103, "Invoice Date:", 9, True),
        Text(75, 103, "Due Date:", 9, True),
        Text(130, 103, "Source:", 9, True),
        Text(20, 108, "11/18/2026", 9),
        Text(75, 108, "12/18/2026", 9),
        Text(130, 108, "S00027", 9),
        Text(20, 122, "Description", 9, True),
        Text(120, 122, "Quantity", 9, True, True),
        Text(145, 122, "Unit Price", 9, True, True),
        Text(165, 122, "Taxes", 9, True, True),
        Text(190, 122, "Amount", 9, True, True),
    ]
    rows = [
        ("[FURN_8888] Office Lamp", "5.00 Units", "40.00", "$ 200.00"),
        ("[FURN_7800] Desk Combination", "2.00 Units", "400.00", "$ 800.00"),
    ]
    for i, (item, qty, unit, amount) in enumerate(rows):
        y = 129 + 6 * i
        texts += [
            Text(20, y, item, 9),
            Text(120, y, qty, 9, right=True),
            Text(145, y, unit, 9, right=True),
            Text(165, y, "15%", 9, right=True),
            Text(190, y, amount, 9, right=True),
        ]
    texts += [
        Text(125, 150, "Untaxed Amount", 9, True),
        Text(190, 150, "$ 1,000.00", 9, right=True),
        Text(125, 156, "Tax 15%", 9),
        Text(190, 156, "$ 150.00", 9, right=True),
        Text(125, 162, "Total", 10, True),
        Text(190, 162, "$ 1,150.00", 10, True, True),
        Text(20, 176, "Please use the following communication for your payment: INV/2026/00012", 9),
        Text(20, 183, "Payment terms: 30 Days", 9),
        Text(
            50,
            282,
            "+1 555-555-5556   info@northwind-furniture.example   www.northwind-furniture.example",
            8,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["INV/2026/00012"],
            "invoice.issue_date": "2026-11-18",
            "invoice.due_date": "2026-12-18",
            "invoice.amount_before_tax": "1000.00",
            "invoice.tax_amount": "150.00",
            "invoice.amount": "1150.00",
            "invoice.currency": "USD",
            "debtor.company_name": "Deco Addict",
            "debtor.address.line1": "77 Santa Barbara Rd",
            "debtor.address.postal_code": "94523",
            "debtor.address.city": "Pleasant Hill",
            "debtor.address.country": "US",
        },
    )
    return Case("odoo_en", "Odoo standard invoice, US English", texts, expected)


def telecom_debit() -> Case:
    """A telecom bill (Orange/SFR-like): "Facture n° … du …", a customer number, the amount to
    pay and the date it "sera prélevé", service periods, the operator's SIREN but no SIRET."""
    seller = _siret("telecom")
    texts = [
        Text(20, 18, "opaline", 20, True),
        Text(20, 32, "Votre facture", 16, True),
        Text(20, 40, "Facture n° 1F26418823 du 05/11/2026", 10, True),
        Text(20, 46, "Numéro client : 70123456", 9),
        Text(20, 51, "Offre : Opaline Pro Fibre", 9),
        *_column(115, 50, ["BOULANGERIE MARTIN SAS", "4 PLACE DU MARCHE", "21000 DIJON"]),
        Text(20, 82, "Montant à payer", 12, True),
        Text(190, 82, "55,00 €", 12, True, True),
        Text(
            20, 89, "Ce montant sera prélevé le 20/11/2026 sur le compte se terminant par 0143.", 9
        ),
        Text(20, 104, "Détail de votre facture", 11, True),
    ]
    rows = [
        ("Abonnement Pro Fibre du 05/11/2026 au 04/12/2026", "37,50 €"),
        ("Option ligne fixe illimitée du 05/11/2026 au 04/12/2026", "8,33 €"),
        ("Communications du 05/10/2026 au 04/11/2026", "0,00 €"),
    ]
    for i, (item, amount) in enumerate(rows):
        texts += [Text(20, 112 + 6 * i, item, 9), Text(190, 112 + 6 * i, amount, 9, right=True)]
    texts += [
        Text(130, 140, "Total HT", 9),
        Text(190, 140, "45,83 €", 9, right=True),
        Text(130, 146, "TVA 20 %", 9),
        Text(190, 146, "9,17 €", 9, right=True),
        Text(130, 152, "Total TTC", 10, True),
        Text(190, 152, "55,00 €", 10, True, True),
        Text(
            20,
            278,
            "Opaline Télécom SA au capital de 1 200 000 000 € - 12 rue de la Gare 75015 Paris - "
            f"{seller[:3]} {seller[3:6]} {seller[6:9]} RCS Paris",
            7,
        ),
        Text(20, 282, f"TVA intracommunautaire : {vat_of(seller)}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["1F26418823"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-11-20",
            "invoice.amount_before_tax": "45.83",
            "invoice.tax_amount": "9.17",
            "invoice.amount": "55.00",
            "debtor.company_name": "BOULANGERIE MARTIN SAS",
            "debtor.address.line1": "4 PLACE DU MARCHE",
            "debtor.address.postal_code": "21000",
            "debtor.address.city": "DIJON",
            "debtor.address.country": "FR",
        },
    )
    return Case("telecom_debit", "telecom bill, direct debit date, periods", texts, expected)


def telecom_pay_before() -> Case:
    """A business telecom bill: an account number, a billing period, "à payer avant le", a
    post-office box line and CEDEX in the buyer's block."""
    seller = _siret("telecom-2")
    texts = [
        Text(20, 18, "Azur Telecom Entreprises", 14, True),
        Text(20, 30, "Numéro de facture : 5482117306", 9),
        Text(20, 35, "Date de facture : 05/11/2026", 9),
        Text(20, 40, "Numéro de compte client : 1.23456789", 9),
        Text(20, 45, "Période de facturation : du 01/11/2026 au 30/11/2026", 9),
        *_column(
            115, 50, ["SAS BOULANGERIE MARTIN", "4 PLACE DU MARCHE", "BP 12", "21000 DIJON CEDEX"]
        ),
        Text(20, 80, "Montant total TTC à payer avant le 25/11/2026", 11, True),
        Text(190, 80, "46,80 €", 11, True, True),
        Text(20, 96, "Vos services", 10, True),
        Text(20, 103, "Forfait Pro 5G 100 Go du 01/11/2026 au 30/11/2026", 9),
        Text(190, 103, "29,00 €", 9, right=True),
        Text(20, 109, "Option Wi-Fi Pro du 01/11/2026 au 30/11/2026", 9),
        Text(190, 109, "10,00 €", 9, right=True),
        Text(20, 115, "Communications hors forfait du 01/10/2026 au 31/10/2026", 9),
        Text(190, 115, "0,00 €", 9, right=True),
        Text(130, 130, "Total HT", 9),
        Text(190, 130, "39,00 €", 9, right=True),
        Text(130, 136, "TVA à 20 %", 9),
        Text(190, 136, "7,80 €", 9, right=True),
        Text(130, 142, "Total TTC", 10, True),
        Text(190, 142, "46,80 €", 10, True, True),
        Text(
            20,
            278,
            "Azur Telecom SA au capital de 712 588 399 € - 37 quai du Président Roosevelt 92130 "
            f"Issy-les-Moulineaux - {seller[:3]} {seller[3:6]} {seller[6:9]} RCS Nanterre",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["5482117306"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-11-25",
            "invoice.amount_before_tax": "39.00",
            "invoice.tax_amount": "7.80",
            "invoice.amount": "46.80",
            "debtor.company_name": "SAS BOULANGERIE MARTIN",
            "debtor.address.line1": "4 PLACE DU MARCHE",
            "debtor.address.postal_code": "21000",
            "debtor.address.city": "DIJON CEDEX",
            "debtor.address.country": "FR",
        },
    )
    return Case(
        "telecom_pay_before", "telecom bill, pay-before date, BP and CEDEX", texts, expected
    )


def hotel_note() -> Case:
    """A hotel's note: "Note n°", arrival and departure (two-digit years), a dated nights
    table, "Total TTC", "Dont TVA 10 %", "Solde dû", a tourist tax outside VAT, no due date."""
    siret = _siret("hotel")
    texts = [
        Text(70, 18, "HÔTEL DU GRAND CERF", 14, True),
        Text(72, 24, "12 place Stanislas - 54000 Nancy", 9),
        Text(62, 29, "Tél. +33 3 83 30 12 12 - reservation@grandcerf-nancy.fr", 9),
        Text(20, 45, "Note n° 48213", 12, True),
        *_column(
            20,
            53,
            [
                "Date : 05/11/26",
                "Chambre : 214",
                "Arrivée : 02/11/26",
                "Départ : 05/11/26",
                "Nuits : 3",
                "Client : M. Jean Dupont",
            ],
            size=9,
        ),
        *_column(115, 53, _BUYER),
        Text(20, 95, "Date", 9, True),
        Text(40, 95, "Libellé", 9, True),
        Text(130, 95, "Qté", 9, True, True),
        Text(158, 95, "P.U.", 9, True, True),
        Text(190, 95, "Montant", 9, True, True),
    ]
    rows = []
    for day in ("02/11/26", "03/11/26", "04/11/26"):
        rows += [
            (day, "Hébergement chambre double", "1", "115,00", "115,00"),
            (day, "Petit-déjeuner", "1", "18,00", "18,00"),
        ]
    rows.append(("04/11/26", "Taxe de séjour", "3", "1,65", "4,95"))
    for i, (day, item, qty, unit, amount) in enumerate(rows):
        y = 102 + 5.5 * i
        texts += [
            Text(20, y, day, 9),
            Text(40, y, item, 9),
            Text(130, y, qty, 9, right=True),
            Text(158, y, unit, 9, right=True),
            Text(190, y, amount, 9, right=True),
        ]
    texts += [
        Text(130, 150, "Total TTC", 10, True),
        Text(190, 150, "403,95 €", 10, True, True),
        Text(130, 156, "Dont TVA 10 %", 9),
        Text(190, 156, "36,27 €", 9, right=True),
        Text(130, 162, "Versements", 9),
        Text(190, 162, "0,00 €", 9, right=True),
        Text(130, 169, "Solde dû", 10, True),
        Text(190, 169, "403,95 €", 10, True, True),
        Text(20, 185, "Taxe de séjour non soumise à TVA.", 8),
        Text(
            20,
            280,
            f"SAS Grand Cerf Hôtellerie au capital de 50 000 € - SIRET {spaced_siret(siret)} - "
            f"RCS Nancy - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["48213"],
            "invoice.issue_date": "2026-11-05",
            # The page prints the total and the tax it includes: the base is their difference.
            "invoice.amount_before_tax": "367.68",
            "invoice.tax_amount": "36.27",
            "invoice.amount": "403.95",
            "seller.siret": siret,
        },
    )
    return Case("hotel_note", "hotel note: stay dates, included tax, no due date", texts, expected)


def aws_en() -> Case:
    """An AWS-like invoice: "Bill to Address:" with an ATTN line and "City, postcode, country
    code", US-style long dates, "TOTAL AMOUNT DUE ON …", charges and tax in USD."""
    buyer = _siret("aws-buyer")
    texts = [
        Text(20, 20, "aws", 22, True),
        Text(190, 20, "Tax Invoice", 14, True, True),
        Text(20, 40, "Bill to Address:", 9, True),
        *_column(20, 45, ["ATTN: Jean Dupont", *_BUYER[:2], "Dijon, 21000, FR"], size=9),
        Text(20, 68, f"Customer VAT Number: {vat_of(buyer)}", 9),
        Text(115, 40, "Account number:", 9, True),
        Text(115, 45, "123456789012", 9),
        Text(115, 54, "Invoice Summary", 10, True),
        Text(115, 60, "Invoice Number:", 9),
        Text(190, 60, "EUINFR26-1482307", 9, right=True),
        Text(115, 65, "Invoice Date:", 9),
        Text(190, 65, "March 3, 2026", 9, right=True),
        Text(20, 80, "TOTAL AMOUNT DUE ON April 2, 2026", 10, True),
        Text(190, 80, "USD 118.80", 10, True, True),
        Text(20, 90, "This invoice is for the billing period February 1 - February 28, 2026", 9),
        Text(
            20,
            97,
            "Greetings from Amazon Web Services, we're writing to provide you with an electronic",
            8,
        ),
        Text(20, 101, "invoice for your use of AWS services.", 8),
        Text(20, 114, "Summary", 10, True),
        Text(20, 121, "Amazon Web Services EMEA SARL Service Charges", 9, True),
        Text(25, 127, "Charges", 9),
        Text(190, 127, "USD 99.00", 9, right=True),
        Text(25, 132, "Credits", 9),
        Text(190, 132, "USD 0.00", 9, right=True),
        Text(25, 137, "Tax", 9),
        Text(190, 137, "USD 19.80", 9, right=True),
        Text(20, 144, "Total for this invoice", 9, True),
        Text(190, 144, "USD 118.80", 9, True, True),
        Text(
            20,
            270,
            "Amazon Web Services EMEA SARL, 38 Avenue John F. Kennedy, L-1855, Luxembourg",
            7,
        ),
        Text(20, 274, "VAT Registration Number: LU26888617", 7),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["EUINFR26-1482307"],
            "invoice.issue_date": "2026-03-03",
            "invoice.due_date": "2026-04-02",
            "invoice.amount_before_tax": "99.00",
            "invoice.tax_amount": "19.80",
            "invoice.amount": "118.80",
            "invoice.currency": "USD",
            "debtor.vat_number": vat_of(buyer),
        },
    )
    return Case("aws_en", "cloud provider invoice, English (AWS-like)", texts, expected)


def ovh_fr() -> Case:
    """An OVH-like invoice: "Facture FR…" (a number that starts like a VAT number), "Date
    d'émission", "Date limite de paiement", a contact name in the billing address, the seller's
    SIRET after its RCS city with no label, "TVA (20%)"."""
    siret = _siret("ovh")
    texts = [
        Text(20, 18, "cumulus", 18, True),
        *_column(
            20, 28, ["Cumulus Cloud SAS", "2 rue Kellermann", "59100 Roubaix", "France"], size=9
        ),
        Text(115, 28, "Facture FR48213795", 14, True),
        Text(115, 36, "Date d'émission : 01/11/2026", 9),
        Text(115, 41, "Date limite de paiement : 16/11/2026", 9),
        Text(115, 46, "Identifiant client : bm48213-cc", 9),
        Text(115, 60, "Adresse de facturation", 9, True),
        *_column(115, 66, ["Boulangerie Martin SAS", "Jean Martin", *_BUYER[1:], "France"]),
        Text(20, 100, "Description", 9, True),
        Text(130, 100, "Quantité", 9, True, True),
        Text(160, 100, "Prix unitaire HT", 9, True, True),
        Text(190, 100, "Total HT", 9, True, True),
        Text(20, 107, "VPS Comfort 4 vCore 8 Go - novembre 2026", 9),
        Text(130, 107, "1", 9, right=True),
        Text(160, 107, "22,00 €", 9, right=True),
        Text(190, 107, "22,00 €", 9, right=True),
        Text(20, 113, "Public Cloud - consommation du 01/10/2026 au 31/10/2026", 9),
        Text(130, 113, "1", 9, right=True),
        Text(160, 113, "62,20 €", 9, right=True),
        Text(190, 113, "62,20 €", 9, right=True),
        Text(130, 130, "Total HT", 9),
        Text(190, 130, "84,20 €", 9, right=True),
        Text(130, 136, "TVA (20%)", 9),
        Text(190, 136, "16,84 €", 9, right=True),
        Text(130, 142, "Total TTC", 10, True),
        Text(190, 142, "101,04 €", 10, True, True),
        Text(
            20,
            280,
            "Cumulus Cloud SAS au capital de 10 174 560 € - RCS Lille Métropole "
            f"{spaced_siret(siret)} - Code APE 6311Z - N° TVA : {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["FR48213795"],
            "invoice.issue_date": "2026-11-01",
            "invoice.due_date": "2026-11-16",
            "invoice.amount_before_tax": "84.20",
            "invoice.tax_amount": "16.84",
            "invoice.amount": "101.04",
            "seller.siret": siret,
        },
    )
    return Case("ovh_fr", "cloud provider invoice, French (OVH-like)", texts, expected)


def scaleway_fr() -> Case:
    """A Scaleway-like invoice: a header row of labels over their values (number, issue date,
    due date, amount due) with dates in words, the buyer labelled "Facturé à" beside the
    seller's own block."""
    siret = _siret("scaleway")
    buyer = _siret("scaleway-buyer")
    texts = [
        Text(20, 20, "stratus", 18, True),
        Text(190, 20, "Facture", 18, True, True),
        Text(20, 42, "Numéro de facture", 8, True),
        Text(70, 42, "Date d'émission", 8, True),
        Text(115, 42, "Date d'échéance", 8, True),
        Text(160, 42, "Montant dû", 8, True),
        Text(20, 48, "SCW-2611-048321", 10),
        Text(70, 48, "1 novembre 2026", 10),
        Text(115, 48, "1 décembre 2026", 10),
        Text(160, 48, "61,20 €", 10),
        Text(20, 66, "Facturé à", 9, True),
        *_column(20, 72, [*_BUYER, "France", f"N° TVA : {vat_of(buyer)}"], size=9),
        Text(115, 66, "Émis par", 9, True),
        *_column(
            115,
            72,
            [
                "Stratus SAS",
                "8 rue de la Ville-l'Évêque",
                "75008 Paris",
                "France",
                f"SIRET : {siret}",
            ],
            size=9,
        ),
        Text(20, 110, "Produit", 9, True),
        Text(80, 110, "Période", 9, True),
        Text(150, 110, "Quantité", 9, True, True),
        Text(190, 110, "Montant HT", 9, True, True),
        Text(20, 117, "Instances DEV1-S", 9),
        Text(80, 117, "01/10/2026 - 31/10/2026", 9),
        Text(150, 117, "744 h", 9, right=True),
        Text(190, 117, "7,44 €", 9, right=True),
        Text(20, 123, "Object Storage", 9),
        Text(80, 123, "01/10/2026 - 31/10/2026", 9),
        Text(150, 123, "1 452 Go", 9, right=True),
        Text(190, 123, "43,56 €", 9, right=True),
        Text(130, 140, "Sous-total HT", 9),
        Text(190, 140, "51,00 €", 9, right=True),
        Text(130, 146, "TVA 20 %", 9),
        Text(190, 146, "10,20 €", 9, right=True),
        Text(130, 152, "Total TTC", 10, True),
        Text(190, 152, "61,20 €", 10, True, True),
        Text(20, 170, "Le montant sera prélevé sur votre moyen de paiement par défaut.", 8),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["SCW-2611-048321"],
            "invoice.issue_date": "2026-11-01",
            "invoice.due_date": "2026-12-01",
            "invoice.amount_before_tax": "51.00",
            "invoice.tax_amount": "10.20",
            "invoice.amount": "61.20",
            "seller.siret": siret,
            "debtor.vat_number": vat_of(buyer),
        },
    )
    return Case("scaleway_fr", "cloud provider invoice, header row of labels", texts, expected)


def facturx_acheteur() -> Case:
    """A visual Factur-X sample in the FNFE-MPE style: seller top left with SIRET and VAT,
    "FACTURE" and "N° :" top right, the buyer under "Acheteur" (no colon) with its own SIRET
    and VAT, a VAT recap table, "Net à payer", bank details."""
    siret, buyer = _siret("facturx"), _siret("facturx-buyer")
    texts = [
        *_column(
            20,
            20,
            [
                "Papeterie Lefèvre SARL",
                "12 avenue des Lilas",
                "75011 Paris",
                f"SIRET : {siret}",
                f"N° TVA : {vat_of(siret)}",
            ],
            size=9,
        ),
        Text(190, 22, "FACTURE", 18, True, True),
        Text(135, 32, "N° : F20260023", 10),
        Text(135, 37, "Date : 29/10/2026", 10),
        Text(115, 55, "Acheteur", 9, True),
        *_column(
            115,
            61,
            [*_BUYER, f"SIRET : {spaced_siret(buyer)}", f"N° TVA : {vat_of(buyer)}"],
            size=9,
        ),
        Text(20, 100, "Désignation", 9, True),
        Text(110, 100, "Qté", 9, True, True),
        Text(125, 100, "Unité", 9, True, True),
        Text(148, 100, "P.U. HT", 9, True, True),
        Text(165, 100, "TVA", 9, True, True),
        Text(190, 100, "Montant HT", 9, True, True),
    ]
    for i, (item, qty, unit, amount) in enumerate(
        [
            ("Ramette papier A4 80 g", "50", "4,50", "225,00"),
            ("Classeur à levier", "25", "3,00", "75,00"),
        ]
    ):
        y = 107 + 6 * i
        texts += [
            Text(20, y, item, 9),
            Text(110, y, qty, 9, right=True),
            Text(125, y, "U", 9, right=True),
            Text(148, y, unit, 9, right=True),
            Text(165, y, "20 %", 9, right=True),
            Text(190, y, amount, 9, right=True),
        ]
    texts += [
        Text(20, 135, "Taux", 8, True),
        Text(55, 135, "Base HT", 8, True, True),
        Text(80, 135, "Montant TVA", 8, True, True),
        Text(20, 140, "20,00 %", 8),
        Text(55, 140, "300,00", 8, right=True),
        Text(80, 140, "60,00", 8, right=True),
        Text(130, 135, "Total HT", 9),
        Text(190, 135, "300,00 €", 9, right=True),
        Text(130, 141, "Total TVA", 9),
        Text(190, 141, "60,00 €", 9, right=True),
        Text(130, 147, "Total TTC", 9, True),
        Text(190, 147, "360,00 €", 9, True, True),
        Text(130, 153, "Acompte", 9),
        Text(190, 153, "0,00 €", 9, right=True),
        Text(130, 159, "Net à payer", 10, True),
        Text(190, 159, "360,00 €", 10, True, True),
        Text(20, 175, "Date d'échéance : 28/11/2026", 9),
        Text(20, 180, "Conditions de paiement : 30 jours à compter de la date de facture", 9),
        Text(
            20,
            185,
            "Paiement par virement - IBAN : FR76 3000 6000 0112 3456 7890 189 - BIC : AGRIFRPP882",
            9,
        ),
        Text(
            20,
            272,
            "Pénalités de retard : 3 fois le taux d'intérêt légal. Indemnité forfaitaire pour frais "
            "de recouvrement : 40 €.",
            7,
        ),
        Text(20, 276, "Papeterie Lefèvre SARL au capital de 8 000 € - RCS Paris", 7),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["F20260023"],
            "invoice.issue_date": "2026-10-29",
            "invoice.due_date": "2026-11-28",
            "invoice.amount_before_tax": "300.00",
            "invoice.tax_amount": "60.00",
            "invoice.amount": "360.00",
            "seller.siret": siret,
            "debtor.siret": buyer,
            "debtor.vat_number": vat_of(buyer),
        },
    )
    return Case("facturx_acheteur", "Factur-X visual, buyer under « Acheteur »", texts, expected)


def facturx_two_rates() -> Case:
    """A second FNFE-MPE-style page: an unlabelled buyer block, a customer code, two VAT rates
    (5,5 % and 20 %) each with its own line, the due date only in a sentence."""
    siret = _siret("facturx-2")
    texts = [
        *_column(
            20,
            20,
            ["Le Fournil Bio SAS", "3 chemin des Meuniers", "21200 Beaune", "Tél. 03 80 22 00 00"],
            size=9,
        ),
        Text(190, 22, "FACTURE", 18, True, True),
        *_column(115, 50, ["Épicerie Fine Dumas SARL", "18 rue de la Liberté", "21000 Dijon"]),
        Text(20, 80, "Facture n° 2026-1187", 10, True),
        Text(20, 85, "Date de facture : 12/10/2026", 9),
        Text(20, 90, "Code client : C0042", 9),
        Text(20, 105, "Désignation", 9, True),
        Text(140, 105, "Taux TVA", 9, True, True),
        Text(190, 105, "Montant HT", 9, True, True),
        Text(20, 112, "Farine T65 bio - 40 sacs de 25 kg", 9),
        Text(140, 112, "5,5 %", 9, right=True),
        Text(190, 112, "400,00", 9, right=True),
        Text(20, 118, "Moules et matériel de boulangerie", 9),
        Text(140, 118, "20 %", 9, right=True),
        Text(190, 118, "600,00", 9, right=True),
        Text(130, 135, "Total HT", 9),
        Text(190, 135, "1 000,00 €", 9, right=True),
        Text(130, 141, "TVA 5,5 %", 9),
        Text(190, 141, "22,00 €", 9, right=True),
        Text(130, 147, "TVA 20 %", 9),
        Text(190, 147, "120,00 €", 9, right=True),
        Text(130, 153, "Total TTC", 10, True),
        Text(190, 153, "1 142,00 €", 10, True, True),
        Text(20, 170, "Facture payable au plus tard le 11/11/2026 par virement.", 9),
        Text(20, 175, "IBAN : FR76 1027 8021 0000 0205 4120 175 - BIC : CMCIFR2A", 9),
        Text(
            20,
            280,
            f"Le Fournil Bio SAS - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)} - RCS Dijon",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-1187"],
            "invoice.issue_date": "2026-10-12",
            "invoice.due_date": "2026-11-11",
            "invoice.amount_before_tax": "1000.00",
            "invoice.tax_amount": "142.00",
            "invoice.amount": "1142.00",
            "seller.siret": siret,
            "debtor.company_name": "Épicerie Fine Dumas SARL",
            "debtor.address.line1": "18 rue de la Liberté",
            "debtor.address.postal_code": "21000",
            "debtor.address.city": "Dijon",
            "debtor.address.country": "FR",
        },
    )
    return Case(
        "facturx_two_rates", "Factur-X visual, two VAT rates, unlabelled buyer", texts, expected
    )


def two_pages() -> Case:
    """An invoice over two pages: the buyer and the first lines on page 1, the lines table going
    on over page 2, the totals and the due date at the foot of page 2."""
    siret = _siret("two-pages")
    texts = [
        Text(20, 18, "ATELIER GRAPHIQUE LEROUX", 14, True),
        *_column(
            20, 26, ["Atelier Graphique Leroux SARL", "9 rue Paradis", "13001 Marseille"], size=9
        ),
        Text(115, 45, "Facturé à :", 9, True),
        *_column(115, 51, _BUYER),
        Text(20, 75, "FACTURE N° AGL-2026-0318", 14, True),
        Text(20, 83, "Date de facture : 14/10/2026", 9),
        Text(20, 110, "Désignation", 9, True),
        Text(140, 110, "Qté", 9, True, True),
        Text(165, 110, "P.U. HT", 9, True, True),
        Text(190, 110, "Total HT", 9, True, True),
        Text(190, 287, "Page 1/2", 8, right=True),
    ]
    rows = [(f"Affiche A3 modèle {n}", "10", "12,50", "125,00") for n in range(1, 25)]
    for i, (item, qty, unit, amount) in enumerate(rows):
        page, y = (1, 117 + 6 * i) if i < 24 else (2, 0)
        if i >= 16:
            page, y = 2, 30 + 6 * (i - 16)
        texts += [
            Text(20, y, item, 9, page=page),
            Text(140, y, qty, 9, right=True, page=page),
            Text(165, y, unit, 9, right=True, page=page),
            Text(190, y, amount, 9, right=True, page=page),
        ]
    texts += [
        Text(20, 18, "Facture N° AGL-2026-0318 (suite)", 9, page=2),
        Text(20, 24, "Désignation", 9, True, page=2),
        Text(140, 24, "Qté", 9, True, True, page=2),
        Text(165, 24, "P.U. HT", 9, True, True, page=2),
        Text(190, 24, "Total HT", 9, True, True, page=2),
        Text(130, 90, "Total HT", 9, True, page=2),
        Text(190, 90, "3 000,00 €", 9, right=True, page=2),
        Text(130, 96, "TVA 20 %", 9, page=2),
        Text(190, 96, "600,00 €", 9, right=True, page=2),
        Text(130, 102, "Total TTC", 10, True, page=2),
        Text(190, 102, "3 600,00 €", 10, True, True, page=2),
        Text(20, 115, "Date d'échéance : 13/11/2026", 9, page=2),
        Text(20, 120, "Règlement par virement : FR76 3000 4000 0312 3456 7890 143", 9, page=2),
        Text(
            20,
            280,
            f"Atelier Graphique Leroux SARL - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
            page=2,
        ),
        Text(190, 287, "Page 2/2", 8, right=True, page=2),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["AGL-2026-0318"],
            "invoice.issue_date": "2026-10-14",
            "invoice.due_date": "2026-11-13",
            "invoice.amount_before_tax": "3000.00",
            "invoice.tax_amount": "600.00",
            "invoice.amount": "3600.00",
            "seller.siret": siret,
        },
    )
    return Case(
        "two_pages", "two pages: lines go on, totals and due date on page 2", texts, expected
    )


def energy_fr() -> Case:
    """An energy bill (EDF/Engie-like): "Facture du …", a customer reference, consumption periods,
    "Montant TTC à payer", a debit date as the due date, VAT at 5,5 % and 20 %."""
    texts = [
        Text(20, 18, "énergie", 20, True),
        Text(20, 25, "Fournisseur d'électricité", 8),
        Text(115, 40, "M. et Mme Bernard Lefèvre", 10, True),
        *_column(115, 45, ["27 allée des Tilleuls", "69100 Villeurbanne"]),
        Text(20, 40, "Facture du 08/09/2026", 12, True),
        Text(20, 46, "N° de facture : 10048271653", 9),
        Text(20, 51, "Référence client : 4 002 117 385", 9),
        Text(20, 56, "Point de livraison : 09 451 238 746 512", 9),
        Text(20, 75, "Montant TTC à payer", 12, True),
        Text(190, 75, "179,43 €", 14, True, True),
        Text(20, 82, "Ce montant sera prélevé le 23/09/2026 sur votre compte.", 9),
        Text(20, 100, "Détail de votre facture", 11, True),
        Text(20, 108, "Abonnement du 01/09/2026 au 30/09/2026", 9),
        Text(150, 108, "Taux TVA", 9, True, True),
        Text(190, 108, "Montant HT", 9, True, True),
        Text(20, 114, "Abonnement Base 9 kVA", 9),
        Text(150, 114, "5,5 %", 9, right=True),
        Text(190, 114, "18,00 €", 9, right=True),
        Text(20, 120, "Consommation du 08/07/2026 au 07/09/2026 : 812 kWh", 9),
        Text(150, 120, "20 %", 9, right=True),
        Text(190, 120, "125,00 €", 9, right=True),
        Text(20, 126, "Taxes et contributions (accise, CTA)", 9),
        Text(150, 126, "20 %", 9, right=True),
        Text(190, 126, "8,70 €", 9, right=True),
        Text(120, 140, "Total HT", 9, True),
        Text(190, 140, "151,70 €", 9, right=True),
        Text(120, 146, "TVA 5,5 % sur 18,00 €", 9),
        Text(190, 146, "0,99 €", 9, right=True),
        Text(120, 152, "TVA 20 % sur 133,70 €", 9),
        Text(190, 152, "26,74 €", 9, right=True),
        Text(120, 158, "Montant TTC", 10, True),
        Text(190, 158, "179,43 €", 10, True, True),
        Text(20, 280, "Énergie Distribution SA - 22 rue de la Centrale - 75008 Paris", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["10048271653"],
            "invoice.issue_date": "2026-09-08",
            "invoice.due_date": "2026-09-23",
            "invoice.amount_before_tax": "151.70",
            "invoice.tax_amount": "27.73",
            "invoice.amount": "179.43",
            "debtor.company_name": "M. et Mme Bernard Lefèvre",
            "debtor.company_type": "individual",
            "debtor.address.line1": "27 allée des Tilleuls",
            "debtor.address.postal_code": "69100",
            "debtor.address.city": "Villeurbanne",
            "debtor.address.country": "FR",
        },
    )
    return Case("energy_fr", "energy bill: two VAT rates, debit date", texts, expected)


def hotel_folio_en() -> Case:
    """An English hotel folio: "Folio No.", arrival and departure dates, "Balance Due", VAT
    included in the total."""
    texts = [
        Text(70, 18, "THE HARBOUR HOTEL", 14, True),
        Text(66, 24, "3 Quay Street, Bristol BS1 4DB, United Kingdom", 9),
        Text(20, 40, "GUEST FOLIO", 12, True),
        *_column(
            20,
            48,
            [
                "Folio No.: 772914",
                "Room: 512",
                "Arrival: 10/11/2026",
                "Departure: 12/11/2026",
                "Date: 12/11/2026",
                "Guest: Mr John Smith",
            ],
            size=9,
        ),
        *_column(115, 48, [*_BUYER, "France"], size=10),
        Text(20, 85, "Date", 9, True),
        Text(45, 85, "Description", 9, True),
        Text(190, 85, "Amount", 9, True, True),
    ]
    rows = [
        ("10/11/2026", "Accommodation", "£180.00"),
        ("10/11/2026", "Restaurant", "£42.00"),
        ("11/11/2026", "Accommodation", "£180.00"),
    ]
    for i, (day, item, amount) in enumerate(rows):
        y = 92 + 5.5 * i
        texts += [Text(20, y, day, 9), Text(45, y, item, 9), Text(190, y, amount, 9, right=True)]
    texts += [
        Text(130, 115, "Total", 10, True),
        Text(190, 115, "£402.00", 10, True, True),
        Text(130, 121, "VAT included (20%)", 9),
        Text(190, 121, "£67.00", 9, right=True),
        Text(130, 127, "Payments", 9),
        Text(190, 127, "£0.00", 9, right=True),
        Text(130, 134, "Balance Due", 10, True),
        Text(190, 134, "£402.00", 10, True, True),
        Text(
            20,
            280,
            "Harbour Hotels Ltd - Registered in England No. 04512873 - VAT GB 123 4567 89",
            7,
        ),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["772914"],
            "invoice.issue_date": "2026-11-12",
            "invoice.amount_before_tax": "335.00",
            "invoice.tax_amount": "67.00",
            "invoice.amount": "402.00",
            "invoice.currency": "GBP",
        },
    )
    return Case("hotel_folio_en", "English hotel folio: balance due, VAT included", texts, expected)


def hotel_paid() -> Case:
    """A hotel note already paid by card: "Solde dû 0,00 €". The invoice's total is still its
    amount (a paid note is no receivable, which the user sees from the balance, not from a total
    read as zero)."""
    siret = _siret("hotel-paid")
    texts = [
        Text(70, 18, "HÔTEL LES REMPARTS", 14, True),
        Text(72, 24, "5 rue des Remparts - 84000 Avignon", 9),
        Text(20, 45, "Facture n° 2026-1205", 12, True),
        *_column(
            20,
            53,
            ["Date : 21/10/2026", "Chambre : 8", "Arrivée : 19/10/2026", "Départ : 21/10/2026"],
            size=9,
        ),
        *_column(115, 53, _BUYER),
        Text(20, 85, "Libellé", 9, True),
        Text(190, 85, "Montant", 9, True, True),
        Text(20, 92, "Nuitées (2 x 95,00)", 9),
        Text(190, 92, "190,00", 9, right=True),
        Text(20, 97.5, "Petits-déjeuners (2 x 12,00)", 9),
        Text(190, 97.5, "24,00", 9, right=True),
        Text(130, 115, "Total TTC", 10, True),
        Text(190, 115, "214,00 €", 10, True, True),
        Text(130, 121, "Dont TVA 10 %", 9),
        Text(190, 121, "19,45 €", 9, right=True),
        Text(130, 127, "Payé par CB le 21/10/2026", 9),
        Text(190, 127, "214,00 €", 9, right=True),
        Text(130, 134, "Solde dû", 10, True),
        Text(190, 134, "0,00 €", 10, True, True),
        Text(20, 280, f"SARL Les Remparts - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}", 7),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["2026-1205"],
            "invoice.issue_date": "2026-10-21",
            "invoice.amount_before_tax": "194.55",
            "invoice.tax_amount": "19.45",
            "invoice.amount": "214.00",
            "seller.siret": siret,
        },
    )
    return Case("hotel_paid", "hotel note paid by card: balance 0,00", texts, expected)


def artisan_fr() -> Case:
    """A plumber's invoice from a small invoicing tool: "M. et Mme" as the client, a deposit
    deducted ("Acompte versé", "Reste à payer"), payment terms in days, the legal late-payment
    mentions, SIRET and RCS in the footer."""
    siret = _siret("artisan")
    texts = [
        Text(20, 18, "PLOMBERIE CHAUFFAGE MOREAU", 13, True),
        *_column(20, 25, ["12 rue des Artisans", "37000 Tours", "Tél. 02 47 00 11 22"], size=9),
        Text(115, 45, "Client", 9, True),
        *_column(115, 51, ["M. et Mme Durand", "3 impasse des Lilas", "37200 Tours"]),
        Text(20, 70, "Facture N° 2026-0042", 13, True),
        Text(20, 77, "Date : 12/03/2026", 9),
        Text(20, 82, "Chantier : remplacement chauffe-eau", 9),
        Text(20, 95, "Désignation", 9, True),
        Text(120, 95, "Qté", 9, True, True),
        Text(150, 95, "P.U. HT", 9, True, True),
        Text(165, 95, "TVA", 9, True, True),
        Text(190, 95, "Total HT", 9, True, True),
    ]
    rows = [
        ("Chauffe-eau électrique 200 L", "1", "650,00", "10 %", "650,00"),
        ("Main d'oeuvre", "4", "55,00", "10 %", "220,00"),
        ("Déplacement", "1", "30,00", "10 %", "30,00"),
    ]
    for i, (item, qty, unit, rate, amount) in enumerate(rows):
        y = 102 + 6 * i
        texts += [
            Text(20, y, item, 9),
            Text(120, y, qty, 9, right=True),
            Text(150, y, unit, 9, right=True),
            Text(165, y, rate, 9, right=True),
            Text(190, y, amount, 9, right=True),
        ]
    texts += [
        Text(125, 130, "Total HT", 9, True),
        Text(190, 130, "900,00 €", 9, right=True),
        Text(125, 136, "TVA 10 %", 9),
        Text(190, 136, "90,00 €", 9, right=True),
        Text(125, 142, "Total TTC", 10, True),
        Text(190, 142, "990,00 €", 10, True, True),
        Text(125, 148, "Acompte versé", 9),
        Text(190, 148, "- 300,00 €", 9, right=True),
        Text(125, 155, "Reste à payer", 10, True),
        Text(190, 155, "690,00 €", 10, True, True),
        Text(20, 170, "Conditions de paiement : 30 jours", 9),
        Text(20, 176, "Pénalités de retard : 3 fois le taux d'intérêt légal.", 8),
        Text(
            20, 180, "Indemnité forfaitaire pour frais de recouvrement : 40 € (professionnels).", 8
        ),
        Text(
            20,
            280,
            f"Moreau Plomberie EURL - SIRET {spaced_siret(siret)} - RCS Tours - APE 4322A",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-0042"],
            "invoice.issue_date": "2026-03-12",
            # "30 jours" after the invoice date: the due date the terms print.
            "invoice.due_date": "2026-04-11",
            "invoice.amount_before_tax": "900.00",
            "invoice.tax_amount": "90.00",
            "invoice.amount": "990.00",
            "seller.siret": siret,
            "debtor.company_name": "M. et Mme Durand",
            "debtor.company_type": "individual",
            "debtor.address.line1": "3 impasse des Lilas",
            "debtor.address.postal_code": "37200",
            "debtor.address.city": "Tours",
            "debtor.address.country": "FR",
        },
    )
    return Case(
        "artisan_fr", "artisan invoice: deposit deducted, individual client", texts, expected
    )


def stripe_en() -> Case:
    """A Stripe-generated SaaS invoice: "Invoice number", "Date of issue", "Date due", "Bill to",
    "€1,234.56 due January 5, 2027", "Amount due"."""
    buyer = _siret("stripe-buyer")
    texts = [
        Text(20, 20, "Invoice", 18, True),
        *_column(
            20,
            32,
            [
                "Invoice number  9F3A1C2B-0007",
                "Date of issue  December 6, 2026",
                "Date due  January 5, 2027",
            ],
            size=9,
        ),
        Text(20, 55, "Acme Analytics Ltd", 9, True),
        *_column(20, 60, ["1 Market Street", "Dublin D02 X285", "Ireland"], size=9),
        Text(110, 55, "Bill to", 9, True),
        *_column(
            110,
            60,
            [*_BUYER, "France", "compta@boulangerie-martin.fr", f"FR VAT {vat_of(buyer)}"],
            size=9,
        ),
        Text(20, 92, "€1,234.56 due January 5, 2027", 14, True),
        Text(20, 110, "Description", 8, True),
        Text(130, 110, "Qty", 8, True, True),
        Text(160, 110, "Unit price", 8, True, True),
        Text(190, 110, "Amount", 8, True, True),
        Text(20, 117, "Team plan", 9),
        Text(20, 121, "Dec 6, 2026 – Jan 6, 2027", 8),
        Text(130, 117, "12", 9, right=True),
        Text(160, 117, "€85.73", 9, right=True),
        Text(190, 117, "€1,028.80", 9, right=True),
        Text(105, 135, "Subtotal", 9),
        Text(190, 135, "€1,028.80", 9, right=True),
        Text(105, 141, "Total excluding tax", 9),
        Text(190, 141, "€1,028.80", 9, right=True),
        Text(105, 147, "VAT - France (20% on €1,028.80)", 9),
        Text(190, 147, "€205.76", 9, right=True),
        Text(105, 153, "Total", 9),
        Text(190, 153, "€1,234.56", 9, right=True),
        Text(105, 159, "Amount due", 9, True),
        Text(190, 159, "€1,234.56 EUR", 9, True, True),
        Text(20, 285, "9F3A1C2B-0007 · €1,234.56 due January 5, 2027", 7),
        Text(190, 285, "Page 1 of 1", 7, right=True),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["9F3A1C2B-0007"],
            "invoice.issue_date": "2026-12-06",
            "invoice.due_date": "2027-01-05",
            "invoice.amount_before_tax": "1028.80",
            "invoice.tax_amount": "205.76",
            "invoice.amount": "1234.56",
            "debtor.vat_number": vat_of(buyer),
            "debtor.email": "compta@boulangerie-martin.fr",
        },
    )
    return Case("stripe_en", "Stripe SaaS invoice: amount due line, bill to", texts, expected)


def cases() -> list[Case]:
    return [
        odoo_fr(),
        odoo_en(),
        telecom_debit(),
        telecom_pay_before(),
        hotel_note(),
        aws_en(),
        ovh_fr(),
        scaleway_fr(),
        facturx_acheteur(),
        facturx_two_rates(),
        *new_cases(),
        *third_cases(),
        *fourth_cases(),
        *fifth_cases(),
        *sixth_cases(),
        *seventh_cases(),
    ]


def new_cases() -> list[Case]:
    """The kinds added second: an invoice over two pages, an energy bill, an English hotel
    folio, a hotel note already paid, an artisan's invoice with a deposit, a Stripe invoice."""
    return [two_pages(), energy_fr(), hotel_folio_en(), hotel_paid(), artisan_fr(), stripe_en()]


def third_cases() -> list[Case]:
    """The kinds added third, modelled on issuers the rules had never seen: a mobile bill, a US
    SaaS invoice, a marketplace invoice, a German Rechnung, an Italian fattura, a Spanish
    factura, an energy bill carrying a previous balance over two pages, a public body's "avis
    des sommes à payer", a credit note, totals as a row of columns."""
    return [
        mobile_fr(),
        saas_en_us(),
        marketplace_fr(),
        rechnung_de(),
        fattura_it(),
        factura_es(),
        energy_carried(),
        public_asap(),
        credit_note_fr(),
        totals_row(),
    ]


def fourth_cases() -> list[Case]:
    """The kinds added fourth (`real_issuers.py`): a fibre bill, a Belgian webshop, a chain
    hotel's folio, an Indian marketplace, a German web host, a press subscription, an Italian
    equipment maker, a craftsman's typed invoice, a Polish fuel invoice, a two-page contract."""
    from tests.ocr import real_issuers

    return real_issuers.fourth_cases()


def fifth_cases() -> list[Case]:
    """The kinds added fifth (`real_issuers_fifth.py`): Odoo 17, a cloud invoice under the
    reverse charge, an AWS-like invoice in EUR, a SaaS invoice with numeric US dates, a telecom
    bill over three pages, a bilingual hotel folio, a bank app's invoice, a CRM's invoice with a
    discount, a Spanish factura with IRPF withheld, an auto-entrepreneur's invoice."""
    from tests.ocr import real_issuers_fifth

    return real_issuers_fifth.fifth_cases()


def sixth_cases() -> list[Case]:
    """The kinds added sixth (`real_issuers_sixth.py`): a Sage-like invoice with the delivery
    block before the billing one, a water bill, a Belgian invoice with a structured
    communication, a Swiss invoice in CHF, a webshop's order invoice, an insurer's premium
    notice, a Dutch factuur, two VAT rates summed up in a table, a garage's invoice, a lawyer's
    fee note."""
    from tests.ocr import real_issuers_sixth

    return real_issuers_sixth.sixth_cases()


def seventh_cases() -> list[Case]:
    """The kinds added seventh (`real_issuers_seventh.py`): a restaurant's invoice at two rates
    with no base, an Austrian Rechnung, a British invoice in pounds, a Luxembourg invoice, an
    accounting platform's invoice, a webshop's invoice with shipping, an Irish cloud suite's
    invoice in French, a commercial rent call, a building progress invoice under the reverse
    charge, a carrier's freight invoice."""
    from tests.ocr import real_issuers_seventh

    return real_issuers_seventh.seventh_cases()


def eighth_cases() -> list[Case]:
    """The kinds added eighth (`real_issuers_eighth.py`), not part of `cases()`: a caterer's
    rows each at its rate, a cash-and-carry's tax per rate, a plumber's devis-facture, an
    invoice for Chorus Pro, a marketplace business invoice, a business bank's invoice with the
    client's SIREN, an invoice to Liechtenstein, a CRM's credit note, a balance invoice after a
    deposit, a Belgian invoice in Dutch."""
    from tests.ocr import real_issuers_eighth

    return real_issuers_eighth.eighth_cases()


def ninth_cases() -> list[Case]:
    """The kinds added ninth (`real_issuers_ninth.py`), not part of `cases()`: a short-let
    host's invoice, a booking platform's commission invoice, a temp agency's weekly invoice, a
    plant hire invoice, a training body's invoice exempt from VAT, a US accounting tool's
    invoice, a Portuguese fatura, a Swedish SaaS invoice in English, a printer's invoice with
    its number in a sentence, a freelancer's invoice from a free invoicing tool."""
    from tests.ocr import real_issuers_ninth

    return real_issuers_ninth.ninth_cases()


def tenth_cases() -> list[Case]:
    """The kinds added tenth (`real_issuers_tenth.py`), not part of `cases()`: a courier's
    monthly invoice, a customs broker's invoice with débours, a recruitment fee, a Québec
    invoice in Canadian dollars, a Swiss Rechnung in euros, an engineering office's progress
    fees, a deposit invoice, a cleaning contract's invoice, a waste collector's invoice, a
    franchisor's royalties."""
    from tests.ocr import real_issuers_tenth

    return real_issuers_tenth.tenth_cases()


def generate(
    directory: Path,
    *,
    producers: tuple[str, ...] | None = None,
    scans: bool = False,
    selection: list[Case] | None = None,
) -> list[HardItem]:
    from tests.ocr import hard

    return _generate(
        directory,
        producers=producers or hard.PRODUCERS,
        scans=scans,
        selection=cases() if selection is None else selection,
    )


# -- the kinds added third ---------------------------------------------------------------------


def _eu_vat(prefix: str, stem: str) -> str:
    """A VAT number of another EU country whose checksum holds: `stem` and its check digits."""
    from stdnum.eu import vat

    checks = [str(d) for d in range(10)] + [f"{d:02d}" for d in range(100)]
    return next(f"{prefix}{stem}{c}" for c in checks if vat.is_valid(f"{prefix}{stem}{c}"))


def mobile_fr() -> Case:
    """A French mobile operator's bill (Free/Bouygues-like): "Facture du …" as the title, the
    number under it, a summary box "Montant à payer" then "Prélevé le …" on its own line."""
    siret = _siret("mobile")
    texts = [
        Text(20, 20, "lumio", 22, True),
        Text(20, 27, "mobile & box", 9),
        Text(120, 20, "Facture du 02/11/2026", 13, True),
        *_column(
            120,
            27,
            ["N° de facture : FM-2611-048213", "Identifiant : 70418823", "Page 1/1"],
            size=9,
        ),
        *_column(120, 50, ["SARL GARAGE DES TILLEULS", "18 AVENUE JEAN JAURES", "69007 LYON"]),
        Text(20, 82, "Montant à payer", 12, True),
        Text(90, 82, "29,99 €", 12, True, True),
        Text(20, 88, "Prélevé le 12/11/2026", 10),
        Text(20, 93, "sur le compte FR76 **** **** **** **** ***1 842", 8),
        Text(20, 110, "Détail de votre facture", 11, True),
        Text(20, 117, "Forfait Pro 100 Go du 02/11 au 01/12", 9),
        Text(190, 117, "20,83 €", 9, right=True),
        Text(20, 122, "Option Appels internationaux", 9),
        Text(190, 122, "4,16 €", 9, right=True),
        Text(20, 127, "Consommations hors forfait d'octobre", 9),
        Text(190, 127, "0,00 €", 9, right=True),
        Text(130, 140, "Total HT", 9),
        Text(190, 140, "24,99 €", 9, right=True),
        Text(130, 146, "TVA 20 %", 9),
        Text(190, 146, "5,00 €", 9, right=True),
        Text(130, 152, "Total TTC", 10, True),
        Text(190, 152, "29,99 €", 10, True, True),
        Text(20, 170, "Votre précédente facture de 29,99 € a été prélevée le 12/10/2026.", 8),
        Text(
            20,
            280,
            f"Lumio Mobile SAS au capital de 3 000 000 € - SIRET {spaced_siret(siret)} - "
            "16 rue de la Ville-l'Évêque 75008 Paris",
            7,
        ),
        Text(20, 284, f"TVA intracommunautaire {vat_of(siret)}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FM-2611-048213"],
            "invoice.issue_date": "2026-11-02",
            "invoice.due_date": "2026-11-12",
            "invoice.amount_before_tax": "24.99",
            "invoice.tax_amount": "5.00",
            "invoice.amount": "29.99",
            "seller.siret": siret,
            "debtor.company_name": "SARL GARAGE DES TILLEULS",
            "debtor.address.line1": "18 AVENUE JEAN JAURES",
            "debtor.address.postal_code": "69007",
            "debtor.address.city": "LYON",
            "debtor.address.country": "FR",
        },
    )
    return Case("mobile_fr", "mobile bill: montant à payer, prélevé le", texts, expected)


def saas_en_us() -> Case:
    """A US SaaS invoice (Chargebee/QuickBooks-like): a summary box with "Amount due" over its
    value, short US dates ("Mar 3, 2026"), "Bill to", a zero tax line, "Amount paid"."""
    texts = [
        Text(20, 20, "INVOICE", 20, True),
        *_column(
            20,
            30,
            [
                "Lattice Cloud, Inc.",
                "2261 Market Street #4511",
                "San Francisco, CA 94114",
                "billing@lattice-cloud.example",
            ],
            size=9,
        ),
        *_column(
            120,
            30,
            ["Invoice number", "Date issued", "Due date"],
            size=9,
        ),
        *_column(190, 30, ["LC-20260303-118", "Mar 3, 2026", "Apr 2, 2026"], size=9, right=True),
        Text(20, 58, "Bill to", 9, True),
        *_column(20, 63, ["Harbor Labs Inc.", "500 Howard St", "San Francisco, CA 94105"], size=9),
        Text(20, 77, "United States", 9),
        Text(150, 60, "Amount due", 9, True),
        Text(150, 68, "$2,450.00", 16, True),
        Text(20, 100, "Description", 8, True),
        Text(120, 100, "Qty", 8, True, True),
        Text(155, 100, "Unit price", 8, True, True),
        Text(190, 100, "Amount", 8, True, True),
        Text(20, 107, "Growth plan (Mar 3 – Apr 2, 2026)", 9),
        Text(120, 107, "1", 9, right=True),
        Text(155, 107, "$2,000.00", 9, right=True),
        Text(190, 107, "$2,000.00", 9, right=True),
        Text(20, 113, "Additional seats", 9),
        Text(120, 113, "5", 9, right=True),
        Text(155, 113, "$90.00", 9, right=True),
        Text(190, 113, "$450.00", 9, right=True),
        Text(130, 130, "Subtotal", 9),
        Text(190, 130, "$2,450.00", 9, right=True),
        Text(130, 136, "Tax (0%)", 9),
        Text(190, 136, "$0.00", 9, right=True),
        Text(130, 142, "Total", 9),
        Text(190, 142, "$2,450.00", 9, right=True),
        Text(130, 148, "Amount paid", 9),
        Text(190, 148, "$0.00", 9, right=True),
        Text(130, 155, "Amount due (USD)", 10, True),
        Text(190, 155, "$2,450.00", 10, True, True),
        Text(20, 175, "Questions? Contact billing@lattice-cloud.example", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["LC-20260303-118"],
            "invoice.issue_date": "2026-03-03",
            "invoice.due_date": "2026-04-02",
            "invoice.amount_before_tax": "2450.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "2450.00",
            "invoice.currency": "USD",
            "debtor.company_name": "Harbor Labs Inc.",
            "debtor.address.line1": "500 Howard St",
            "debtor.address.postal_code": "94105",
            "debtor.address.city": "San Francisco",
            "debtor.address.country": "US",
        },
    )
    return Case("saas_en_us", "US SaaS invoice: amount due box, short US dates", texts, expected)


def marketplace_fr() -> Case:
    """A marketplace invoice (Amazon.fr-like): "Facture" and "Payé", "Vendu par" with the
    seller's VAT id, the marketplace's own VAT id, billing and delivery addresses side by side,
    the buyer's VAT number, dates written in words, a VAT summary as a table."""
    buyer = _siret("market-buyer")
    seller = _siret("market-seller")
    texts = [
        Text(20, 18, "comptoir.fr", 18, True),
        Text(120, 18, "Facture", 16, True),
        Text(190, 18, "Payé", 12, True, True),
        *_column(
            120,
            28,
            [
                "Date de la facture /Date de la livraison  5 novembre 2026",
                "Numéro de la facture  FR6000K3JBQA",
                "Total à payer  119,99 €",
            ],
            size=8,
        ),
        Text(20, 28, "Vendu par", 8, True),
        *_column(
            20,
            33,
            ["Outils Pro Direct SAS", "9 rue de l'Industrie", "67200 Strasbourg"],
            size=8,
        ),
        Text(20, 47, f"TVA # {vat_of(seller)}", 8),
        Text(20, 62, "Adresse de facturation", 8, True),
        *_column(
            20, 67, ["Atelier Bois & Co SARL", "12 rue des Lices", "49100 Angers", "FR"], size=8
        ),
        Text(85, 62, "Adresse de livraison", 8, True),
        *_column(
            85,
            67,
            ["Atelier Bois & Co SARL", "ZA des Landes - Bâtiment C", "49070 Beaucouzé", "FR"],
            size=8,
        ),
        Text(150, 62, "Informations sur la commande", 8, True),
        *_column(
            150,
            67,
            [
                "Date de la commande",
                "3 novembre 2026",
                "Numéro de la commande",
                "402-8812345-1234567",
            ],
            size=8,
        ),
        Text(20, 92, f"Numéro de TVA de l'acheteur : {vat_of(buyer)}", 8),
        Text(20, 104, "Description", 8, True),
        Text(98, 104, "Qté", 8, True, True),
        Text(133, 104, "Prix unitaire (HT)", 8, True, True),
        Text(150, 104, "TVA %", 8, True, True),
        Text(190, 104, "Prix total (TTC)", 8, True, True),
        Text(20, 111, "Perceuse-visseuse sans fil 18 V, 2 batteries", 8),
        Text(98, 111, "1", 8, right=True),
        Text(133, 111, "99,99 €", 8, right=True),
        Text(150, 111, "20 %", 8, right=True),
        Text(190, 111, "119,99 €", 8, right=True),
        Text(20, 116, "Frais de port", 8),
        Text(133, 116, "0,00 €", 8, right=True),
        Text(150, 116, "20 %", 8, right=True),
        Text(190, 116, "0,00 €", 8, right=True),
        Text(100, 130, "TVA %", 8, True),
        Text(140, 130, "Prix total HT", 8, True, True),
        Text(160, 130, "TVA", 8, True, True),
        Text(190, 130, "Prix total TTC", 8, True, True),
        Text(100, 136, "20 %", 8),
        Text(140, 136, "99,99 €", 8, right=True),
        Text(160, 136, "20,00 €", 8, right=True),
        Text(190, 136, "119,99 €", 8, right=True),
        Text(100, 142, "Total", 8, True),
        Text(140, 142, "99,99 €", 8, True, True),
        Text(160, 142, "20,00 €", 8, True, True),
        Text(190, 142, "119,99 €", 8, True, True),
        Text(
            20,
            272,
            "Vendu par Outils Pro Direct SAS, 9 rue de l'Industrie, 67200 Strasbourg - "
            f"TVA {vat_of(seller)}",
            7,
        ),
        Text(
            20,
            277,
            "Place de marché exploitée par Comptoir EU S.à r.l., 38 avenue John F. Kennedy, "
            f"L-1855 Luxembourg - TVA {_eu_vat('LU', '188051')}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FR6000K3JBQA"],
            "invoice.issue_date": "2026-11-05",
            "invoice.amount_before_tax": "99.99",
            "invoice.tax_amount": "20.00",
            "invoice.amount": "119.99",
            "debtor.company_name": "Atelier Bois & Co SARL",
            "debtor.address.line1": "12 rue des Lices",
            "debtor.address.postal_code": "49100",
            "debtor.address.city": "Angers",
            "debtor.address.country": "FR",
            "debtor.vat_number": vat_of(buyer),
        },
    )
    return Case(
        "marketplace_fr", "marketplace invoice: sold by, billing and delivery", texts, expected
    )


def rechnung_de() -> Case:
    """A German Rechnung (DIN 5008 letter): the sender's line over the window, the recipient in
    it, an info block to the right (Rechnungsnummer, Rechnungsdatum, Lieferdatum, Kundennummer,
    Fälligkeitsdatum), "Nettobetrag", "zzgl. 19 % USt.", "Rechnungsbetrag", USt-IdNr."""
    buyer_vat = _eu_vat("DE", "29876543")
    texts = [
        Text(120, 18, "Brandt Maschinenbau GmbH", 13, True),
        *_column(120, 24, ["Industriestraße 14", "70565 Stuttgart", "Tel. 0711 123456"], size=8),
        Text(20, 47, "Brandt Maschinenbau GmbH · Industriestraße 14 · 70565 Stuttgart", 6),
        *_column(20, 55, ["Bäckerei Hoffmann GmbH", "Lindenallee 8", "50968 Köln", "Deutschland"]),
        *_column(
            120,
            55,
            [
                "Rechnungsnummer: RE-2026-1187",
                "Rechnungsdatum: 05.11.2026",
                "Lieferdatum: 03.11.2026",
                "Kundennummer: 10452",
                "Fälligkeitsdatum: 19.11.2026",
                f"Ihre USt-IdNr.: {buyer_vat}",
            ],
            size=9,
        ),
        Text(20, 98, "Rechnung", 16, True),
        Text(20, 108, "Sehr geehrte Damen und Herren,", 9),
        Text(20, 113, "wir berechnen Ihnen für unsere Leistungen wie folgt:", 9),
        Text(20, 123, "Pos.", 9, True),
        Text(32, 123, "Bezeichnung", 9, True),
        Text(125, 123, "Menge", 9, True, True),
        Text(155, 123, "Einzelpreis", 9, True, True),
        Text(190, 123, "Gesamtpreis", 9, True, True),
        Text(20, 130, "1", 9),
        Text(32, 130, "Wartung Knetmaschine", 9),
        Text(125, 130, "1", 9, right=True),
        Text(155, 130, "850,00 €", 9, right=True),
        Text(190, 130, "850,00 €", 9, right=True),
        Text(20, 136, "2", 9),
        Text(32, 136, "Ersatzteil Rührhaken", 9),
        Text(125, 136, "2", 9, right=True),
        Text(155, 136, "75,00 €", 9, right=True),
        Text(190, 136, "150,00 €", 9, right=True),
        Text(120, 150, "Nettobetrag", 9),
        Text(190, 150, "1.000,00 €", 9, right=True),
        Text(120, 156, "zzgl. 19 % USt.", 9),
        Text(190, 156, "190,00 €", 9, right=True),
        Text(120, 163, "Rechnungsbetrag", 10, True),
        Text(190, 163, "1.190,00 €", 10, True, True),
        Text(20, 180, "Zahlbar innerhalb von 14 Tagen ohne Abzug.", 9),
        Text(20, 186, "Mit freundlichen Grüßen", 9),
        Text(
            20,
            280,
            "Brandt Maschinenbau GmbH · Sitz Stuttgart · Amtsgericht Stuttgart HRB 724381 · "
            f"USt-IdNr.: {_eu_vat('DE', '81234567')}",
            7,
        ),
        Text(20, 284, "Commerzbank Stuttgart · IBAN DE89 3704 0044 0532 0130 00", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["RE-2026-1187"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-11-19",
            "invoice.amount_before_tax": "1000.00",
            "invoice.tax_amount": "190.00",
            "invoice.amount": "1190.00",
            "debtor.company_name": "Bäckerei Hoffmann GmbH",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Lindenallee 8",
            "debtor.address.postal_code": "50968",
            "debtor.address.city": "Köln",
            "debtor.address.country": "DE",
        },
    )
    return Case("rechnung_de", "German Rechnung: info block, USt-IdNr.", texts, expected)


def fattura_it() -> Case:
    """An Italian fattura (cortesia copy of an e-invoice): "Spett.le" over the customer, a
    header row "Tipo documento | Numero | Data" over its values, Partita IVA, "Totale
    imponibile", "Totale IVA", "Totale documento", "Scadenza" in the payment box."""
    buyer_vat = _eu_vat("IT", "0298765012")
    texts = [
        Text(20, 18, "Tipografia Bianchi S.r.l.", 13, True),
        *_column(
            20,
            24,
            [
                "Via Garibaldi 21",
                "40124 Bologna (BO)",
                f"P. IVA {_eu_vat('IT', '0345678015')}",
            ],
            size=8,
        ),
        Text(115, 45, "Spett.le", 9, True),
        *_column(
            115,
            51,
            ["Panificio Rossi S.r.l.", "Via Roma 12", "20121 Milano (MI)", "Italia"],
        ),
        Text(115, 72, f"Partita IVA: {buyer_vat}", 9),
        Text(20, 90, "Tipo documento", 8, True),
        Text(60, 90, "Numero", 8, True),
        Text(95, 90, "Data", 8, True),
        Text(20, 95, "Fattura", 9),
        Text(60, 95, "458/2026", 9),
        Text(95, 95, "05/11/2026", 9),
        Text(20, 110, "Descrizione", 8, True),
        Text(125, 110, "Quantità", 8, True, True),
        Text(148, 110, "Prezzo", 8, True, True),
        Text(163, 110, "IVA %", 8, True, True),
        Text(190, 110, "Importo", 8, True, True),
        Text(20, 117, "Stampa volantini A5", 9),
        Text(125, 117, "5000", 9, right=True),
        Text(148, 117, "0,12", 9, right=True),
        Text(163, 117, "22", 9, right=True),
        Text(190, 117, "600,00", 9, right=True),
        Text(20, 123, "Biglietti da visita", 9),
        Text(125, 123, "2000", 9, right=True),
        Text(148, 123, "0,20", 9, right=True),
        Text(163, 123, "22", 9, right=True),
        Text(190, 123, "400,00", 9, right=True),
        Text(125, 140, "Totale imponibile", 9),
        Text(190, 140, "1.000,00 €", 9, right=True),
        Text(125, 146, "Totale IVA 22%", 9),
        Text(190, 146, "220,00 €", 9, right=True),
        Text(125, 153, "Totale documento", 10, True),
        Text(190, 153, "1.220,00 €", 10, True, True),
        Text(20, 170, "Modalità di pagamento", 8, True),
        Text(70, 170, "Scadenza", 8, True),
        Text(105, 170, "Importo", 8, True),
        Text(20, 175, "Bonifico bancario", 9),
        Text(70, 175, "05/12/2026", 9),
        Text(105, 175, "1.220,00 €", 9),
        Text(20, 181, "IBAN IT60 X054 2811 1010 0000 0123 456", 8),
        Text(
            20,
            282,
            "Copia di cortesia: l'originale della fattura elettronica è disponibile nel cassetto "
            "fiscale.",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["458/2026"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-12-05",
            "invoice.amount_before_tax": "1000.00",
            "invoice.tax_amount": "220.00",
            "invoice.amount": "1220.00",
            "debtor.company_name": "Panificio Rossi S.r.l.",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Via Roma 12",
            "debtor.address.postal_code": "20121",
            "debtor.address.city": "Milano",
            "debtor.address.country": "IT",
        },
    )
    return Case("fattura_it", "Italian fattura: Spett.le, header row, Scadenza", texts, expected)


def factura_es() -> Case:
    """A Spanish factura: "Nº factura", "Fecha", "Fecha de vencimiento", the customer under
    "Cliente" with a NIF, "Base imponible", "IVA 21 %", "Total factura"."""
    texts = [
        Text(20, 18, "Gráficas Levante S.L.", 13, True),
        *_column(
            20,
            24,
            ["CIF: B46123451", "Calle Colón 22", "46004 Valencia", "Tel. 963 00 00 00"],
            size=8,
        ),
        Text(190, 20, "FACTURA", 18, True, True),
        *_column(
            20,
            55,
            [
                "Nº factura: F-2026-0912",
                "Fecha: 05/11/2026",
                "Fecha de vencimiento: 05/12/2026",
                "Forma de pago: transferencia",
            ],
            size=9,
        ),
        Text(115, 50, "Cliente:", 9, True),
        *_column(115, 56, ["Panadería García S.L.", "Calle Mayor 8", "28013 Madrid", "España"]),
        Text(115, 76, "NIF: B87654323", 9),
        Text(20, 100, "Concepto", 8, True),
        Text(130, 100, "Cantidad", 8, True, True),
        Text(160, 100, "Precio", 8, True, True),
        Text(190, 100, "Importe", 8, True, True),
        Text(20, 107, "Impresión catálogos 24 págs.", 9),
        Text(130, 107, "500", 9, right=True),
        Text(160, 107, "1,60 €", 9, right=True),
        Text(190, 107, "800,00 €", 9, right=True),
        Text(20, 113, "Diseño y maquetación", 9),
        Text(130, 113, "1", 9, right=True),
        Text(160, 113, "200,00 €", 9, right=True),
        Text(190, 113, "200,00 €", 9, right=True),
        Text(125, 130, "Base imponible", 9),
        Text(190, 130, "1.000,00 €", 9, right=True),
        Text(125, 136, "IVA 21 %", 9),
        Text(190, 136, "210,00 €", 9, right=True),
        Text(125, 143, "Total factura", 10, True),
        Text(190, 143, "1.210,00 €", 10, True, True),
        Text(20, 165, "IBAN: ES91 2100 0418 4502 0005 1332", 8),
        Text(
            20,
            282,
            "Gráficas Levante S.L. - Inscrita en el Registro Mercantil de Valencia, Tomo 8123, "
            "Folio 45, Hoja V-104512",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["F-2026-0912"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-12-05",
            "invoice.amount_before_tax": "1000.00",
            "invoice.tax_amount": "210.00",
            "invoice.amount": "1210.00",
            "debtor.company_name": "Panadería García S.L.",
            "debtor.vat_number": "ESB87654323",  # printed as a NIF, without "ES"
            "debtor.address.line1": "Calle Mayor 8",
            "debtor.address.postal_code": "28013",
            "debtor.address.city": "Madrid",
            "debtor.address.country": "ES",
        },
    )
    return Case("factura_es", "Spanish factura: Cliente, vencimiento, NIF", texts, expected)


def energy_carried() -> Case:
    """An energy bill over two pages carrying the previous bill's unpaid balance: page 1 sums up
    ("Montant TTC de cette facture", "Solde antérieur", "Total à payer" = both, "à régler avant
    le"), page 2 details the charges; a 14-digit delivery point number (no SIRET)."""
    siret = _siret("energy-carried")
    texts = [
        Text(20, 18, "Volta Énergie", 16, True),
        Text(120, 18, "Facture du 10/11/2026", 12, True),
        *_column(
            120,
            24,
            [
                "N° de facture : 10045872231",
                "Référence client : 4001234567",
                "Point de livraison : 19112345678903",
            ],
            size=8,
        ),
        *_column(120, 50, ["SCI LES PLATANES", "22 BOULEVARD CARNOT", "06400 CANNES"]),
        Text(20, 80, "Votre facture en bref", 12, True),
        Text(20, 88, "Montant TTC de cette facture", 9),
        Text(120, 88, "96,36 €", 9, right=True),
        Text(20, 94, "Solde antérieur (facture du 10/10/2026 restant due)", 9),
        Text(120, 94, "58,40 €", 9, right=True),
        Text(20, 101, "Total à payer", 11, True),
        Text(120, 101, "154,76 €", 11, True, True),
        Text(20, 107, "à régler avant le 30/11/2026", 9),
        Text(20, 125, "Consommation du 08/09/2026 au 07/11/2026 : 412 kWh (index relevés)", 8),
        Text(150, 285, "Page 1/2", 7),
        Text(20, 20, "Détail de votre facture", 12, True, page=2),
        Text(20, 30, "Abonnement du 08/11/2026 au 07/01/2027", 9, page=2),
        Text(190, 30, "28,46 €", 9, right=True, page=2),
        Text(20, 36, "Consommation 412 kWh x 0,1258 €", 9, page=2),
        Text(190, 36, "51,84 €", 9, right=True, page=2),
        Text(130, 50, "Total HT", 9, page=2),
        Text(190, 50, "80,30 €", 9, right=True, page=2),
        Text(130, 56, "Total TVA", 9, page=2),
        Text(190, 56, "16,06 €", 9, right=True, page=2),
        Text(130, 62, "Total TTC", 10, True, page=2),
        Text(190, 62, "96,36 €", 10, True, True, page=2),
        Text(
            20,
            280,
            f"Volta Énergie SA - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
            page=2,
        ),
        Text(150, 285, "Page 2/2", 7, page=2),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["10045872231"],
            "invoice.issue_date": "2026-11-10",
            "invoice.due_date": "2026-11-30",
            # The bill's own total: the previous bill's balance is another debt.
            "invoice.amount_before_tax": "80.30",
            "invoice.tax_amount": "16.06",
            "invoice.amount": "96.36",
            "seller.siret": siret,
            "debtor.company_name": "SCI LES PLATANES",
            "debtor.address.line1": "22 BOULEVARD CARNOT",
            "debtor.address.postal_code": "06400",
            "debtor.address.city": "CANNES",
            "debtor.address.country": "FR",
        },
    )
    return Case(
        "energy_carried", "energy bill on two pages: previous balance carried", texts, expected
    )


def public_asap() -> Case:
    """A French public body's "avis des sommes à payer": the body in capitals, a reference box
    (exercice, titre n°, bordereau n°, date d'émission), the debtor in the window, "Montant à
    payer", "Date limite de paiement", no VAT."""
    siret = _siret("asap")
    texts = [
        Text(20, 18, "RÉPUBLIQUE FRANÇAISE", 9, True),
        Text(20, 24, "COMMUNE DE SAINT-AUBIN-SUR-LOIRE", 11, True),
        Text(20, 29, "Service des finances - 1 place de la Mairie - 49170 Saint-Aubin", 8),
        Text(120, 18, "AVIS DES SOMMES À PAYER", 13, True),
        *_column(
            120,
            26,
            [
                "Exercice : 2026",
                "Titre n° : 1245",
                "Bordereau n° : 87",
                "Date d'émission : 05/11/2026",
            ],
            size=9,
        ),
        *_column(120, 55, ["SARL LES JARDINS DU LAC", "12 CHEMIN DES VIGNES", "74000 ANNECY"]),
        Text(20, 85, "Objet : Occupation du domaine public - terrasse - 2e semestre 2026", 9),
        Text(20, 97, "Montant à payer", 11, True),
        Text(120, 97, "450,00 €", 11, True, True),
        Text(20, 104, "Date limite de paiement : 05/12/2026", 9),
        Text(
            20,
            118,
            "Vous pouvez payer par carte bancaire ou prélèvement sur www.payfip.gouv.fr avec "
            "l'identifiant",
            8,
        ),
        Text(20, 122, "collectivité 004512 et la référence 2026-00087-001245.", 8),
        Text(20, 128, "ou auprès du comptable public : Service de gestion comptable de Saumur.", 8),
        Text(
            20,
            280,
            f"Ordonnateur : Commune de Saint-Aubin-sur-Loire - SIRET {spaced_siret(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["1245"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-12-05",
            "invoice.amount": "450.00",
            "seller.siret": siret,
            "debtor.company_name": "SARL LES JARDINS DU LAC",
            "debtor.address.line1": "12 CHEMIN DES VIGNES",
            "debtor.address.postal_code": "74000",
            "debtor.address.city": "ANNECY",
            "debtor.address.country": "FR",
        },
    )
    return Case("public_asap", "public body's avis des sommes à payer", texts, expected)


def credit_note_fr() -> Case:
    """A French credit note: "AVOIR" as the title on the seller's line, the number as "N°", the
    invoice it cancels ("Facture d'origine … du …"), positive totals, "à déduire"."""
    siret = _siret("avoir")
    texts = [
        Text(20, 20, "Imprimerie Lefèvre SARL", 13, True),
        Text(190, 20, "AVOIR", 16, True, True),
        *_column(20, 26, ["5 rue Pasteur", "35000 Rennes", "contact@imprimerie-lefevre.fr"]),
        *_column(115, 50, ["Client :", *_BUYER], size=10),
        *_column(
            20,
            85,
            [
                "N° AV-2026-0031",
                "Date : 14/11/2026",
                "Facture d'origine : FA-2026-0412 du 03/11/2026",
                "Motif : retour de marchandise",
            ],
        ),
        Text(20, 115, "Désignation", 9, True),
        Text(140, 115, "Qté", 9, True, True),
        Text(190, 115, "Montant HT", 9, True, True),
        Text(20, 122, "Retour 500 flyers A5 (défaut d'impression)", 10),
        Text(140, 122, "1", 10, right=True),
        Text(190, 122, "250,00 €", 10, right=True),
        Text(130, 140, "Total HT", 10),
        Text(190, 140, "250,00 €", 10, right=True),
        Text(130, 146, "TVA 20 %", 10),
        Text(190, 146, "50,00 €", 10, right=True),
        Text(130, 152, "Total TTC", 10, True),
        Text(190, 152, "300,00 €", 10, True, True),
        Text(20, 170, "Montant à déduire de votre prochaine facture.", 9),
        Text(
            20,
            280,
            f"Imprimerie Lefèvre SARL - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["AV-2026-0031"],
            "invoice.issue_date": "2026-11-14",
            "invoice.amount_before_tax": "250.00",
            "invoice.tax_amount": "50.00",
            "invoice.amount": "300.00",
            "seller.siret": siret,
        },
    )
    return Case("credit_note_fr", "credit note: AVOIR title, original invoice", texts, expected)


def totals_row() -> Case:
    """A small-business software layout (EBP/Sage-like): a header row "Numéro | Date | Code
    client" over its values, the buyer framed with no label, the totals as one row of columns
    ("Total HT | TVA 20 % | Total TTC | Acompte | Net à payer") over their values, and an
    "Échéance | Mode de règlement" row."""
    siret = _siret("totals-row")
    texts = [
        Text(20, 18, "ELEC-SERVICES 49", 14, True),
        *_column(20, 25, ["SARL Elec-Services", "3 allée des Ormeaux", "49000 Angers"], size=8),
        Text(20, 40, "Tél. 02 41 00 00 00", 8),
        Text(120, 20, "FACTURE", 16, True),
        *_column(120, 48, _BUYER),
        Text(20, 48, "Numéro", 8, True),
        Text(45, 48, "Date", 8, True),
        Text(70, 48, "Code client", 8, True),
        Text(20, 53, "FA00871", 9),
        Text(45, 53, "05/11/2026", 9),
        Text(70, 53, "CL0142", 9),
        Text(20, 85, "Référence", 8, True),
        Text(45, 85, "Désignation", 8, True),
        Text(130, 85, "Qté", 8, True, True),
        Text(155, 85, "P.U. HT", 8, True, True),
        Text(190, 85, "Montant HT", 8, True, True),
        Text(20, 92, "TAB-12", 9),
        Text(45, 92, "Tableau électrique 3 rangées", 9),
        Text(130, 92, "1", 9, right=True),
        Text(155, 92, "850,00", 9, right=True),
        Text(190, 92, "850,00", 9, right=True),
        Text(20, 98, "MO", 9),
        Text(45, 98, "Main d'oeuvre (heures)", 9),
        Text(130, 98, "32", 9, right=True),
        Text(155, 98, "50,00", 9, right=True),
        Text(190, 98, "1 600,00", 9, right=True),
        Text(20, 150, "Total HT", 8, True),
        Text(55, 150, "TVA 20 %", 8, True),
        Text(90, 150, "Total TTC", 8, True),
        Text(125, 150, "Acompte", 8, True),
        Text(160, 150, "Net à payer", 8, True),
        Text(20, 156, "2 450,00", 9),
        Text(55, 156, "490,00", 9),
        Text(90, 156, "2 940,00", 9),
        Text(125, 156, "0,00", 9),
        Text(160, 156, "2 940,00 €", 9, True),
        Text(20, 170, "Échéance", 8, True),
        Text(55, 170, "Mode de règlement", 8, True),
        Text(20, 175, "05/12/2026", 9),
        Text(55, 175, "Virement", 9),
        Text(
            20,
            280,
            f"SARL Elec-Services au capital de 8 000 € - SIRET {spaced_siret(siret)} - "
            f"TVA {vat_of(siret)} - APE 4321A",
            7,
        ),
    ]
    expected = _expected(
        **_BUYER_FIELDS,
        **{
            "invoice.numbers": ["FA00871"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-12-05",
            "invoice.amount_before_tax": "2450.00",
            "invoice.tax_amount": "490.00",
            "invoice.amount": "2940.00",
            "seller.siret": siret,
        },
    )
    return Case("totals_row", "totals as one row of columns over their values", texts, expected)
