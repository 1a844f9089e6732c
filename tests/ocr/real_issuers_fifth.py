"""The real-shaped kinds added fifth, each laid out as one more kind of issuer lays out its
invoices: Odoo 17's invoice with a contact after the partner's name, a cloud provider's invoice
in English under the reverse charge, an AWS-like "Tax Invoice" charged in EUR with its USD
conversion, a SaaS invoice with numeric US dates, a telecom bill whose first page sums up the
pages after it, a chain hotel's bilingual folio from a property system, an invoice made in a
business bank's invoicing tool, a CRM's invoice with a global discount, a Spanish freelancer's
factura with IRPF withheld and an auto-entrepreneur's invoice without VAT.

What they bring that the earlier kinds did not: "Company, Contact" as the partner line, two
blocks each with its own SIRET, a zero VAT under "Reverse charge", two currencies on one page,
month-first dates told only by a date whose day passes 12, a summary page pointing at detail
pages full of other amounts, arrival and departure as "dd.mm.yy" under bilingual labels before
the invoice date, a discount between the gross and the net base, a withholding taken off the
total, "TVA non applicable, art. 293 B du CGI". All names, numbers and amounts are invented.
"""

from __future__ import annotations

from tests.ocr.hard import Case, Text
from tests.ocr.real_shaped import _column, _expected, _siret
from tests.ocr.specs import spaced_siret, vat_of


def odoo17_fr() -> Case:
    """Odoo 17's invoice (l10n_fr): company top left, the partner right as "Company, Contact"
    then its address, "Facture INV/2026/00042", a row of labelled boxes "Date de facturation |
    Date d'échéance | Source | Référence client", "Montant hors taxes", "TVA 20 %", "Total",
    "Montant dû" after a partial payment, the payment communication."""
    siret, buyer = _siret("odoo17-fr"), _siret("odoo17-fr-buyer")
    texts = [
        Text(20, 16, "ÉBÉNISTERIE LACOMBE", 13, True),
        *_column(
            20, 23, ["Ébénisterie Lacombe SAS", "12 rue des Tanneurs", "31000 Toulouse"], size=8
        ),
        *_column(
            115,
            45,
            [
                "Atelier Brun SAS, Claire Morel",
                "48 avenue de Lodève",
                "34070 Montpellier",
                "France",
                f"N° TVA : {vat_of(buyer)}",
            ],
            size=10,
        ),
        Text(20, 84, "Facture INV/2026/00042", 16, True),
        Text(20, 95, "Date de facturation", 8, True),
        Text(65, 95, "Date d'échéance", 8, True),
        Text(110, 95, "Source", 8, True),
        Text(150, 95, "Référence client", 8, True),
        Text(20, 100, "09/11/2026", 9),
        Text(65, 100, "09/12/2026", 9),
        Text(110, 100, "S00318", 9),
        Text(150, 100, "BC-7781", 9),
        Text(20, 114, "Description", 9, True),
        Text(115, 114, "Quantité", 9, True, True),
        Text(140, 114, "Prix unitaire", 9, True, True),
        Text(162, 114, "Taxes", 9, True, True),
        Text(190, 114, "Montant", 9, True, True),
    ]
    rows = [
        ("[TAB-02] Table de réunion noyer", "1,00 Unités", "1 450,00", "1 450,00 €"),
        ("[CHA-11] Chaise assortie", "6,00 Unités", "125,00", "750,00 €"),
        ("[LIV] Livraison et montage", "1,00 Unités", "150,00", "150,00 €"),
    ]
    for i, (item, qty, unit, amount) in enumerate(rows):
        y = 121 + 6 * i
        texts += [
            Text(20, y, item, 9),
            Text(115, y, qty, 9, right=True),
            Text(140, y, unit, 9, right=True),
            Text(162, y, "20%", 9, right=True),
            Text(190, y, amount, 9, right=True),
        ]
    texts += [
        Text(120, 146, "Montant hors taxes", 9, True),
        Text(190, 146, "2 350,00 €", 9, right=True),
        Text(120, 152, "TVA 20 %", 9),
        Text(190, 152, "470,00 €", 9, right=True),
        Text(120, 158, "Total", 10, True),
        Text(190, 158, "2 820,00 €", 10, True, True),
        Text(120, 165, "Payé le 12/11/2026", 9),
        Text(190, 165, "1 000,00 €", 9, right=True),
        Text(120, 171, "Montant dû", 10, True),
        Text(190, 171, "1 820,00 €", 10, True, True),
        Text(20, 186, "Communication de paiement : INV/2026/00042", 9),
        Text(20, 192, "Conditions de paiement : 30 jours", 9),
        Text(
            30,
            280,
            "05 61 00 48 48   contact@ebenisterie-lacombe.fr   www.ebenisterie-lacombe.fr",
            8,
        ),
        Text(45, 284, f"SIRET : {siret}   TVA : {vat_of(siret)}", 8),
        Text(190, 288, "Page 1 / 1", 7, right=True),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["INV/2026/00042"],
            "invoice.issue_date": "2026-11-09",
            "invoice.due_date": "2026-12-09",
            "invoice.amount_before_tax": "2350.00",
            "invoice.tax_amount": "470.00",
            "invoice.amount": "2820.00",
            "seller.siret": siret,
            "debtor.company_name": "Atelier Brun SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "48 avenue de Lodève",
            "debtor.address.postal_code": "34070",
            "debtor.address.city": "Montpellier",
            "debtor.address.country": "FR",
        },
    )
    return Case("odoo17_fr", "Odoo 17: Company, Contact partner line, amount due", texts, expected)


def cloud_reverse_charge_en() -> Case:
    """A cloud provider's invoice from Ireland in English (Google Cloud-like): "Invoice number",
    "Invoice date" and "Due date" with day-first dates in words ("31 Oct 2026"), a billing
    account id, "Bill to" with the French buyer's VAT number, "Subtotal in EUR", "VAT (0%)",
    "Reverse charge" and "Total amount due in EUR"."""
    buyer = _siret("cloud-rc-buyer")
    texts = [
        Text(20, 20, "Nimbus Cloud", 18, True),
        *_column(
            20,
            28,
            [
                "Nimbus Cloud EMEA Limited",
                "70 Sir John Rogerson's Quay",
                "Dublin 2, Ireland",
                "VAT: IE6388047V",
            ],
            size=8,
        ),
        Text(120, 20, "Invoice", 16, True),
        *_column(120, 28, ["Invoice number", "Invoice date", "Due date", "Billing ID"], size=9),
        *_column(
            190,
            28,
            ["5128843307", "31 Oct 2026", "30 Nov 2026", "01A2B3-C4D5E6-F7A8B9"],
            size=9,
            right=True,
        ),
        Text(20, 56, "Bill to", 9, True),
        *_column(
            20,
            61,
            [
                "Datalyse SAS",
                "Attn: Accounts payable",
                "9 rue de la Verrerie",
                "75004 Paris",
                "France",
                f"VAT number: {vat_of(buyer)}",
            ],
            size=9,
        ),
        Text(120, 56, "Total amount due", 9, True),
        Text(190, 64, "€612.40", 16, True, True),
        Text(120, 72, "Summary for Oct 1 – Oct 31, 2026", 8),
        Text(20, 100, "Description", 9, True),
        Text(190, 100, "Amount (€)", 9, True, True),
        Text(20, 107, "Compute Engine", 9),
        Text(190, 107, "418.75", 9, right=True),
        Text(20, 113, "Cloud Storage", 9),
        Text(190, 113, "96.15", 9, right=True),
        Text(20, 119, "Networking", 9),
        Text(190, 119, "112.50", 9, right=True),
        Text(20, 125, "Committed use discount", 9),
        Text(190, 125, "-15.00", 9, right=True),
        Text(120, 138, "Subtotal in EUR", 9),
        Text(190, 138, "612.40", 9, right=True),
        Text(120, 144, "VAT (0%)", 9),
        Text(190, 144, "0.00", 9, right=True),
        Text(120, 151, "Total amount due in EUR", 10, True),
        Text(190, 151, "612.40", 10, True, True),
        Text(
            20,
            168,
            "Reverse charge: VAT to be accounted for by the recipient (Art. 196 Directive "
            "2006/112/EC).",
            8,
        ),
        Text(20, 174, "Pay by bank transfer to IBAN IE29 AIBK 9311 5212 3456 78, BIC AIBKIE2D.", 8),
        Text(20, 284, "Nimbus Cloud EMEA Limited, registered in Ireland, no. 368047.", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["5128843307"],
            "invoice.issue_date": "2026-10-31",
            "invoice.due_date": "2026-11-30",
            "invoice.amount_before_tax": "612.40",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "612.40",
            "debtor.company_name": "Datalyse SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "9 rue de la Verrerie",
            "debtor.address.postal_code": "75004",
            "debtor.address.city": "Paris",
            "debtor.address.country": "FR",
        },
    )
    return Case("cloud_reverse_charge_en", "cloud invoice, reverse charge", texts, expected)


def aws_eur_en() -> Case:
    """An AWS-like "Tax Invoice" charged in EUR: "VAT Invoice Number", "VAT Invoice Date" in US
    words, the charges in EUR with the USD they came from and the rate, "Net Charges (After
    Credits/Discounts, excl. Tax)", "VAT 20%", "TOTAL AMOUNT" in EUR, the buyer's address in
    upper case as "CITY, POSTCODE, FR"."""
    buyer = _siret("aws-eur-buyer")
    texts = [
        Text(20, 20, "cumulo", 22, True),
        Text(190, 20, "Tax Invoice", 14, True, True),
        Text(20, 38, "Bill to Address:", 9, True),
        *_column(
            20,
            43,
            ["ATTN: Finance", "LOGIVIA SAS", "27 QUAI PERRACHE", "LYON, 69002, FR"],
            size=9,
        ),
        Text(20, 66, f"Customer VAT Number: {vat_of(buyer)}", 9),
        Text(115, 38, "Account number:", 9, True),
        Text(190, 38, "448120937710", 9, right=True),
        Text(115, 48, "VAT Invoice Number:", 9),
        Text(190, 48, "EUINFR26-2294018", 9, right=True),
        Text(115, 53, "VAT Invoice Date:", 9),
        Text(190, 53, "November 2, 2026", 9, right=True),
        Text(115, 58, "Billing Period:", 9),
        Text(190, 58, "October 1 - October 31, 2026", 9, right=True),
        Text(20, 80, "TOTAL AMOUNT", 11, True),
        Text(190, 80, "EUR 241.20", 11, True, True),
        Text(20, 86, "Payment due on receipt of this invoice by direct debit.", 8),
        Text(20, 100, "Summary", 10, True),
        Text(20, 107, "Charges", 9),
        Text(150, 107, "USD 220.45", 9, right=True),
        Text(190, 107, "EUR 201.00", 9, right=True),
        Text(20, 112, "Credits", 9),
        Text(150, 112, "USD 0.00", 9, right=True),
        Text(190, 112, "EUR 0.00", 9, right=True),
        Text(20, 118, "Net Charges (After Credits/Discounts, excl. Tax)", 9, True),
        Text(150, 118, "USD 220.45", 9, right=True),
        Text(190, 118, "EUR 201.00", 9, right=True),
        Text(20, 124, "VAT 20%", 9),
        Text(150, 124, "USD 44.09", 9, right=True),
        Text(190, 124, "EUR 40.20", 9, right=True),
        Text(20, 131, "Total VAT Invoice Amount", 9, True),
        Text(150, 131, "USD 264.54", 9, True, True),
        Text(190, 131, "EUR 241.20", 9, True, True),
        Text(20, 140, "Exchange rate: 1 USD = 0.911771 EUR", 8),
        *_column(
            20,
            270,
            [
                "Cumulo Web Services EMEA SARL, 38 avenue John F. Kennedy, L-1855 Luxembourg",
                "Succursale française, 31 place des Corolles, 92400 Courbevoie",
                f"VAT Registration Number: {vat_of(_siret('aws-eur'))}",
            ],
            step=4,
            size=7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["EUINFR26-2294018"],
            "invoice.issue_date": "2026-11-02",
            "invoice.due_date": "2026-11-02",
            "invoice.amount_before_tax": "201.00",
            "invoice.tax_amount": "40.20",
            "invoice.amount": "241.20",
            "debtor.company_name": "LOGIVIA SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "27 QUAI PERRACHE",
            "debtor.address.postal_code": "69002",
            "debtor.address.city": "LYON",
            "debtor.address.country": "FR",
        },
    )
    return Case("aws_eur_en", "AWS-like tax invoice in EUR with USD beside", texts, expected)


def saas_us_dates() -> Case:
    """A SaaS invoice made by a US billing service for a French customer: "Invoice number",
    "Date of issue" and "Date due" as numeric month-first dates (11/05/2026 reads either way;
    11/20/2026 only one), "Bill to" with a French address, amounts in euros "€1,250.00"."""
    texts = [
        Text(20, 20, "Invoice", 18, True),
        *_column(20, 30, ["Invoice number", "Date of issue", "Date due"], size=9),
        *_column(55, 30, ["QX7P2K-0031", "11/05/2026", "11/20/2026"], size=9),
        Text(150, 20, "Lumen Forms", 12, True),
        Text(20, 55, "Lumen Forms Inc.", 9, True),
        *_column(
            20,
            60,
            ["548 Market Street #9921", "San Francisco, CA 94104", "United States"],
            size=9,
        ),
        Text(110, 55, "Bill to", 9, True),
        *_column(
            110,
            60,
            ["Studio Ocre SARL", "5 rue Paul Bert", "13005 Marseille", "France", "compta@ocre.fr"],
            size=9,
        ),
        Text(20, 92, "€1,500.00 due November 20, 2026", 14, True),
        Text(20, 110, "Description", 8, True),
        Text(130, 110, "Qty", 8, True, True),
        Text(160, 110, "Unit price", 8, True, True),
        Text(190, 110, "Amount", 8, True, True),
        Text(20, 117, "Business plan (annual)", 9),
        Text(20, 121, "11/05/2026 – 11/04/2027", 8),
        Text(130, 117, "5", 9, right=True),
        Text(160, 117, "€250.00", 9, right=True),
        Text(190, 117, "€1,250.00", 9, right=True),
        Text(105, 135, "Subtotal", 9),
        Text(190, 135, "€1,250.00", 9, right=True),
        Text(105, 141, "VAT (20%)", 9),
        Text(190, 141, "€250.00", 9, right=True),
        Text(105, 147, "Total", 9),
        Text(190, 147, "€1,500.00", 9, right=True),
        Text(105, 153, "Amount due", 9, True),
        Text(190, 153, "€1,500.00", 9, True, True),
        Text(20, 285, "QX7P2K-0031 · €1,500.00 due November 20, 2026", 7),
        Text(190, 285, "Page 1 of 1", 7, right=True),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["QX7P2K-0031"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-11-20",
            "invoice.amount_before_tax": "1250.00",
            "invoice.tax_amount": "250.00",
            "invoice.amount": "1500.00",
            "debtor.company_name": "Studio Ocre SARL",
            "debtor.address.line1": "5 rue Paul Bert",
            "debtor.address.postal_code": "13005",
            "debtor.address.city": "Marseille",
            "debtor.address.country": "FR",
            "debtor.email": "compta@ocre.fr",
        },
    )
    return Case("saas_us_dates", "SaaS invoice, numeric US dates", texts, expected)


def telecom_pages() -> Case:
    """A business telecom bill over three pages (Orange Pro-like): page 1 sums up ("Votre
    facture du 8 novembre 2026", "N° de facture", the totals, "à payer avant le") and points at
    the detail pages; pages 2 and 3 list each line's charges with their own subtotals, periods
    and dates; the operator's SIREN only."""
    seller = _siret("telecom-pages")
    texts = [
        Text(20, 18, "orbis", 22, True),
        Text(20, 25, "pro", 10, True),
        Text(120, 20, "Votre facture du 8 novembre 2026", 11, True),
        *_column(
            120,
            27,
            [
                "N° de facture : F1126-08715542",
                "N° de compte : 7714 0021 88",
                "Période : du 01/10/2026 au 31/10/2026",
            ],
            size=8,
        ),
        *_column(120, 50, ["SARL GARAGE DES PINS", "M. ÉRIC PONS", "15 ROUTE D'ARCACHON"]),
        Text(120, 63.8, "33610 CESTAS", 10),
        Text(20, 90, "Montant total à payer", 12, True),
        Text(190, 90, "156,00 €", 12, True, True),
        Text(20, 96, "à payer avant le 23/11/2026", 9),
        Text(20, 110, "Synthèse de votre facture", 10, True),
        Text(20, 117, "Abonnements et forfaits (détail page 2)", 9),
        Text(190, 117, "104,00 €", 9, right=True),
        Text(20, 122, "Consommations hors forfait (détail page 3)", 9),
        Text(190, 122, "26,00 €", 9, right=True),
        Text(130, 134, "Total HT", 9),
        Text(190, 134, "130,00 €", 9, right=True),
        Text(130, 140, "TVA 20 %", 9),
        Text(190, 140, "26,00 €", 9, right=True),
        Text(130, 146, "Total TTC", 10, True),
        Text(190, 146, "156,00 €", 10, True, True),
        Text(
            20,
            278,
            f"Orbis SA - capital 10 000 000 € - 2 place de l'Europe 92100 Boulogne - RCS Nanterre "
            f"{seller[:3]} {seller[3:6]} {seller[6:9]}",
            7,
        ),
        Text(190, 287, "1/3", 8, right=True),
    ]
    for page, title, rows, subtotal in (
        (
            2,
            "Détail des abonnements",
            [
                ("Ligne 05 56 00 11 22 - Forfait Pro 100 Go", "01/10 au 31/10", "39,00 €"),
                ("Ligne 06 70 00 33 44 - Forfait Pro 100 Go", "01/10 au 31/10", "39,00 €"),
                ("Accès fibre pro 1 Gb/s", "01/10 au 31/10", "26,00 €"),
            ],
            "104,00 €",
        ),
        (
            3,
            "Détail des consommations",
            [
                ("14/10/2026 appel vers l'international 00 44 20", "32 min", "14,50 €"),
                ("21/10/2026 itinérance hors UE", "120 Mo", "9,00 €"),
                ("28/10/2026 SMS surtaxé", "5", "2,50 €"),
            ],
            "26,00 €",
        ),
    ):
        texts += [
            Text(20, 18, "Facture F1126-08715542 du 08/11/2026", 8, page=page),
            Text(20, 30, title, 11, True, page=page),
        ]
        for i, (label, period, amount) in enumerate(rows):
            y = 40 + 6 * i
            texts += [
                Text(20, y, label, 8, page=page),
                Text(140, y, period, 8, page=page),
                Text(190, y, amount, 8, right=True, page=page),
            ]
        texts += [
            Text(130, 64, "Sous-total HT", 9, True, page=page),
            Text(190, 64, subtotal, 9, True, True, page=page),
            Text(190, 287, f"{page}/3", 8, right=True, page=page),
        ]
    expected = _expected(
        **{
            "invoice.numbers": ["F1126-08715542"],
            "invoice.issue_date": "2026-11-08",
            "invoice.due_date": "2026-11-23",
            "invoice.amount_before_tax": "130.00",
            "invoice.tax_amount": "26.00",
            "invoice.amount": "156.00",
            "debtor.company_name": "SARL GARAGE DES PINS",
            "debtor.address.line1": "15 ROUTE D'ARCACHON",
            "debtor.address.postal_code": "33610",
            "debtor.address.city": "CESTAS",
            "debtor.address.country": "FR",
        },
    )
    return Case("telecom_pages", "telecom bill over three pages, summary first", texts, expected)


def hotel_opera() -> Case:
    """A chain hotel's bilingual folio from a property system (Opera-like): "Arrivée /
    Arrival" and "Départ / Departure" as "dd.mm.yy" before "Date" (the folio printed the day
    after), "Facture N° / Invoice No.", the company's block under "Société / Company", charges
    and credits in two columns, "Solde / Balance" in EUR, VAT included and summed up."""
    siret = _siret("hotel-opera")
    texts = [
        Text(105, 16, "GRAND HÔTEL DU LAC", 14, True, True),
        Text(105, 22, "1 quai Napoléon III - 74000 Annecy - +33 4 50 00 77 00", 8, right=False),
        Text(20, 36, "Société / Company", 8, True),
        *_column(
            20,
            41,
            ["CABINET VERNET CONSEIL", "22 rue Sommeiller", "74000 Annecy", "France"],
            size=9,
        ),
        *_column(
            115,
            36,
            [
                "Chambre / Room",
                "Arrivée / Arrival",
                "Départ / Departure",
                "Facture N° / Invoice No.",
                "Date",
                "Page",
            ],
            size=8,
        ),
        *_column(165, 36, ["418", "02.11.26", "05.11.26", "226418", "06.11.26", "1 / 1"], size=8),
        Text(20, 68, "Client / Guest : M. Laurent Vernet", 8),
        Text(20, 80, "FACTURE / INVOICE", 13, True),
        Text(20, 90, "Date", 8, True),
        Text(42, 90, "Description", 8, True),
        Text(160, 90, "Débit / Charges", 8, True, True),
        Text(190, 90, "Crédit / Credits", 8, True, True),
    ]
    rows = [
        ("02.11.26", "Hébergement / Accommodation", "165,00"),
        ("02.11.26", "Taxe de séjour / City tax", "3,30"),
        ("03.11.26", "Hébergement / Accommodation", "165,00"),
        ("03.11.26", "Restaurant", "58,70"),
        ("03.11.26", "Taxe de séjour / City tax", "3,30"),
        ("04.11.26", "Hébergement / Accommodation", "165,00"),
        ("04.11.26", "Taxe de séjour / City tax", "3,30"),
    ]
    for i, (day, item, amount) in enumerate(rows):
        y = 96 + 5.5 * i
        texts += [Text(20, y, day, 8), Text(42, y, item, 8), Text(160, y, amount, 8, right=True)]
    texts += [
        Text(42, 140, "Total", 9, True),
        Text(160, 140, "563,60", 9, True, True),
        Text(190, 140, "0,00", 9, True, True),
        Text(42, 147, "Solde / Balance", 10, True),
        Text(190, 147, "563,60 EUR", 10, True, True),
        Text(20, 160, "TVA / VAT", 8, True),
        Text(60, 160, "Net", 8, True, True),
        Text(85, 160, "TVA", 8, True, True),
        Text(110, 160, "Brut / Gross", 8, True, True),
        Text(20, 165, "10 %", 8),
        Text(60, 165, "503,36", 8, right=True),
        Text(85, 165, "50,34", 8, right=True),
        Text(110, 165, "553,70", 8, right=True),
        Text(20, 170, "Hors TVA / No VAT", 8),
        Text(60, 170, "9,90", 8, right=True),
        Text(85, 170, "0,00", 8, right=True),
        Text(110, 170, "9,90", 8, right=True),
        Text(20, 182, "Payable à réception de facture / Payable upon receipt.", 8),
        Text(
            20,
            280,
            f"SAS Hôtel du Lac - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["226418"],
            "invoice.issue_date": "2026-11-06",
            "invoice.due_date": "2026-11-06",
            "invoice.amount_before_tax": "513.26",
            "invoice.tax_amount": "50.34",
            "invoice.amount": "563.60",
            "seller.siret": siret,
            "debtor.company_name": "CABINET VERNET CONSEIL",
            "debtor.address.line1": "22 rue Sommeiller",
            "debtor.address.postal_code": "74000",
            "debtor.address.city": "Annecy",
            "debtor.address.country": "FR",
        },
    )
    return Case("hotel_opera", "bilingual hotel folio, stay dates first", texts, expected)


def bank_tool_fr() -> Case:
    """An invoice made in a business bank's or an accounting app's invoicing tool
    (Qonto/Pennylane-like): "Numéro de facture", "Date d'émission" and "Date d'exigibilité du
    paiement" as rows of label and value, two blocks "Émetteur" and "Destinataire" each with
    its own SIRET and VAT number, "Total HT", "TVA (20 %)", "Total TTC", the IBAN and the
    reference to quote, the legal mentions."""
    siret, buyer = _siret("bank-tool-fr"), _siret("bank-tool-fr-buyer")
    texts = [
        Text(20, 22, "Facture", 20, True),
        *_column(
            20,
            32,
            ["Numéro de facture", "Date d'émission", "Date d'exigibilité du paiement"],
            size=9,
        ),
        *_column(80, 32, ["F-2026-0117", "10/11/2026", "10/12/2026"], size=9),
        Text(20, 58, "Émetteur", 8, True),
        *_column(
            20,
            63,
            [
                "Kaolin Studio SAS",
                "3 rue du Faubourg Saint-Jean",
                "45000 Orléans",
                f"SIRET : {siret}",
                f"TVA : {vat_of(siret)}",
                "hello@kaolin.studio",
            ],
            size=9,
        ),
        Text(110, 58, "Destinataire", 8, True),
        *_column(
            110,
            63,
            [
                "Maison Fleurie SARL",
                "17 boulevard Alexandre Martin",
                "45000 Orléans",
                f"SIRET : {buyer}",
                f"TVA : {vat_of(buyer)}",
            ],
            size=9,
        ),
        Text(20, 102, "Description", 8, True),
        Text(120, 102, "Qté", 8, True, True),
        Text(140, 102, "Prix unitaire HT", 8, True, True),
        Text(160, 102, "TVA", 8, True, True),
        Text(190, 102, "Total HT", 8, True, True),
        Text(20, 109, "Identité visuelle - création du logo", 9),
        Text(120, 109, "1", 9, right=True),
        Text(140, 109, "1 800,00 €", 9, right=True),
        Text(160, 109, "20 %", 9, right=True),
        Text(190, 109, "1 800,00 €", 9, right=True),
        Text(20, 115, "Déclinaisons print (carte, flyer)", 9),
        Text(120, 115, "2", 9, right=True),
        Text(140, 115, "350,00 €", 9, right=True),
        Text(160, 115, "20 %", 9, right=True),
        Text(190, 115, "700,00 €", 9, right=True),
        Text(130, 130, "Total HT", 9),
        Text(190, 130, "2 500,00 €", 9, right=True),
        Text(130, 136, "TVA (20 %)", 9),
        Text(190, 136, "500,00 €", 9, right=True),
        Text(130, 143, "Total TTC", 11, True),
        Text(190, 143, "3 000,00 €", 11, True, True),
        Text(20, 160, "Paiement", 9, True),
        *_column(
            20,
            166,
            [
                "IBAN : FR76 1695 8000 0151 2345 6789 012",
                "BIC : QNTOFRP1XXX",
                "Référence à indiquer : F-2026-0117",
            ],
            size=8,
        ),
        *_column(
            20,
            266,
            [
                "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire "
                "pour frais de recouvrement : 40 €.",
                "Pas d'escompte pour paiement anticipé.",
                f"Kaolin Studio SAS au capital de 5 000 € - RCS Orléans {spaced_siret(siret)[:11]}",
            ],
            step=4,
            size=7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["F-2026-0117"],
            "invoice.issue_date": "2026-11-10",
            "invoice.due_date": "2026-12-10",
            "invoice.amount_before_tax": "2500.00",
            "invoice.tax_amount": "500.00",
            "invoice.amount": "3000.00",
            "seller.siret": siret,
            "debtor.company_name": "Maison Fleurie SARL",
            "debtor.siret": buyer,
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "17 boulevard Alexandre Martin",
            "debtor.address.postal_code": "45000",
            "debtor.address.city": "Orléans",
            "debtor.address.country": "FR",
        },
    )
    return Case("bank_tool_fr", "bank app invoice: Émetteur / Destinataire", texts, expected)


def crm_discount_fr() -> Case:
    """A CRM's invoice (Sellsy/Axonaut-like): "FACTURE" and "N° FA-2026-00318" top right, a
    client code, a lines table with a discount column, "Total HT brut", "Remise 10 %", "Total
    HT net", "TVA 20 %", "Total TTC", "Net à payer", the due date under "Échéance" in a
    terms box."""
    siret = _siret("crm-discount-fr")
    texts = [
        Text(20, 18, "SIGNAL & CO", 14, True),
        *_column(
            20,
            25,
            ["Signalétique et enseignes", "Parc d'activités du Moulin", "29200 Brest"],
            size=8,
        ),
        Text(190, 18, "FACTURE", 16, True, True),
        Text(190, 25, "N° FA-2026-00318", 10, True, True),
        Text(190, 30, "du 12/11/2026", 9, right=True),
        Text(115, 44, "Code client : CLI-00871", 8),
        *_column(115, 50, ["SCI LES HAUTS DE KERINOU", "6 rue Jean Jaurès", "29200 Brest"]),
        Text(20, 78, "Objet : enseigne lumineuse façade", 9),
        Text(20, 90, "Désignation", 8, True),
        Text(110, 90, "Qté", 8, True, True),
        Text(135, 90, "P.U. HT", 8, True, True),
        Text(155, 90, "Remise", 8, True, True),
        Text(190, 90, "Total HT", 8, True, True),
        Text(20, 97, "Enseigne caisson LED 3 x 0,6 m", 9),
        Text(110, 97, "1", 9, right=True),
        Text(135, 97, "2 400,00", 9, right=True),
        Text(155, 97, "0 %", 9, right=True),
        Text(190, 97, "2 400,00", 9, right=True),
        Text(20, 103, "Lettrage adhésif vitrine", 9),
        Text(110, 103, "4", 9, right=True),
        Text(135, 103, "150,00", 9, right=True),
        Text(155, 103, "0 %", 9, right=True),
        Text(190, 103, "600,00", 9, right=True),
        Text(130, 118, "Total HT brut", 9),
        Text(190, 118, "3 000,00 €", 9, right=True),
        Text(130, 124, "Remise 10 %", 9),
        Text(190, 124, "- 300,00 €", 9, right=True),
        Text(130, 130, "Total HT net", 9, True),
        Text(190, 130, "2 700,00 €", 9, True, True),
        Text(130, 136, "TVA 20 %", 9),
        Text(190, 136, "540,00 €", 9, right=True),
        Text(130, 142, "Total TTC", 9),
        Text(190, 142, "3 240,00 €", 9, right=True),
        Text(130, 149, "Net à payer", 11, True),
        Text(190, 149, "3 240,00 €", 11, True, True),
        Text(20, 164, "Échéance", 8, True),
        Text(60, 164, "Mode de règlement", 8, True),
        Text(20, 169, "31/12/2026", 9),
        Text(60, 169, "Virement - 45 jours fin de mois", 9),
        Text(
            20,
            280,
            f"Signal & Co SARL - SIRET {spaced_siret(siret)} - APE 7311Z - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FA-2026-00318"],
            "invoice.issue_date": "2026-11-12",
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "2700.00",
            "invoice.tax_amount": "540.00",
            "invoice.amount": "3240.00",
            "seller.siret": siret,
            "debtor.company_name": "SCI LES HAUTS DE KERINOU",
            "debtor.address.line1": "6 rue Jean Jaurès",
            "debtor.address.postal_code": "29200",
            "debtor.address.city": "Brest",
            "debtor.address.country": "FR",
        },
    )
    return Case("crm_discount_fr", "CRM invoice with a global discount", texts, expected)


def factura_irpf_es() -> Case:
    """A Spanish freelancer's factura: "FACTURA", "Número" and "Fecha de expedición", the
    customer under "Datos del cliente" with its CIF, "Base imponible", "IVA 21 %", "Retención
    IRPF 15 %" taken off, "Total a pagar", "Vencimiento" and a bank account."""
    texts = [
        Text(20, 20, "Lucía Ferrer Sanz", 13, True),
        *_column(
            20,
            27,
            ["Diseño y desarrollo web", "NIF: 48291736Q", "Calle Colón 14, 3º", "46004 Valencia"],
            size=8,
        ),
        Text(190, 20, "FACTURA", 16, True, True),
        *_column(130, 30, ["Número:", "Fecha de expedición:", "Vencimiento:"], size=9),
        *_column(190, 30, ["2026-0087", "13/11/2026", "13/12/2026"], size=9, right=True),
        Text(20, 55, "Datos del cliente", 9, True),
        *_column(
            20,
            61,
            [
                "Tecnored Levante S.L.",
                "CIF: B98765431",
                "Avenida del Puerto 112",
                "46023 Valencia",
            ],
            size=9,
        ),
        Text(20, 90, "Concepto", 8, True),
        Text(150, 90, "Horas", 8, True, True),
        Text(190, 90, "Importe", 8, True, True),
        Text(20, 97, "Desarrollo de tienda online - octubre 2026", 9),
        Text(150, 97, "40", 9, right=True),
        Text(190, 97, "2.000,00 €", 9, right=True),
        Text(125, 112, "Base imponible", 9),
        Text(190, 112, "2.000,00 €", 9, right=True),
        Text(125, 118, "IVA 21 %", 9),
        Text(190, 118, "420,00 €", 9, right=True),
        Text(125, 124, "Retención IRPF 15 %", 9),
        Text(190, 124, "-300,00 €", 9, right=True),
        Text(125, 131, "Total a pagar", 10, True),
        Text(190, 131, "2.120,00 €", 10, True, True),
        Text(20, 148, "Forma de pago: transferencia bancaria", 8),
        Text(20, 153, "IBAN: ES91 2100 0418 4502 0005 1332", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-0087"],
            "invoice.issue_date": "2026-11-13",
            "invoice.due_date": "2026-12-13",
            "invoice.amount_before_tax": "2000.00",
            "invoice.tax_amount": "420.00",
            "invoice.amount": "2120.00",
            "debtor.company_name": "Tecnored Levante S.L.",
            "debtor.vat_number": "ESB98765431",  # printed as a CIF, without "ES"
            "debtor.address.line1": "Avenida del Puerto 112",
            "debtor.address.postal_code": "46023",
            "debtor.address.city": "Valencia",
            "debtor.address.country": "ES",
        },
    )
    return Case("factura_irpf_es", "Spanish factura with IRPF withheld", texts, expected)


def micro_fr() -> Case:
    """An auto-entrepreneur's invoice: "EI" and the trader's name, the SIRET under it, the
    client a private person, a service date before the invoice date, "Total HT" then "TVA non
    applicable, art. 293 B du CGI" and "Net à payer", payment on receipt."""
    siret = _siret("micro-fr")
    texts = [
        Text(20, 20, "Julien Roux EI", 13, True),
        *_column(
            20,
            27,
            [
                "Entrepreneur individuel - dépannage informatique",
                "9 impasse des Lilas",
                "86000 Poitiers",
                f"SIRET : {spaced_siret(siret)}",
                "06 12 34 56 78",
            ],
            size=8,
        ),
        Text(115, 50, "Client", 8, True),
        *_column(115, 55, ["Mme Sophie Garnier", "31 rue de la Cathédrale", "86000 Poitiers"]),
        Text(20, 80, "FACTURE N° 2026-041", 13, True),
        Text(20, 87, "Date : 16 novembre 2026", 9),
        Text(20, 92, "Date de la prestation : 29 octobre 2026", 9),
        Text(20, 104, "Désignation", 8, True),
        Text(190, 104, "Montant", 8, True, True),
        Text(20, 111, "Réinstallation du système et sauvegarde des données", 9),
        Text(190, 111, "180,00 €", 9, right=True),
        Text(20, 117, "Déplacement", 9),
        Text(190, 117, "25,00 €", 9, right=True),
        Text(130, 130, "Total HT", 9),
        Text(190, 130, "205,00 €", 9, right=True),
        Text(130, 137, "Net à payer", 10, True),
        Text(190, 137, "205,00 €", 10, True, True),
        Text(20, 150, "TVA non applicable, art. 293 B du CGI", 9),
        Text(20, 156, "Paiement à réception de facture, par virement ou chèque.", 9),
        Text(
            20,
            275,
            "En cas de retard de paiement, pénalités au taux de 3 fois le taux d'intérêt légal.",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-041"],
            "invoice.issue_date": "2026-11-16",
            "invoice.due_date": "2026-11-16",
            "invoice.amount_before_tax": "205.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "205.00",
            "seller.siret": siret,
            "debtor.company_name": "Mme Sophie Garnier",
            "debtor.company_type": "individual",
            "debtor.address.line1": "31 rue de la Cathédrale",
            "debtor.address.postal_code": "86000",
            "debtor.address.city": "Poitiers",
            "debtor.address.country": "FR",
        },
    )
    return Case("micro_fr", "auto-entrepreneur, TVA non applicable 293 B", texts, expected)


def fifth_cases() -> list[Case]:
    return [
        odoo17_fr(),
        cloud_reverse_charge_en(),
        aws_eur_en(),
        saas_us_dates(),
        telecom_pages(),
        hotel_opera(),
        bank_tool_fr(),
        crm_discount_fr(),
        factura_irpf_es(),
        micro_fr(),
    ]
