"""The real-shaped kinds added fourth, each laid out as one more kind of issuer lays out its
invoices: a French fibre bill, a Belgian webshop's invoice in French, a chain hotel's folio, an
Indian marketplace invoice, a German web host's Rechnung, a press subscription, an Italian
equipment maker's fattura, a craftsman's invoice typed in a word processor, a Polish fuel
invoice in two languages and a maintenance contract whose totals and terms are on page 2.

What they bring that the earlier kinds did not: an order number printed next to the invoice
number and an order date next to the invoice date, labels in a header row over their values,
a contact or department line inside the buyer's block, terms only ("30 gg d.f.", "45 jours
fin de mois", "à 30 jours date de facture"), a deposit paid printed under the total, rupee,
zloty and Belgian amounts, Indian, Polish and Belgian addresses, a 2.1 % press VAT rate.
All names, numbers and amounts are invented.
"""

from __future__ import annotations

from tests.ocr.hard import Case, Text
from tests.ocr.real_shaped import _column, _eu_vat, _expected, _siret
from tests.ocr.specs import spaced_siret, vat_of


def isp_fibre_fr() -> Case:
    """A French ISP's fibre bill (Free/Bouygues-like): a header box holding "Facture n°", the
    date and the "Référence client", the buyer in the window, "Montant prélevé le …" with the
    amount on the same line, the operator's RCS number (a SIREN) but no SIRET."""
    seller = _siret("isp-fibre")
    texts = [
        Text(20, 20, "onda", 24, True),
        Text(20, 27, "fibre · box · mobile", 8),
        Text(120, 18, "FACTURE", 11, True),
        *_column(
            120,
            24,
            [
                "Facture n° : 2611F0437721",
                "Date : 04/11/2026",
                "Référence client : 8823 1190 4",
                "Ligne : 05 56 00 00 00",
            ],
            size=8,
        ),
        *_column(120, 52, ["SARL ATELIER VERT", "22 RUE DES CORDIERS", "33000 BORDEAUX"]),
        Text(20, 52, "Bonjour,", 9),
        Text(20, 57, "voici votre facture du mois.", 9),
        Text(20, 84, "Montant prélevé le 14/11/2026", 12, True),
        Text(190, 84, "44,99 €", 12, True, True),
        Text(20, 90, "sur votre compte FR76 **** **** **** **** ***0 418", 8),
        Text(20, 106, "Récapitulatif", 11, True),
        Text(20, 113, "Forfait Fibre Pro du 04/11/2026 au 03/12/2026", 9),
        Text(190, 113, "37,49 €", 9, right=True),
        Text(20, 118, "Appels vers les fixes et mobiles en France", 9),
        Text(190, 118, "inclus", 9, right=True),
        Text(20, 123, "Consommations du 04/10/2026 au 03/11/2026", 9),
        Text(190, 123, "0,00 €", 9, right=True),
        Text(130, 138, "Total HT", 9),
        Text(190, 138, "37,49 €", 9, right=True),
        Text(130, 144, "TVA 20 %", 9),
        Text(190, 144, "7,50 €", 9, right=True),
        Text(130, 150, "Total TTC", 10, True),
        Text(190, 150, "44,99 €", 10, True, True),
        Text(
            20,
            278,
            "Onda Télécom SAS au capital de 4 000 000 € - 8 rue de la Ville 75008 Paris - RCS Paris "
            f"{seller[:3]} {seller[3:6]} {seller[6:9]}",
            7,
        ),
        Text(20, 282, f"N° TVA intracommunautaire : {vat_of(seller)}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2611F0437721"],
            "invoice.issue_date": "2026-11-04",
            "invoice.due_date": "2026-11-14",
            "invoice.amount_before_tax": "37.49",
            "invoice.tax_amount": "7.50",
            "invoice.amount": "44.99",
            "debtor.company_name": "SARL ATELIER VERT",
            "debtor.address.line1": "22 RUE DES CORDIERS",
            "debtor.address.postal_code": "33000",
            "debtor.address.city": "BORDEAUX",
            "debtor.address.country": "FR",
        },
    )
    return Case("isp_fibre_fr", "ISP fibre bill: header box, montant prélevé le", texts, expected)


def webshop_be() -> Case:
    """A Belgian webshop's invoice in French (Coolblue-like): "Date de facture", "Numéro de
    facture" and "Numéro de commande" one under the other, a Belgian buyer with its BE VAT
    number, prices with VAT included, "Total hors TVA", "TVA 21 %", already paid."""
    buyer_vat = _eu_vat("BE", "04128836")
    texts = [
        Text(20, 20, "bleuvert", 22, True),
        Text(20, 27, "Tout pour votre bureau", 8),
        *_column(
            120,
            20,
            [
                "Bleuvert Belgique SA",
                "Rue de la Station 10",
                "2000 Anvers",
                f"TVA {_eu_vat('BE', '08176543')}",
            ],
            size=8,
        ),
        Text(20, 48, "Adresse de facturation", 8, True),
        *_column(
            20,
            53,
            [
                "Brasserie du Parc SRL",
                "Avenue Louise 212",
                "1050 Ixelles",
                "Belgique",
                f"N° TVA : {buyer_vat}",
            ],
            size=9,
        ),
        Text(20, 90, "Facture", 18, True),
        *_column(
            20,
            99,
            [
                "Date de facture",
                "Numéro de facture",
                "Numéro de commande",
                "Numéro de client",
            ],
            size=9,
        ),
        *_column(70, 99, ["05/11/2026", "7302114589", "90412377", "4471023"], size=9),
        Text(20, 125, "Article", 9, True),
        Text(130, 125, "Quantité", 9, True, True),
        Text(160, 125, "Prix", 9, True, True),
        Text(190, 125, "Total", 9, True, True),
        Text(20, 132, "Écran 27 pouces QHD, pied réglable", 9),
        Text(130, 132, "2", 9, right=True),
        Text(160, 132, "349,00 €", 9, right=True),
        Text(190, 132, "698,00 €", 9, right=True),
        Text(20, 138, "Station d'accueil USB-C", 9),
        Text(130, 138, "1", 9, right=True),
        Text(160, 138, "302,00 €", 9, right=True),
        Text(190, 138, "302,00 €", 9, right=True),
        Text(130, 152, "Total hors TVA", 9),
        Text(190, 152, "826,45 €", 9, right=True),
        Text(130, 158, "TVA 21 %", 9),
        Text(190, 158, "173,55 €", 9, right=True),
        Text(130, 165, "Total", 10, True),
        Text(190, 165, "1.000,00 €", 10, True, True),
        Text(20, 180, "Vous avez déjà payé cette facture par Bancontact le 05/11/2026.", 9),
        Text(
            20,
            280,
            "Bleuvert Belgique SA - RPM Anvers - IBAN BE71 0961 2345 6769 - service@bleuvert.be",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["7302114589"],
            "invoice.issue_date": "2026-11-05",
            "invoice.amount_before_tax": "826.45",
            "invoice.tax_amount": "173.55",
            "invoice.amount": "1000.00",
            "debtor.company_name": "Brasserie du Parc SRL",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Avenue Louise 212",
            "debtor.address.postal_code": "1050",
            "debtor.address.city": "Ixelles",
            "debtor.address.country": "BE",
        },
    )
    return Case("webshop_be", "Belgian webshop: order number beside the number", texts, expected)


def hotel_folio_fr() -> Case:
    """A chain hotel's folio billed to a company account: a header row "Chambre | Arrivée |
    Départ | Nuits | Date" over its values, a department line in the company's block, one row
    per night, a VAT summary, "Solde à régler" and terms in days from the invoice date."""
    siret = _siret("hotel-folio-fr")
    texts = [
        Text(20, 18, "HÔTEL LES ARCADES", 14, True),
        *_column(
            20, 24, ["3 quai de Southampton", "76600 Le Havre", "Tél. 02 35 00 12 34"], size=8
        ),
        *_column(
            115,
            45,
            [
                "SAS TRANSPORTS RIVIERE",
                "Service comptabilité",
                "8 rue du Port",
                "76600 Le Havre",
            ],
        ),
        Text(20, 72, "FACTURE N° 0412-26-118", 13, True),
        Text(20, 82, "Chambre", 8, True),
        Text(45, 82, "Arrivée", 8, True),
        Text(75, 82, "Départ", 8, True),
        Text(105, 82, "Nuits", 8, True),
        Text(125, 82, "Date", 8, True),
        Text(20, 87, "305", 9),
        Text(45, 87, "09/11/2026", 9),
        Text(75, 87, "12/11/2026", 9),
        Text(105, 87, "3", 9),
        Text(125, 87, "12/11/2026", 9),
        Text(20, 93, "Client : M. Hugo Lemaire", 8),
        Text(20, 104, "Date", 8, True),
        Text(42, 104, "Libellé", 8, True),
        Text(160, 104, "Débit", 8, True, True),
        Text(190, 104, "Crédit", 8, True, True),
    ]
    rows = [
        ("09/11/2026", "Chambre Standard", "98,00"),
        ("10/11/2026", "Petit déjeuner", "14,00"),
        ("10/11/2026", "Chambre Standard", "98,00"),
        ("11/11/2026", "Petit déjeuner", "14,00"),
        ("11/11/2026", "Dîner restaurant", "42,50"),
        ("11/11/2026", "Chambre Standard", "98,00"),
        ("12/11/2026", "Petit déjeuner", "14,00"),
    ]
    for i, (day, item, amount) in enumerate(rows):
        y = 110 + 5.5 * i
        texts += [Text(20, y, day, 8), Text(42, y, item, 8), Text(160, y, amount, 8, right=True)]
    texts += [
        Text(20, 155, "Taux", 8, True),
        Text(50, 155, "Base HT", 8, True, True),
        Text(75, 155, "TVA", 8, True, True),
        Text(100, 155, "TTC", 8, True, True),
        Text(20, 160, "10,00 %", 8),
        Text(50, 160, "344,09", 8, right=True),
        Text(75, 160, "34,41", 8, right=True),
        Text(100, 160, "378,50", 8, right=True),
        Text(130, 155, "Total HT", 9),
        Text(190, 155, "344,09 €", 9, right=True),
        Text(130, 161, "Total TVA", 9),
        Text(190, 161, "34,41 €", 9, right=True),
        Text(130, 167, "Total TTC", 10, True),
        Text(190, 167, "378,50 €", 10, True, True),
        Text(130, 173, "Versements", 9),
        Text(190, 173, "0,00 €", 9, right=True),
        Text(130, 179, "Solde à régler", 10, True),
        Text(190, 179, "378,50 €", 10, True, True),
        Text(20, 195, "Règlement à 30 jours date de facture, par virement (compte 4411).", 8),
        Text(
            20,
            280,
            f"SAS Les Arcades Hôtellerie - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["0412-26-118"],
            "invoice.issue_date": "2026-11-12",
            "invoice.due_date": "2026-12-12",
            "invoice.amount_before_tax": "344.09",
            "invoice.tax_amount": "34.41",
            "invoice.amount": "378.50",
            "seller.siret": siret,
            "debtor.company_name": "SAS TRANSPORTS RIVIERE",
            "debtor.address.line1": "8 rue du Port",
            "debtor.address.postal_code": "76600",
            "debtor.address.city": "Le Havre",
            "debtor.address.country": "FR",
        },
    )
    return Case("hotel_folio_fr", "hotel folio: stay header row, company account", texts, expected)


def marketplace_in() -> Case:
    """An Indian marketplace invoice in English: "Order Number" and "Order Date" on the left,
    "Invoice Number" and "Invoice Date" on the right (dotted dates, day first), two tax rows
    (CGST and SGST) per item, rupee amounts with lakh-free thousands, "Billing Address" with a
    city, state and PIN line."""
    texts = [
        Text(20, 18, "bazaar.in", 18, True),
        Text(120, 16, "Tax Invoice/Bill of Supply/Cash Memo", 10, True),
        Text(120, 21, "(Original for Recipient)", 8),
        Text(20, 34, "Sold By :", 8, True),
        *_column(
            20,
            39,
            [
                "Vardhan Retail Pvt. Ltd.",
                "Plot 12, Whitefield Industrial Area",
                "BENGALURU, KARNATAKA, 560066",
                "IN",
            ],
            size=8,
        ),
        Text(20, 60, "PAN No: AABCV1234F", 8),
        Text(20, 64, "GST Registration No: 29AABCV1234F1Z5", 8),
        Text(120, 34, "Billing Address :", 8, True),
        *_column(
            120,
            39,
            [
                "Rohan Traders Pvt Ltd",
                "14, 2nd Cross, Koramangala",
                "BENGALURU, KARNATAKA, 560034",
                "IN",
            ],
            size=8,
        ),
        Text(20, 78, "Order Number: 408-5523107-7781234", 8),
        Text(20, 82, "Order Date: 28.10.2026", 8),
        Text(120, 78, "Invoice Number : KA-BLR7-88213", 8),
        Text(120, 82, "Invoice Details : KA-1450376-2627", 8),
        Text(120, 86, "Invoice Date : 30.10.2026", 8),
        Text(20, 98, "Sl.", 7, True),
        Text(28, 98, "Description", 7, True),
        Text(95, 98, "Unit Price", 7, True, True),
        Text(105, 98, "Qty", 7, True, True),
        Text(125, 98, "Net Amount", 7, True, True),
        Text(138, 98, "Tax Rate", 7, True, True),
        Text(152, 98, "Tax Type", 7, True, True),
        Text(170, 98, "Tax Amount", 7, True, True),
        Text(190, 98, "Total Amount", 7, True, True),
        Text(20, 104, "1", 7),
        Text(28, 104, "Ergonomic office chair, mesh back", 7),
        Text(95, 104, "Rs.4,237.29", 7, right=True),
        Text(105, 104, "1", 7, right=True),
        Text(125, 104, "Rs.4,237.29", 7, right=True),
        Text(138, 104, "9%", 7, right=True),
        Text(152, 104, "CGST", 7, right=True),
        Text(170, 104, "Rs.381.36", 7, right=True),
        Text(190, 104, "Rs.5,000.00", 7, right=True),
        Text(138, 109, "9%", 7, right=True),
        Text(152, 109, "SGST", 7, right=True),
        Text(170, 109, "Rs.381.35", 7, right=True),
        Text(20, 118, "TOTAL:", 8, True),
        Text(170, 118, "Rs.762.71", 8, True, True),
        Text(190, 118, "Rs.5,000.00", 8, True, True),
        Text(20, 125, "Amount in Words:", 8, True),
        Text(20, 129, "Five Thousand only", 8),
        Text(130, 145, "For Vardhan Retail Pvt. Ltd.:", 8),
        Text(150, 160, "Authorized Signatory", 8),
        Text(20, 180, "Whether tax is payable under reverse charge - No", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["KA-BLR7-88213"],
            "invoice.issue_date": "2026-10-30",
            "invoice.amount_before_tax": "4237.29",
            "invoice.tax_amount": "762.71",
            "invoice.amount": "5000.00",
            "invoice.currency": "INR",
            "debtor.company_name": "Rohan Traders Pvt Ltd",
            "debtor.address.line1": "14, 2nd Cross, Koramangala",
            "debtor.address.postal_code": "560034",
            "debtor.address.city": "BENGALURU",
            "debtor.address.country": "IN",
        },
    )
    return Case("marketplace_in", "Indian marketplace: order and invoice dates", texts, expected)


def hosting_de() -> Case:
    """A German web host's Rechnung: the sender's line over the window, a header row
    "Rechnungsnummer | Kundennummer | Rechnungsdatum | Fälligkeitsdatum" over its values, a
    service period per line, "Summe netto", "USt. 19 %", "Gesamtbetrag", a SEPA debit date."""
    texts = [
        Text(120, 18, "QUBIT HOSTING", 14, True),
        *_column(120, 24, ["Qubit Hosting AG", "Uhlandstraße 3", "63225 Langen"], size=8),
        Text(20, 45, "Qubit Hosting AG · Uhlandstraße 3 · 63225 Langen", 6),
        *_column(
            20,
            52,
            ["Kanzlei Weber & Partner mbB", "Goethestraße 21", "60313 Frankfurt am Main"],
        ),
        Text(20, 85, "Rechnung", 16, True),
        Text(20, 94, "Rechnungsnummer", 8, True),
        Text(60, 94, "Kundennummer", 8, True),
        Text(95, 94, "Rechnungsdatum", 8, True),
        Text(135, 94, "Fälligkeitsdatum", 8, True),
        Text(20, 99, "QH-26-0049321", 9),
        Text(60, 99, "K-100482", 9),
        Text(95, 99, "01.11.2026", 9),
        Text(135, 99, "15.11.2026", 9),
        Text(20, 112, "Leistung", 8, True),
        Text(150, 112, "Menge", 8, True, True),
        Text(190, 112, "Betrag", 8, True, True),
        Text(20, 118, "Exchange 2019 Postfach (Leistungszeitraum 01.11.2026 - 30.11.2026)", 8),
        Text(150, 118, "10", 8, right=True),
        Text(190, 118, "59,90 €", 8, right=True),
        Text(20, 123, "SharePoint Basic (Leistungszeitraum 01.11.2026 - 30.11.2026)", 8),
        Text(150, 123, "1", 8, right=True),
        Text(190, 123, "24,90 €", 8, right=True),
        Text(120, 137, "Summe netto", 9),
        Text(190, 137, "84,80 €", 9, right=True),
        Text(120, 143, "USt. 19 %", 9),
        Text(190, 143, "16,11 €", 9, right=True),
        Text(120, 150, "Gesamtbetrag", 10, True),
        Text(190, 150, "100,91 €", 10, True, True),
        Text(
            20,
            166,
            "Der Betrag wird zum Fälligkeitsdatum per SEPA-Lastschrift von Ihrem Konto eingezogen.",
            8,
        ),
        Text(
            20,
            280,
            "Qubit Hosting AG · Amtsgericht Offenbach HRB 41277 · Vorstand: M. Albers · "
            f"USt-IdNr. {_eu_vat('DE', '11223344')}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["QH-26-0049321"],
            "invoice.issue_date": "2026-11-01",
            "invoice.due_date": "2026-11-15",
            "invoice.amount_before_tax": "84.80",
            "invoice.tax_amount": "16.11",
            "invoice.amount": "100.91",
            "debtor.company_name": "Kanzlei Weber & Partner mbB",
            "debtor.address.line1": "Goethestraße 21",
            "debtor.address.postal_code": "60313",
            "debtor.address.city": "Frankfurt am Main",
            "debtor.address.country": "DE",
        },
    )
    return Case("hosting_de", "German web host: header row of labels, due date", texts, expected)


def press_fr() -> Case:
    """A French press subscription invoice: the publisher's block and the subscriber number on
    the left, the buyer's block on the right with no label and a contact line inside, a
    multi-column lines table (period, HT, rate, VAT, TTC), the 2.1 % press rate, a CPPAP
    number, "Date d'échéance"."""
    siret = _siret("press")
    texts = [
        Text(20, 18, "LE COURRIER DES ENTREPRISES", 13, True),
        *_column(
            20,
            25,
            ["Service abonnements", "BP 40021", "59046 Lille Cedex", "abonnements@courrier-ent.fr"],
            size=8,
        ),
        *_column(
            115,
            45,
            [
                "CABINET FONTAINE & ASSOCIES",
                "À l'attention de M. Paul Fontaine",
                "27 boulevard Carnot",
                "59800 LILLE",
            ],
        ),
        Text(20, 50, "FACTURE", 14, True),
        *_column(
            20,
            58,
            [
                "N° de facture : AB-26-118204",
                "Date : 10/11/2026",
                "N° d'abonné : 0044127",
                "Date d'échéance : 10/12/2026",
            ],
            size=9,
        ),
        Text(20, 90, "Désignation", 8, True),
        Text(95, 90, "Période", 8, True),
        Text(140, 90, "Montant HT", 8, True, True),
        Text(152, 90, "Taux", 8, True, True),
        Text(170, 90, "TVA", 8, True, True),
        Text(190, 90, "Montant TTC", 8, True, True),
        Text(20, 96, "Abonnement annuel papier + web", 8),
        Text(95, 96, "01/12/2026 - 30/11/2027", 8),
        Text(140, 96, "392,16", 8, right=True),
        Text(152, 96, "2,10 %", 8, right=True),
        Text(170, 96, "8,24", 8, right=True),
        Text(190, 96, "400,40", 8, right=True),
        Text(125, 115, "Total HT", 9),
        Text(190, 115, "392,16 €", 9, right=True),
        Text(125, 121, "TVA 2,10 %", 9),
        Text(190, 121, "8,24 €", 9, right=True),
        Text(125, 127, "Total TTC", 10, True),
        Text(190, 127, "400,40 €", 10, True, True),
        Text(20, 145, "Règlement par chèque à l'ordre du Courrier des Entreprises ou virement.", 8),
        Text(
            20,
            276,
            f"Éditions du Courrier SAS - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
        ),
        Text(20, 280, "CPPAP n° 0927 T 81234 - ISSN 1234-5679", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["AB-26-118204"],
            "invoice.issue_date": "2026-11-10",
            "invoice.due_date": "2026-12-10",
            "invoice.amount_before_tax": "392.16",
            "invoice.tax_amount": "8.24",
            "invoice.amount": "400.40",
            "seller.siret": siret,
            "debtor.company_name": "CABINET FONTAINE & ASSOCIES",
            "debtor.address.line1": "27 boulevard Carnot",
            "debtor.address.postal_code": "59800",
            "debtor.address.city": "LILLE",
            "debtor.address.country": "FR",
        },
    )
    return Case("press_fr", "press subscription: unlabelled buyer, 2.1 % VAT", texts, expected)


def equipment_it() -> Case:
    """An Italian equipment maker's fattura: "Fattura n. … del …" in one sentence, the customer
    under "Intestatario" beside "Destinazione merce", "(TO)" after the city, Partita IVA, terms
    "Bonifico bancario 30 gg d.f." as the only due date, "Imponibile", "IVA 22%"."""
    buyer_vat = _eu_vat("IT", "1234567001")
    texts = [
        Text(20, 18, "CAFFEMACCHINE", 15, True),
        *_column(
            20,
            25,
            [
                "Caffemacchine S.p.A.",
                "Via dell'Industria 8",
                "40038 Gaggio Montano (BO)",
                f"P.IVA {_eu_vat('IT', '0234567037')}",
            ],
            size=8,
        ),
        Text(20, 55, "Intestatario", 8, True),
        *_column(
            20,
            60,
            [
                "Bar Pasticceria Aurora S.r.l.",
                "Via Garibaldi 45",
                "10122 Torino (TO)",
                f"P.IVA {buyer_vat}",
            ],
            size=9,
        ),
        Text(115, 55, "Destinazione merce", 8, True),
        *_column(
            115,
            60,
            ["Bar Pasticceria Aurora S.r.l.", "Corso Vinzaglio 3", "10121 Torino (TO)"],
            size=9,
        ),
        Text(20, 88, "Fattura n. 26/VE/004127 del 06/11/2026", 12, True),
        Text(20, 95, "Cod. cliente 30418 - Ordine n. OV-88120 del 28/10/2026", 8),
        Text(20, 106, "Codice", 8, True),
        Text(45, 106, "Descrizione", 8, True),
        Text(130, 106, "Q.tà", 8, True, True),
        Text(155, 106, "Prezzo", 8, True, True),
        Text(190, 106, "Importo", 8, True, True),
        Text(20, 112, "SUP-X2", 8),
        Text(45, 112, "Macchina espresso 2 gruppi", 8),
        Text(130, 112, "1", 8, right=True),
        Text(155, 112, "2.200,00", 8, right=True),
        Text(190, 112, "2.200,00", 8, right=True),
        Text(20, 117, "INST", 8),
        Text(45, 117, "Installazione e collaudo", 8),
        Text(130, 117, "1", 8, right=True),
        Text(155, 117, "250,00", 8, right=True),
        Text(190, 117, "250,00", 8, right=True),
        Text(120, 135, "Imponibile", 9),
        Text(190, 135, "2.450,00 €", 9, right=True),
        Text(120, 141, "IVA 22%", 9),
        Text(190, 141, "539,00 €", 9, right=True),
        Text(120, 148, "Totale fattura", 10, True),
        Text(190, 148, "2.989,00 €", 10, True, True),
        Text(20, 165, "Condizioni di pagamento: Bonifico bancario 30 gg d.f.", 9),
        Text(20, 170, "IBAN IT60 X054 2811 1010 0000 0123 456", 8),
        Text(
            20,
            280,
            "Caffemacchine S.p.A. - Cap. Soc. € 5.000.000 i.v. - REA BO-123456 - "
            "Registro Imprese di Bologna",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["26/VE/004127"],
            "invoice.issue_date": "2026-11-06",
            "invoice.due_date": "2026-12-06",
            "invoice.amount_before_tax": "2450.00",
            "invoice.tax_amount": "539.00",
            "invoice.amount": "2989.00",
            "debtor.company_name": "Bar Pasticceria Aurora S.r.l.",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Via Garibaldi 45",
            "debtor.address.postal_code": "10122",
            "debtor.address.city": "Torino",
            "debtor.address.country": "IT",
        },
    )
    return Case("equipment_it", "Italian maker: 30 gg d.f., Intestatario", texts, expected)


def craftsman_fr() -> Case:
    """A craftsman's invoice typed in a word processor: one column of free text, the place and
    date in words, the client's block with a contact line, a quote number and its date, the
    totals as "label : amount" lines, a deposit paid with its date, "45 jours fin de mois"."""
    siret = _siret("craftsman")
    texts = [
        *_column(
            20,
            20,
            [
                "Julien Marchand",
                "Menuisier - Ébéniste",
                "14 chemin des Prés",
                "37510 Ballan-Miré",
                "06 12 34 56 78 - julien.marchand.bois@example.fr",
                f"SIRET : {spaced_siret(siret)}",
            ],
            step=5,
            size=10,
        ),
        *_column(
            115,
            55,
            ["SCI Les Tilleuls", "Madame Claire Bernard", "5 rue Nationale", "37000 Tours"],
            step=5,
            size=11,
        ),
        Text(115, 82, "Ballan-Miré, le 12 novembre 2026", 10),
        Text(75, 98, "Facture N° 2026-017", 14, True),
        Text(20, 110, "Objet : fabrication et pose d'une bibliothèque sur mesure", 10),
        Text(20, 116, "Suivant devis n° D2026-009 accepté le 18/09/2026", 10),
        Text(20, 128, "- Fourniture chêne massif et quincaillerie", 10),
        Text(190, 128, "1 450,00 €", 10, right=True),
        Text(20, 134, "- Fabrication en atelier (20 heures)", 10),
        Text(190, 134, "1 100,00 €", 10, right=True),
        Text(20, 140, "- Pose sur site (9 heures)", 10),
        Text(190, 140, "450,00 €", 10, right=True),
        Text(110, 154, "Total HT : 3 000,00 €", 10),
        Text(110, 160, "TVA 20 % : 600,00 €", 10),
        Text(110, 166, "Total TTC : 3 600,00 €", 11, True),
        Text(110, 174, "Acompte versé le 20/09/2026 : 1 080,00 €", 10),
        Text(110, 180, "Net à payer : 2 520,00 €", 11, True),
        Text(20, 196, "Conditions de paiement : 45 jours fin de mois", 10),
        Text(20, 202, "Règlement par virement ou chèque à l'ordre de Julien Marchand.", 10),
        Text(
            20,
            210,
            "En cas de retard, pénalités au taux légal majoré de 10 points et indemnité "
            "forfaitaire de 40 €.",
            8,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-017"],
            "invoice.issue_date": "2026-11-12",
            # 12 November + 45 days = 27 December, then the end of that month.
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "3000.00",
            "invoice.tax_amount": "600.00",
            "invoice.amount": "3600.00",
            "seller.siret": siret,
            "debtor.company_name": "SCI Les Tilleuls",
            "debtor.address.line1": "5 rue Nationale",
            "debtor.address.postal_code": "37000",
            "debtor.address.city": "Tours",
            "debtor.address.country": "FR",
        },
    )
    return Case("craftsman_fr", "word-processor invoice: deposit, fin de mois", texts, expected)


def fuel_pl() -> Case:
    """A Polish fuel card invoice in Polish and English (Orlen-like): "Faktura VAT / VAT
    invoice", "Nr / No", ISO dates under two-language labels (issue, sale, due), seller and
    buyer blocks side by side with their NIP, "Razem / Total", "Do zapłaty", PLN."""
    buyer_vat = _eu_vat("PL", "525123456")
    texts = [
        Text(20, 18, "PETRONORD", 16, True),
        Text(120, 18, "FAKTURA VAT / VAT INVOICE", 12, True),
        Text(120, 25, "Nr / No: FV/26/11/004512", 10, True),
        *_column(
            120,
            32,
            [
                "Data wystawienia / Issue date: 2026-11-07",
                "Data sprzedaży / Sale date: 2026-10-31",
                "Termin płatności / Due date: 2026-11-21",
                "Forma płatności / Payment: przelew / transfer",
            ],
            size=8,
        ),
        Text(20, 58, "Sprzedawca / Seller:", 8, True),
        *_column(
            20,
            63,
            [
                "PetroNord S.A.",
                "ul. Chemików 7",
                "09-411 Płock",
                f"NIP: {_eu_vat('PL', '774000145')}",
            ],
            size=8,
        ),
        Text(115, 58, "Nabywca / Buyer:", 8, True),
        *_column(
            115,
            63,
            [
                "Trans-Lech Sp. z o.o.",
                "ul. Wspólna 10",
                "00-590 Warszawa",
                f"NIP: {buyer_vat}",
            ],
            size=8,
        ),
        Text(20, 90, "Nazwa / Description", 7, True),
        Text(110, 90, "Ilość / Qty", 7, True, True),
        Text(135, 90, "Netto / Net", 7, True, True),
        Text(150, 90, "VAT %", 7, True, True),
        Text(170, 90, "VAT", 7, True, True),
        Text(190, 90, "Brutto / Gross", 7, True, True),
        Text(20, 96, "Olej napędowy / Diesel fuel", 7),
        Text(110, 96, "263,62 l", 7, right=True),
        Text(135, 96, "1 500,00", 7, right=True),
        Text(150, 96, "23", 7, right=True),
        Text(170, 96, "345,00", 7, right=True),
        Text(190, 96, "1 845,00", 7, right=True),
        Text(20, 101, "Benzyna 95 / Petrol 95", 7),
        Text(110, 101, "84,46 l", 7, right=True),
        Text(135, 101, "500,00", 7, right=True),
        Text(150, 101, "23", 7, right=True),
        Text(170, 101, "115,00", 7, right=True),
        Text(190, 101, "615,00", 7, right=True),
        Text(20, 108, "Razem / Total", 7, True),
        Text(135, 108, "2 000,00", 7, True, True),
        Text(170, 108, "460,00", 7, True, True),
        Text(190, 108, "2 460,00", 7, True, True),
        Text(110, 125, "Do zapłaty / Amount due:", 10, True),
        Text(190, 125, "2 460,00 PLN", 10, True, True),
        Text(20, 132, "Słownie / In words: dwa tysiące czterysta sześćdziesiąt PLN 00/100", 7),
        Text(20, 140, "Konto / Account: PL61 1090 1014 0000 0712 1981 2874", 7),
        Text(
            20,
            280,
            "PetroNord S.A., Sąd Rejonowy dla Łodzi, KRS 0000012345, kapitał zakładowy 100 000 000 zł",
            6,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FV/26/11/004512"],
            "invoice.issue_date": "2026-11-07",
            "invoice.due_date": "2026-11-21",
            "invoice.amount_before_tax": "2000.00",
            "invoice.tax_amount": "460.00",
            "invoice.amount": "2460.00",
            "invoice.currency": "PLN",
            "debtor.company_name": "Trans-Lech Sp. z o.o.",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "ul. Wspólna 10",
            "debtor.address.postal_code": "00-590",
            "debtor.address.city": "Warszawa",
            "debtor.address.country": "PL",
        },
    )
    return Case("fuel_pl", "Polish fuel invoice: two-language labels, NIP", texts, expected)


def contract_two_pages() -> Case:
    """A maintenance contract's invoice over two pages: "Adressé à" over the buyer, the number
    and date on the first page, the equipment list running over, a running header on page 2,
    the totals and "Paiement à 30 jours date de facture" at its foot, SIRET on page 2 only."""
    siret = _siret("contract-two-pages")
    texts = [
        Text(20, 18, "FROID SERVICE OUEST", 14, True),
        *_column(20, 25, ["ZI de la Lande", "35170 Bruz", "Tél. 02 99 00 45 45"], size=8),
        Text(115, 40, "Adressé à :", 8, True),
        *_column(115, 46, ["SAS SUPERMARCHE DU CANAL", "2 quai Saint-Cast", "35000 Rennes"]),
        Text(20, 70, "Facture n° MC-2026-1105", 13, True),
        Text(20, 77, "Date de facture : 05/11/2026", 9),
        Text(20, 82, "Contrat d'entretien n° CT-0291 - période du 01/11/2026 au 31/01/2027", 9),
        Text(20, 96, "Équipement", 8, True),
        Text(120, 96, "Site", 8, True),
        Text(190, 96, "Montant HT", 8, True, True),
        Text(190, 287, "1/2", 8, right=True),
    ]
    for i in range(40):
        page, y = (1, 102 + 5.5 * i) if i < 30 else (2, 38 + 5.5 * (i - 30))
        texts += [
            Text(20, y, f"Meuble froid positif MF-{i + 1:02d}", 8, page=page),
            Text(120, y, "Rennes Canal", 8, page=page),
            Text(190, y, "45,00", 8, right=True, page=page),
        ]
    texts += [
        Text(20, 18, "Facture MC-2026-1105 du 05/11/2026 - page 2", 8, page=2),
        Text(20, 30, "Équipement", 8, True, page=2),
        Text(120, 30, "Site", 8, True, page=2),
        Text(190, 30, "Montant HT", 8, True, True, page=2),
        Text(130, 110, "Total HT", 9, page=2),
        Text(190, 110, "1 800,00 €", 9, right=True, page=2),
        Text(130, 116, "TVA 20 %", 9, page=2),
        Text(190, 116, "360,00 €", 9, right=True, page=2),
        Text(130, 122, "Total TTC", 10, True, page=2),
        Text(190, 122, "2 160,00 €", 10, True, True, page=2),
        Text(20, 135, "Paiement à 30 jours date de facture par virement.", 9, page=2),
        Text(
            20,
            280,
            f"Froid Service Ouest SARL - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
            page=2,
        ),
        Text(190, 287, "2/2", 8, right=True, page=2),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["MC-2026-1105"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-12-05",
            "invoice.amount_before_tax": "1800.00",
            "invoice.tax_amount": "360.00",
            "invoice.amount": "2160.00",
            "seller.siret": siret,
            "debtor.company_name": "SAS SUPERMARCHE DU CANAL",
            "debtor.address.line1": "2 quai Saint-Cast",
            "debtor.address.postal_code": "35000",
            "debtor.address.city": "Rennes",
            "debtor.address.country": "FR",
        },
    )
    return Case("contract_two_pages", "contract over two pages, terms on page 2", texts, expected)


def fourth_cases() -> list[Case]:
    return [
        isp_fibre_fr(),
        webshop_be(),
        hotel_folio_fr(),
        marketplace_in(),
        hosting_de(),
        press_fr(),
        equipment_it(),
        craftsman_fr(),
        fuel_pl(),
        contract_two_pages(),
    ]
