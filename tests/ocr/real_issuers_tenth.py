"""The real-shaped kinds added tenth, each laid out as one more kind of document French SMEs
receive: an express courier's monthly invoice listing many shipments, a customs broker's
invoice with duties and import VAT advanced for the client ("débours"), a recruitment firm's
placement fee, a Québec studio's invoice in Canadian dollars, a Swiss firm's Rechnung in German
billed in euros, an engineering office's progress fee note ("Arrêtée la présente facture à la
somme de …"), a kitchen fitter's deposit invoice on a quote, a cleaning company's monthly
invoice with the client's SIRET under its name and the site beside it, a waste collector's
invoice with tonnages and a pollution tax, and a franchisor's royalty invoice computed on the
franchisee's declared turnover.

What they bring that the earlier kinds did not: a dozen dated rows whose waybill numbers look
like the invoice number, "Compte client" and a period; a "TVA import" line among the débours
and a "Total débours" added after the tax; a salary and a rate printed before the fee;
"No de facture", ISO dates, "Montréal (Québec) H2X 3J8", TPS/TVQ numbers and "Total (CAD)";
"Rechnungs-Nr.", "Zahlbar bis", "MWST-Nr. CHE-…", "Frankreich" and "EUR 3'250.00"; a contract's
amount, phases with their progress, "Déjà facturé" and the total in words; "Facture
d'acompte", the quote's amount beside the deposit's; "Facturé à" on the left with "SIRET :"
under the client and "Site d'intervention" on the right; tonnages with three decimals and
"TGAP"; a declared turnover far above the total. The batch is not part of `real_shaped.cases()`
(the suite reads a sample of it): `bench/ocr_accuracy.py --only real-tenth` reads it whole. All
names, numbers and amounts are invented.
"""

from __future__ import annotations

from tests.ocr.hard import Case, Text
from tests.ocr.real_issuers_ninth import _footer, _rows
from tests.ocr.real_shaped import _column, _expected, _siret
from tests.ocr.specs import spaced_siret, vat_of


def courier_fr() -> Case:
    """An express courier's monthly invoice (Chronopost/DHL-like): "Facture n°" with ten
    digits, a customer account and the month, then twelve dated shipments, each with a waybill
    number of as many digits, its destination and weight, "À régler avant le …"."""
    siret = _siret("courier-fr")
    shipments = [
        ("03/11/2026", "7741205113", "Lille (59)", "1,2 kg", "18,40"),
        ("04/11/2026", "7741205187", "Nantes (44)", "3,5 kg", "24,90"),
        ("05/11/2026", "7741205240", "Lyon (69)", "0,8 kg", "18,40"),
        ("09/11/2026", "7741205302", "Bastia (20)", "2,0 kg", "31,20"),
        ("10/11/2026", "7741205377", "Metz (57)", "1,1 kg", "18,40"),
        ("12/11/2026", "7741205419", "Genève (CH)", "4,2 kg", "46,75"),
        ("16/11/2026", "7741205488", "Tours (37)", "3,0 kg", "24,90"),
        ("17/11/2026", "7741205501", "Pau (64)", "0,5 kg", "18,40"),
        ("19/11/2026", "7741205563", "Bruxelles (BE)", "6,8 kg", "62,30"),
        ("23/11/2026", "7741205624", "Brest (29)", "2,9 kg", "24,90"),
        ("25/11/2026", "7741205690", "Dijon (21)", "0,9 kg", "18,40"),
        ("27/11/2026", "7741205738", "Ajaccio (20)", "1,7 kg", "31,20"),
    ]
    texts = [
        Text(20, 18, "RAPIDEX EXPRESS", 16, True),
        *_column(20, 25, ["Centre de facturation", "BP 40210", "94150 Rungis"], size=8),
        Text(190, 18, "FACTURE", 14, True, True),
        *_column(
            120,
            25,
            [
                "Facture n° 7741209904",
                "Date : 30/11/2026",
                "Compte client : 0048213377",
                "Période : novembre 2026",
            ],
            size=9,
        ),
        *_column(120, 48, ["Optique Lemaire SARL", "27 rue d'Isly", "51100 Reims"]),
        Text(20, 70, "Date", 8, True),
        Text(42, 70, "N° d'envoi", 8, True),
        Text(72, 70, "Destination", 8, True),
        Text(150, 70, "Poids", 8, True, True),
        Text(190, 70, "Montant HT", 8, True, True),
        *[
            t
            for i, (day, waybill, place, weight, amount) in enumerate(shipments)
            for t in (
                Text(20, 76 + 5 * i, day, 8),
                Text(42, 76 + 5 * i, waybill, 8),
                Text(72, 76 + 5 * i, place, 8),
                Text(150, 76 + 5 * i, weight, 8, right=True),
                Text(190, 76 + 5 * i, amount, 8, right=True),
            )
        ],
        Text(120, 140, "Total HT", 9),
        Text(190, 140, "338,15 €", 9, right=True),
        Text(120, 146, "TVA 20 %", 9),
        Text(190, 146, "67,63 €", 9, right=True),
        Text(120, 153, "Total TTC", 10, True),
        Text(190, 153, "405,78 €", 10, True, True),
        Text(20, 166, "À régler avant le 31/12/2026 par virement ou prélèvement.", 9),
        _footer("Rapidex Express SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["7741209904"],
            "invoice.issue_date": "2026-11-30",
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "338.15",
            "invoice.tax_amount": "67.63",
            "invoice.amount": "405.78",
            "seller.siret": siret,
            "debtor.company_name": "Optique Lemaire SARL",
            "debtor.address.line1": "27 rue d'Isly",
            "debtor.address.postal_code": "51100",
            "debtor.address.city": "Reims",
            "debtor.address.country": "FR",
        },
    )
    return Case("courier_fr", "courier's monthly invoice, many shipments", texts, expected)


def customs_broker_fr() -> Case:
    """A customs broker's invoice: its services with VAT, then the duties and the import VAT
    it advanced for the client ("Débours", outside VAT) added after the tax, the import
    declaration's number and the container's, "Net à payer", "Échéance"."""
    siret, buyer = _siret("customs-broker"), _siret("customs-broker-buyer")
    texts = [
        Text(20, 18, "Transit Normandie Douane", 14, True),
        *_column(
            20,
            24,
            ["Commissionnaire en douane agréé", "Quai de l'Europe", "76600 Le Havre"],
            size=8,
        ),
        Text(120, 44, "Client", 8, True),
        *_column(
            120,
            49,
            [
                "Comptoir des Épices SAS",
                "9 rue de la Verrerie",
                "76000 Rouen",
                f"TVA : {vat_of(buyer)}",
            ],
        ),
        Text(20, 44, "FACTURE N° TND-26-04418", 11, True),
        Text(20, 50, "Date : 20/11/2026", 9),
        Text(20, 55, "Échéance : 20/12/2026", 9),
        Text(20, 72, "DAU n° 26FR76000I0184452 du 16/11/2026 - conteneur MSKU 418220-7", 9),
        Text(20, 84, "Prestations", 8, True),
        Text(190, 84, "Montant HT", 8, True, True),
        *_rows(
            90,
            [
                ("Dédouanement import", "95,00"),
                ("Frais de dossier", "35,00"),
                ("Transport Le Havre - Rouen", "290,00"),
            ],
            (190,),
        ),
        Text(20, 110, "Débours (avancés pour votre compte, hors TVA)", 8, True),
        *_rows(
            116,
            [
                ("Droits de douane", "412,00"),
                ("TVA import", "824,00"),
            ],
            (190,),
        ),
        Text(120, 132, "Total prestations HT", 9),
        Text(190, 132, "420,00 €", 9, right=True),
        Text(120, 138, "TVA 20 %", 9),
        Text(190, 138, "84,00 €", 9, right=True),
        Text(120, 144, "Total débours", 9),
        Text(190, 144, "1 236,00 €", 9, right=True),
        Text(120, 151, "Net à payer", 10, True),
        Text(190, 151, "1 740,00 €", 10, True, True),
        _footer("Transit Normandie Douane SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["TND-26-04418"],
            "invoice.issue_date": "2026-11-20",
            "invoice.due_date": "2026-12-20",
            "invoice.amount_before_tax": "420.00",
            "invoice.tax_amount": "84.00",
            "invoice.amount": "1740.00",
            "seller.siret": siret,
            "debtor.company_name": "Comptoir des Épices SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "9 rue de la Verrerie",
            "debtor.address.postal_code": "76000",
            "debtor.address.city": "Rouen",
            "debtor.address.country": "FR",
        },
    )
    return Case("customs_broker_fr", "customs broker: débours after the tax", texts, expected)


def recruitment_fr() -> Case:
    """A recruitment firm's placement fee: the post, the candidate and the start date, the
    yearly gross salary and the rate printed before the fee, "Payable à réception"."""
    siret = _siret("recruitment-fr")
    texts = [
        Text(20, 18, "Talents & Cadres Conseil", 14, True),
        *_column(20, 24, ["Cabinet de recrutement", "40 rue Vivienne", "75002 Paris"], size=8),
        Text(120, 40, "Adresse de facturation", 8, True),
        *_column(
            120,
            45,
            [
                "Menuiseries Arlaud SA",
                "Direction des ressources humaines",
                "ZI des Plaines, 3 rue Ampère",
                "38300 Bourgoin-Jallieu",
            ],
        ),
        Text(20, 70, "FACTURE N° TC-2026-0214", 12, True),
        Text(20, 76, "Paris, le 13/11/2026", 9),
        Text(20, 88, "Mission : recrutement d'un(e) responsable commercial(e) grands comptes", 9),
        Text(20, 93, "Candidate retenue : Mme Julie Caron - prise de poste le 02/11/2026", 9),
        Text(20, 104, "Rémunération annuelle brute", 9),
        Text(190, 104, "52 000,00 €", 9, right=True),
        Text(20, 110, "Taux d'honoraires", 9),
        Text(190, 110, "20 %", 9, right=True),
        Text(20, 116, "Honoraires de recrutement", 9, True),
        Text(190, 116, "10 400,00 €", 9, right=True),
        Text(120, 130, "Total HT", 9),
        Text(190, 130, "10 400,00 €", 9, right=True),
        Text(120, 136, "TVA 20 %", 9),
        Text(190, 136, "2 080,00 €", 9, right=True),
        Text(120, 143, "Total TTC", 10, True),
        Text(190, 143, "12 480,00 €", 10, True, True),
        Text(20, 156, "Payable à réception de facture. Garantie de remplacement : 3 mois.", 9),
        _footer("Talents & Cadres Conseil SARL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["TC-2026-0214"],
            "invoice.issue_date": "2026-11-13",
            "invoice.due_date": "2026-11-13",
            "invoice.amount_before_tax": "10400.00",
            "invoice.tax_amount": "2080.00",
            "invoice.amount": "12480.00",
            "seller.siret": siret,
            "debtor.company_name": "Menuiseries Arlaud SA",
            "debtor.address.line1": "ZI des Plaines, 3 rue Ampère",
            "debtor.address.postal_code": "38300",
            "debtor.address.city": "Bourgoin-Jallieu",
            "debtor.address.country": "FR",
        },
    )
    return Case("recruitment_fr", "recruitment fee on a salary", texts, expected)


def studio_qc_fr() -> Case:
    """A Québec studio's invoice in French to a French client: "No de facture", ISO dates,
    "Montréal (Québec) H2X 3J8", its TPS and TVQ numbers, both taxes at zero on an exported
    service, amounts in "$" and "Total (CAD)"."""
    buyer = _siret("studio-qc-buyer")
    texts = [
        Text(20, 18, "Studio Boréal inc.", 14, True),
        *_column(
            20,
            24,
            [
                "1450, rue Saint-Denis",
                "Montréal (Québec) H2X 3J8",
                "Canada",
                "TPS : 812345678 RT0001 - TVQ : 1223344556 TQ0001",
            ],
            size=8,
        ),
        Text(190, 18, "FACTURE", 16, True, True),
        *_column(
            130,
            26,
            ["No de facture : 2026-118", "Date : 2026-11-12", "Échéance : 2026-12-12"],
            size=9,
        ),
        Text(20, 50, "Facturer à", 8, True),
        *_column(
            20,
            55,
            [
                "Éditions du Phare SAS",
                "11 rue Jacob",
                "75006 Paris",
                "France",
                f"TVA : {vat_of(buyer)}",
            ],
        ),
        Text(20, 86, "Description", 8, True),
        Text(150, 86, "Heures", 8, True, True),
        Text(190, 86, "Montant", 8, True, True),
        *_rows(
            92,
            [
                ("Animation 2D - bande-annonce", "40", "3 600,00 $"),
                ("Montage et habillage sonore", "15", "1 200,00 $"),
            ],
            (150, 190),
        ),
        *_column(130, 108, ["Sous-total", "TPS (5 %)", "TVQ (9,975 %)"], step=5.5, size=9),
        *_column(190, 108, ["4 800,00 $", "0,00 $", "0,00 $"], step=5.5, size=9, right=True),
        Text(130, 126, "Total (CAD)", 10, True),
        Text(190, 126, "4 800,00 $", 10, True, True),
        Text(20, 140, "Service exporté hors du Canada : détaxé (TPS/TVQ à 0 %).", 8),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["2026-118"],
            "invoice.issue_date": "2026-11-12",
            "invoice.due_date": "2026-12-12",
            "invoice.amount_before_tax": "4800.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "4800.00",
            "invoice.currency": "CAD",
            "debtor.company_name": "Éditions du Phare SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "11 rue Jacob",
            "debtor.address.postal_code": "75006",
            "debtor.address.city": "Paris",
            "debtor.address.country": "FR",
        },
    )
    return Case("studio_qc_fr", "Québec invoice in Canadian dollars", texts, expected)


def rechnung_ch_eur() -> Case:
    """A Swiss firm's Rechnung in German to a French client, billed in euros: "Rechnungs-Nr.",
    "Datum" and "Zahlbar bis" with dotted dates, the seller's "MWST-Nr. CHE-… MWST", the
    client's "USt-IdNr.", "Frankreich", Swiss amounts "EUR 3'250.00", an export at 0 %."""
    buyer = _siret("rechnung-ch-buyer")
    texts = [
        Text(20, 18, "Alpenlicht GmbH", 14, True),
        *_column(
            20,
            24,
            ["Bahnhofstrasse 12", "8001 Zürich", "Schweiz", "MWST-Nr. CHE-214.693.752 MWST"],
            size=8,
        ),
        *_column(
            20,
            50,
            [
                "Chocolaterie Dumas SAS",
                "14 rue Mercière",
                "69002 Lyon",
                "Frankreich",
                f"USt-IdNr.: {vat_of(buyer)}",
            ],
        ),
        *_column(
            130,
            50,
            ["Rechnungs-Nr.: R-2026-0457", "Datum: 10.11.2026", "Zahlbar bis: 10.12.2026"],
            size=9,
        ),
        Text(20, 82, "Rechnung", 14, True),
        Text(20, 92, "Beschreibung", 8, True),
        Text(150, 92, "Menge", 8, True, True),
        Text(190, 92, "Betrag", 8, True, True),
        *_rows(
            98,
            [
                ("LED-Vitrinenbeleuchtung, Set 24 Module", "2", "EUR 2'400.00"),
                ("Montage vor Ort (pauschal)", "1", "EUR 850.00"),
            ],
            (150, 190),
        ),
        *_column(130, 114, ["Zwischensumme", "MWST 0 % (Export)"], step=5.5, size=9),
        *_column(190, 114, ["EUR 3'250.00", "EUR 0.00"], step=5.5, size=9, right=True),
        Text(130, 127, "Total EUR", 10, True),
        Text(190, 127, "3'250.00", 10, True, True),
        Text(20, 142, "Zahlbar innert 30 Tagen netto. Besten Dank für Ihren Auftrag.", 8),
        Text(
            20, 282, "Alpenlicht GmbH - CHE-214.693.752 MWST - IBAN CH93 0076 2011 6238 5295 7", 7
        ),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["R-2026-0457"],
            "invoice.issue_date": "2026-11-10",
            "invoice.due_date": "2026-12-10",
            "invoice.amount_before_tax": "3250.00",
            "invoice.tax_amount": "0.00",
            "invoice.amount": "3250.00",
            "debtor.company_name": "Chocolaterie Dumas SAS",
            "debtor.vat_number": vat_of(buyer),
            "debtor.address.line1": "14 rue Mercière",
            "debtor.address.postal_code": "69002",
            "debtor.address.city": "Lyon",
            "debtor.address.country": "FR",
        },
    )
    return Case("rechnung_ch_eur", "Swiss Rechnung in German, billed in euros", texts, expected)


def engineering_fees_fr() -> Case:
    """An engineering office's progress fee invoice: the contract's amount, its phases with
    their share and progress, the cumulated fees, "Déjà facturé" naming two earlier invoices,
    the amount of this invoice, and "Arrêtée la présente facture à la somme de …" in words."""
    siret = _siret("engineering-fees")
    texts = [
        Text(20, 18, "BET Structures Garonne", 14, True),
        *_column(20, 24, ["Bureau d'études", "6 allées Jean Jaurès", "31000 Toulouse"], size=8),
        *_column(
            120,
            44,
            [
                "SCI Les Jardins d'Occitanie",
                "Chez Promogest",
                "2 place du Capitole",
                "31000 Toulouse",
            ],
        ),
        Text(20, 70, "FACTURE N° BE-2026-207", 12, True),
        Text(20, 76, "Date : 07/12/2026 - Échéance : 06/01/2027", 9),
        Text(
            20,
            84,
            "Marché : réhabilitation de 24 logements - montant des honoraires 48 000,00 € HT",
            9,
        ),
        Text(20, 94, "Phase", 8, True),
        Text(110, 94, "Montant phase", 8, True, True),
        Text(145, 94, "Avancement", 8, True, True),
        Text(190, 94, "Cumul HT", 8, True, True),
        *_rows(
            100,
            [
                ("ESQ - Esquisse", "4 800,00", "100 %", "4 800,00"),
                ("APS - Avant-projet sommaire", "7 200,00", "100 %", "7 200,00"),
                ("APD - Avant-projet définitif", "12 000,00", "50 %", "6 000,00"),
                ("PRO - Projet", "9 600,00", "0 %", "0,00"),
            ],
            (110, 145, 190),
        ),
        Text(100, 126, "Cumul des honoraires HT", 9),
        Text(190, 126, "18 000,00 €", 9, right=True),
        Text(100, 132, "Déjà facturé (BE-2026-151, BE-2026-176)", 9),
        Text(190, 132, "-12 000,00 €", 9, right=True),
        Text(100, 138, "Montant HT de la présente facture", 9, True),
        Text(190, 138, "6 000,00 €", 9, right=True),
        Text(100, 144, "TVA 20 %", 9),
        Text(190, 144, "1 200,00 €", 9, right=True),
        Text(100, 151, "Total TTC", 10, True),
        Text(190, 151, "7 200,00 €", 10, True, True),
        Text(
            20,
            164,
            "Arrêtée la présente facture à la somme de sept mille deux cents euros TTC.",
            9,
        ),
        _footer("BET Structures Garonne SARL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["BE-2026-207"],
            "invoice.issue_date": "2026-12-07",
            "invoice.due_date": "2027-01-06",
            "invoice.amount_before_tax": "6000.00",
            "invoice.tax_amount": "1200.00",
            "invoice.amount": "7200.00",
            "seller.siret": siret,
            "debtor.company_name": "SCI Les Jardins d'Occitanie",
            "debtor.address.line1": "2 place du Capitole",
            "debtor.address.postal_code": "31000",
            "debtor.address.city": "Toulouse",
            "debtor.address.country": "FR",
        },
    )
    return Case("engineering_fees_fr", "engineering progress fees, total in words", texts, expected)


def deposit_invoice_fr() -> Case:
    """A kitchen fitter's deposit invoice: "FACTURE D'ACOMPTE N° …", the quote's number, date
    and amount printed beside the deposit's rate and amount, "Acompte HT", the balance to be
    invoiced on delivery, "Règlement à réception"."""
    siret = _siret("deposit-invoice")
    texts = [
        Text(20, 18, "CUISINES ARNAUD", 15, True),
        *_column(
            20,
            25,
            ["Cuisines professionnelles", "15 avenue de Lattre", "06400 Cannes"],
            size=8,
        ),
        Text(120, 44, "Client", 8, True),
        *_column(120, 49, ["Le Bistrot du Suquet SAS", "3 rue Saint-Antoine", "06400 Cannes"]),
        Text(20, 68, "FACTURE D'ACOMPTE N° FA-2026-041", 12, True),
        Text(20, 74, "Date : 09/11/2026", 9),
        Text(20, 86, "Devis n° DV-2026-112 du 02/11/2026 accepté", 9),
        Text(20, 96, "Désignation", 8, True),
        Text(190, 96, "Montant HT", 8, True, True),
        *_rows(
            102,
            [
                ("Montant du devis (cuisine complète, pose comprise)", "18 400,00"),
                ("Acompte à la commande : 30 %", "5 520,00"),
            ],
            (190,),
        ),
        Text(120, 118, "Acompte HT", 9),
        Text(190, 118, "5 520,00 €", 9, right=True),
        Text(120, 124, "TVA 20 %", 9),
        Text(190, 124, "1 104,00 €", 9, right=True),
        Text(120, 131, "Total TTC", 10, True),
        Text(190, 131, "6 624,00 €", 10, True, True),
        Text(20, 144, "Règlement à réception. Le solde sera facturé à la livraison.", 9),
        _footer("Cuisines Arnaud SARL", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["FA-2026-041"],
            "invoice.issue_date": "2026-11-09",
            "invoice.due_date": "2026-11-09",
            "invoice.amount_before_tax": "5520.00",
            "invoice.tax_amount": "1104.00",
            "invoice.amount": "6624.00",
            "seller.siret": siret,
            "debtor.company_name": "Le Bistrot du Suquet SAS",
            "debtor.address.line1": "3 rue Saint-Antoine",
            "debtor.address.postal_code": "06400",
            "debtor.address.city": "Cannes",
            "debtor.address.country": "FR",
        },
    )
    return Case("deposit_invoice_fr", "deposit invoice on a quote", texts, expected)


def cleaning_fr() -> Case:
    """A cleaning company's monthly invoice: "Facturé à" on the left with the client's
    "SIRET :" under its address, "Site d'intervention" on the right with another address, the
    month's flat fee and a quarterly window cleaning, "Échéance" in a column of labels."""
    siret, buyer = _siret("cleaning-fr"), _siret("cleaning-fr-buyer")
    texts = [
        Text(20, 18, "Propreté Horizon", 15, True),
        *_column(
            20, 25, ["Nettoyage professionnel", "8 rue Lavoisier", "67200 Strasbourg"], size=8
        ),
        *_column(
            130,
            18,
            ["Facture N° PH-2611-0332", "Date : 30/11/2026", "Échéance : 31/12/2026"],
            size=9,
        ),
        Text(20, 44, "Facturé à", 8, True),
        *_column(
            20,
            49,
            [
                "Cabinet Médical Kléber SCM",
                "21 place Kléber",
                "67000 Strasbourg",
                f"SIRET : {spaced_siret(buyer)}",
            ],
        ),
        Text(120, 44, "Site d'intervention", 8, True),
        *_column(
            120, 49, ["Centre Kléber - 2e étage", "4 rue des Grandes Arcades", "67000 Strasbourg"]
        ),
        Text(20, 78, "Prestation", 8, True),
        Text(190, 78, "Montant HT", 8, True, True),
        *_rows(
            84,
            [
                ("Entretien des locaux - forfait mensuel novembre 2026", "1 850,00"),
                ("Vitrerie trimestrielle", "420,00"),
            ],
            (190,),
        ),
        Text(120, 100, "Total HT", 9),
        Text(190, 100, "2 270,00 €", 9, right=True),
        Text(120, 106, "TVA 20 %", 9),
        Text(190, 106, "454,00 €", 9, right=True),
        Text(120, 113, "Total TTC", 10, True),
        Text(190, 113, "2 724,00 €", 10, True, True),
        _footer("Propreté Horizon SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["PH-2611-0332"],
            "invoice.issue_date": "2026-11-30",
            "invoice.due_date": "2026-12-31",
            "invoice.amount_before_tax": "2270.00",
            "invoice.tax_amount": "454.00",
            "invoice.amount": "2724.00",
            "seller.siret": siret,
            "debtor.company_name": "Cabinet Médical Kléber SCM",
            "debtor.siret": buyer,
            "debtor.address.line1": "21 place Kléber",
            "debtor.address.postal_code": "67000",
            "debtor.address.city": "Strasbourg",
            "debtor.address.country": "FR",
        },
    )
    return Case("cleaning_fr", "cleaning contract, client SIRET under it", texts, expected)


def waste_fr() -> Case:
    """A waste collector's invoice: a skip's hire, its collections, the tonnage treated with
    three decimals at a price a tonne, the pollution tax ("TGAP") as a row subject to VAT, the
    client in the window with no label, a direct debit's date as the due date."""
    siret = _siret("waste-fr")
    texts = [
        Text(20, 18, "ÉCO-BENNES DU NORD", 14, True),
        *_column(
            20,
            24,
            ["Collecte et valorisation des déchets", "Rue de l'Épinette", "59113 Seclin"],
            size=8,
        ),
        *_column(120, 44, ["Bâti-Flandres SAS", "112 rue Nationale", "59000 Lille"]),
        Text(20, 64, "FACTURE N° EBN/26/11/0773", 12, True),
        Text(20, 70, "Date de facture : 30/11/2026", 9),
        Text(20, 75, "Chantier : Roubaix, 5 rue de l'Epeule - bon d'enlèvement n° 55128", 9),
        Text(20, 86, "Désignation", 8, True),
        Text(110, 86, "Quantité", 8, True, True),
        Text(145, 86, "Prix unitaire", 8, True, True),
        Text(190, 86, "Montant HT", 8, True, True),
        *_rows(
            92,
            [
                ("Location benne 30 m³ (novembre)", "1", "95,00", "95,00"),
                ("Enlèvement benne", "4", "145,00", "580,00"),
                ("Traitement DIB (t)", "12,480", "128,00", "1 597,44"),
                ("TGAP (t)", "12,480", "65,00", "811,20"),
            ],
            (110, 145, 190),
        ),
        Text(120, 118, "Total HT", 9),
        Text(190, 118, "3 083,64 €", 9, right=True),
        Text(120, 124, "TVA 20 %", 9),
        Text(190, 124, "616,73 €", 9, right=True),
        Text(120, 131, "Total TTC", 10, True),
        Text(190, 131, "3 700,37 €", 10, True, True),
        Text(20, 144, "Règlement par prélèvement SEPA le 15/12/2026.", 9),
        _footer("Éco-Bennes du Nord SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["EBN/26/11/0773"],
            "invoice.issue_date": "2026-11-30",
            "invoice.due_date": "2026-12-15",
            "invoice.amount_before_tax": "3083.64",
            "invoice.tax_amount": "616.73",
            "invoice.amount": "3700.37",
            "seller.siret": siret,
            "debtor.company_name": "Bâti-Flandres SAS",
            "debtor.address.line1": "112 rue Nationale",
            "debtor.address.postal_code": "59000",
            "debtor.address.city": "Lille",
            "debtor.address.country": "FR",
        },
    )
    return Case("waste_fr", "waste collection, tonnages and TGAP", texts, expected)


def franchise_fr() -> Case:
    """A franchisor's monthly royalty invoice: the franchisee under "Franchisé" with its shop
    number, the turnover it declared printed first, the royalty and the advertising fee as
    rates of it, "Date d'échéance"."""
    siret = _siret("franchise-fr")
    texts = [
        Text(20, 18, "Fournil & Compagnie", 15, True),
        *_column(
            20,
            25,
            ["Réseau de boulangeries franchisées", "Parc Everest, 3 rue Newton", "49000 Angers"],
            size=8,
        ),
        Text(120, 44, "Franchisé", 8, True),
        *_column(
            120,
            49,
            [
                "Boulangerie du Port SARL",
                "Magasin n° 118",
                "2 quai Duguay-Trouin",
                "35400 Saint-Malo",
            ],
        ),
        Text(20, 44, "FACTURE N° RF-2026-11-118", 11, True),
        Text(20, 50, "Date : 05/12/2026", 9),
        Text(20, 55, "Date d'échéance : 15/12/2026", 9),
        Text(20, 78, "Redevances du mois de novembre 2026", 9, True),
        Text(20, 84, "Chiffre d'affaires HT déclaré", 9),
        Text(190, 84, "84 320,00 €", 9, right=True),
        Text(20, 96, "Désignation", 8, True),
        Text(140, 96, "Taux", 8, True, True),
        Text(190, 96, "Montant HT", 8, True, True),
        *_rows(
            102,
            [
                ("Redevance d'exploitation", "5 %", "4 216,00"),
                ("Redevance publicitaire", "2 %", "1 686,40"),
            ],
            (140, 190),
        ),
        Text(120, 118, "Total HT", 9),
        Text(190, 118, "5 902,40 €", 9, right=True),
        Text(120, 124, "TVA 20 %", 9),
        Text(190, 124, "1 180,48 €", 9, right=True),
        Text(120, 131, "Total TTC", 10, True),
        Text(190, 131, "7 082,88 €", 10, True, True),
        _footer("Fournil & Compagnie SAS", siret),
    ]
    expected = _expected(
        **{
            "invoice.numbers": ["RF-2026-11-118"],
            "invoice.issue_date": "2026-12-05",
            "invoice.due_date": "2026-12-15",
            "invoice.amount_before_tax": "5902.40",
            "invoice.tax_amount": "1180.48",
            "invoice.amount": "7082.88",
            "seller.siret": siret,
            "debtor.company_name": "Boulangerie du Port SARL",
            "debtor.address.line1": "2 quai Duguay-Trouin",
            "debtor.address.postal_code": "35400",
            "debtor.address.city": "Saint-Malo",
            "debtor.address.country": "FR",
        },
    )
    return Case("franchise_fr", "franchise royalties on declared turnover", texts, expected)


def tenth_cases() -> list[Case]:
    return [
        courier_fr(),
        customs_broker_fr(),
        recruitment_fr(),
        studio_qc_fr(),
        rechnung_ch_eur(),
        engineering_fees_fr(),
        deposit_invoice_fr(),
        cleaning_fr(),
        waste_fr(),
        franchise_fr(),
    ]
