"""The document's language, as far as the OCR models go: French and English are read by the
default models (`fra+eng`); a German, Spanish or Italian document is read again with its own
model (`deu`, `spa`, `ita`) when that model is installed, so that "Bäckerei", "Köln" or
"García" come out as printed. Without the model the default reading stands and the names it
cannot spell are not trusted (`parties.debtor`)."""

from __future__ import annotations

import re
from functools import lru_cache

DEFAULT_MODELS = "fra+eng"
UNDETERMINED = "und"  # ISO 639-2: another language, which one unknown
# Tesseract's model of each language the rules recognise beyond French and English.
MODELS = {"de": "deu", "es": "spa", "it": "ita"}
# The other languages of the euro area the rules recognise, each with the country a letter in
# it is posted in when its address names none: a document in one of them means euros.
EURO_AREA = {"de": "DE", "it": "IT", "es": "ES"}

# Words German, Italian and Spanish invoices print, on folded text (lower case, no accents).
_OTHER = {
    "de": re.compile(r"\b(?:rechnung\w*|ust\b|mwst|zzgl|netto\w*)"),
    "it": re.compile(r"\b(?:fattura|imponibile|spett)"),
    "es": re.compile(r"\b(?:factura|fecha|vencimiento|importe)"),
}
_SHARED = re.compile(r"\biva\b")  # Italian and Spanish alike
# Only to tell the three apart once the document is known to be in one of them.
_HINTS = {
    "de": re.compile(r"\b(?:betrag|datum|kunden\w*|steuer\w*|gmbh|summe)\b"),
    "it": re.compile(r"\b(?:totale|scadenza|partita|s\.r\.l|pagamento|documento)\b"),
    "es": re.compile(r"\b(?:total factura|base imponible|nif|cif|s\.l|pago|cantidad)\b"),
}
# Polish invoices print their Polish labels even beside English ones ("Nabywca / Buyer"): no
# model is kept for Polish, so a scan's names ("Wspólna", "Sp. z o.o.") are read by the default
# models and not trusted.
POLISH = "pl"
_POLISH = re.compile(
    r"\b(?:nabywca|sprzedawca|razem|wystawienia|sprzedazy|faktura vat|do zap|netto / net)\b"
)
_FRENCH = re.compile(r"\b(?:facture|tva|ttc|echeance|montant|total ht|client|date d)")
_ENGLISH = re.compile(r"\b(?:invoice|vat|subtotal|due|bill to|amount|payment)")


def french_english(folded: str) -> tuple[int, int]:
    """How many French and English invoice words the text holds."""
    return len(_FRENCH.findall(folded)), len(_ENGLISH.findall(folded))


def other_language(folded: str) -> str | None:
    """ "de", "it" or "es" when the document is written in one of them rather than in French or
    English, "pl" for Polish; None otherwise."""
    if len(_POLISH.findall(folded)) >= 3:
        return POLISH
    french, english = french_english(folded)
    counts = {lang: len(pattern.findall(folded)) for lang, pattern in _OTHER.items()}
    total = sum(counts.values()) + len(_SHARED.findall(folded))
    if total < 3 or total <= max(french, english):
        return None
    scores = {lang: 2 * counts[lang] + len(_HINTS[lang].findall(folded)) for lang in counts}
    best = max(scores, key=lambda lang: scores[lang])
    tied = sum(1 for score in scores.values() if score == scores[best])
    return best if scores[best] > 0 and tied == 1 else UNDETERMINED


@lru_cache(maxsize=1)
def installed() -> frozenset[str]:
    """The models this machine's Tesseract has (none when Tesseract is missing)."""
    import pytesseract

    try:
        return frozenset(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractNotFoundError, pytesseract.TesseractError, OSError):
        return frozenset()


def models_for(language: str | None) -> str | None:
    """The Tesseract languages to read a document in `language` with, when they differ from the
    default and are installed; None: the default reading stands."""
    model = MODELS.get(language or "")
    if model is None or model not in installed():
        return None
    return f"{model}+eng"
