"""The real-shaped kinds added ninth, each laid out as one more kind of document French SMEs
receive: a short-let host's invoice for a stay (Airbnb-like, made by a conciergerie), a booking
platform's commission invoice to a hotel from the Netherlands (Booking-like), a temporary work
agency's weekly invoice, a plant hire invoice with the site's address beside the billing one
(Loxam-like), a training body's invoice exempt from VAT, a US studio's invoice laid out by a
small-business accounting tool (QuickBooks-like), a Portuguese fatura, a Swedish SaaS invoice in
English, a printer's invoice whose number is inside a sentence, and a freelancer's invoice made
in a free invoicing tool (Zervant/Henrri-like).

What they bring that the earlier kinds did not: a guest's block ("Voyageur") and the let's
address beside the payer's, "Réservée le" and the stay's dates, "au plus tard le" inside a
sentence; "Numéro de facture" with no "n°" in a column of labels, "Identifiant de
l'établissement", "Veuillez effectuer le paiement avant le …"; "Entreprise utilisatrice", the
temp's name and the week worked; "Adresse du chantier" left of "Adresse de facturation", the
hire's departure and return dates; "Exonération de TVA, article 261-4-4° a du CGI" and no tax
line; "BILL TO" beside "SHIP TO", "INVOICE #", month-first dates whose day is 12 or less;
"FATURA N.º FT 2026/318", "Exmo.(s) Sr.(s)", "Data de vencimento", "França", "Total a pagar";
"Invoice no. | Date | Due" over their values, "3 Nov 2026"; "Facture 20261047 établie suivant
votre bon de commande …", "Marseille, le 31 octobre 2026" and the terms alone; "Nº" with the
ordinal sign, "Date de livraison" beside "Date de facturation", "Paiement à 30 jours date de
facture". The batch is not part of `real_shaped.cases()` (the suite reads a sample of it):
`bench/ocr_accuracy.py --only real-ninth` reads it whole. All names, numbers and amounts are
invented.
"""

from __future__ import annotations

from tests.ocr.hard import Case, Text
from tests.ocr.real_shaped import _column, _expected, _siret
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


def short_let_fr() -> Case:
    """A conciergerie's invoice for a short let (Airbnb-like): the guest under "Voyageur" with
    the booking code and its date, the payer under "Facturé à", the let's own address, arrival
    and departure, amounts with tax, a tourist tax outside VAT, "dont TVA 10 %", and the due
    date inside a sentence ("au plus tard le …")."""
    siret, buyer = _siret("short-let"), _siret("short-let-buyer")
    texts = [
        Text(20, 18, "Conciergerie Côte Basque", 14, True),
        *_column(
            20,
            24,
            ["Locations saisonnières", "12 allée Marie Politzer", "64200 Biarritz"],
            size=8,
        ),
        Text(190, 18, "FACTURE", 16, True, True),
        Text(190, 25, "N° HB-2026-1187", 10, True, True),
        Text(190, 30, "Émise le 28/11/2026", 9, right=True),
        Text(20, 44, "Voyageur", 8, True),
        *_column(20, 49, ["Mme Claire Morel", "Réservation HMQ4K8Z2T", "Réservée le 02/10/2026"]),
        Text(120, 44, "Facturé à", 8, True),
        *_column(
            120,
            49,
            [
                "Cabinet Darrieux SARL",
                "5 cours du Chapeau Rouge",
                "33000 Bordeaux",
                f"TVA : {vat_of(buyer)}",
            ],
        ),
        Text(20, 72, "Logement : T3 Villa Belza - 4 avenue de l'Impératrice, 64200 Biarritz", 9),
        Text(20, 77, "Arrivée : 23/11/2026 - Départ : 27/11/2026 (4 nuits, 2 voyageurs)", 9),
        Text(20, 90, "Désignation", 8, True),
        Text(190, 90, "Montant TTC", 8, True, True),
        *_rows(
            96,
            [
                ("Hébergement 4 nuits x 132,00 €", "528,00"),
                ("Frais de ménage", "66,00"),
                ("Taxe de séjour (2 pers. x 4 nuits x 2,88 €)", "23,04"),
            ],
            (190,),
        ),
        Text(120, 118, "Total TTC", 10, True),
        Text(190, 118, "617,04 €", 10, True, True),
        Text(120, 124, "dont TVA 10 %", 9),
        Text(190, 124, "54,00 €", 9, right=True),
        Text(20, 138, "Taxe de séjour non soumise à TVA, reversée à la commune.", 8),
        Text(20, 144, "Merci de régler cette facture par virement au plus tard le 08/12/2026.", 9),
        _footer("Conciergerie Côte Basque SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["HB-2026-1187"],
            "invoice.issue_date": "2026-11-28",
            "invoice.due_date": "2026-12-08",
            # The page prints the total and the tax it includes: the base is their difference.
            "invoice.amount_before_tax": "563.04",
            "invoice.tax_amount": "54.00",
            "invoice.amount": "617.04",
            "seller.siret": siret,
            "debtor.company_name": "Cabinet Darrieux SARL",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "5 cours du Chapeau Rouge",
            "debtor.address.postal_code": "33000",
            "debtor.address.city": "Bordeaux",
            "debtor.address.country": "FR",
        },
    )
    return Case("short_let_fr", "short-let host invoice, guest beside payer", texts, expected)


def ota_commission_fr() -> Case:
    """A booking platform's commission invoice in French (Booking-like), from a Dutch B.V. to a
    French hotel in the window with no label: a column of labels ("Numéro de facture", "Date de
    la facture", "Identifiant de l'établissement", "Période") beside their values, commission
    under the reverse charge, "Veuillez effectuer le paiement avant le …"."""
    seller_vat = "NL853421705B01"
    buyer = _siret("ota-buyer")
    texts = [
        Text(20, 18, "staybook", 20, True),
        *_column(
            20,
            25,
            ["Staybook B.V.", "Herengracht 597", "1017 CE Amsterdam", "Pays-Bas"],
            size=8,
        ),
        Text(20, 43.4, f"N° TVA : {seller_vat}", 8),
        *_column(
            120,
            44,
            ["Hôtel des Remparts SARL", "8 rue du Château", "84000 Avignon", "France"],
        ),
        Text(120, 62.4, f"N° TVA : {vat_of(buyer)}", 9),
        Text(20, 76, "Facture", 14, True),
        *_column(
            20,
            84,
            [
                "Numéro de facture",
                "Date de la facture",
                "Identifiant de l'établissement",
                "Période",
            ],
            step=5,
            size=9,
        ),
        *_column(
            80,
            84,
            ["1726354890", "01/11/2026", "2233445", "01/10/2026 - 31/10/2026"],
            step=5,
            size=9,
        ),
        Text(20, 112, "Description", 8, True),
        Text(190, 112, "Montant", 8, True, True),
        *_rows(
            118,
            [
                ("Commission sur 42 séjours (octobre 2026)", "1 284,60 €"),
                ("Frais de paiement en ligne", "38,40 €"),
            ],
            (190,),
        ),
        Text(120, 134, "Sous-total", 9),
        Text(190, 134, "1 323,00 €", 9, right=True),
        Text(120, 140, "TVA 0 %", 9),
        Text(190, 140, "0,00 €", 9, right=True),
        Text(120, 147, "Montant total à payer", 10, True),
        Text(190, 147, "1 323,00 €", 10, True, True),
        Text(
            20, 160, "Autoliquidation : TVA due par le preneur, art. 196 directive 2006/112/CE.", 8
        ),
        Text(
            20,
            166,
            "Veuillez effectuer le paiement avant le 15/11/2026 en indiquant le numéro de facture.",
            9,
        ),
        Text(20, 282, f"Staybook B.V. - KvK 71234567 - TVA {seller_vat}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["1726354890"],
            "invoice.issue_date": "2026-11-01",
            "invoice.due_date": "2026-11-15",
            "invoice.amount_before_tax": "1323.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "1323.00",
            "debtor.company_name": "Hôtel des Remparts SARL",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "8 rue du Château",
            "debtor.address.postal_code": "84000",
            "debtor.address.city": "Avignon",
            "debtor.address.country": "FR",
        },
    )
    return Case("ota_commission_fr", "booking platform's commission to a hotel", texts, expected)


def temp_agency_fr() -> Case:
    """A temporary work agency's weekly invoice: the client under "Entreprise utilisatrice"
    with a department's line before its street, the temp's name and the contract's number, the
    week's dates, hours at their rates, "Règlement : 30 jours date de facture"."""
    siret = _siret("temp-agency")
    texts = [
        Text(20, 18, "INTERIM PLUS OUEST", 14, True),
        *_column(
            20,
            24,
            [
                "Agence de Rennes - 21 boulevard de la Liberté",
                "35000 Rennes",
                "Tél. 02 99 11 22 33",
            ],
            size=8,
        ),
        Text(120, 40, "Entreprise utilisatrice", 8, True),
        *_column(
            120,
            45,
            [
                "Logistique Armor SAS",
                "Service comptabilité fournisseurs",
                "4 rue des Charmilles",
                "35131 Chartres-de-Bretagne",
            ],
        ),
        Text(20, 68, "FACTURE N° 26-11-0457", 12, True),
        Text(20, 74, "Date : 16/11/2026", 9),
        Text(20, 79, "Code client : LOGARM01", 9),
        Text(20, 88, "Intérimaire : M. Karim Benali - Cariste CACES 3", 9),
        Text(
            20,
            93,
            "Contrat de mise à disposition n° 884512 - semaine 46 du 09/11/2026 au 15/11/2026",
            9,
        ),
        Text(20, 104, "Rubrique", 8, True),
        Text(120, 104, "Quantité", 8, True, True),
        Text(150, 104, "Taux", 8, True, True),
        Text(190, 104, "Montant HT", 8, True, True),
        *_rows(
            110,
            [
                ("Heures normales", "35,00", "28,40", "994,00"),
                ("Heures supplémentaires 25 %", "4,00", "35,50", "142,00"),
                ("Indemnité de panier", "5,00", "7,20", "36,00"),
            ],
            (120, 150, 190),
        ),
        Text(120, 132, "Total HT", 9),
        Text(190, 132, "1 172,00 €", 9, right=True),
        Text(120, 138, "TVA 20 %", 9),
        Text(190, 138, "234,40 €", 9, right=True),
        Text(120, 145, "Total TTC", 10, True),
        Text(190, 145, "1 406,40 €", 10, True, True),
        Text(20, 158, "Règlement : 30 jours date de facture, par virement.", 9),
        _footer("Interim Plus Ouest SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["26-11-0457"],
            "invoice.issue_date": "2026-11-16",
            "invoice.due_date": "2026-12-16",
            "invoice.amount_before_tax": "1172.00",
            "invoice.tax_amount": "234.40",
            "invoice.amount": "1406.40",
            "seller.siret": siret,
            "debtor.company_name": "Logistique Armor SAS",
            "debtor.address.line1": "4 rue des Charmilles",
            "debtor.address.postal_code": "35131",
            "debtor.address.city": "Chartres-de-Bretagne",
            "debtor.address.country": "FR",
        },
    )
    return Case("temp_agency_fr", "temp agency's weekly invoice", texts, expected)


def plant_hire_fr() -> Case:
    """A plant hire invoice (Loxam-like): "Adresse du chantier" on the left, "Adresse de
    facturation" on the right, the hire contract's number, departure and return dates, a damage
    waiver row, "30 jours fin de mois"."""
    siret = _siret("plant-hire")
    texts = [
        Text(20, 18, "LOCAMAT", 18, True),
        *_column(
            20,
            25,
            [
                "Location de matériel BTP",
                "Agence Lyon Sud - 45 rue du Dauphiné",
                "69800 Saint-Priest",
            ],
            size=8,
        ),
        Text(120, 18, "FACTURE N° F2611-08812", 11, True),
        Text(120, 24, "Date facture : 15/11/2026", 9),
        Text(120, 29, "N° client : 0047731", 9),
        Text(20, 44, "Adresse du chantier", 8, True),
        *_column(20, 49, ["Résidence Les Terrasses", "18 avenue Jean Jaurès", "69007 Lyon"]),
        Text(120, 44, "Adresse de facturation", 8, True),
        *_column(120, 49, ["Bâtir Rhône SAS", "7 chemin des Mûriers", "69140 Rillieux-la-Pape"]),
        Text(20, 68, "Contrat de location n° L-7781203 - Bon de commande : BR-2026-553", 9),
        Text(20, 73, "Départ : 02/11/2026 - Retour : 13/11/2026 (10 jours ouvrés)", 9),
        Text(20, 84, "Matériel", 8, True),
        Text(120, 84, "Jours", 8, True, True),
        Text(150, 84, "PU HT", 8, True, True),
        Text(190, 84, "Montant HT", 8, True, True),
        *_rows(
            90,
            [
                ("Mini-pelle 2,5 t", "10", "118,00", "1 180,00"),
                ("Garantie casse et vol 9 %", "1", "106,20", "106,20"),
                ("Transport aller-retour", "2", "75,00", "150,00"),
            ],
            (120, 150, 190),
        ),
        Text(120, 112, "Total HT", 9),
        Text(190, 112, "1 436,20 €", 9, right=True),
        Text(120, 118, "TVA 20 %", 9),
        Text(190, 118, "287,24 €", 9, right=True),
        Text(120, 125, "Total TTC", 10, True),
        Text(190, 125, "1 723,44 €", 10, True, True),
        Text(20, 138, "Conditions de règlement : 30 jours fin de mois", 9),
        _footer("Locamat SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["F2611-08812"],
            "invoice.issue_date": "2026-11-15",
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "1436.20",
            "invoice.tax_amount": "287.24",
            "invoice.amount": "1723.44",
            "seller.siret": siret,
            "debtor.company_name": "Bâtir Rhône SAS",
            "debtor.address.line1": "7 chemin des Mûriers",
            "debtor.address.postal_code": "69140",
            "debtor.address.city": "Rillieux-la-Pape",
            "debtor.address.country": "FR",
        },
    )
    return Case("plant_hire_fr", "plant hire: site address beside billing", texts, expected)


def training_fr() -> Case:
    """A training body's invoice: its activity number under its address, the client with an
    "À l'attention de" line, the agreement's number and date, the session's dates, no VAT
    ("Exonération de TVA, article 261-4-4° a du CGI", no tax line), "Total net à payer",
    "Règlement à réception de facture"."""
    siret = _siret("training-fr")
    texts = [
        Text(20, 18, "Académie Numérique Formation", 14, True),
        *_column(
            20,
            24,
            [
                "Organisme de formation - 9 rue de la Paix",
                "75002 Paris",
                "Déclaration d'activité n° 11 75 54321 75",
            ],
            size=8,
        ),
        Text(120, 44, "Client", 8, True),
        *_column(
            120,
            49,
            [
                "Transports Vidal SA",
                "À l'attention de M. Pierre Vidal",
                "12 rue Gutenberg",
                "13127 Vitrolles",
            ],
        ),
        Text(20, 74, "FACTURE N° FOR-2026-0318", 12, True),
        Text(20, 80, "Date de facture : 30/11/2026", 9),
        Text(20, 85, "Convention de formation n° CF-2026-118 du 12/09/2026", 9),
        Text(20, 90, "Session des 19 et 20/11/2026 à Marseille (14 heures)", 9),
        Text(20, 100, "Action de formation", 8, True),
        Text(190, 100, "Montant", 8, True, True),
        *_rows(
            106,
            [
                ("Excel perfectionnement - 4 stagiaires", "2 240,00"),
                ("Supports pédagogiques", "80,00"),
            ],
            (190,),
        ),
        Text(120, 122, "Total HT", 9),
        Text(190, 122, "2 320,00 €", 9, right=True),
        Text(120, 129, "Total net à payer", 10, True),
        Text(190, 129, "2 320,00 €", 10, True, True),
        Text(20, 142, "Exonération de TVA, article 261-4-4° a du CGI.", 8),
        Text(20, 148, "Règlement à réception de facture.", 9),
        Text(
            20,
            282,
            f"Académie Numérique Formation SARL - SIRET {spaced_siret(siret)} - RCS Paris",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FOR-2026-0318"],
            "invoice.issue_date": "2026-11-30",
            "invoice.due_date": "2026-11-30",
            "invoice.amount_before_tax": "2320.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "2320.00",
            "seller.siret": siret,
            "debtor.company_name": "Transports Vidal SA",
            "debtor.address.line1": "12 rue Gutenberg",
            "debtor.address.postal_code": "13127",
            "debtor.address.city": "Vitrolles",
            "debtor.address.country": "FR",
        },
    )
    return Case("training_fr", "training body's invoice, exempt from VAT", texts, expected)


def studio_us_en() -> Case:
    """A US studio's invoice laid out by a small-business accounting tool (QuickBooks-like) to
    a French client: "BILL TO" beside "SHIP TO", "INVOICE #", "DATE", "DUE DATE" and "TERMS
    Net 30" in a column on the right, month-first dates whose day is 12 or less (the rows'
    dates tell the order), "BALANCE DUE"."""
    texts = [
        Text(20, 18, "Brightline Design Studio LLC", 13, True),
        *_column(
            20,
            24,
            ["410 Congress Ave, Suite 200", "Austin, TX 78701", "billing@brightline.studio"],
            size=8,
        ),
        Text(190, 18, "INVOICE", 18, True, True),
        Text(20, 48, "BILL TO", 8, True),
        *_column(20, 53, ["Maison Vernet SAS", "22 rue de Turenne", "75003 Paris", "France"]),
        Text(80, 48, "SHIP TO", 8, True),
        *_column(80, 53, ["Maison Vernet - Atelier", "5 rue Oberkampf", "75011 Paris", "France"]),
        *_column(145, 48, ["INVOICE #", "DATE", "DUE DATE", "TERMS"], step=5, size=8, bold=True),
        *_column(190, 48, ["1042", "11/05/2026", "12/05/2026", "Net 30"], step=5, right=True),
        Text(20, 82, "DATE", 8, True),
        Text(45, 82, "ACTIVITY", 8, True),
        Text(130, 82, "QTY", 8, True, True),
        Text(160, 82, "RATE", 8, True, True),
        Text(190, 82, "AMOUNT", 8, True, True),
        *[
            t
            for i, (day, activity, qty, rate, amount) in enumerate(
                [
                    ("10/28/2026", "Brand identity package", "1", "1,800.00", "1,800.00"),
                    ("11/02/2026", "Packaging mock-ups", "5", "130.00", "650.00"),
                ]
            )
            for t in (
                Text(20, 88 + 5.5 * i, day, 9),
                Text(45, 88 + 5.5 * i, activity, 9),
                Text(130, 88 + 5.5 * i, qty, 9, right=True),
                Text(160, 88 + 5.5 * i, rate, 9, right=True),
                Text(190, 88 + 5.5 * i, amount, 9, right=True),
            )
        ],
        *_column(130, 108, ["SUBTOTAL", "TAX", "TOTAL"], step=5.5, size=9),
        *_column(190, 108, ["2,450.00", "0.00", "2,450.00"], step=5.5, size=9, right=True),
        Text(130, 127, "BALANCE DUE", 10, True),
        Text(190, 127, "$2,450.00", 12, True, True),
        Text(20, 142, "All amounts in USD. Thank you for your business!", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["1042"],
            "invoice.issue_date": "2026-11-05",
            "invoice.due_date": "2026-12-05",
            "invoice.amount_before_tax": "2450.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "2450.00",
            "invoice.currency": "USD",
            "debtor.company_name": "Maison Vernet SAS",
            "debtor.address.line1": "22 rue de Turenne",
            "debtor.address.postal_code": "75003",
            "debtor.address.city": "Paris",
            "debtor.address.country": "FR",
        },
    )
    return Case("studio_us_en", "US accounting tool invoice, bill/ship to", texts, expected)


def fatura_pt() -> Case:
    """A Portuguese fatura to a French buyer: "FATURA N.º FT 2026/318" (the series is part of
    the number), "Exmo.(s) Sr.(s)" over the buyer, "França", "NIF" for both parties, ISO dates
    under "Data de emissão" and "Data de vencimento", an order's date, an intra-EU supply
    exempt from IVA, "Total a pagar"."""
    seller_vat = "PT507812433"
    buyer = _siret("fatura-pt-buyer")
    texts = [
        Text(20, 18, "Lusocork, Lda.", 14, True),
        *_column(
            20,
            24,
            ["Rua de São Bento, 210", "1250-096 Lisboa", "Portugal", f"NIF: {seller_vat}"],
            size=8,
        ),
        Text(120, 40, "Exmo.(s) Sr.(s)", 8),
        *_column(
            120,
            45,
            ["Caves Aubert SARL", "3 route des Vignes", "51160 Aÿ-Champagne", "França"],
        ),
        Text(120, 63.4, f"NIF: {vat_of(buyer)}", 9),
        Text(20, 78, "FATURA N.º FT 2026/318", 12, True),
        Text(20, 84, "Data de emissão: 2026-11-06", 9),
        Text(20, 89, "Data de vencimento: 2026-12-06", 9),
        Text(20, 94, "Encomenda n.º EC-7712 de 2026-10-20", 9),
        Text(20, 104, "Descrição", 8, True),
        Text(120, 104, "Qtd.", 8, True, True),
        Text(150, 104, "Preço unit.", 8, True, True),
        Text(190, 104, "Valor", 8, True, True),
        *_rows(
            110,
            [
                ("Rolhas naturais 45x24 mm (milheiro)", "20", "85,00", "1 700,00"),
                ("Transporte", "1", "120,00", "120,00"),
            ],
            (120, 150, 190),
        ),
        Text(120, 126, "Total ilíquido", 9),
        Text(190, 126, "1 820,00 €", 9, right=True),
        Text(120, 132, "IVA (0 %)", 9),
        Text(190, 132, "0,00 €", 9, right=True),
        Text(120, 139, "Total a pagar", 10, True),
        Text(190, 139, "1 820,00 €", 10, True, True),
        Text(20, 152, "Isento de IVA ao abrigo do artigo 14.º do RITI.", 8),
        Text(20, 282, f"Lusocork, Lda. - Capital social 50.000 € - NIF {seller_vat}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FT 2026/318"],
            "invoice.issue_date": "2026-11-06",
            "invoice.due_date": "2026-12-06",
            "invoice.amount_before_tax": "1820.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "1820.00",
            "debtor.company_name": "Caves Aubert SARL",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "3 route des Vignes",
            "debtor.address.postal_code": "51160",
            "debtor.address.city": "Aÿ-Champagne",
            "debtor.address.country": "FR",
        },
    )
    return Case("fatura_pt", "Portuguese fatura to a French buyer", texts, expected)


def saas_se_en() -> Case:
    """A Swedish SaaS invoice in English: "Invoice no.", "Date" and a bare "Due" as a row of
    headers over their values ("3 Nov 2026"), the buyer in the window with no label and its VAT
    number, "VAT 0% (reverse charge)", "Amount due" in euros."""
    seller_vat = "SE556789120401"
    buyer = _siret("saas-se-buyer")
    texts = [
        Text(20, 18, "Fjordly AB", 16, True),
        *_column(
            20, 25, ["Sveavägen 44", "111 34 Stockholm", "Sweden", f"VAT: {seller_vat}"], size=8
        ),
        Text(190, 18, "Invoice", 16, True, True),
        Text(115, 46, "Invoice no.", 8, True),
        Text(145, 46, "Date", 8, True),
        Text(172, 46, "Due", 8, True),
        Text(115, 51, "INV-30417", 9),
        Text(145, 51, "3 Nov 2026", 9),
        Text(172, 51, "3 Dec 2026", 9),
        *_column(
            20,
            50,
            [
                "Atelier Sillage SAS",
                "17 quai de la Fosse",
                "44000 Nantes",
                "France",
                f"VAT: {vat_of(buyer)}",
            ],
        ),
        Text(20, 84, "Description", 8, True),
        Text(150, 84, "Period", 8, True, True),
        Text(190, 84, "Amount", 8, True, True),
        *_rows(
            90,
            [
                ("Fjordly Team plan - 12 seats", "Nov 2026", "€960.00"),
                ("Additional storage 500 GB", "Nov 2026", "€40.00"),
            ],
            (150, 190),
        ),
        *_column(130, 106, ["Subtotal", "VAT 0% (reverse charge)", "Total"], step=5.5, size=9),
        *_column(190, 106, ["€1,000.00", "€0.00", "€1,000.00"], step=5.5, size=9, right=True),
        Text(130, 125, "Amount due", 10, True),
        Text(190, 125, "€1,000.00", 10, True, True),
        Text(20, 140, "Reverse charge: VAT to be accounted for by the recipient.", 8),
        Text(20, 145, "Paid by card on file on the due date. Questions: billing@fjordly.se", 8),
        Text(20, 282, f"Fjordly AB - Org. nr 556789-1204 - VAT {seller_vat}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["INV-30417"],
            "invoice.issue_date": "2026-11-03",
            "invoice.due_date": "2026-12-03",
            "invoice.amount_before_tax": "1000.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "1000.00",
            "debtor.company_name": "Atelier Sillage SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "17 quai de la Fosse",
            "debtor.address.postal_code": "44000",
            "debtor.address.city": "Nantes",
            "debtor.address.country": "FR",
        },
    )
    return Case("saas_se_en", "Swedish SaaS invoice in English, bare Due", texts, expected)


def printer_fr() -> Case:
    """A printer's invoice: the buyer in the window with no label, "FACTURE" alone as the
    title, "Marseille, le 31 octobre 2026", the number inside a sentence ("Facture 20261047
    établie suivant votre bon de commande … du …"), proof and delivery dates, "Net à payer
    TTC", "30 jours fin de mois" with no date."""
    siret = _siret("printer-fr")
    texts = [
        Text(20, 18, "IMPRIMERIE DU LEVANT", 14, True),
        *_column(
            20,
            24,
            [
                "Impression offset et numérique",
                "88 rue de la Palud",
                "13001 Marseille",
                "Tél. 04 91 00 11 22",
            ],
            size=8,
        ),
        *_column(115, 50, ["Galerie Montgrand SARL", "6 rue Montgrand", "13006 Marseille"]),
        Text(20, 76, "FACTURE", 14, True),
        Text(190, 76, "Marseille, le 31 octobre 2026", 9, right=True),
        Text(
            20,
            85,
            "Facture 20261047 établie suivant votre bon de commande BC-4471 du 05/10/2026.",
            9,
        ),
        Text(20, 90, "BAT validé le 12/10/2026 - livraison effectuée le 20/10/2026.", 9),
        Text(20, 101, "Désignation", 8, True),
        Text(150, 101, "Quantité", 8, True, True),
        Text(190, 101, "Montant HT", 8, True, True),
        *_rows(
            107,
            [
                ("Catalogue 48 pages A4, couché 135 g", "500", "2 350,00"),
                ("Affiches 40x60 cm quadri", "200", "460,00"),
            ],
            (150, 190),
        ),
        Text(120, 123, "Total HT", 9),
        Text(190, 123, "2 810,00 €", 9, right=True),
        Text(120, 129, "TVA 20 %", 9),
        Text(190, 129, "562,00 €", 9, right=True),
        Text(120, 136, "Net à payer TTC", 10, True),
        Text(190, 136, "3 372,00 €", 10, True, True),
        Text(20, 150, "Conditions de paiement : 30 jours fin de mois, par virement.", 9),
        _footer("Imprimerie du Levant SARL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["20261047"],
            "invoice.issue_date": "2026-10-31",
            "invoice.due_date": "2026-11-30",
            "invoice.amount_before_tax": "2810.00",
            "invoice.tax_amount": "562.00",
            "invoice.amount": "3372.00",
            "seller.siret": siret,
            "debtor.company_name": "Galerie Montgrand SARL",
            "debtor.address.line1": "6 rue Montgrand",
            "debtor.address.postal_code": "13006",
            "debtor.address.city": "Marseille",
            "debtor.address.country": "FR",
        },
    )
    return Case("printer_fr", "printer's invoice, number in a sentence", texts, expected)


def freelance_tool_fr() -> Case:
    """A freelancer's invoice made in a free invoicing tool (Zervant/Henrri-like): "FACTURE"
    then "Nº 2026-0093" with the ordinal sign, the freelancer's SIRET under her name, "Client"
    over the company, a contact line and an e-mail, "Date de facturation" over "Date de
    livraison", "Paiement à 30 jours date de facture"."""
    siret = _siret("freelance-tool")
    texts = [
        Text(20, 18, "Léa Fontaine", 13, True),
        *_column(
            20,
            24,
            [
                "Développeuse web indépendante",
                "31 rue Nationale",
                "37000 Tours",
                f"SIRET : {spaced_siret(siret)}",
            ],
            size=8,
        ),
        Text(190, 18, "FACTURE", 18, True, True),
        Text(190, 25, "Nº 2026-0093", 10, right=True),
        Text(20, 50, "Client", 8, True),
        *_column(
            20,
            55,
            [
                "Verdure & Co SAS",
                "À l'attention de Mme Sophie Lenoir",
                "140 avenue de Grammont",
                "37000 Tours",
                "sophie.lenoir@verdure-co.fr",
            ],
        ),
        *_column(
            120,
            50,
            [
                "Date de facturation : 04/11/2026",
                "Date de livraison : 31/10/2026",
                "Référence client : 0042",
            ],
            step=5,
            size=9,
        ),
        Text(20, 88, "Description", 8, True),
        Text(130, 88, "Quantité", 8, True, True),
        Text(160, 88, "Prix unitaire", 8, True, True),
        Text(190, 88, "Total", 8, True, True),
        *_rows(
            94,
            [
                ("Développement module de réservation", "6 j", "450,00 €", "2 700,00 €"),
                ("Maintenance octobre 2026", "1", "150,00 €", "150,00 €"),
            ],
            (130, 160, 190),
        ),
        Text(130, 110, "Total HT", 9),
        Text(190, 110, "2 850,00 €", 9, right=True),
        Text(130, 116, "TVA (20 %)", 9),
        Text(190, 116, "570,00 €", 9, right=True),
        Text(130, 123, "Total TTC", 10, True),
        Text(190, 123, "3 420,00 €", 10, True, True),
        Text(20, 138, "Conditions de paiement : Paiement à 30 jours date de facture", 9),
        Text(20, 144, "Indemnité forfaitaire pour frais de recouvrement : 40 €", 8),
        Text(20, 282, f"Léa Fontaine EI - TVA {vat_of(siret)}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-0093"],
            "invoice.issue_date": "2026-11-04",
            "invoice.due_date": "2026-12-04",
            "invoice.amount_before_tax": "2850.00",
            "invoice.tax_amount": "570.00",
            "invoice.amount": "3420.00",
            "seller.siret": siret,
            "debtor.company_name": "Verdure & Co SAS",
            "debtor.email": "sophie.lenoir@verdure-co.fr",
            "debtor.address.line1": "140 avenue de Grammont",
            "debtor.address.postal_code": "37000",
            "debtor.address.city": "Tours",
            "debtor.address.country": "FR",
        },
    )
    return Case("freelance_tool_fr", "freelancer's invoice from a free tool", texts, expected)


def ninth_cases() -> list[Case]:
    return [
        short_let_fr(),
        ota_commission_fr(),
        temp_agency_fr(),
        plant_hire_fr(),
        training_fr(),
        studio_us_en(),
        fatura_pt(),
        saas_se_en(),
        printer_fr(),
        freelance_tool_fr(),
    ]
