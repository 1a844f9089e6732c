"""The real-shaped kinds added sixth, each laid out as one more kind of issuer lays out its
invoices: a Sage 100-like invoice with the delivery and billing addresses side by side, a
public water utility's bill, a Belgian firm's invoice with a structured communication, a Swiss
invoice in francs with its QR-bill receipt, a webshop's order invoice, an insurer's premium
notice, a Dutch factuur, a wholesaler's invoice at two VAT rates with a VAT summary table, a
garage's repair invoice and a lawyer's fee note with a retainer already paid.

What they bring that the earlier kinds did not: a delivery block printed before the billing
one, a subscriber's service address and meter readings in m³, "Montant à payer" and "Date
limite de paiement", "+++123/4567/89012+++", amounts in CHF written "4'594.25" and a Swiss
VAT number, an order number "#1042" beside another invoice number, a contract number and an
"échéance" that is the period's start, Dutch labels and a Dutch postcode, two VAT rates
summed up in a table with its own total row, a mileage and a registration number among the
amounts, a retainer taken off the fees. All names, numbers and amounts are invented.
"""

from __future__ import annotations

from tests.ocr.hard import Case, Text
from tests.ocr.real_shaped import _column, _eu_vat, _expected, _siret
from tests.ocr.specs import spaced_siret, vat_of


def sage_addresses_fr() -> Case:
    """A Sage 100-like invoice (Gestion commerciale): the seller's block top left, a boxed header
    row "N° pièce | Date | Code client | Page", then "Adresse de livraison" on the left and
    "Adresse de facturation" on the right (the debtor is the billing one), a lines table with a
    reference column, "Total HT", "Total TVA", "Total TTC", "Net à payer" and "Échéance(s)"."""
    siret, buyer = _siret("sage-fr"), _siret("sage-fr-buyer")
    texts = [
        Text(20, 18, "DISTRIBUTION MATÉRIAUX PERRIN", 12, True),
        *_column(
            20,
            24,
            ["ZI des Vignes - 7 rue Ampère", "71100 Chalon-sur-Saône", "Tél. 03 85 00 41 41"],
            size=8,
        ),
        Text(190, 18, "FACTURE", 16, True, True),
        Text(110, 40, "N° pièce", 8, True),
        Text(135, 40, "Date", 8, True),
        Text(158, 40, "Code client", 8, True),
        Text(182, 40, "Page", 8, True),
        Text(110, 45, "FA012874", 9),
        Text(135, 45, "17/11/2026", 9),
        Text(158, 45, "CBAT0042", 9),
        Text(182, 45, "1", 9),
        Text(20, 58, "Adresse de livraison", 8, True),
        *_column(
            20,
            63,
            ["CHANTIER RÉSIDENCE LES SAULES", "Lot 4 - chemin des Saules", "71530 Crissey"],
            size=9,
        ),
        Text(115, 58, "Adresse de facturation", 8, True),
        *_column(
            115,
            63,
            ["BATI CONSTRUCT BOURGOGNE SAS", "Service comptabilité", "3 avenue Boucicaut"],
            size=9,
        ),
        Text(115, 76.8, "71100 Chalon-sur-Saône", 9),
        Text(115, 81.4, f"N° TVA intracom. : {vat_of(buyer)}", 9),
        Text(20, 96, "Référence", 8, True),
        Text(45, 96, "Désignation", 8, True),
        Text(125, 96, "Qté", 8, True, True),
        Text(148, 96, "P.U. HT", 8, True, True),
        Text(160, 96, "TVA", 8, True, True),
        Text(190, 96, "Montant HT", 8, True, True),
    ]
    rows = [
        ("PLA-BA13", "Plaque de plâtre BA13 2,50 x 1,20", "120", "7,85", "942,00"),
        ("RAIL-48", "Rail métallique 48 mm 3 m", "60", "3,40", "204,00"),
        ("LIV-PL", "Livraison plateau grue", "1", "95,00", "95,00"),
    ]
    for i, (ref, item, qty, unit, amount) in enumerate(rows):
        y = 103 + 6 * i
        texts += [
            Text(20, y, ref, 8),
            Text(45, y, item, 8),
            Text(125, y, qty, 8, right=True),
            Text(148, y, unit, 8, right=True),
            Text(160, y, "1", 8, right=True),
            Text(190, y, amount, 8, right=True),
        ]
    texts += [
        Text(20, 130, "Code", 7, True),
        Text(35, 130, "Base HT", 7, True),
        Text(60, 130, "Taux", 7, True),
        Text(80, 130, "Montant TVA", 7, True),
        Text(20, 135, "1", 8),
        Text(35, 135, "1 241,00", 8),
        Text(60, 135, "20,00", 8),
        Text(80, 135, "248,20", 8),
        Text(130, 130, "Total HT", 9),
        Text(190, 130, "1 241,00", 9, right=True),
        Text(130, 136, "Total TVA", 9),
        Text(190, 136, "248,20", 9, right=True),
        Text(130, 142, "Total TTC", 9),
        Text(190, 142, "1 489,20", 9, right=True),
        Text(130, 149, "Net à payer EUR", 10, True),
        Text(190, 149, "1 489,20", 10, True, True),
        Text(20, 150, "Échéance(s) : 31/12/2026 LCR directe 1 489,20", 8),
        Text(
            20,
            280,
            f"SAS Distribution Matériaux Perrin au capital de 150 000 € - SIRET "
            f"{spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FA012874"],
            "invoice.issue_date": "2026-11-17",
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "1241.00",
            "invoice.tax_amount": "248.20",
            "invoice.amount": "1489.20",
            "seller.siret": siret,
            "debtor.company_name": "BATI CONSTRUCT BOURGOGNE SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "3 avenue Boucicaut",
            "debtor.address.postal_code": "71100",
            "debtor.address.city": "Chalon-sur-Saône",
            "debtor.address.country": "FR",
        },
    )
    return Case("sage_addresses_fr", "Sage-like: delivery block before billing", texts, expected)


def water_bill_fr() -> Case:
    """A public water utility's bill (a régie des eaux): "Facture d'eau n° …" and "du …", the
    subscriber's reference, the service address ("Adresse de desserte") beside the mailing
    one, meter readings in m³, water at 5,5 % and sewage at 10 %, "Montant à payer" in a box
    and "Date limite de paiement"."""
    siret = _siret("water-fr")
    texts = [
        Text(20, 18, "RÉGIE DES EAUX DU VAL D'OUCHE", 12, True),
        *_column(
            20, 24, ["Service public de l'eau", "1 place de la Mairie", "21360 Bligny"], size=8
        ),
        Text(20, 42, "Facture d'eau n° 2026-0048812", 11, True),
        Text(20, 48, "du 04/11/2026", 9),
        Text(20, 53, "Référence abonné : 000317-02", 8),
        Text(20, 60, "Adresse de desserte", 8, True),
        *_column(20, 65, ["Lieu-dit Les Combes", "21360 Lusigny-sur-Ouche"], size=8),
        *_column(
            115,
            45,
            ["GAEC DES COMBES", "M. Pierre Jobard", "2 rue de l'Église", "21360 Lusigny-sur-Ouche"],
        ),
        Text(20, 82, "Montant à payer", 12, True),
        Text(100, 82, "174,21 €", 12, True, True),
        Text(20, 88, "Date limite de paiement : 25/11/2026", 9, True),
        Text(20, 100, "Relevé du compteur n° 09K512344", 9, True),
        Text(20, 106, "Ancien index (12/05/2026) : 1 254 m³", 8),
        Text(20, 111, "Nouvel index (21/10/2026) : 1 302 m³", 8),
        Text(20, 116, "Consommation : 48 m³", 8),
        Text(20, 126, "Détail", 9, True),
        Text(120, 126, "Montant HT", 8, True, True),
        Text(145, 126, "Taux TVA", 8, True, True),
        Text(170, 126, "TVA", 8, True, True),
        Text(190, 126, "TTC", 8, True, True),
    ]
    rows = [
        ("Distribution de l'eau potable (48 m³ x 2,05)", "98,40", "5,5 %", "5,41", "103,81"),
        ("Collecte et traitement des eaux usées", "64,00", "10 %", "6,40", "70,40"),
    ]
    for i, (item, base, rate, tax, gross) in enumerate(rows):
        y = 132 + 6 * i
        texts += [
            Text(20, y, item, 8),
            Text(120, y, base, 8, right=True),
            Text(145, y, rate, 8, right=True),
            Text(170, y, tax, 8, right=True),
            Text(190, y, gross, 8, right=True),
        ]
    texts += [
        Text(20, 150, "Total de la facture", 9, True),
        Text(120, 150, "162,40", 9, True, True),
        Text(170, 150, "11,81", 9, True, True),
        Text(190, 150, "174,21", 9, True, True),
        Text(20, 166, "Paiement par TIP, chèque, carte bancaire ou prélèvement.", 8),
        Text(20, 171, "Prochaine relève prévue en avril 2027.", 8),
        Text(20, 282, f"Régie des eaux du Val d'Ouche - SIRET {spaced_siret(siret)}", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-0048812"],
            "invoice.issue_date": "2026-11-04",
            "invoice.due_date": "2026-11-25",
            "invoice.amount_before_tax": "162.40",
            "invoice.tax_amount": "11.81",
            "invoice.amount": "174.21",
            "seller.siret": siret,
            "debtor.company_name": "GAEC DES COMBES",
            "debtor.address.line1": "2 rue de l'Église",
            "debtor.address.postal_code": "21360",
            "debtor.address.city": "Lusigny-sur-Ouche",
            "debtor.address.country": "FR",
        },
    )
    return Case("water_bill_fr", "water bill: Montant à payer, date limite", texts, expected)


def structured_be() -> Case:
    """A Belgian firm's invoice in French: "Facture n°" and "Date" on the right, "Échéance" as
    a date, the customer's enterprise number as "TVA BE 0xxx.xxx.xxx", amounts "1.250,00",
    "Total HTVA", "TVA 21 %", "Total TVAC", and the structured communication
    "+++123/4567/89012+++" to quote with the transfer."""
    seller_vat = _eu_vat("BE", "06281374")
    buyer_vat = _eu_vat("BE", "04428815")
    dotted = f"{buyer_vat[:2]} {buyer_vat[2:6]}.{buyer_vat[6:9]}.{buyer_vat[9:]}"
    texts = [
        Text(20, 18, "Lumen & Fils SRL", 13, True),
        *_column(
            20,
            24,
            [
                "Bureau d'études techniques",
                "Quai de Rome 31",
                "4000 Liège",
                f"TVA {seller_vat[:2]} {seller_vat[2:6]}.{seller_vat[6:9]}.{seller_vat[9:]}",
            ],
            size=8,
        ),
        *_column(
            115,
            44,
            ["Menuiserie Lambert SPRL", "Rue Saint-Gilles 58", "4000 Liège", "Belgique"],
        ),
        Text(115, 63, f"TVA {dotted}", 9),
        Text(20, 80, "FACTURE", 15, True),
        *_column(20, 88, ["Facture n° :", "Date :", "Échéance :", "Votre référence :"], size=9),
        *_column(55, 88, ["2026/0193", "09/11/2026", "09/12/2026", "Atelier Ans"], size=9),
        Text(20, 114, "Description", 8, True),
        Text(150, 114, "Heures", 8, True, True),
        Text(190, 114, "Montant", 8, True, True),
        Text(20, 120, "Étude de stabilité - extension atelier", 9),
        Text(150, 120, "14", 9, right=True),
        Text(190, 120, "1.190,00", 9, right=True),
        Text(20, 126, "Plans d'exécution", 9),
        Text(150, 126, "6", 9, right=True),
        Text(190, 126, "510,00", 9, right=True),
        Text(130, 140, "Total HTVA", 9),
        Text(190, 140, "1.700,00 €", 9, right=True),
        Text(130, 146, "TVA 21 %", 9),
        Text(190, 146, "357,00 €", 9, right=True),
        Text(130, 153, "Total TVAC", 10, True),
        Text(190, 153, "2.057,00 €", 10, True, True),
        Text(
            20,
            168,
            "Merci de verser le montant de 2.057,00 € sur le compte BE68 5390 0754 7034",
            9,
        ),
        Text(20, 173, "avec la communication structurée +++123/4567/89012+++", 9),
        Text(20, 280, "Lumen & Fils SRL - RPM Liège - info@lumen-fils.be - +32 4 220 00 00", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026/0193"],
            "invoice.issue_date": "2026-11-09",
            "invoice.due_date": "2026-12-09",
            "invoice.amount_before_tax": "1700.00",
            "invoice.tax_amount": "357.00",
            "invoice.amount": "2057.00",
            "debtor.company_name": "Menuiserie Lambert SPRL",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Rue Saint-Gilles 58",
            "debtor.address.postal_code": "4000",
            "debtor.address.city": "Liège",
            "debtor.address.country": "BE",
        },
    )
    return Case("structured_be", "Belgian invoice, structured communication", texts, expected)


def swiss_chf() -> Case:
    """A Swiss invoice in francs (Geneva, in French): the seller's "CHE-… TVA" number, the
    customer in Lausanne, "Facture N°", dates "dd.mm.yyyy", amounts "4'250.00", "TVA 8,1 %",
    "Total CHF", "Payable dans les 30 jours", and the QR-bill receipt at the foot of the page
    ("Récépissé", "Compte / Payable à", "Payable par", "Monnaie CHF", "Montant")."""
    texts = [
        Text(20, 18, "ATELIER FAVRE SA", 13, True),
        *_column(
            20,
            24,
            ["Mécanique de précision", "Rue du Rhône 14", "1204 Genève", "CHE-116.281.710 TVA"],
            size=8,
        ),
        *_column(115, 44, ["Horlogerie Besson Sàrl", "Avenue de la Gare 9", "1003 Lausanne"]),
        Text(115, 57.8, "Suisse", 10),
        Text(20, 76, "Facture N° 2026-1187", 13, True),
        Text(20, 83, "Date de facture : 06.11.2026", 9),
        Text(20, 88, "Échéance : 06.12.2026", 9),
        Text(20, 100, "Désignation", 8, True),
        Text(130, 100, "Quantité", 8, True, True),
        Text(160, 100, "Prix CHF", 8, True, True),
        Text(190, 100, "Total CHF", 8, True, True),
        Text(20, 106, "Platines usinées série 14B", 9),
        Text(130, 106, "250", 9, right=True),
        Text(160, 106, "15.00", 9, right=True),
        Text(190, 106, "3'750.00", 9, right=True),
        Text(20, 112, "Réglage et contrôle", 9),
        Text(130, 112, "1", 9, right=True),
        Text(160, 112, "500.00", 9, right=True),
        Text(190, 112, "500.00", 9, right=True),
        Text(130, 126, "Sous-total", 9),
        Text(190, 126, "4'250.00", 9, right=True),
        Text(130, 132, "TVA 8,1 %", 9),
        Text(190, 132, "344.25", 9, right=True),
        Text(130, 139, "Total CHF", 10, True),
        Text(190, 139, "4'594.25", 10, True, True),
        Text(20, 152, "Payable dans les 30 jours, net.", 9),
        Text(20, 200, "Récépissé", 11, True),
        *_column(
            20,
            208,
            ["Compte / Payable à", "CH44 3199 9123 0008 8901 2", "Atelier Favre SA", "1204 Genève"],
            size=7,
        ),
        *_column(20, 230, ["Payable par", "Horlogerie Besson Sàrl", "1003 Lausanne"], size=7),
        Text(20, 248, "Monnaie", 7, True),
        Text(40, 248, "Montant", 7, True),
        Text(20, 253, "CHF", 8),
        Text(40, 253, "4 594.25", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-1187"],
            "invoice.issue_date": "2026-11-06",
            "invoice.due_date": "2026-12-06",
            "invoice.amount_before_tax": "4250.00",
            "invoice.tax_amount": "344.25",
            "invoice.amount": "4594.25",
            "invoice.currency": "CHF",
            "debtor.company_name": "Horlogerie Besson Sàrl",
            "debtor.address.line1": "Avenue de la Gare 9",
            "debtor.address.postal_code": "1003",
            "debtor.address.city": "Lausanne",
            "debtor.address.country": "CH",
        },
    )
    return Case("swiss_chf", "Swiss invoice in CHF with a QR-bill receipt", texts, expected)


def shop_order_en() -> Case:
    """A webshop's order invoice in English (Shopify-like, an order-printer template): "Order
    #1042" as the title, "Invoice no." with another number, "Order date" and "Invoice date",
    "Billing address" and "Shipping address" side by side, "Subtotal", "Shipping", "Total
    excl. VAT", "VAT 20%", "Total", paid by card."""
    texts = [
        Text(20, 20, "Maison Verveine", 16, True),
        *_column(20, 27, ["shop.maisonverveine.fr", "hello@maisonverveine.fr"], size=8),
        Text(190, 20, "Order #1042", 14, True, True),
        *_column(130, 30, ["Invoice no.", "Invoice date", "Order date"], size=9),
        *_column(190, 30, ["MV-INV-00731", "Nov 9, 2026", "Nov 7, 2026"], size=9, right=True),
        Text(20, 52, "Billing address", 9, True),
        *_column(
            20,
            57,
            ["Café Lumière SARL", "Ines Carvalho", "11 rue des Capucins", "69001 Lyon", "France"],
            size=9,
        ),
        Text(115, 52, "Shipping address", 9, True),
        *_column(
            115,
            57,
            ["Ines Carvalho", "Café Lumière - réserve", "4 impasse Fernand Rey", "69001 Lyon"],
            size=9,
        ),
        Text(115, 75.4, "France", 9),
        Text(20, 92, "Item", 8, True),
        Text(130, 92, "Qty", 8, True, True),
        Text(160, 92, "Price", 8, True, True),
        Text(190, 92, "Total", 8, True, True),
        Text(20, 98, "Verveine séchée bio - sachet 1 kg", 9),
        Text(130, 98, "6", 9, right=True),
        Text(160, 98, "€28.00", 9, right=True),
        Text(190, 98, "€168.00", 9, right=True),
        Text(20, 104, "Coffret infusions découverte", 9),
        Text(130, 104, "4", 9, right=True),
        Text(160, 104, "€18.00", 9, right=True),
        Text(190, 104, "€72.00", 9, right=True),
        Text(130, 118, "Subtotal", 9),
        Text(190, 118, "€240.00", 9, right=True),
        Text(130, 124, "Shipping", 9),
        Text(190, 124, "€9.90", 9, right=True),
        Text(130, 130, "Total excl. VAT", 9),
        Text(190, 130, "€208.25", 9, right=True),
        Text(130, 136, "VAT 20% (included)", 9),
        Text(190, 136, "€41.65", 9, right=True),
        Text(130, 143, "Total", 10, True),
        Text(190, 143, "€249.90", 10, True, True),
        Text(20, 158, "Paid on Nov 7, 2026 with Visa ending in 4242.", 9),
        Text(20, 164, "Questions? Contact us at hello@maisonverveine.fr", 8),
        Text(20, 280, "Maison Verveine SAS - 9 quai Saint-Vincent, 69001 Lyon", 7),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["MV-INV-00731"],
            "invoice.issue_date": "2026-11-09",
            "invoice.amount_before_tax": "208.25",
            "invoice.tax_amount": "41.65",
            "invoice.amount": "249.90",
            "debtor.company_name": "Café Lumière SARL",
            "debtor.address.line1": "11 rue des Capucins",
            "debtor.address.postal_code": "69001",
            "debtor.address.city": "Lyon",
            "debtor.address.country": "FR",
        },
    )
    return Case(
        "shop_order_en", "webshop order invoice: Order # beside Invoice no.", texts, expected
    )


def insurance_notice_fr() -> Case:
    """An insurer's premium notice ("Avis d'échéance"): a contract number, "Échéance du
    01/01/2027" naming the period's start, "Période du … au …", the notice's own number and
    date of issue, "Prime HT", "Taxe sur les conventions d'assurance 9 %", "Total à payer" and
    "À régler avant le"."""
    siret = _siret("insurance-fr")
    texts = [
        Text(20, 18, "MUTUELLE DES ARTISANS DE L'OUEST", 12, True),
        *_column(20, 24, ["Assurances professionnelles", "BP 4120 - 44041 Nantes Cedex 1"], size=8),
        *_column(115, 42, ["SARL Boulangerie Hamon", "14 place du Bouffay", "44000 Nantes"]),
        Text(20, 64, "AVIS D'ÉCHÉANCE", 14, True),
        *_column(
            20,
            72,
            [
                "Avis n° : AE-2026-771204",
                "Émis le : 15/11/2026",
                "Contrat n° : MRP-0048812-03 (multirisque professionnelle)",
                "Échéance du 01/01/2027",
                "Période du 01/01/2027 au 31/12/2027",
            ],
            size=9,
        ),
        Text(20, 104, "Détail de la cotisation", 9, True),
        Text(20, 111, "Garanties incendie, dégâts des eaux, vol", 8),
        Text(190, 111, "842,00 €", 8, right=True),
        Text(20, 116, "Responsabilité civile professionnelle", 8),
        Text(190, 116, "338,00 €", 8, right=True),
        Text(20, 121, "Frais de gestion", 8),
        Text(190, 121, "12,00 €", 8, right=True),
        Text(130, 134, "Prime HT", 9),
        Text(190, 134, "1 192,00 €", 9, right=True),
        Text(110, 140, "Taxe sur les conventions d'assurance 9 %", 9),
        Text(190, 140, "107,28 €", 9, right=True),
        Text(130, 147, "Total à payer", 10, True),
        Text(190, 147, "1 299,28 €", 10, True, True),
        Text(20, 160, "À régler avant le 01/01/2027 par prélèvement ou virement.", 9),
        Text(20, 166, "Franchise : 300,00 € par sinistre. Capital assuré : 250 000,00 €.", 8),
        Text(
            20,
            280,
            f"Mutuelle des Artisans de l'Ouest - entreprise régie par le Code des assurances - "
            f"SIRET {spaced_siret(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["AE-2026-771204"],
            "invoice.issue_date": "2026-11-15",
            "invoice.due_date": "2027-01-01",
            "invoice.amount_before_tax": "1192.00",
            "invoice.tax_amount": "107.28",
            "invoice.amount": "1299.28",
            "seller.siret": siret,
            "debtor.company_name": "SARL Boulangerie Hamon",
            "debtor.address.line1": "14 place du Bouffay",
            "debtor.address.postal_code": "44000",
            "debtor.address.city": "Nantes",
            "debtor.address.country": "FR",
        },
    )
    return Case("insurance_notice_fr", "insurer's avis d'échéance", texts, expected)


def factuur_nl() -> Case:
    """A Dutch factuur (Moneybird-like): "Factuur", "Factuurnummer", "Factuurdatum" and
    "Vervaldatum" as "dd-mm-yyyy", the customer with a Dutch postcode "1017 GC Amsterdam" and
    its "BTW-nummer", "Subtotaal", "BTW 21%", "Totaal", "Te betalen" and the KvK number."""
    seller_vat = "NL859221477B01"
    buyer_vat = "NL004495445B01"
    texts = [
        Text(20, 18, "Studio Noordlicht", 14, True),
        *_column(
            20,
            25,
            [
                "Prinsengracht 412",
                "1016 HX Amsterdam",
                "KvK 70412388",
                f"BTW-nummer {seller_vat}",
            ],
            size=8,
        ),
        *_column(
            115,
            44,
            [
                "Bakkerij De Molen B.V.",
                "t.a.v. de administratie",
                "Kerkstraat 12",
                "1017 GC Amsterdam",
            ],
        ),
        Text(115, 62.4, f"BTW-nummer: {buyer_vat}", 9),
        Text(20, 80, "Factuur", 16, True),
        *_column(20, 88, ["Factuurnummer", "Factuurdatum", "Vervaldatum"], size=9),
        *_column(60, 88, ["2026-0412", "10-11-2026", "24-11-2026"], size=9),
        Text(20, 108, "Omschrijving", 8, True),
        Text(130, 108, "Aantal", 8, True, True),
        Text(160, 108, "Prijs", 8, True, True),
        Text(190, 108, "Bedrag", 8, True, True),
        Text(20, 114, "Fotografie productlijn najaar", 9),
        Text(130, 114, "1", 9, right=True),
        Text(160, 114, "€ 950,00", 9, right=True),
        Text(190, 114, "€ 950,00", 9, right=True),
        Text(20, 120, "Nabewerking beelden", 9),
        Text(130, 120, "5", 9, right=True),
        Text(160, 120, "€ 50,00", 9, right=True),
        Text(190, 120, "€ 250,00", 9, right=True),
        Text(130, 134, "Subtotaal", 9),
        Text(190, 134, "€ 1.200,00", 9, right=True),
        Text(130, 140, "BTW 21%", 9),
        Text(190, 140, "€ 252,00", 9, right=True),
        Text(130, 147, "Totaal", 10, True),
        Text(190, 147, "€ 1.452,00", 10, True, True),
        Text(
            20,
            162,
            "Wij verzoeken u het bedrag van € 1.452,00 vóór 24-11-2026 over te maken",
            9,
        ),
        Text(20, 167, "op NL91 ABNA 0417 1643 00 o.v.v. factuurnummer 2026-0412.", 9),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-0412"],
            "invoice.issue_date": "2026-11-10",
            "invoice.due_date": "2026-11-24",
            "invoice.amount_before_tax": "1200.00",
            "invoice.tax_amount": "252.00",
            "invoice.amount": "1452.00",
            "debtor.company_name": "Bakkerij De Molen B.V.",
            "debtor.vat_number": buyer_vat,
            "debtor.address.line1": "Kerkstraat 12",
            "debtor.address.postal_code": "1017 GC",
            "debtor.address.city": "Amsterdam",
            "debtor.address.country": "NL",
        },
    )
    return Case("factuur_nl", "Dutch factuur", texts, expected)


def two_rates_summary_fr() -> Case:
    """A food wholesaler's invoice at two VAT rates: each line's rate in a column, a VAT summary
    table "Taux | Base HT | TVA | TTC" with a row per rate and its own total row, then "Total
    HT", "Total TVA", "Total TTC" and "Net à payer", "Date d'échéance" under "Conditions"."""
    siret, buyer = _siret("two-rates-fr"), _siret("two-rates-fr-buyer")
    texts = [
        Text(20, 18, "Comptoir des Saveurs", 13, True),
        *_column(
            20,
            24,
            ["Épicerie fine en gros", "MIN de Rungis - Bât. C3", "94150 Rungis"],
            size=8,
        ),
        Text(190, 18, "FACTURE N° 26110457", 12, True, True),
        Text(190, 24, "Date : 19/11/2026", 9, right=True),
        Text(115, 40, "Client", 8, True),
        *_column(
            115,
            45,
            ["Le Bistrot du Canal SAS", "52 quai de Jemmapes", "75010 Paris", f"SIRET {buyer}"],
            size=9,
        ),
        Text(20, 74, "Désignation", 8, True),
        Text(120, 74, "Qté", 8, True, True),
        Text(145, 74, "P.U. HT", 8, True, True),
        Text(162, 74, "TVA", 8, True, True),
        Text(190, 74, "Montant HT", 8, True, True),
    ]
    rows = [
        ("Huile d'olive vierge extra 5 L", "10", "48,00", "5,5 %", "480,00"),
        ("Farine de meule T80 25 kg", "8", "40,00", "5,5 %", "320,00"),
        ("Vin rouge AOP (carton de 6)", "5", "50,00", "20 %", "250,00"),
    ]
    for i, (item, qty, unit, rate, amount) in enumerate(rows):
        y = 80 + 6 * i
        texts += [
            Text(20, y, item, 8),
            Text(120, y, qty, 8, right=True),
            Text(145, y, unit, 8, right=True),
            Text(162, y, rate, 8, right=True),
            Text(190, y, amount, 8, right=True),
        ]
    texts += [
        Text(20, 108, "Récapitulatif TVA", 8, True),
        Text(20, 113, "Taux", 8, True),
        Text(55, 113, "Base HT", 8, True, True),
        Text(80, 113, "TVA", 8, True, True),
        Text(105, 113, "TTC", 8, True, True),
        Text(20, 118, "5,5 %", 8),
        Text(55, 118, "800,00", 8, right=True),
        Text(80, 118, "44,00", 8, right=True),
        Text(105, 118, "844,00", 8, right=True),
        Text(20, 123, "20 %", 8),
        Text(55, 123, "250,00", 8, right=True),
        Text(80, 123, "50,00", 8, right=True),
        Text(105, 123, "300,00", 8, right=True),
        Text(20, 128, "Total", 8, True),
        Text(55, 128, "1 050,00", 8, True, True),
        Text(80, 128, "94,00", 8, True, True),
        Text(105, 128, "1 144,00", 8, True, True),
        Text(135, 113, "Total HT", 9),
        Text(190, 113, "1 050,00 €", 9, right=True),
        Text(135, 119, "Total TVA", 9),
        Text(190, 119, "94,00 €", 9, right=True),
        Text(135, 125, "Total TTC", 9),
        Text(190, 125, "1 144,00 €", 9, right=True),
        Text(135, 132, "Net à payer", 10, True),
        Text(190, 132, "1 144,00 €", 10, True, True),
        Text(20, 145, "Conditions", 8, True),
        Text(20, 150, "Date d'échéance : 19/12/2026 - virement à 30 jours", 8),
        Text(
            20,
            280,
            f"Comptoir des Saveurs SARL - SIRET {siret} - TVA {vat_of(siret)} - RCS Créteil",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["26110457"],
            "invoice.issue_date": "2026-11-19",
            "invoice.due_date": "2026-12-19",
            "invoice.amount_before_tax": "1050.00",
            "invoice.tax_amount": "94.00",
            "invoice.amount": "1144.00",
            "seller.siret": siret,
            "debtor.company_name": "Le Bistrot du Canal SAS",
            "debtor.siret": buyer,
            "debtor.address.line1": "52 quai de Jemmapes",
            "debtor.address.postal_code": "75010",
            "debtor.address.city": "Paris",
            "debtor.address.country": "FR",
        },
    )
    return Case("two_rates_summary_fr", "two VAT rates and a summary table", texts, expected)


def garage_fr() -> Case:
    """A garage's repair invoice: "Ordre de réparation n°" beside the invoice number, the
    vehicle's registration, "Kilométrage : 84 512 km" and first registration date, parts and
    labour in two sub-totals, "Total HT", "TVA 20 %", "Total TTC", "Payable à réception"."""
    siret = _siret("garage-fr")
    texts = [
        Text(20, 18, "GARAGE DU CENTRE", 14, True),
        *_column(
            20,
            25,
            ["Mécanique - carrosserie - agréé toutes marques", "5 route de Vannes", "56000 Vannes"],
            size=8,
        ),
        Text(115, 18, "FACTURE N° 26-1187", 12, True),
        *_column(
            115,
            25,
            ["Ordre de réparation n° OR-4471", "Date : 18/11/2026"],
            size=9,
        ),
        *_column(115, 44, ["TRANSPORTS VIDAL SARL", "ZA de Kerluherne", "56400 Auray"]),
        Text(20, 66, "Véhicule", 8, True),
        *_column(
            20,
            71,
            [
                "Renault Master 2.3 dCi 135",
                "Immatriculation : GH-412-KL",
                "Kilométrage : 84 512 km",
                "1re mise en circulation : 12/03/2019",
            ],
            size=8,
        ),
        Text(20, 96, "Désignation", 8, True),
        Text(130, 96, "Qté", 8, True, True),
        Text(160, 96, "P.U. HT", 8, True, True),
        Text(190, 96, "Montant HT", 8, True, True),
    ]
    rows = [
        ("Kit distribution + pompe à eau", "1", "268,40", "268,40"),
        ("Liquide de refroidissement 5 L", "1", "44,00", "44,00"),
        ("Main d'œuvre (taux T2)", "2,5", "68,00", "170,00"),
    ]
    for i, (item, qty, unit, amount) in enumerate(rows):
        y = 102 + 6 * i
        texts += [
            Text(20, y, item, 8),
            Text(130, y, qty, 8, right=True),
            Text(160, y, unit, 8, right=True),
            Text(190, y, amount, 8, right=True),
        ]
    texts += [
        Text(20, 126, "Total pièces HT", 8),
        Text(75, 126, "312,40", 8, right=True),
        Text(20, 131, "Total main d'œuvre HT", 8),
        Text(75, 131, "170,00", 8, right=True),
        Text(130, 126, "Total HT", 9),
        Text(190, 126, "482,40 €", 9, right=True),
        Text(130, 132, "TVA 20 %", 9),
        Text(190, 132, "96,48 €", 9, right=True),
        Text(130, 139, "Total TTC", 10, True),
        Text(190, 139, "578,88 €", 10, True, True),
        Text(20, 150, "Prochaine révision : 100 000 km ou 18/11/2027.", 8),
        Text(20, 155, "Payable à réception de facture.", 8),
        Text(
            20,
            280,
            f"Garage du Centre SARL - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["26-1187"],
            "invoice.issue_date": "2026-11-18",
            "invoice.due_date": "2026-11-18",
            "invoice.amount_before_tax": "482.40",
            "invoice.tax_amount": "96.48",
            "invoice.amount": "578.88",
            "seller.siret": siret,
            "debtor.company_name": "TRANSPORTS VIDAL SARL",
            "debtor.address.line1": "ZA de Kerluherne",
            "debtor.address.postal_code": "56400",
            "debtor.address.city": "Auray",
            "debtor.address.country": "FR",
        },
    )
    return Case("garage_fr", "garage invoice: repair order, mileage", texts, expected)


def lawyer_fees_fr() -> Case:
    """A lawyer's fee note: "NOTE D'HONORAIRES N° …", "Paris, le 20 novembre 2026", the case
    ("Dossier : …"), fees and costs, "Total HT", "TVA 20 %", "Total TTC", then "Provision
    reçue le …" taken off and "Reste à payer"; payable on receipt."""
    siret = _siret("lawyer-fr")
    texts = [
        Text(20, 18, "Maître Hélène Duval", 13, True),
        *_column(
            20,
            24,
            ["Avocat au Barreau de Paris", "18 rue de Miromesnil", "75008 Paris", "Toque C 1842"],
            size=8,
        ),
        Text(115, 48, "Société Grands Travaux du Sud SAS", 10),
        *_column(
            115, 52.6, ["À l'attention de M. Roche", "240 avenue du Prado", "13008 Marseille"]
        ),
        Text(115, 72, "Paris, le 20 novembre 2026", 9),
        Text(20, 84, "NOTE D'HONORAIRES N° 2026-118", 13, True),
        Text(20, 91, "Dossier : GTS c/ Immobilière Calanques - procédure au fond", 9),
        Text(20, 104, "Prestations", 8, True),
        Text(190, 104, "Montant HT", 8, True, True),
        Text(20, 110, "Honoraires (rédaction des conclusions, audience du 04/11/2026)", 8),
        Text(190, 110, "2 500,00 €", 8, right=True),
        Text(20, 115, "Frais de dossier et de déplacement", 8),
        Text(190, 115, "50,00 €", 8, right=True),
        Text(130, 128, "Total HT", 9),
        Text(190, 128, "2 550,00 €", 9, right=True),
        Text(130, 134, "TVA 20 %", 9),
        Text(190, 134, "510,00 €", 9, right=True),
        Text(130, 140, "Total TTC", 9, True),
        Text(190, 140, "3 060,00 €", 9, True, True),
        Text(110, 146, "Provision reçue le 02/10/2026", 9),
        Text(190, 146, "- 1 200,00 €", 9, right=True),
        Text(130, 153, "Reste à payer", 10, True),
        Text(190, 153, "1 860,00 €", 10, True, True),
        Text(20, 168, "Payable à réception. Règlement par virement CARPA ou chèque.", 8),
        Text(
            20,
            280,
            f"Hélène Duval, avocat - SIRET {spaced_siret(siret)} - TVA {vat_of(siret)}",
            7,
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-118"],
            "invoice.issue_date": "2026-11-20",
            "invoice.due_date": "2026-11-20",
            "invoice.amount_before_tax": "2550.00",
            "invoice.tax_amount": "510.00",
            "invoice.amount": "3060.00",
            "seller.siret": siret,
            "debtor.company_name": "Société Grands Travaux du Sud SAS",
            "debtor.address.line1": "240 avenue du Prado",
            "debtor.address.postal_code": "13008",
            "debtor.address.city": "Marseille",
            "debtor.address.country": "FR",
        },
    )
    return Case("lawyer_fees_fr", "lawyer's note d'honoraires, retainer paid", texts, expected)


def sixth_cases() -> list[Case]:
    return [
        sage_addresses_fr(),
        water_bill_fr(),
        structured_be(),
        swiss_chf(),
        shop_order_en(),
        insurance_notice_fr(),
        factuur_nl(),
        two_rates_summary_fr(),
        garage_fr(),
        lawyer_fees_fr(),
    ]
