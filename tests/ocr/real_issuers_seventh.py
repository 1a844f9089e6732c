"""The real-shaped kinds added seventh, each laid out as one more kind of issuer lays out its
invoices: a restaurant's invoice for a business meal at two VAT rates, an Austrian Rechnung with
a "Zahlungsziel", a British invoice in pounds, a Luxembourg firm's invoice in French, an invoice
made by an accounting platform (Pennylane-like), a French webshop's invoice (PrestaShop-like), an
Irish cloud suite's invoice in French, a commercial landlord's rent call, a building
subcontractor's progress invoice under the reverse charge with a retention, and a carrier's
freight invoice.

What they bring that the earlier kinds did not: a total and two VAT lines with no base (each
rate's line its own share), "Zahlungsziel: 14 Tage netto" and "UID-Nr." with a four-digit
Vienna postcode, "VAT @ 20%" and a UK postcode after the town, "L-1468 Luxembourg" and VAT at
17 %, "Montant restant dû" and "Date d'émission", shipping charges and an order reference before
the invoice number, abbreviated French months ("1 nov. 2026"), a rent period and "Date
d'exigibilité" on a quarter's first day, "Situation n° 3" with "Retenue de garantie 5 %" taken
off a total under "Autoliquidation", a consignment note's number, weights in kg and a fuel
surcharge. All names, numbers and amounts are invented.
"""

from __future__ import annotations

from tests.ocr.hard import Case, Text
from tests.ocr.real_shaped import _column, _eu_vat, _expected, _siret
from tests.ocr.specs import spaced_siret, vat_of


def restaurant_fr() -> Case:
    """A restaurant's invoice for a business meal: "Table 12 - 4 couverts", the company billed
    under "Facture à", dishes at 10 % and wines at 20 %, "Total TTC", then one VAT line per rate
    ("TVA 10,00 %" and "TVA 20,00 %") and no base, paid by card on the day."""
    siret, buyer = _siret("restaurant-fr"), _siret("restaurant-fr-buyer")
    texts = [
        Text(105, 18, "LA TABLE DU MARCHÉ", 14, True),
        Text(78, 24, "18 rue des Halles - 37000 Tours - 02 47 05 11 11", 8),
        Text(20, 40, "Facture n° R-2026-03318", 11, True),
        Text(20, 46, "Date : 13/11/2026 20:41", 9),
        Text(20, 51, "Table 12 - 4 couverts - Serveur : Léa", 9),
        Text(115, 40, "Facture à :", 8, True),
        *_column(115, 45, ["Cabinet Morin Conseil SARL", "9 boulevard Heurteloup", "37000 Tours"]),
        Text(20, 70, "Qté", 8, True),
        Text(32, 70, "Désignation", 8, True),
        Text(150, 70, "TVA", 8, True, True),
        Text(190, 70, "Montant", 8, True, True),
    ]
    rows = [
        ("4", "Menu du marché", "10 %", "156,00"),
        ("2", "Eau minérale 75 cl", "10 %", "11,00"),
        ("1", "Chinon rouge 2022", "20 %", "42,00"),
        ("4", "Café", "10 %", "10,00"),
    ]
    for i, (qty, item, rate, amount) in enumerate(rows):
        y = 76 + 5.5 * i
        texts += [
            Text(20, y, qty, 9),
            Text(32, y, item, 9),
            Text(150, y, rate, 9, right=True),
            Text(190, y, amount, 9, right=True),
        ]
    texts += [
        Text(120, 106, "Total TTC", 10, True),
        Text(190, 106, "219,00 €", 10, True, True),
        Text(120, 112, "TVA 10,00 %", 9),
        Text(190, 112, "16,09 €", 9, right=True),
        Text(120, 117, "TVA 20,00 %", 9),
        Text(190, 117, "7,00 €", 9, right=True),
        Text(120, 124, "Réglé CB", 9),
        Text(190, 124, "219,00 €", 9, right=True),
        Text(20, 140, "Merci de votre visite !", 9),
        Text(
            20,
            280,
            f"SAS Table du Marché au capital de 10 000 € - SIRET {spaced_siret(siret)} - "
            f"TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["R-2026-03318"],
            "invoice.issue_date": "2026-11-13",
            "invoice.amount_before_tax": "195.91",
            "invoice.tax_amount": "23.09",
            "invoice.amount": "219.00",
            "seller.siret": siret,
            "debtor.company_name": "Cabinet Morin Conseil SARL",
            "debtor.address.line1": "9 boulevard Heurteloup",
            "debtor.address.postal_code": "37000",
            "debtor.address.city": "Tours",
            "debtor.address.country": "FR",
        },
    )
    del buyer
    return Case("restaurant_fr", "restaurant invoice, two rates, no base", texts, expected)


def rechnung_at() -> Case:
    """An Austrian Rechnung: the seller's block on the right, the customer on the left under a
    return address line, "Rechnungs-Nr.", "Rechnungsdatum", "Leistungszeitraum", "UID-Nr." for
    both parties, "Nettobetrag", "20 % USt.", "Bruttobetrag" and "Zahlungsziel: 14 Tage netto",
    a Vienna postcode of four digits."""
    buyer_vat = _eu_vat("ATU", "6123456")
    texts = [
        Text(190, 18, "Alpen Software GmbH", 12, True, True),
        *_column(
            190,
            24,
            ["Mariahilfer Straße 88", "1070 Wien", "Österreich", "UID-Nr.: ATU57731722"],
            size=8,
            right=True,
        ),
        Text(20, 45, "Alpen Software GmbH · Mariahilfer Straße 88 · 1070 Wien", 6),
        *_column(20, 51, ["Holzbau Gruber KG", "Hauptplatz 5", "8010 Graz"]),
        Text(20, 66, f"UID-Nr.: {buyer_vat}", 9),
        Text(20, 84, "Rechnung", 16, True),
        Text(20, 92, "Rechnungs-Nr.: AS-2026-0917", 9),
        Text(20, 97, "Rechnungsdatum: 12.11.2026", 9),
        Text(20, 102, "Leistungszeitraum: 01.10.2026 – 31.10.2026", 9),
        Text(20, 114, "Pos.", 8, True),
        Text(32, 114, "Bezeichnung", 8, True),
        Text(150, 114, "Menge", 8, True, True),
        Text(190, 114, "Betrag EUR", 8, True, True),
        Text(20, 120, "1", 9),
        Text(32, 120, "Softwarewartung Oktober 2026", 9),
        Text(150, 120, "1", 9, right=True),
        Text(190, 120, "1.450,00", 9, right=True),
        Text(20, 126, "2", 9),
        Text(32, 126, "Schulung vor Ort (Stunden)", 9),
        Text(150, 126, "6", 9, right=True),
        Text(190, 126, "570,00", 9, right=True),
        Text(130, 140, "Nettobetrag", 9),
        Text(190, 140, "2.020,00", 9, right=True),
        Text(130, 146, "20 % USt.", 9),
        Text(190, 146, "404,00", 9, right=True),
        Text(130, 153, "Bruttobetrag", 10, True),
        Text(190, 153, "2.424,00", 10, True, True),
        Text(20, 168, "Zahlungsziel: 14 Tage netto", 9),
        Text(20, 173, "Bankverbindung: IBAN AT61 1904 3002 3457 3201", 9),
        Text(20, 280, "Firmenbuch FN 412233 t · Handelsgericht Wien", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["AS-2026-0917"],
            "invoice.issue_date": "2026-11-12",
            "invoice.due_date": "2026-11-26",
            "invoice.amount_before_tax": "2020.00",
            "invoice.tax_amount": "404.00",
            "invoice.amount": "2424.00",
            "debtor.company_name": "Holzbau Gruber KG",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Hauptplatz 5",
            "debtor.address.postal_code": "8010",
            "debtor.address.city": "Graz",
            "debtor.address.country": "AT",
        },
    )
    return Case("rechnung_at", "Austrian Rechnung with Zahlungsziel", texts, expected)


def uk_gbp_en() -> Case:
    """A British invoice in pounds: "VAT Reg No GB…", "Invoice No", "Invoice Date 16/11/2026"
    (day first), "Payment terms: 30 days", the customer under "Invoice to" with the town then
    the postcode on its own line, "Sub-total", "VAT @ 20%", "Total due"."""
    texts = [
        Text(20, 18, "Harbour Print Ltd", 14, True),
        *_column(
            20,
            25,
            ["Unit 4, Quayside Works", "Bristol", "BS1 6XN", "VAT Reg No GB 287 6512 94"],
            size=8,
        ),
        Text(190, 18, "INVOICE", 16, True, True),
        Text(140, 30, "Invoice No", 9),
        Text(190, 30, "HP-10482", 9, right=True),
        Text(140, 35, "Invoice Date", 9),
        Text(190, 35, "16/11/2026", 9, right=True),
        Text(140, 40, "Account", 9),
        Text(190, 40, "MER001", 9, right=True),
        Text(20, 55, "Invoice to", 8, True),
        *_column(20, 60, ["Meridian Events Ltd", "22 King Street", "Manchester", "M2 4LQ"]),
        Text(20, 85, "Description", 8, True),
        Text(130, 85, "Qty", 8, True, True),
        Text(160, 85, "Unit price", 8, True, True),
        Text(190, 85, "Amount", 8, True, True),
        Text(20, 91, "A1 posters, 170 gsm silk", 9),
        Text(130, 91, "300", 9, right=True),
        Text(160, 91, "£1.20", 9, right=True),
        Text(190, 91, "£360.00", 9, right=True),
        Text(20, 97, "Roller banners 850 x 2000 mm", 9),
        Text(130, 97, "4", 9, right=True),
        Text(160, 97, "£95.00", 9, right=True),
        Text(190, 97, "£380.00", 9, right=True),
        Text(130, 111, "Sub-total", 9),
        Text(190, 111, "£740.00", 9, right=True),
        Text(130, 117, "VAT @ 20%", 9),
        Text(190, 117, "£148.00", 9, right=True),
        Text(130, 124, "Total due", 10, True),
        Text(190, 124, "£888.00", 10, True, True),
        Text(20, 140, "Payment terms: 30 days from invoice date", 9),
        Text(20, 145, "Sort code 40-11-62, account 71234567", 9),
        Text(20, 280, "Harbour Print Ltd, registered in England and Wales no. 08812345", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["HP-10482"],
            "invoice.issue_date": "2026-11-16",
            "invoice.due_date": "2026-12-16",
            "invoice.amount_before_tax": "740.00",
            "invoice.tax_amount": "148.00",
            "invoice.amount": "888.00",
            "invoice.currency": "GBP",
            "debtor.company_name": "Meridian Events Ltd",
            "debtor.address.line1": "22 King Street",
            "debtor.address.postal_code": "M2 4LQ",
            "debtor.address.city": "Manchester",
            "debtor.address.country": "GB",
        },
    )
    return Case("uk_gbp_en", "British invoice in pounds", texts, expected)


def luxembourg_fr() -> Case:
    """A Luxembourg firm's invoice in French to a French customer: "L-1468 Luxembourg" as its
    address, "Matricule" and a LU VAT number, "Facture N° :" and "Date :" in a box on the right,
    "TVA 17 %", "Total EUR",
    "Échéance : à 30 jours"."""
    buyer = _siret("luxembourg-fr-buyer")
    texts = [
        Text(20, 18, "MOSELLE DATA S.à r.l.", 13, True),
        *_column(
            20,
            24,
            ["12, rue Erasme", "L-1468 Luxembourg", "TVA LU26375245 - RCS B 198765"],
            size=8,
        ),
        Text(130, 40, "Facture N° :", 9, True),
        Text(190, 40, "MD-26-0412", 9, right=True),
        Text(130, 45, "Date :", 9, True),
        Text(190, 45, "09/11/2026", 9, right=True),
        Text(130, 50, "Échéance :", 9, True),
        Text(190, 50, "à 30 jours", 9, right=True),
        Text(20, 60, "Client", 8, True),
        *_column(20, 65, ["Transports Lorrains SAS", "4 rue du Port", "57000 Metz", "France"]),
        Text(20, 84, f"TVA client : {vat_of(buyer)}", 9),
        Text(20, 98, "Description", 8, True),
        Text(190, 98, "Montant HT", 8, True, True),
        Text(20, 104, "Hébergement serveurs dédiés - novembre 2026", 9),
        Text(190, 104, "1 200,00", 9, right=True),
        Text(20, 110, "Sauvegarde externalisée 2 To", 9),
        Text(190, 110, "150,00", 9, right=True),
        Text(130, 124, "Total HT", 9),
        Text(190, 124, "1 350,00", 9, right=True),
        Text(130, 130, "TVA 17 %", 9),
        Text(190, 130, "229,50", 9, right=True),
        Text(130, 137, "Total EUR", 10, True),
        Text(190, 137, "1 579,50", 10, True, True),
        Text(20, 150, "IBAN LU28 0019 4006 4475 0000 - BIC BCEELULL", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["MD-26-0412"],
            "invoice.issue_date": "2026-11-09",
            "invoice.due_date": "2026-12-09",
            "invoice.amount_before_tax": "1350.00",
            "invoice.tax_amount": "229.50",
            "invoice.amount": "1579.50",
            "debtor.company_name": "Transports Lorrains SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "4 rue du Port",
            "debtor.address.postal_code": "57000",
            "debtor.address.city": "Metz",
            "debtor.address.country": "FR",
        },
    )
    return Case("luxembourg_fr", "Luxembourg invoice in French, VAT 17 %", texts, expected)


def platform_fr() -> Case:
    """An invoice made on an accounting platform (Pennylane-like): "Facture F-2026-0142" as the
    title, "Date d'émission" and "Date d'échéance" side by side over their values, the customer
    under "Destinataire" with its SIREN, "Total HT", "TVA (20 %)", "Total TTC", "Montant restant
    dû", "Conditions de paiement : 30 jours", the late-payment mentions."""
    siret, buyer = _siret("platform-fr"), _siret("platform-fr-buyer")
    texts = [
        Text(20, 18, "Studio Océane", 14, True),
        *_column(20, 25, ["23 rue Paradis", "13001 Marseille", "hello@studio-oceane.fr"], size=8),
        Text(20, 50, "Facture F-2026-0142", 15, True),
        Text(20, 60, "Date d'émission", 8, True),
        Text(65, 60, "Date d'échéance", 8, True),
        Text(20, 65, "18/11/2026", 9),
        Text(65, 65, "18/12/2026", 9),
        Text(120, 50, "Destinataire", 8, True),
        *_column(
            120,
            55,
            [
                "Provence Immo SARL",
                "5 cours Mirabeau",
                "13100 Aix-en-Provence",
                f"SIREN {buyer[:9]}",
            ],
        ),
        Text(20, 85, "Description", 8, True),
        Text(125, 85, "Qté", 8, True, True),
        Text(150, 85, "Prix unit. HT", 8, True, True),
        Text(165, 85, "TVA", 8, True, True),
        Text(190, 85, "Total HT", 8, True, True),
        Text(20, 91, "Refonte de l'identité visuelle", 9),
        Text(125, 91, "1", 9, right=True),
        Text(150, 91, "2 400,00 €", 9, right=True),
        Text(165, 91, "20 %", 9, right=True),
        Text(190, 91, "2 400,00 €", 9, right=True),
        Text(20, 97, "Déclinaison des supports (jour)", 9),
        Text(125, 97, "3", 9, right=True),
        Text(150, 97, "450,00 €", 9, right=True),
        Text(165, 97, "20 %", 9, right=True),
        Text(190, 97, "1 350,00 €", 9, right=True),
        Text(130, 112, "Total HT", 9),
        Text(190, 112, "3 750,00 €", 9, right=True),
        Text(130, 118, "TVA (20 %)", 9),
        Text(190, 118, "750,00 €", 9, right=True),
        Text(130, 124, "Total TTC", 10, True),
        Text(190, 124, "4 500,00 €", 10, True, True),
        Text(130, 131, "Montant restant dû", 10, True),
        Text(190, 131, "4 500,00 €", 10, True, True),
        Text(20, 145, "Conditions de paiement : 30 jours", 8),
        Text(
            20,
            150,
            "Pénalités de retard : trois fois le taux d'intérêt légal. Indemnité forfaitaire "
            "pour frais de recouvrement : 40 €.",
            7,
        ),
        Text(20, 155, "IBAN FR76 1695 8000 0100 0571 2345 678", 8),
        Text(20, 280, f"Studio Océane SAS - SIRET {siret} - TVA {vat_of(siret)}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["F-2026-0142"],
            "invoice.issue_date": "2026-11-18",
            "invoice.due_date": "2026-12-18",
            "invoice.amount_before_tax": "3750.00",
            "invoice.tax_amount": "750.00",
            "invoice.amount": "4500.00",
            "seller.siret": siret,
            "debtor.company_name": "Provence Immo SARL",
            # A SIREN is no SIRET: the scored field stays empty.
            "debtor.address.line1": "5 cours Mirabeau",
            "debtor.address.postal_code": "13100",
            "debtor.address.city": "Aix-en-Provence",
            "debtor.address.country": "FR",
        },
    )
    return Case("platform_fr", "accounting platform's invoice (Pennylane-like)", texts, expected)


def eshop_fr() -> Case:
    """A French webshop's invoice (PrestaShop-like): a header row "Date de facturation | N° de
    facture | Référence de commande | Date de commande" over its values, "Adresse de livraison"
    left and "Adresse de facturation" right, products with "Prix unitaire HT", "Frais de port",
    a row "Total produits HT", then "Total (HT)", "TVA totale", "Total (TTC)", paid by card."""
    siret = _siret("eshop-fr")
    texts = [
        Text(20, 18, "CAFÉS GRAINS D'OR", 14, True),
        Text(190, 18, "FACTURE", 14, True, True),
        Text(20, 28, "Adresse de livraison", 8, True),
        *_column(
            20,
            33,
            ["Julie Perrot", "Hôtel Les Tilleuls", "8 allée des Tilleuls", "74000 Annecy"],
            size=9,
        ),
        Text(115, 28, "Adresse de facturation", 8, True),
        *_column(
            115,
            33,
            ["Hôtel Les Tilleuls SARL", "8 allée des Tilleuls", "74000 Annecy", "France"],
            size=9,
        ),
        Text(20, 60, "Date de facturation", 7, True),
        Text(60, 60, "N° de facture", 7, True),
        Text(95, 60, "Référence de commande", 7, True),
        Text(140, 60, "Date de commande", 7, True),
        Text(20, 65, "21/11/2026", 8),
        Text(60, 65, "#FA004217", 8),
        Text(95, 65, "XKBKNABJK", 8),
        Text(140, 65, "19/11/2026", 8),
        Text(20, 78, "Produit", 8, True),
        Text(120, 78, "Prix unitaire HT", 8, True, True),
        Text(145, 78, "Qté", 8, True, True),
        Text(190, 78, "Total HT", 8, True, True),
        Text(20, 84, "Café en grains Moka Sidamo 1 kg", 9),
        Text(120, 84, "24,00 €", 9, right=True),
        Text(145, 84, "6", 9, right=True),
        Text(190, 84, "144,00 €", 9, right=True),
        Text(20, 90, "Café en grains Brésil Santos 1 kg", 9),
        Text(120, 90, "19,00 €", 9, right=True),
        Text(145, 90, "6", 9, right=True),
        Text(190, 90, "114,00 €", 9, right=True),
        Text(120, 104, "Total produits HT", 9),
        Text(190, 104, "258,00 €", 9, right=True),
        Text(120, 110, "Frais de port HT", 9),
        Text(190, 110, "12,00 €", 9, right=True),
        Text(120, 116, "Total (HT)", 9),
        Text(190, 116, "270,00 €", 9, right=True),
        Text(120, 122, "TVA totale", 9),
        Text(190, 122, "16,59 €", 9, right=True),
        Text(120, 129, "Total (TTC)", 10, True),
        Text(190, 129, "286,59 €", 10, True, True),
        Text(20, 104, "Détail TVA", 8, True),
        Text(20, 109, "5,5 % sur 258,00 € : 14,19 €", 8),
        Text(20, 114, "20 % sur 12,00 € (port) : 2,40 €", 8),
        Text(20, 119, "Mode de paiement : carte bancaire", 8),
        Text(
            20,
            280,
            f"Cafés Grains d'Or SAS - 3 quai Perrière 38000 Grenoble - SIRET {siret} - "
            f"TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FA004217"],
            "invoice.issue_date": "2026-11-21",
            "invoice.amount_before_tax": "270.00",
            "invoice.tax_amount": "16.59",
            "invoice.amount": "286.59",
            "seller.siret": siret,
            "debtor.company_name": "Hôtel Les Tilleuls SARL",
            "debtor.address.line1": "8 allée des Tilleuls",
            "debtor.address.postal_code": "74000",
            "debtor.address.city": "Annecy",
            "debtor.address.country": "FR",
        },
    )
    return Case("eshop_fr", "French webshop invoice (PrestaShop-like)", texts, expected)


def cloud_suite_fr() -> Case:
    """An Irish cloud office suite's invoice in French (Google Workspace-like): "Facture" with
    "Numéro de facture", "Date de la facture : 1 nov. 2026" (abbreviated month), "Période de
    facturation", "Facturé à" with the customer's block, "Sous-total en EUR", "TVA (20 %)",
    "Total en EUR", "Montant dû : … à payer avant le 1 déc. 2026"."""
    buyer = _siret("cloud-suite-fr-buyer")
    texts = [
        Text(20, 18, "Nimbus Workspace", 16, True),
        Text(20, 26, "Nimbus Cloud Ireland Limited", 8),
        *_column(
            20, 30, ["70 Sir John Rogerson's Quay", "Dublin 2, Irlande", "TVA : IE6388047V"], size=8
        ),
        Text(120, 18, "Facture", 16, True),
        Text(120, 28, "Numéro de facture : 5178236401", 9),
        Text(120, 33, "Date de la facture : 1 nov. 2026", 9),
        Text(120, 38, "Période de facturation : 1 - 31 oct. 2026", 9),
        Text(20, 55, "Facturé à", 8, True),
        *_column(20, 60, ["Ateliers Vidal SAS", "27 rue de la République", "69002 Lyon", "France"]),
        Text(20, 79, f"Numéro de TVA du client : {vat_of(buyer)}", 9),
        Text(120, 55, "Récapitulatif", 10, True),
        Text(120, 61, "Montant dû : 172,80 €", 11, True),
        Text(120, 67, "à payer avant le 1 déc. 2026", 9),
        Text(20, 95, "Description", 8, True),
        Text(130, 95, "Utilisateurs", 8, True, True),
        Text(190, 95, "Montant (€)", 8, True, True),
        Text(20, 101, "Workspace Business Standard - abonnement mensuel", 9),
        Text(130, 101, "12", 9, right=True),
        Text(190, 101, "144,00", 9, right=True),
        Text(130, 115, "Sous-total en EUR", 9),
        Text(190, 115, "144,00", 9, right=True),
        Text(130, 121, "TVA (20 %)", 9),
        Text(190, 121, "28,80", 9, right=True),
        Text(130, 128, "Total en EUR", 10, True),
        Text(190, 128, "172,80", 10, True, True),
        Text(20, 145, "Paiement par prélèvement SEPA sur le compte se terminant par 4410.", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["5178236401"],
            "invoice.issue_date": "2026-11-01",
            "invoice.due_date": "2026-12-01",
            "invoice.amount_before_tax": "144.00",
            "invoice.tax_amount": "28.80",
            "invoice.amount": "172.80",
            "debtor.company_name": "Ateliers Vidal SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "27 rue de la République",
            "debtor.address.postal_code": "69002",
            "debtor.address.city": "Lyon",
            "debtor.address.country": "FR",
        },
    )
    return Case("cloud_suite_fr", "Irish cloud suite invoice in French", texts, expected)


def rent_call_fr() -> Case:
    """A commercial landlord's rent call ("Appel de loyer"): the property manager's block, the
    tenant in the window with no label, "Appel de loyer n° AL-2026-Q1-0087", "Bail commercial
    du 01/04/2019", "Période du 01/01/2027 au 31/03/2027", "Loyer HT", "Provision sur charges
    HT", "Total HT", "TVA 20 %", "Total TTC", "Date d'exigibilité : 01/01/2027", "Fait à
    Bordeaux, le 15/12/2026"."""
    siret, buyer = _siret("rent-call-fr"), _siret("rent-call-fr-buyer")
    texts = [
        Text(20, 18, "GIRONDE GESTION IMMOBILIÈRE", 12, True),
        *_column(
            20,
            24,
            ["Administrateur de biens", "45 cours de l'Intendance", "33000 Bordeaux"],
            size=8,
        ),
        *_column(
            115, 50, ["SARL Boulangerie des Chartrons", "112 rue Notre-Dame", "33000 Bordeaux"]
        ),
        Text(20, 80, "Appel de loyer n° AL-2026-Q1-0087", 12, True),
        Text(20, 87, "Bordeaux, le 15/12/2026", 9),
        Text(
            20, 93, "Bail commercial du 01/04/2019 - Local : 112 rue Notre-Dame, rez-de-chaussée", 9
        ),
        Text(20, 98, "Période du 01/01/2027 au 31/03/2027", 9),
        Text(20, 110, "Libellé", 8, True),
        Text(190, 110, "Montant", 8, True, True),
        Text(20, 116, "Loyer HT", 9),
        Text(190, 116, "4 200,00 €", 9, right=True),
        Text(20, 122, "Provision sur charges HT", 9),
        Text(190, 122, "450,00 €", 9, right=True),
        Text(20, 128, "Taxe foncière (provision) HT", 9),
        Text(190, 128, "180,00 €", 9, right=True),
        Text(130, 140, "Total HT", 9),
        Text(190, 140, "4 830,00 €", 9, right=True),
        Text(130, 146, "TVA 20 %", 9),
        Text(190, 146, "966,00 €", 9, right=True),
        Text(130, 153, "Total TTC", 10, True),
        Text(190, 153, "5 796,00 €", 10, True, True),
        Text(20, 168, "Date d'exigibilité : 01/01/2027", 9, True),
        Text(20, 173, "Règlement par virement ou prélèvement au 1er jour du trimestre.", 8),
        Text(
            20,
            280,
            f"Gironde Gestion Immobilière SAS - SIRET {siret} - Carte G n° CPI 3301 2019 000 041 876",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["AL-2026-Q1-0087"],
            "invoice.issue_date": "2026-12-15",
            "invoice.due_date": "2027-01-01",
            "invoice.amount_before_tax": "4830.00",
            "invoice.tax_amount": "966.00",
            "invoice.amount": "5796.00",
            "seller.siret": siret,
            "debtor.company_name": "SARL Boulangerie des Chartrons",
            "debtor.address.line1": "112 rue Notre-Dame",
            "debtor.address.postal_code": "33000",
            "debtor.address.city": "Bordeaux",
            "debtor.address.country": "FR",
        },
    )
    del buyer
    return Case("rent_call_fr", "commercial rent call", texts, expected)


def progress_btp_fr() -> Case:
    """A building subcontractor's progress invoice ("Situation n° 3") under the reverse charge:
    "Facture n° FS-2026-031", the main contractor under "Entreprise principale", the job's
    cumulated progress, "Montant de la situation HT", "TVA : autoliquidation (art. 283-2 nonies
    du CGI)", "Retenue de garantie 5 %" taken off, "Net à payer", "Paiement à 45 jours fin de
    mois"."""
    siret, buyer = _siret("progress-btp-fr"), _siret("progress-btp-fr-buyer")
    texts = [
        Text(20, 18, "ÉLECTRICITÉ FONTAINE", 13, True),
        *_column(
            20, 24, ["SARL au capital de 20 000 €", "3 rue des Artisans", "49000 Angers"], size=8
        ),
        Text(115, 40, "Entreprise principale", 8, True),
        *_column(
            115,
            45,
            [
                "Bâtiments de l'Ouest SA",
                "Parc d'activités du Lac",
                "10 rue Newton",
                "49070 Beaucouzé",
            ],
        ),
        Text(115, 63.4, f"SIRET {buyer}", 9),
        Text(20, 80, "Facture n° FS-2026-031", 12, True),
        Text(20, 86, "Date : 30/11/2026", 9),
        Text(20, 91, "Chantier : Résidence Les Ardoises - Lot 11 électricité - Situation n° 3", 9),
        Text(20, 104, "Désignation", 8, True),
        Text(120, 104, "Marché HT", 8, True, True),
        Text(145, 104, "Avancement", 8, True, True),
        Text(190, 104, "Cumul HT", 8, True, True),
        Text(20, 110, "Courants forts", 9),
        Text(120, 110, "48 000,00", 9, right=True),
        Text(145, 110, "60 %", 9, right=True),
        Text(190, 110, "28 800,00", 9, right=True),
        Text(20, 116, "Courants faibles", 9),
        Text(120, 116, "12 000,00", 9, right=True),
        Text(145, 116, "40 %", 9, right=True),
        Text(190, 116, "4 800,00", 9, right=True),
        Text(120, 128, "Cumul des travaux HT", 9),
        Text(190, 128, "33 600,00", 9, right=True),
        Text(120, 134, "Situations antérieures HT", 9),
        Text(190, 134, "-21 600,00", 9, right=True),
        Text(120, 140, "Montant de la situation HT", 9, True),
        Text(190, 140, "12 000,00", 9, True, True),
        Text(120, 146, "TVA autoliquidée", 9),
        Text(190, 146, "0,00", 9, right=True),
        Text(120, 152, "Retenue de garantie 5 %", 9),
        Text(190, 152, "-600,00", 9, right=True),
        Text(120, 159, "Net à payer", 10, True),
        Text(190, 159, "11 400,00 €", 10, True, True),
        Text(20, 172, "Autoliquidation : TVA due par le preneur (art. 283-2 nonies du CGI).", 8),
        Text(20, 177, "Paiement à 45 jours fin de mois.", 8),
        Text(
            20,
            280,
            f"Électricité Fontaine SARL - SIRET {siret} - TVA {vat_of(siret)} - RCS Angers",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FS-2026-031"],
            "invoice.issue_date": "2026-11-30",
            "invoice.due_date": "2027-01-31",
            "invoice.amount_before_tax": "12000.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "11400.00",
            "seller.siret": siret,
            "debtor.company_name": "Bâtiments de l'Ouest SA",
            "debtor.siret": buyer,
            "debtor.address.line1": "10 rue Newton",
            "debtor.address.postal_code": "49070",
            "debtor.address.city": "Beaucouzé",
            "debtor.address.country": "FR",
        },
    )
    return Case("progress_btp_fr", "building progress invoice, reverse charge", texts, expected)


def freight_fr() -> Case:
    """A carrier's freight invoice: "Facture N°" with "Lettre de voiture" and "CMR" numbers,
    rows of shipments with dates, weights in kg and pallets, "Surcharge gazole 12,5 %", "Total
    HT", "TVA 20,00 %", "Total TTC", "Échéance le 31/12/2026", the shipper under "Donneur
    d'ordre"."""
    siret, buyer = _siret("freight-fr"), _siret("freight-fr-buyer")
    texts = [
        Text(20, 18, "TRANSPORTS BERNARD & FILS", 13, True),
        *_column(20, 24, ["Zone logistique Sud", "12 avenue de l'Europe", "26000 Valence"], size=8),
        Text(190, 18, "FACTURE N° TB26-11-0588", 11, True, True),
        Text(190, 24, "Date : 27/11/2026", 9, right=True),
        Text(190, 29, "Échéance le 31/12/2026", 9, right=True),
        Text(115, 42, "Donneur d'ordre", 8, True),
        *_column(
            115,
            47,
            ["Drôme Fruits Coopérative", "Route de Romans", "26300 Alixan", f"SIRET {buyer}"],
        ),
        Text(20, 75, "Date", 8, True),
        Text(40, 75, "Lettre de voiture", 8, True),
        Text(75, 75, "Destination", 8, True),
        Text(130, 75, "Poids (kg)", 8, True, True),
        Text(150, 75, "Palettes", 8, True, True),
        Text(190, 75, "Montant HT", 8, True, True),
    ]
    rows = [
        ("04/11/2026", "LV-774512", "Rungis (94)", "8 420", "18", "640,00"),
        ("12/11/2026", "LV-774698", "Lyon (69)", "5 100", "11", "380,00"),
        ("19/11/2026", "LV-774873", "Marseille (13)", "9 870", "22", "580,00"),
    ]
    for i, (day, note, dest, kg, pallets, amount) in enumerate(rows):
        y = 81 + 5.5 * i
        texts += [
            Text(20, y, day, 8),
            Text(40, y, note, 8),
            Text(75, y, dest, 8),
            Text(130, y, kg, 8, right=True),
            Text(150, y, pallets, 8, right=True),
            Text(190, y, amount, 8, right=True),
        ]
    texts += [
        Text(120, 104, "Sous-total transport", 9),
        Text(190, 104, "1 600,00", 9, right=True),
        Text(120, 110, "Surcharge gazole 12,5 %", 9),
        Text(190, 110, "200,00", 9, right=True),
        Text(120, 116, "Total HT", 9),
        Text(190, 116, "1 800,00", 9, right=True),
        Text(120, 122, "TVA 20,00 %", 9),
        Text(190, 122, "360,00", 9, right=True),
        Text(120, 129, "Total TTC", 10, True),
        Text(190, 129, "2 160,00 €", 10, True, True),
        Text(20, 145, "Règlement par virement - escompte pour paiement anticipé : néant.", 8),
        Text(
            20,
            280,
            f"Transports Bernard & Fils SAS - SIRET {siret} - TVA {vat_of(siret)} - Licence communautaire n° 2019/84/0001234",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["TB26-11-0588"],
            "invoice.issue_date": "2026-11-27",
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "1800.00",
            "invoice.tax_amount": "360.00",
            "invoice.amount": "2160.00",
            "seller.siret": siret,
            "debtor.company_name": "Drôme Fruits Coopérative",
            "debtor.siret": buyer,
            "debtor.address.line1": "Route de Romans",
            "debtor.address.postal_code": "26300",
            "debtor.address.city": "Alixan",
            "debtor.address.country": "FR",
        },
    )
    return Case("freight_fr", "carrier's freight invoice", texts, expected)


def seventh_cases() -> list[Case]:
    return [
        restaurant_fr(),
        rechnung_at(),
        uk_gbp_en(),
        luxembourg_fr(),
        platform_fr(),
        eshop_fr(),
        cloud_suite_fr(),
        rent_call_fr(),
        progress_btp_fr(),
        freight_fr(),
    ]
