"""The real-shaped kinds added eighth, each laid out as one more kind of document French SMEs
receive and send: a caterer's invoice whose rows each print their VAT rate (three rates, one
"dont TVA"), a cash-and-carry's till invoice with a tax line per rate and a total tax, a
plumber's "devis-facture", an invoice laid out for Chorus Pro (a public buyer's SIRET, service
code and commitment number), an Amazon Business-like marketplace invoice, an invoice made in a
business bank's tool (Qonto-like) with the client's SIREN, an invoice to a company in
Liechtenstein in francs, a credit note made in a CRM that names the invoice it cancels (Sellsy-
like), a balance invoice that deducts a deposit invoiced before ("acompte déjà versé", Axonaut-
like), and a Belgian invoice in Dutch.

What they bring that the earlier kinds did not: rows with a rate column and amounts with tax,
"dont TVA" per rate above a "Total TVA", "N° SIRET client" and "SIREN" under the client, a
"Destinataire" public body with "Code service" and "N° d'engagement", "FL-9490 Vaduz" and a
"+423" phone, "Avoir" titled in a box with the original invoice's number, "Facture de solde"
whose deposit line names an earlier invoice, "Factuur", "Vervaldag" and "Totaal incl. BTW". The
batch is not part of `real_shaped.cases()` (the suite reads a sample of it): `bench/ocr_accuracy.py
--only real-eighth` reads it whole. All names, numbers and amounts are invented.
"""

from __future__ import annotations

from tests.ocr.hard import Case, Text
from tests.ocr.real_shaped import _column, _eu_vat, _expected, _siret
from tests.ocr.specs import spaced_siret, vat_of


def _footer(name: str, siret: str) -> Text:
    return Text(
        20,
        282,
        f"{name} - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)} - "
        "Pénalités de retard : 3 fois le taux d'intérêt légal",
        7,
    )


def _rows(y: float, rows: list[tuple[str, ...]], columns: tuple[float, ...]) -> list[Text]:
    """A lines table: the first cell at x = 20, the others right-aligned at `columns`."""
    texts = []
    for i, (first, *cells) in enumerate(rows):
        top = y + 5.5 * i
        texts.append(Text(20, top, first, 9))
        texts += [Text(x, top, cell, 9, right=True) for x, cell in zip(columns, cells, strict=True)]
    return texts


def caterer_fr() -> Case:
    """A caterer's invoice for a reception: each row prints its VAT rate (bread at 5,5 %, the
    buffet at 10 %, champagne at 20 %) and its amount with tax; "Total TTC" and one "dont TVA"
    figure, no base."""
    siret = _siret("caterer-fr")
    texts = [
        Text(20, 18, "Maison Roux Traiteur", 15, True),
        *_column(20, 25, ["8 rue Mercière", "69002 Lyon", "contact@maisonroux.fr"], size=8),
        Text(120, 40, "Facturé à :", 8, True),
        *_column(120, 45, ["Agence Lumen SAS", "12 quai Saint-Antoine", "69002 Lyon"]),
        Text(20, 64, "Facture n° T-2026-0412", 12, True),
        Text(20, 70, "Date : 20/11/2026", 9),
        Text(20, 75, "Réception du 18/11/2026 - 25 personnes", 9),
        Text(20, 88, "Désignation", 8, True),
        Text(150, 88, "TVA", 8, True, True),
        Text(190, 88, "Montant TTC", 8, True, True),
        *_rows(
            94,
            [
                ("Pains et viennoiseries (60 pièces)", "5,5 %", "52,75"),
                ("Buffet froid 25 personnes", "10 %", "385,00"),
                ("Champagne brut (6 bouteilles)", "20 %", "144,00"),
            ],
            (150, 190),
        ),
        Text(120, 118, "Total TTC", 10, True),
        Text(190, 118, "581,75 €", 10, True, True),
        Text(120, 124, "dont TVA", 9),
        Text(190, 124, "61,75 €", 9, right=True),
        Text(20, 140, "Échéance : 20/12/2026 - virement à réception de facture", 9),
        _footer("Maison Roux SARL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["T-2026-0412"],
            "invoice.issue_date": "2026-11-20",
            "invoice.due_date": "2026-12-20",
            "invoice.amount_before_tax": "520.00",
            "invoice.tax_amount": "61.75",
            "invoice.amount": "581.75",
            "seller.siret": siret,
            "debtor.company_name": "Agence Lumen SAS",
            "debtor.address.line1": "12 quai Saint-Antoine",
            "debtor.address.postal_code": "69002",
            "debtor.address.city": "Lyon",
            "debtor.address.country": "FR",
        },
    )
    return Case("caterer_fr", "caterer, a rate per row, one dont TVA", texts, expected)


def cash_carry_fr() -> Case:
    """A cash-and-carry's till invoice (Metro-like): a customer card number, the client's block
    and "N° SIRET client", article codes, a rate column, "Total TTC", "dont TVA 5,5 %", "dont TVA
    20 %", "Total TVA", no base; "Échéance" after the payment mode."""
    siret, buyer = _siret("cash-carry"), _siret("cash-carry-buyer")
    texts = [
        Text(20, 18, "GROSSISTE ATLANTIQUE", 14, True),
        *_column(20, 25, ["Zone de Bruges - 33520 Bruges", "Tél. 05 56 11 22 33"], size=8),
        Text(20, 40, "Facture n° 0412-118-3307", 11, True),
        Text(20, 46, "Date : 18/11/2026 10:42", 9),
        Text(20, 51, "Carte client n° 4412 0087", 9),
        Text(120, 40, "Client :", 8, True),
        *_column(120, 45, ["Brasserie du Port SARL", "3 quai de la Douane", "33000 Bordeaux"]),
        Text(120, 60, f"N° SIRET client : {spaced_siret(buyer)}", 8),
        Text(20, 74, "Article", 8, True),
        Text(120, 74, "Qté", 8, True, True),
        Text(150, 74, "TVA", 8, True, True),
        Text(190, 74, "Montant TTC", 8, True, True),
        *_rows(
            80,
            [
                ("218874 Farine T55 25 kg", "4", "5,5 %", "84,40"),
                ("301125 Huile tournesol 5 L", "6", "5,5 %", "63,30"),
                ("550871 Liquide vaisselle 5 L", "2", "20 %", "36,00"),
                ("702233 Vin rouge AOC 75 cl", "12", "20 %", "108,00"),
            ],
            (120, 150, 190),
        ),
        Text(120, 110, "Total TTC", 10, True),
        Text(190, 110, "291,70 €", 10, True, True),
        Text(120, 116, "dont TVA 5,5 %", 9),
        Text(190, 116, "7,70 €", 9, right=True),
        Text(120, 121, "dont TVA 20 %", 9),
        Text(190, 121, "24,00 €", 9, right=True),
        Text(120, 127, "Total TVA", 9, True),
        Text(190, 127, "31,70 €", 9, True, True),
        Text(20, 140, "Mode de paiement : LCR - Échéance : 18/12/2026", 9),
        _footer("Grossiste Atlantique SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["0412-118-3307"],
            "invoice.issue_date": "2026-11-18",
            "invoice.due_date": "2026-12-18",
            "invoice.amount_before_tax": "260.00",
            "invoice.tax_amount": "31.70",
            "invoice.amount": "291.70",
            "seller.siret": siret,
            "debtor.company_name": "Brasserie du Port SARL",
            "debtor.siret": buyer,
            "debtor.address.line1": "3 quai de la Douane",
            "debtor.address.postal_code": "33000",
            "debtor.address.city": "Bordeaux",
            "debtor.address.country": "FR",
        },
    )
    return Case("cash_carry_fr", "cash-and-carry till invoice, tax per rate", texts, expected)


def plumber_fr() -> Case:
    """A plumber's "Devis - Facture" typed in a word processor: the customer a couple, a quote
    accepted ("Bon pour accord le …"), VAT at 10 % on renovation works, "Paiement à réception"."""
    siret = _siret("plumber-fr")
    texts = [
        Text(20, 18, "MOREL PLOMBERIE CHAUFFAGE", 13, True),
        *_column(
            20, 24, ["Artisan - 7 impasse des Tilleuls", "44300 Nantes", "06 12 34 56 78"], size=8
        ),
        Text(120, 44, "M. et Mme Durand", 10),
        *_column(120, 49, ["14 rue des Lilas", "44000 Nantes"]),
        Text(20, 66, "DEVIS - FACTURE N° 2026-031", 13, True),
        Text(20, 73, "Nantes, le 3 novembre 2026", 9),
        Text(20, 78, "Devis accepté - bon pour accord le 12/10/2026", 9),
        Text(20, 90, "Désignation des travaux", 8, True),
        Text(190, 90, "Montant HT", 8, True, True),
        *_rows(
            96,
            [
                ("Dépose ancienne baignoire et évacuation", "320,00"),
                ("Fourniture et pose receveur de douche 90x120", "980,00"),
                ("Mitigeur thermostatique et raccordements", "550,00"),
            ],
            (190,),
        ),
        Text(120, 118, "Total HT", 9),
        Text(190, 118, "1 850,00 €", 9, right=True),
        Text(120, 124, "TVA 10 %", 9),
        Text(190, 124, "185,00 €", 9, right=True),
        Text(120, 131, "Total TTC", 10, True),
        Text(190, 131, "2 035,00 €", 10, True, True),
        Text(20, 146, "Paiement à réception de facture, par chèque ou virement.", 9),
        Text(20, 151, "TVA à 10 % : travaux de rénovation d'un logement de plus de deux ans.", 8),
        _footer("Morel Plomberie EURL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-031"],
            "invoice.issue_date": "2026-11-03",
            "invoice.due_date": "2026-11-03",
            "invoice.amount_before_tax": "1850.00",
            "invoice.tax_amount": "185.00",
            "invoice.amount": "2035.00",
            "seller.siret": siret,
            "debtor.company_name": "M. et Mme Durand",
            "debtor.company_type": "individual",
            "debtor.address.line1": "14 rue des Lilas",
            "debtor.address.postal_code": "44000",
            "debtor.address.city": "Nantes",
            "debtor.address.country": "FR",
        },
    )
    return Case("plumber_fr", "plumber's devis-facture to a couple", texts, expected)


def chorus_pro_fr() -> Case:
    """An invoice laid out for Chorus Pro: "Fournisseur" and "Destinataire" blocks (a town hall,
    its SIRET and "Code service"), "N° d'engagement juridique", "Montant HT", "Montant TVA (20
    %)", "Montant TTC", "Date d'échéance", a 30-day public payment term."""
    siret, buyer = _siret("chorus-fr"), _siret("chorus-fr-buyer")
    texts = [
        Text(20, 18, "FACTURE", 16, True),
        Text(120, 18, "N° de facture : FC-2026-0217", 9, True),
        Text(120, 23, "Date d'émission : 12/11/2026", 9),
        Text(120, 28, "Date d'échéance : 12/12/2026", 9),
        Text(20, 40, "Fournisseur", 8, True),
        *_column(
            20,
            45,
            ["Espaces Verts Loire SAS", "ZA du Moulin", "44470 Carquefou", f"SIRET {siret}"],
            size=9,
        ),
        Text(120, 40, "Destinataire", 8, True),
        *_column(
            120,
            45,
            [
                "Commune de Saint-Herblain",
                "2 rue de l'Hôtel de Ville",
                "44800 Saint-Herblain",
                f"SIRET {buyer}",
                "Code service : SERV-TECH",
            ],
            size=9,
        ),
        Text(20, 75, "N° d'engagement juridique : EJ-2026-00817", 9),
        Text(20, 80, "Marché : entretien des espaces verts 2026 - lot 2", 9),
        Text(20, 92, "Désignation", 8, True),
        Text(190, 92, "Montant HT", 8, True, True),
        *_rows(
            98,
            [("Tonte et débroussaillage octobre 2026", "2 150,00"), ("Taille des haies", "640,00")],
            (190,),
        ),
        Text(120, 116, "Montant HT", 9),
        Text(190, 116, "2 790,00 €", 9, right=True),
        Text(120, 122, "Montant TVA (20 %)", 9),
        Text(190, 122, "558,00 €", 9, right=True),
        Text(120, 129, "Montant TTC", 10, True),
        Text(190, 129, "3 348,00 €", 10, True, True),
        Text(20, 144, "Délai global de paiement : 30 jours.", 9),
        Text(20, 282, "Espaces Verts Loire SAS - RCS Nantes - TVA " + vat_of(siret), 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FC-2026-0217"],
            "invoice.issue_date": "2026-11-12",
            "invoice.due_date": "2026-12-12",
            "invoice.amount_before_tax": "2790.00",
            "invoice.tax_amount": "558.00",
            "invoice.amount": "3348.00",
            "seller.siret": siret,
            "debtor.company_name": "Commune de Saint-Herblain",
            "debtor.siret": buyer,
            "debtor.address.line1": "2 rue de l'Hôtel de Ville",
            "debtor.address.postal_code": "44800",
            "debtor.address.city": "Saint-Herblain",
            "debtor.address.country": "FR",
        },
    )
    return Case("chorus_pro_fr", "invoice to a public buyer for Chorus Pro", texts, expected)


def amazon_business_fr() -> Case:
    """A marketplace's business invoice (Amazon Business-like): "Vendu par" with the seller's
    VAT number, "Adresse de facturation" and "Adresse de livraison" side by side, "N° TVA de
    l'acheteur", "Numéro de la facture", a rate column, "Total HT", "TVA", "Total à payer";
    already paid by card."""
    siret = _siret("amazon-business")
    buyer_vat = vat_of(_siret("amazon-business-buyer"))
    texts = [
        Text(20, 18, "Facture", 16, True),
        Text(20, 25, "Payée", 9, True),
        Text(120, 18, "Vendu par : Bureau Direct Pro SAS", 8),
        Text(120, 23, f"N° TVA : {vat_of(siret)}", 8),
        Text(120, 33, "Date de la facture : 09/11/2026", 8),
        Text(120, 38, "Numéro de la facture : FR6A2B-0004712", 8),
        Text(120, 43, "Total à payer : 417,60 €", 9, True),
        Text(20, 55, "Adresse de facturation", 8, True),
        *_column(20, 60, ["Cabinet Vidal Associés", "22 allée Jean Jaurès", "31000 Toulouse"]),
        Text(110, 55, "Adresse de livraison", 8, True),
        *_column(110, 60, ["Cabinet Vidal Associés", "Accueil 3e étage", "31000 Toulouse"]),
        Text(20, 78, f"N° TVA de l'acheteur : {buyer_vat}", 8),
        Text(20, 90, "Description", 8, True),
        Text(130, 90, "Qté", 8, True, True),
        Text(155, 90, "Taux TVA", 8, True, True),
        Text(190, 90, "Prix total HT", 8, True, True),
        *_rows(
            96,
            [
                ("Fauteuil de bureau ergonomique", "2", "20 %", "298,00"),
                ("Ramette papier A4 80 g (carton de 5)", "4", "20 %", "50,00"),
            ],
            (130, 155, 190),
        ),
        Text(120, 112, "Total HT", 9),
        Text(190, 112, "348,00 €", 9, right=True),
        Text(120, 118, "TVA", 9),
        Text(190, 118, "69,60 €", 9, right=True),
        Text(120, 125, "Total à payer", 10, True),
        Text(190, 125, "417,60 €", 10, True, True),
        Text(20, 140, "Paiement reçu par carte le 09/11/2026.", 8),
        Text(20, 282, f"Bureau Direct Pro SAS - SIRET {siret} - capital 50 000 €", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FR6A2B-0004712"],
            "invoice.issue_date": "2026-11-09",
            "invoice.amount_before_tax": "348.00",
            "invoice.tax_amount": "69.60",
            "invoice.amount": "417.60",
            "seller.siret": siret,
            "debtor.company_name": "Cabinet Vidal Associés",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "22 allée Jean Jaurès",
            "debtor.address.postal_code": "31000",
            "debtor.address.city": "Toulouse",
            "debtor.address.country": "FR",
        },
    )
    return Case("amazon_business_fr", "marketplace business invoice", texts, expected)


def bank_tool_fr() -> Case:
    """An invoice made in a business bank's invoicing tool (Qonto-like): labels in a left column
    and values beside them, the client's block with its SIREN and VAT number, "Total HT", "TVA
    20 %", "Total TTC", the IBAN to pay to."""
    siret, buyer = _siret("bank-tool"), _siret("bank-tool-buyer")
    texts = [
        Text(20, 18, "Facture", 18, True),
        *_column(20, 28, ["Numéro de facture", "Date d'émission", "Date d'échéance"], size=8),
        *_column(60, 28, ["F-2026-118", "05/11/2026", "05/12/2026"], size=8),
        Text(20, 48, "Studio Nord", 10, True),
        *_column(20, 53, ["41 rue Nationale", "59000 Lille", f"SIRET {siret}"], size=8),
        Text(115, 48, "Facturé à", 8, True),
        *_column(
            115,
            53,
            [
                "Brasserie Lilloise SAS",
                "9 place Rihour",
                "59800 Lille",
                f"SIREN {buyer[:3]} {buyer[3:6]} {buyer[6:9]}",
                f"TVA {vat_of(buyer)}",
            ],
            size=9,
        ),
        Text(20, 85, "Description", 8, True),
        Text(190, 85, "Total HT", 8, True, True),
        *_rows(91, [("Shooting photo produits (1 journée)", "1 200,00 €")], (190,)),
        Text(120, 104, "Total HT", 9),
        Text(190, 104, "1 200,00 €", 9, right=True),
        Text(120, 110, "TVA 20 %", 9),
        Text(190, 110, "240,00 €", 9, right=True),
        Text(120, 117, "Total TTC", 10, True),
        Text(190, 117, "1 440,00 €", 10, True, True),
        Text(20, 130, "IBAN FR76 1695 8000 0112 3456 7890 123 - BIC QNTOFRP1XXX", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["F-2026-118"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-12-05",
            "invoice.amount_before_tax": "1200.00",
            "invoice.tax_amount": "240.00",
            "invoice.amount": "1440.00",
            "seller.siret": siret,
            "debtor.company_name": "Brasserie Lilloise SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "9 place Rihour",
            "debtor.address.postal_code": "59800",
            "debtor.address.city": "Lille",
            "debtor.address.country": "FR",
        },
    )
    return Case("bank_tool_fr", "business bank's invoice tool, client SIREN", texts, expected)


def liechtenstein_fr() -> Case:
    """A French maker's invoice to a company in Liechtenstein, in francs: "FL-9490 Vaduz" with
    no country line, a "+423" phone in the client's block, VAT not charged (export)."""
    siret = _siret("liechtenstein-fr")
    texts = [
        Text(20, 18, "Ateliers Jura Précision", 14, True),
        *_column(20, 25, ["12 rue de l'Horloge", "25500 Morteau", "France"], size=8),
        Text(120, 40, "Client :", 8, True),
        *_column(
            120,
            45,
            ["Rheintal Mechanik Anstalt", "Städtle 28", "FL-9490 Vaduz", "Tél. +423 232 45 67"],
        ),
        Text(20, 68, "Facture n° JP-2026-0388", 12, True),
        Text(20, 74, "Date de facture : 16/11/2026", 9),
        Text(20, 79, "Échéance : 16/12/2026", 9),
        Text(20, 92, "Désignation", 8, True),
        Text(190, 92, "Montant CHF", 8, True, True),
        *_rows(98, [("Axes rectifiés série R-12 (400 pièces)", "6 800.00")], (190,)),
        Text(120, 110, "Total HT", 9),
        Text(190, 110, "6 800.00 CHF", 9, right=True),
        Text(120, 116, "TVA 0 %", 9),
        Text(190, 116, "0.00 CHF", 9, right=True),
        Text(120, 123, "Total CHF", 10, True),
        Text(190, 123, "6 800.00 CHF", 10, True, True),
        Text(20, 136, "Exonération de TVA, article 262 I du CGI (exportation).", 8),
        _footer("Ateliers Jura Précision SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["JP-2026-0388"],
            "invoice.issue_date": "2026-11-16",
            "invoice.due_date": "2026-12-16",
            "invoice.amount_before_tax": "6800.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "6800.00",
            "invoice.currency": "CHF",
            "seller.siret": siret,
            "debtor.company_name": "Rheintal Mechanik Anstalt",
            "debtor.address.line1": "Städtle 28",
            "debtor.address.postal_code": "9490",
            "debtor.address.city": "Vaduz",
            "debtor.address.country": "LI",
            "debtor.phone": "+4232324567",
        },
    )
    return Case("liechtenstein_fr", "invoice to Liechtenstein in CHF", texts, expected)


def crm_credit_note_fr() -> Case:
    """A credit note made in a CRM (Sellsy-like): "Avoir" in the title box with its number, the
    invoice it cancels ("Avoir sur facture n° F-2026-0101 du 02/10/2026"), amounts printed
    negative."""
    siret = _siret("crm-credit")
    texts = [
        Text(20, 18, "Kiwi Conseil", 14, True),
        *_column(20, 25, ["5 rue Sainte-Catherine", "33000 Bordeaux"], size=8),
        Text(120, 20, "Avoir", 16, True),
        Text(120, 27, "N° AV-2026-0012", 10, True),
        Text(120, 32, "Date : 19/11/2026", 9),
        Text(120, 45, "Client", 8, True),
        *_column(120, 50, ["Vignobles Lacoste SCEA", "Château Lacoste", "33330 Saint-Émilion"]),
        Text(20, 70, "Avoir sur facture n° F-2026-0101 du 02/10/2026", 9),
        Text(20, 82, "Désignation", 8, True),
        Text(190, 82, "Montant HT", 8, True, True),
        *_rows(88, [("Annulation : atelier non réalisé", "-500,00")], (190,)),
        Text(120, 100, "Total HT", 9),
        Text(190, 100, "-500,00 €", 9, right=True),
        Text(120, 106, "TVA 20 %", 9),
        Text(190, 106, "-100,00 €", 9, right=True),
        Text(120, 113, "Total TTC", 10, True),
        Text(190, 113, "-600,00 €", 10, True, True),
        _footer("Kiwi Conseil SARL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["AV-2026-0012"],
            "invoice.issue_date": "2026-11-19",
            "invoice.amount_before_tax": "-500.00",
            "invoice.tax_amount": "-100.00",
            "invoice.amount": "-600.00",
            "seller.siret": siret,
            "debtor.company_name": "Vignobles Lacoste SCEA",
            "debtor.address.line1": "Château Lacoste",
            "debtor.address.postal_code": "33330",
            "debtor.address.city": "Saint-Émilion",
            "debtor.address.country": "FR",
        },
    )
    return Case("crm_credit_note_fr", "CRM credit note on an invoice", texts, expected)


def balance_invoice_fr() -> Case:
    """A balance invoice (Axonaut-like): "Facture de solde N° …", the deposit invoiced before
    deducted on its own line ("Acompte déjà versé - facture FA-2026-0040 du 01/10/2026"), "Net à
    payer", terms "30 jours fin de mois"."""
    siret = _siret("balance-fr")
    texts = [
        Text(20, 18, "Agence Boréal", 14, True),
        *_column(20, 25, ["3 place du Capitole", "31000 Toulouse"], size=8),
        Text(120, 40, "Facturé à :", 8, True),
        *_column(120, 45, ["Hôtel des Arts SAS", "18 rue de Metz", "31000 Toulouse"]),
        Text(20, 64, "Facture de solde N° FA-2026-0058", 12, True),
        Text(20, 70, "Date : 24/11/2026", 9),
        Text(20, 82, "Désignation", 8, True),
        Text(190, 82, "Montant HT", 8, True, True),
        *_rows(88, [("Site internet - livraison et mise en ligne", "5 000,00")], (190,)),
        Text(120, 100, "Total HT", 9),
        Text(190, 100, "5 000,00 €", 9, right=True),
        Text(120, 106, "TVA 20 %", 9),
        Text(190, 106, "1 000,00 €", 9, right=True),
        Text(120, 112, "Total TTC", 10, True),
        Text(190, 112, "6 000,00 €", 10, True, True),
        Text(20, 119, "Acompte déjà versé - facture FA-2026-0040 du 01/10/2026", 9),
        Text(190, 119, "-1 800,00 €", 9, right=True),
        Text(120, 126, "Net à payer", 10, True),
        Text(190, 126, "4 200,00 €", 10, True, True),
        Text(20, 140, "Conditions de paiement : 30 jours fin de mois", 9),
        _footer("Agence Boréal SARL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FA-2026-0058"],
            "invoice.issue_date": "2026-11-24",
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "5000.00",
            "invoice.tax_amount": "1000.00",
            # The total with tax, which base + tax make (as for the craftsman's deposit in the
            # fourth batch); the net to pay is below it.
            "invoice.amount": "6000.00",
            "seller.siret": siret,
            "debtor.company_name": "Hôtel des Arts SAS",
            "debtor.address.line1": "18 rue de Metz",
            "debtor.address.postal_code": "31000",
            "debtor.address.city": "Toulouse",
            "debtor.address.country": "FR",
        },
    )
    return Case("balance_invoice_fr", "balance invoice, deposit deducted", texts, expected)


def factuur_be_nl() -> Case:
    """A Belgian invoice in Dutch: "Factuur" with "Factuurnummer", "Factuurdatum" and
    "Vervaldag", the buyer in Antwerp with "België" and its BTW number, "Totaal excl. BTW",
    "BTW 21%", "Totaal incl. BTW", "Te betalen", a structured communication."""
    buyer_vat = _eu_vat("BE0", "4425675")
    texts = [
        Text(20, 18, "Drukkerij Peeters BV", 14, True),
        *_column(
            20,
            25,
            ["Kortrijksesteenweg 120", "9000 Gent", "BTW BE 0456.812.377"],
            size=8,
        ),
        *_column(120, 45, ["Koffiebar De Haven BV", "Londenstraat 7", "2000 Antwerpen", "België"]),
        Text(120, 64, f"BTW {buyer_vat}", 8),
        Text(20, 78, "Factuur", 16, True),
        *_column(20, 86, ["Factuurnummer: 2026/0917", "Factuurdatum: 13-11-2026"], size=9),
        Text(20, 96, "Vervaldag: 13-12-2026", 9),
        Text(20, 108, "Omschrijving", 8, True),
        Text(190, 108, "Bedrag", 8, True, True),
        *_rows(114, [("Drukwerk menukaarten (500 st.)", "850,00")], (190,)),
        Text(120, 126, "Totaal excl. BTW", 9),
        Text(190, 126, "850,00 €", 9, right=True),
        Text(120, 132, "BTW 21%", 9),
        Text(190, 132, "178,50 €", 9, right=True),
        Text(120, 139, "Totaal incl. BTW", 10, True),
        Text(190, 139, "1.028,50 €", 10, True, True),
        Text(20, 152, "Te betalen vóór de vervaldag met mededeling +++090/9170/26111+++", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026/0917"],
            "invoice.issue_date": "2026-11-13",
            "invoice.due_date": "2026-12-13",
            "invoice.amount_before_tax": "850.00",
            "invoice.tax_amount": "178.50",
            "invoice.amount": "1028.50",
            "debtor.company_name": "Koffiebar De Haven BV",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Londenstraat 7",
            "debtor.address.postal_code": "2000",
            "debtor.address.city": "Antwerpen",
            "debtor.address.country": "BE",
        },
    )
    return Case("factuur_be_nl", "Belgian invoice in Dutch", texts, expected)


def eighth_cases() -> list[Case]:
    return [
        caterer_fr(),
        cash_carry_fr(),
        plumber_fr(),
        chorus_pro_fr(),
        amazon_business_fr(),
        bank_tool_fr(),
        liechtenstein_fr(),
        crm_credit_note_fr(),
        balance_invoice_fr(),
        factuur_be_nl(),
    ]
