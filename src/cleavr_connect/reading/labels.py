"""The words invoices print before their values, as patterns on folded text (lower case, no
accents), and how much each kind of rule is trusted."""

from __future__ import annotations

import re

# "n." is the Italian "numero" ("Fattura n. 26/VE/004127").
# The Portuguese "n.º" folds to "n.o". On a scan Tesseract may read its ordinal as a 2 ("FATURA
# N.2 FT 2026/318"): "n.2" is that label only right before a series code and a number, and the
# numbers' rule then wants the code in capitals (`L_ORDINAL_READ_AS_2`); elsewhere "n.2" keeps
# its 2 ("Fattura n.2 del 03/11/2026" is invoice number 2).
_NO = (
    r"(?:n\s?[°º*o]\s?\.?|n\.\s?(?:[°º]|o\b)\.?|n\.2(?=\s[a-z]{2,4}\s+[a-z]{0,6}[\-/_.]?\d)"
    r"|n\.|no\b\.?|nr\b\.?|num(?:ero|ber)?\b\.?|#"
    r"|ref(?:erence)?\b\.?)"
)
# The document's name in the languages of the invoices users receive from EU suppliers too:
# Spanish "factura", Portuguese "fatura", Italian "fattura", German "Rechnung".
_DOC = r"(?:factures?|facturas?|faturas?|fatture|fattura|invoices?|rechnung)"
# What a utility's or a profession's document says it is: "Facture d'eau n°", "Note
# d'honoraires n°", an insurer's "Avis d'échéance n°".
_DOC_OF = (
    # A balance or a deposit invoice's "Facture de solde n°", "Facture d'acompte n°".
    r"(?:\s*d\s?'?\s*(?:eau|electricite|energie|acompte)|\s*de\s*(?:gaz|solde)|\s*rectificative)?"
    r"|notes?(?:\s*d\s?'?\s*honoraires)?|avis(?:\s*d\s?'?\s*echeance)?"
    # A landlord's "Appel de loyer n°", a co-ownership's "Appel de fonds n°".
    r"|appels?\s*de\s*(?:loyers?|fonds|charges|cotisations?)"
)
L_NUMBER = re.compile(
    rf"(?:{_DOC}{_DOC_OF}|avoirs?|credit\s*notes?|bills?|folio)\s*{_NO}"
    r"\s*(?:de\s*facture\s*)?[:.]?"
    rf"|{_NO}\s*(?:de\s*(?:la\s*)?)?{_DOC}\b\s*[:.]?"
    rf"|{_DOC}\s*:"
    # "Rechnungsnummer", "Rechnungs-Nr.", and a public body's "Titre n°" (its receipt order).
    r"|rechnungs?[\s-]*(?:nummer|nr\b\.?)\s*[:.]?"
    # Dutch: "Factuurnummer", "Factuur nr."
    r"|factuur[\s-]*(?:nummer|nr\b\.?)\s*[:.]?"
    rf"|titres?\s*(?:de\s*recettes?\s*)?{_NO}\s*[:.]?"
)
# A number label that ends in the ordinal read as a 2 (see `_NO`).
L_ORDINAL_READ_AS_2 = re.compile(r"n\.2\s*[:.]?$")
# A header row's "Numéro" over its value ("Numéro | Date | Code client", "Tipo documento |
# Numero | Data"): the invoice's number only beside a date's header on the same row.
L_NUMBER_HEADER = re.compile(r"(?:numero|number|nummer|n\s?[°º]|no\.?)\s*$")
L_DATE_HEADER = re.compile(r"^(?:date|data|datum|fecha)\s*$")
# Numbers of something else than the invoice, right before the keyword: "Bon de commande",
# "Devis", "Avoir sur facture".
L_NOT_INVOICE_NUMBER = re.compile(
    r"(?:commande|order|devis|quote|avoir|credit\s*note|client|customer|sur|on|for|de\s*la)\s*$"
)
# "Facture FA-2017-0010", "Invoice VT/2022/0001": the keyword, then the number itself.
L_NUMBER_BARE = re.compile(r"\b(?:facture|invoice)\s+(?=[a-z]{0,6}[\-/_.]?\d)")
L_NUMBER_WEAK = re.compile(
    r"n\s?[°º]\s*[:.]?\s*(?!\s*(?:tva|siret|siren|client|commande|rcs))"
    # A bilingual heading's bare "Nr / No: FV/26/11/004512", a colon after it.
    r"|(?:nr|no)\b\.?\s*:\s*"
    # "Nº 2026-0093" with the ordinal sign (folded to "o"), "Nr 4471": right before a digit.
    r"|(?:nr|no)\.?\s+(?=\d)"
    # A header's bare "Número:", "Number:", "Numéro :" (only with its colon right after).
    r"|num(?:ero|ber)\s*:\s*"
)
L_DUE = re.compile(
    r"date\s*d\s?'?\s*echeance|echeance|date\s*limite(?:\s*de\s*(?:paiement|reglement))?"
    r"|a\s*regler\s*(?:avant\s*le|avant|le)|a\s*payer\s*(?:avant\s*le|avant|le)"
    r"|payable\s*(?:avant\s*le|avant|le|by|on|before)|due\s*date|date\s*due"
    r"|payment\s*due(?:\s*date)?|due\s*(?:by|on|before)|pay\s*by"
    r"|date\s*d\s?'?\s*exigibilite|exigible\s*(?:le|au)?|\bdue\b"
    # A direct debit's date is when the bill is paid (telecom, energy, cloud bills): "sera
    # prélevé le", "date de prélèvement"; and "payable au plus tard le".
    r"|(?:sera|seront|est)\s*preleve(?:e|s)?\s*(?:le|a\s*partir\s*du|au)?|date\s*de\s*prelevement"
    r"|prelevement\s*(?:(?:prevu|sepa|automatique|bancaire)\s*)*le|will\s*be\s*debited\s*on"
    r"|debit\s*date"
    r"|(?:payable|a\s*payer|a\s*regler|paiement|reglement)\s*au\s*plus\s*tard\s*(?:le)?"
    # … and inside a sentence about paying ("Merci de régler cette facture par virement au
    # plus tard le …").
    r"|\b(?:regl|pay|paie|vers|vire)\w*\b[^.;]{0,40}?\bau\s*plus\s*tard\s*(?:le)?"
    # A mobile bill's "Prélevé le …" alone, not a past debit ("a été prélevée le …").
    r"|(?<!ete )(?<!deja )\bprelevee?s?\s*le\b"
    # German, Italian, Spanish.
    r"|falligkeit(?:sdatum)?|fallig\s*(?:am|bis)?|zahlbar\s*bis|scadenz[ae]|vencimiento"
    # Portuguese.
    r"|(?:data\s*de\s*)?vencimento"
    # Dutch.
    r"|vervaldatum|uiterste\s*betaaldatum|vervaldag"
)
L_ISSUE = re.compile(
    # First, as the longer: a marketplace's "Date de la facture /Date de la livraison", one date
    # for both.
    r"date\s*de\s*(?:la\s*)?facture\s*/\s*date\s*de\s*(?:la\s*)?livraison"
    r"|date\s*(?:de\s*(?:la\s*)?)?(?:facture|facturation)|date\s*d\s?'?\s*emission"
    r"|emise?\s*le|invoice\s*date|date\s*of\s*(?:issue|invoice)|issue\s*date|issued\s*(?:on)?"
    r"|invoiced\s*on|facture\s*du|invoice\s*dated|rechnungsdatum|data\s*(?:della\s*)?fattura"
    r"|fecha\s*(?:de\s*(?:la\s*)?)?(?:factura|emision|expedicion)|factuurdatum"
    r"|data\s*(?:de\s*)?emissao"
)
# A bare "Date": the invoice date unless a nearer label says what else it dates.
L_DATE_BARE = re.compile(r"\bdate\b|\bdatum\b|\bfecha\b|^data\b")
# Dates that are not the invoice's: an order, a delivery, a stay, a period, an expiry.
L_OTHER_DATE = re.compile(
    r"commande|order|livraison|livr[ee]|delivery|delivered|expedition|shipp|sejour|stay"
    r"|arrivee|arrival|depart|check[\s-]?(?:in|out)|expir|validit|valable|valid\s*(?:until|thru)"
    r"|periode|period|naissance|birth"
    r"|devis|quote|contrat|contract|intervention|prestation|service\s*date"
    r"|paiement\s*recu|payment\s*received|paid\s*on|regle\s*le|credit"
    # A previous bill's debit, a carried-over balance's bill; German delivery and service dates.
    r"|a\s*ete\s*prelevee?s?|deja\s*prelevee?s?|precedente?\s*facture|previous\s*(?:invoice|bill)"
    r"|liefer|leistungs"
    # An Italian or Spanish order ("Ordine n. … del …"), a Polish invoice's sale date.
    r"|ordine|pedido|encomenda|bestell|sale\s*date|sprzedazy"
    # A payment already made ("Payé le …", "acquittée le …"): its date is not the invoice's.
    r"|\bpaye(?:e|s|es)?\s*le\b|acquittee?\s*le\b"
)
# "Nantes, le 29/08/2025", "Facture F-12 du 01/08/2025": only right before the date.
L_ISSUE_NEAR = re.compile(r"\b(?:le|du|dated|on|del)\s*$")
# Payment terms written without a label: "Paiement à 30 jours date de facture", "Net 30",
# "30 jours fin de mois", "payable à réception", "due upon receipt".
L_TERMS_UNLABELLED = re.compile(
    r"(?:paiement|reglement|payable|payment|pay|due|net|echeance)\b.{0,30}?(?:\d{1,3}\s*(?:jours?|days?)"
    r"|reception|receipt)|\bnet\s*\d{1,3}\b|\d{1,3}\s*jours?\s*(?:fin\s*de\s*mois|date\s*de\s*facture|net)"
)
L_TERMS = re.compile(
    r"(?:conditions?|modalites?|delais?)\s*de\s*(?:paiement|reglement)|payment\s*terms?"
    r"|terms\s*of\s*payment|terms\s*:|paiement\s*:|reglement\s*:"
    # Italian, German, Spanish.
    r"|condizioni\s*di\s*pagamento|termini\s*di\s*pagamento|pagamento\s*:"
    r"|zahlungsbedingungen|zahlungsziel|condiciones\s*de\s*pago|forma\s*de\s*pago"
)
L_PENALTY = re.compile(r"penalites?|late\s*(?:payment\s*)?(?:fee|interest|penalt)")
# Belgium's "HTVA" (hors TVA) too.
_HT = r"h\.?\s?t\.?\s?(?:v\.?\s?a\.?)?\b|hors\s*tax(?:e|es)?"
L_HT = re.compile(
    # "Montant de la situation HT": a building firm's progress invoice, its own amount.
    # "Total prestations HT", "Total marchandises HT": the base of what was sold, named.
    rf"(?:total|montant)\s*(?:net\s*)?(?:de\s*la\s*(?:situation|facture|prestation)\s*"
    r"|(?:des\s*)?(?:prestations|services|marchandises|produits|fournitures|travaux)\s*)?"
    rf"\(?(?:{_HT})|sous[\s-]?total|sub[\s-]?total|base\s*{_HT}"
    # "Prix total HT" (a VAT summary's column); German, Italian, Spanish bases.
    rf"|prix\s*total\s*(?:{_HT})|netto(?:betrag|summe)?\b(?!\s*a\s*pagare)|summe\s*netto|zwischensumme"
    r"|(?:totale\s*)?imponibile|base\s*imponible"
    r"|total\s*(?:net\s*)?(?:excl\.?|excluding|before|w/o|net\s*of)\s*(?:vat|tax(?:es)?)"
    r"|net\s*(?:amount|total)\b|total\s*net\b(?!\s*a\s*(?:payer|regler))|untaxed\s*(?:amount|total)"
    # A cloud provider's "Net Charges (After Credits/Discounts, excl. Tax)".
    r"|net\s*charges\b"
    # An insurer's premium before its tax; Dutch.
    rf"|prime\s*(?:nette\s*)?(?:{_HT})|subtotaal|totaal\s*excl\.?\s*btw"
)
# Québec's "TVQ (9,975 %)": three decimals.
_RATE = r"\s*\(?\s*(?:a\s*)?(?P<rate>\d{1,2}(?:[.,]\d{1,3})?)\s?%\s*\)?"
# "Dont TVA 10 %", "incl. VAT": the tax a printed total includes (hotels, restaurants, shops).
_INCLUDED = r"(?P<included>dont|incl(?:\.|uding|udes)?|inc\.?)?\s*"
# The Dutch "BTW"; the tax on an insurance premium in France, in the place of VAT; Canada's
# sales taxes (federal "TPS"/"GST", Québec's "TVQ"/"QST", harmonised "TVH"/"HST").
_TAX_NAME = (
    r"(?:t\.?v\.?a\.?|vat|tax|iva|ust|mwst|umsatzsteuer|mehrwertsteuer|btw"
    r"|tps|tvq|tvh|gst|qst|hst"
    r"|taxes?\s*sur\s*les\s*conventions\s*d\s?'?\s*assurances?)"
)
L_TVA_TOTAL = re.compile(
    _INCLUDED + rf"(?:total[e]?|montant|summe)\s*(?:de\s*la\s*)?(?:{_TAX_NAME}|taxes)\b"
    # Not "Total VAT Invoice Amount": the total of a "VAT invoice" (a tax invoice).
    r"(?!\s*invoice)"
)
L_TVA_RATE = re.compile(_INCLUDED + rf"{_TAX_NAME}\b\.?(?:{_RATE})?")
# The rate before the tax's name: "zzgl. 19 % USt.", "inkl. 7 % MwSt.", "20 % TVA".
L_TVA_RATE_FIRST = re.compile(
    r"(?P<included>inkl\.?|incl\.?|dont)?\s*(?:zzgl\.?|plus|\+)?\s*"
    rf"(?P<rate>\d{{1,2}}(?:[.,]\d{{1,2}})?)\s?%\s*{_TAX_NAME}\b"
)
L_TTC = re.compile(
    # Belgium's "TVAC" (TVA comprise).
    r"(?:total|montant)\s*\(?(?:t\.?t\.?c\.?\b|tvac\b|toutes\s*taxes\s*comprises)"
    r"|net\s*a\s*payer|(?:(?:montant\s*)?total|montant|reste|solde)\s*(?:net\s*)?a\s*(?:payer|regler)"
    r"|(?:solde|reste|montant(?:\s*restant)?)\s*du\s*(?=[:\d€]|$)"
    r"|total\s*(?:amount\s*)?due|amount\s*due|balance\s*due|grand\s*total"
    r"|total\s*(?:incl\.?|including|inc\.?|with)\s*(?:vat|tax(?:es)?)"
    r"|total\s*(?:amount\s*)?(?:(?:en\s*)?\(?(?:eur|€|chf|gbp|£|usd|cad|\$)\)?)?\s*(?=[:\d€£]|$)"
    r"|total\s*(?:(?:vat|tax)\s*)?invoice\s*amount"
    # A folio's or a statement's "Solde / Balance" with its amount.
    r"|(?:solde|balance)\s*(?=[:\d€]|$)"
    # German, Italian, Spanish.
    r"|rechnungsbetrag|gesamtbetrag|bruttobetrag|endbetrag|zahlbetrag|gesamtsumme|summe\s*brutto"
    r"|totale\s*(?:documento|fattura|da\s*pagare)|total\s*(?:factura|a\s*pagar)|importe\s*total"
    # Dutch.
    r"|totaal\s*(?:incl\.?\s*btw\s*)?(?=[:\d€]|$)|te\s*betalen\s*(?=[:\d€]|$)"
)
# A balance carried from an earlier bill ("Solde antérieur", "Report", "Previous balance"): a
# total to pay that adds it is not this invoice's amount.
L_CARRIED = re.compile(
    r"solde\s*(?:anterieur|precedent)|ancien\s*solde|report\b(?:\s*(?:du|de)\s*solde)?"
    r"|previous\s*balance|balance\s*(?:brought\s*)?forward|arrieres?\b"
)
L_NO_TAX = re.compile(
    r"tva\s*non\s*applicable|art(?:icle)?\.?\s*293\s*b|autoliquidation|exoneration\s*de\s*tva"
    r"|vat\s*(?:not\s*applicable|exempt)"
)
# What stands between base + tax and the total when they do not add up (`sums.py`): an amount
# taken off the total (a withholding: the French "retenue", Spain's IRPF, Italy's "ritenuta";
# a deposit or a payment already made; a discount after tax) …
L_DEDUCTED = re.compile(
    r"retenue|retencion|\birpf\b|ritenuta|withholding|withheld"
    r"|acomptes?\b|arrhes|\bavances?\b|deja\s*(?:paye|regle|verse|encaisse|facture)"
    r"|\bpayee?s?\b|\breglee?s?\b|\bversee?s?\b|paiements?\s*recus?|encaisse"
    r"|deposit|pre-?paid|prepayment|already\s*paid|amount\s*paid|\bpaid\b|payments?\s*received"
    r"|remise|escompte|rabais|ristourne|discount|\bcredits?\b|\bavoirs?\b"
    r"|anticipo|acconto|anzahlung|abschlag|descuento|sconto|rabatt|skonto|gutschrift"
)
# … or one added outside VAT (disbursements, "débours", "frais hors TVA"; a tourist tax; the
# VAT a customs broker paid at import for its client).
L_IMPORT_TAX = re.compile(
    r"(?:tva|iva)\s*(?:(?:a|de|all\s?'?\s*)\s*l?\s?'?\s*)?import(?:ation|azione|acion)?\b"
    r"|import\s*(?:vat|tax)|einfuhrumsatzsteuer|\beust\b"
)
L_ADDED = re.compile(
    L_IMPORT_TAX.pattern + r"|debours|disbursements?|suplidos"
    r"|hors\s*(?:champ\s*(?:d\s?'?\s*application\s*)?(?:de\s*)?"
    r"(?:la\s*)?)?tva|non\s*soumis|not\s*subject\s*to\s*(?:vat|tax)|outside\s*the\s*scope"
    r"|taxes?\s*de\s*sejour|tourist\s*tax|city\s*tax|kurtaxe|imposta\s*di\s*soggiorno"
    r"|fuori\s*campo\s*iva|escluse?\s*iva|spese\s*anticipate|timbre|\bbollo\b|stamp\s*duty"
)
L_DEBTOR = re.compile(
    r"(?:(?:factur[ee]e?s?\s*a|a\s*facturer\s*a|facturer\s*a|adresse\s*de\s*facturation"
    r"|adresse\s*a|destinataire|client(?:e)?|customer|bill(?:ed)?\s*to(?:\s*address)?"
    r"|invoice\s*to|sold\s*to"
    r"|acheteur|buyer|debiteur|debtor|spett\.?\s*le|spettabile|cliente"
    # Who ordered the work or the carriage: a subcontractor's "Entreprise principale", a
    # carrier's "Donneur d'ordre", a builder's "Maître d'ouvrage".
    r"|donneur\s*d\s?'?\s*ordres?|entreprise\s*principale|maitre\s*d\s?'?\s*ouvrage"
    # A temporary work agency's client, the firm the temp works for.
    r"|entreprise\s*utilisatrice"
    # A marketplace's "Billing Address", an Italian invoice's holder ("Intestatario").
    r"|billing\s*address|intestatario(?:\s*fattura)?"
    # "Datos del cliente", "Dati cliente"; a hotel folio's "Société / Company" over the
    # company billed, alone on its segment (a name may begin with "Société").
    r"|dat(?:os|i)\s*(?:del\s*)?cliente|(?:societe|company)(?=\s*(?::|$)))\b"
    # A Portuguese invoice's salutation over the buyer, as the Italian "Spett.le": "Exmo.(s)
    # Sr.(s)", "Exmos. Srs.", "Exma. Sra.".
    r"|exm[oa]s?\.?(?:\(\s*[oa]?s\s*\)\.?)?\s*(?:srs?|sras?|sres|senhor(?:a|es)?)\b\.?"
    r"(?:\(\s*[ae]?s\s*\)\.?)?)\s*(?P<colon>:)?"
)
# Where goods go, not who pays: a block under it is never the debtor's, even unlabelled.
L_DELIVERY = re.compile(
    r"^(?:adresse\s*de\s*livraison|livre\s*a|delivery\s*address|ship(?:ping)?\s*(?:to|address)"
    r"|deliver\s*to|destinazione(?:\s*merce)?|luogo\s*di\s*consegna|lieferanschrift"
    r"|lieferadresse|direccion\s*de\s*entrega)\b"
)
# A bilingual label's first wording and its slash ("Nabywca / Buyer:", "Do zapłaty / Amount
# due:"): the known wording may come second.
OTHER_WORDING = r"[^\W\d_][^/:\d]{0,30}?\s/\s"
_OTHER_WORDING = re.compile(OTHER_WORDING)


def match_label(pattern: re.Pattern[str], folded: str) -> re.Match[str] | None:
    """`pattern` at the start of a segment, or right after the other language's wording of a
    bilingual label."""
    label = pattern.match(folded)
    if label is None and (other := _OTHER_WORDING.match(folded)):
        label = pattern.match(folded, other.end())
    return label


L_DEBTOR_CONTEXT = re.compile(
    r"client|customer|acheteur|buyer|debiteur|debtor|bill(?:ed)?\s*to|\bihre\b|kunde"
)
L_SIRET = re.compile(r"siret")
# A SIREN's label, and an RCS registration's, whose number is the SIREN ("RCS Lyon B 552 081 317").
L_SIREN = re.compile(r"siren|\brcs\b")
# Who a company number belongs to, besides the debtor's labels: the addressee's ("SIRET du
# destinataire", "Votre SIRET", "Votre n° de TVA"); "votre" only right before the number's name
# (a footer's "Merci de votre confiance · SIRET …" is the seller's).
L_BUYER_NUMBER = re.compile(
    L_DEBTOR_CONTEXT.pattern
    + r"|destinataire|acquereur|preneur"
    + r"|\b(?:votre|vos|your)\s*(?:(?:n\s?[°º]|numero|number|no\.?)\s*(?:de\s*|d\s?'\s*)?)?"
    r"(?:siret|siren|tva|vat|identifiant|company|tax)"
)
L_VAT = re.compile(
    r"tva|vat|intracom|tax\s*id|n\s?[°º]\s*id|\biva\b|ust[\s.-]*id|umsatzsteuer|\bnip\b"
)
L_EMAIL = re.compile(r"e-?\s?mail|courriel|mel\b")
L_PHONE = re.compile(r"\btel\b|telephone|phone|mobile|portable|gsm|\bt\s?:|\bfax\b")
L_FAX = re.compile(r"\bfax\b")
L_ANY_FIELD = re.compile(
    r"siret|siren|\btva\b|\bvat\b|e-?\s?mail|courriel|\btel\b|telephone|phone|mobile|fax|rcs\b"
    r"|\bape\b|\bnaf\b|capital|contact\s*:|attn|attention"
)
L_CREDIT = re.compile(
    r"^(?:facture\s*d\s?'?\s*)?avoirs?\b|^credit\s*(?:note|memo)|\bavoirs?\s*"
    + _NO
    + r"|\bcredit\s*(?:note|memo)\s*"
    + _NO
    + r"?|\bnote\s*de\s*credit|\bfacture\s*d\s?'?\s*avoir"
)
CIVILITY = re.compile(r"^(?:m\.|mr\.?|mrs\.?|ms\.?|mme\.?|mlle\.?|monsieur|madame|mademoiselle)\s")
LEGAL_FORM = re.compile(
    r"\b(?:sarl|sas|sasu|sa|eurl|sci|snc|scop|selarl|gie|ei|ltd|limited|llc|inc|gmbh|bv|plc)\b"
)
COUNTRIES = {
    "france": "FR",
    "belgique": "BE",
    "belgium": "BE",
    "luxembourg": "LU",
    "suisse": "CH",
    "switzerland": "CH",
    "allemagne": "DE",
    "germany": "DE",
    "espagne": "ES",
    "spain": "ES",
    "italie": "IT",
    "italy": "IT",
    "monaco": "MC",
    "pays-bas": "NL",
    "netherlands": "NL",
    "royaume-uni": "GB",
    "united kingdom": "GB",
    "uk": "GB",
    "england": "GB",
    "angleterre": "GB",
    "ireland": "IE",
    "irlande": "IE",
    "portugal": "PT",
    "austria": "AT",
    "autriche": "AT",
    "united states": "US",
    "united states of america": "US",
    "usa": "US",
    "etats-unis": "US",
    "deutschland": "DE",
    "italia": "IT",
    "espana": "ES",
    "osterreich": "AT",
    "nederland": "NL",
    "belgie": "BE",
    "schweiz": "CH",
    "frankreich": "FR",
    "francia": "FR",
    "francja": "FR",
    "polska": "PL",
    "poland": "PL",
    "pologne": "PL",
    "india": "IN",
    "inde": "IN",
    "liechtenstein": "LI",
    "furstentum liechtenstein": "LI",
    "principaute de liechtenstein": "LI",
    "principaute du liechtenstein": "LI",
    "principality of liechtenstein": "LI",
    # The rest of the EU and EEA, and the countries French businesses most often bill, in
    # French, English and their own language (folded: lower case, no accents).
    "bulgarie": "BG",
    "bulgaria": "BG",
    "croatie": "HR",
    "croatia": "HR",
    "hrvatska": "HR",
    "chypre": "CY",
    "cyprus": "CY",
    "republique tcheque": "CZ",
    "tchequie": "CZ",
    "czech republic": "CZ",
    "czechia": "CZ",
    "cesko": "CZ",
    "danemark": "DK",
    "denmark": "DK",
    "danmark": "DK",
    "estonie": "EE",
    "estonia": "EE",
    "eesti": "EE",
    "finlande": "FI",
    "finland": "FI",
    "suomi": "FI",
    "grece": "GR",
    "greece": "GR",
    "hongrie": "HU",
    "hungary": "HU",
    "magyarorszag": "HU",
    "lettonie": "LV",
    "latvia": "LV",
    "latvija": "LV",
    "lituanie": "LT",
    "lithuania": "LT",
    "lietuva": "LT",
    "malte": "MT",
    "malta": "MT",
    "roumanie": "RO",
    "romania": "RO",
    "slovaquie": "SK",
    "slovakia": "SK",
    "slovensko": "SK",
    "slovenie": "SI",
    "slovenia": "SI",
    "slovenija": "SI",
    "suede": "SE",
    "sweden": "SE",
    "sverige": "SE",
    "norvege": "NO",
    "norway": "NO",
    "norge": "NO",
    "islande": "IS",
    "iceland": "IS",
    "andorre": "AD",
    "andorra": "AD",
    "saint-marin": "SM",
    "san marino": "SM",
    "canada": "CA",
    "australie": "AU",
    "australia": "AU",
    "nouvelle-zelande": "NZ",
    "new zealand": "NZ",
    "japon": "JP",
    "japan": "JP",
    "chine": "CN",
    "china": "CN",
    "hong kong": "HK",
    "singapour": "SG",
    "singapore": "SG",
    "maroc": "MA",
    "morocco": "MA",
    "algerie": "DZ",
    "algeria": "DZ",
    "tunisie": "TN",
    "tunisia": "TN",
    "senegal": "SN",
    "cote d'ivoire": "CI",
    "ivory coast": "CI",
    "cameroun": "CM",
    "cameroon": "CM",
    "bresil": "BR",
    "brazil": "BR",
    "brasil": "BR",
    "mexique": "MX",
    "turquie": "TR",
    "turkey": "TR",
    "turkiye": "TR",
    "israel": "IL",
    "emirats arabes unis": "AE",
    "united arab emirates": "AE",
    "afrique du sud": "ZA",
    "south africa": "ZA",
    "ukraine": "UA",
    "grande-bretagne": "GB",
    "great britain": "GB",
    "ecosse": "GB",
    "scotland": "GB",
    "pays de galles": "GB",
    "wales": "GB",
    "irlande du nord": "GB",
    "northern ireland": "GB",
    "hollande": "NL",
    "holland": "NL",
}
# Five digits (France, Germany, Italy, Spain, Monaco…), after a country's prefix or not
# ("F-75008", "D-80331").
POSTAL_FR = re.compile(r"^(?:[a-z]{1,2}-)?(?P<code>\d{5})\s+(?P<city>[a-z].*)$")
# Four digits (Belgium, Switzerland, Luxembourg…), Portugal's "1100-053", Poland's "00-590",
# or three and two digits (Sweden's "111 51", Czechia's "602 00", Greece's "105 63").
POSTAL_OTHER = re.compile(
    r"^(?:[a-z]{1,2}-)?(?P<code>\d{4}-\d{3}|\d{4}|\d{2}-\d{3}|\d{3}\s\d{2})\s+(?P<city>[^\W\d_].*)$"
)
POSTAL_PT = re.compile(r"^\d{4}-\d{3}$")
# A Canadian town, its province (a code, or its name in brackets as Québec writes it) and its
# postcode: "Toronto, ON M5V 2T6", "Montréal (Québec) H3G 1P1".
POSTAL_CA = re.compile(
    r"^(?P<city>[a-z][a-z .'-]*?)(?:,?\s*\((?P<province>[a-z .'-]+)\)"
    r"|,?\s+(?P<state>ab|bc|mb|nb|nl|ns|nt|nu|on|pe|qc|sk|yt))?,?\s+"
    r"(?P<code>[abceghj-nprstvxy]\d[a-z]\s?\d[a-z]\d)$"
)
POSTAL_PL = re.compile(r"^\d{2}-\d{3}$")
# A Dutch postcode: four digits and two capitals ("1017 GC Amsterdam"), on the printed text;
# two capitals that are a French article ("7100 LA LOUVIÈRE") are a Belgian town's.
POSTAL_NL = re.compile(r"^(?P<code>\d{4}\s?(?!LA|LE)[A-Z]{2})\s+(?P<city>[^\W\d_].*)$")
# India's "City, State, PIN" line ("BENGALURU, KARNATAKA, 560034").
POSTAL_IN = re.compile(
    r"^(?P<city>[a-z][a-z .'-]*?),\s*(?:(?P<state>[a-z][a-z .'-]*?),\s*)?(?P<code>\d{6})$"
)
# British postcodes, alone on their line or after the town ("London SW1A 1AA").
POSTAL_UK = re.compile(
    r"^(?:(?P<city>[a-z][a-z .'-]*?),?\s+)?(?P<code>[a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2})$"
)
# An Irish Eircode, alone on its line or after the town ("Dublin 2, D02 X285"): a routing key
# (a letter and two digits, "W" for the second of Dublin 6W) and four of the letters and digits
# An Post uses. Its alphabet has no O, I or L: there they are OCR's 0 and 1 ("DO2 X285").
POSTAL_IE = re.compile(
    r"^(?:(?P<city>[a-z][a-z\d .'-]*?),?\s+)?"
    r"(?P<code>[ac-fhknprtv-y][\doil][\doilw]\s?[\dac-fhknprtv-yoil]{4})$"
)
EIRCODE_DIGITS = str.maketrans({"O": "0", "I": "1", "L": "1"})
# An Australian town, state and postcode ("Sydney NSW 2000", "Melbourne VIC 3000").
POSTAL_AU = re.compile(
    r"^(?P<city>[a-z][a-z .'-]*?),?\s+(?P<state>nsw|vic|qld|wa|sa|tas|act|nt)\s+(?P<code>\d{4})$"
)
# A US town, state and ZIP code ("Pleasant Hill CA 94523", "Seattle, WA 98109-5210"); and the
# one-line form cloud providers print, "City, [state,] postcode, country code" ("Dijon, 21000,
# FR"). Its country code is taken only when it is one of the countries named above.
POSTAL_US = re.compile(
    r"^(?P<city>[a-z][a-z .'-]*?),?\s+(?P<state>[a-z]{2})\s+(?P<code>\d{5}(?:-\d{4})?)$"
)
POSTAL_CITY_FIRST = re.compile(
    r"^(?P<city>[a-z][a-z .'-]*?),\s*(?:(?P<state>[a-z]{2}),\s*)?(?P<code>\d{4,5}(?:-\d{4})?)"
    r",\s*(?P<country>[a-z]{2})$"
)
US_STATES = frozenset(
    {
        "al",
        "ak",
        "az",
        "ar",
        "ca",
        "co",
        "ct",
        "de",
        "dc",
        "fl",
        "ga",
        "hi",
        "id",
        "il",
        "in",
        "ia",
        "ks",
        "ky",
        "la",
        "me",
        "md",
        "ma",
        "mi",
        "mn",
        "ms",
        "mo",
        "mt",
        "ne",
        "nv",
        "nh",
        "nj",
        "nm",
        "ny",
        "nc",
        "nd",
        "oh",
        "ok",
        "or",
        "pa",
        "ri",
        "sc",
        "sd",
        "tn",
        "tx",
        "ut",
        "vt",
        "va",
        "wa",
        "wv",
        "wi",
        "wy",
    }
)
# The street of an address: a number and a way ("4 place du Marché", "Rue de Rollebeek 7",
# "77 Santa Barbara Rd"), told from a contact's name or a building on the lines above it.
STREET = re.compile(
    # A number at the end is a house number ("Bahnhofstrasse 12"), not one labelled as a
    # number ("Magasin n° 118", the ordinal sign folded to "o").
    r"^\d+\s*(?:bis|ter|[a-z]\b)?\s*,?\s+[a-z]|(?<!\bn°)(?<!\bno)\s\d+[a-z]?$"
    r"|\b(?:rue|avenue|av\.|boulevard|bd|chemin|place|allee|impasse|quai|route|cours|square"
    r"|street|road|rd|lane|drive|way)\b"
)
LABEL_COLON = re.compile(r"^\s*[:.\-]?\s*")

# Confidence factors: how much a rule is trusted, before the OCR's own confidence.
LABELLED, NEAR, LAYOUT, DERIVED, DEFAULTED = 1.0, 0.9, 0.8, 0.9, 0.5
# A debtor block found by its shape and place, with no label over it.
UNLABELLED = 0.9
# One found by its place in a window on the left (`parties._left_window`): shown, not trusted
# (LAYOUT × 0.6 is under the bar).
LEFT_WINDOW = 0.6
# Below the bar (0.5) under which a value is shown in `ocr.fields` but not put in the
# receivable: what contradicts itself (a due date before the invoice date, a checksum that
# fails in an e-invoice) is not guessed at.
UNTRUSTED = 0.4
BAD_CHECKSUM, INCONSISTENT = 0.5, 0.6
