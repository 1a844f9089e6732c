"""Invoices shaped like the real ones users send, laid out as their producers lay them out rather
than as our rules expect: an Odoo invoice in French and in English, two French telecom bills, a
hotel's note, two cloud providers' invoices (AWS-like in English, OVH- and Scaleway-like in
French) and two visual PDFs in the style of the FNFE-MPE Factur-X samples; then an invoice over
two pages, an energy bill at two VAT rates, an English hotel folio, a hotel note already paid,
an artisan's invoice to a couple with a deposit deducted and a Stripe-made SaaS invoice.

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
    ]


def new_cases() -> list[Case]:
    """The kinds added second: an invoice over two pages, an energy bill, an English hotel
    folio, a hotel note already paid, an artisan's invoice with a deposit, a Stripe invoice."""
    return [two_pages(), energy_fr(), hotel_folio_en(), hotel_paid(), artisan_fr(), stripe_en()]


def generate(
    directory: Path, *, producers: tuple[str, ...] | None = None, scans: bool = False
) -> list[HardItem]:
    from tests.ocr import hard

    return _generate(
        directory, producers=producers or hard.PRODUCERS, scans=scans, selection=cases()
    )
