"""Reading the values printed on French and English invoices: amounts (`1 234,56 €`,
`€1,234.56`), dates (`31/08/2025`, `31 août 2025`, `August 31, 2025`, `2025-08-31`), SIRET and
VAT numbers (checked with python-stdnum), emails and phone numbers (phonenumbers).

Every pattern runs on *folded* text (`fold`: lower case, accents dropped, one character for
one character) so that offsets still point into the original line.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

import phonenumbers
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren as siren_rules
from stdnum.fr import siret as siret_rules
from stdnum.fr import tva as tva_rules

_SPACES = {"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "}
_QUOTES = {"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"}


def _fold_char(ch: str) -> str:
    if ch in _SPACES:
        return " "
    if ch in _QUOTES:
        return "'"
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if len(base) != 1:
        base = ch
    lower = base.lower()
    return lower if len(lower) == 1 else base


def fold(text: str) -> str:
    """Lower case without accents, same length as `text` (offsets stay valid)."""
    return "".join(_fold_char(ch) for ch in text)


# -- amounts -------------------------------------------------------------------------------------

_AMOUNT = re.compile(
    # Not inside another number; after a letter's dot it may be ("Rs.5,000.00").
    r"(?<![\d,])(?<!\d\.)(?P<neg>-\s?)?(?:(?:€|eur)\s?)?"
    r"(?P<num>\d{1,3}(?:[ .,'](?:\d{3}))+[.,]\d{2}|\d+[.,]\d{2}"
    r"|\d{1,3}(?:[ .,']\d{3})*(?=\s?(?:€|eur\b|euros?\b)))"
    r"(?![\d])(?!\s?%)(?![.,]\d)"
)


def parse_amount(text: str) -> Decimal | None:
    """`1 234,56` / `1.234,56` / `1,234.56` / `1234.56` / `1 200` → Decimal; None otherwise."""
    raw = re.sub(r"[ '\u00a0\u202f]", "", text.strip())
    match = re.fullmatch(r"(-?)(\d[\d.,]*?)(?:[.,](\d{2}))?", raw)
    if not match:
        return None
    sign, whole, cents = match.groups()
    whole = whole.replace(".", "").replace(",", "")
    if not whole.isdigit():
        return None
    try:
        value = Decimal(f"{whole}.{cents or '00'}")
    except InvalidOperation:
        return None
    return -value if sign else value


def find_amounts(folded: str) -> list[tuple[int, int, Decimal]]:
    """Every amount in a folded line: (start, end, value), left to right."""
    found = []
    for match in _AMOUNT.finditer(folded):
        value = parse_amount(match.group("num"))
        if value is None:
            continue
        if match.group("neg"):
            value = -value
        found.append((match.start(), match.end(), value))
    return found


# -- dates ---------------------------------------------------------------------------------------

MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
_MONTH = "(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
    re.compile(
        r"(?<![\d.,])(?P<day>\d{1,2})\s?[/.\-]\s?(?P<mon>\d{1,2})\s?[/.\-]\s?(?P<year>\d{4}|\d{2})(?![\d,])"
    ),
    re.compile(
        r"(?<!\d)(?P<day>1er|\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)"
    ),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)"),
)


def find_dates(folded: str, *, month_first: bool = False) -> list[tuple[int, int, date]]:
    """Every date in a folded line. Numeric dates are day first (French and British use), or
    month first for a document that writes them so (`month_first`, US use); either way the
    other reading is taken when only it is a real date (`08/31/2025`)."""
    found: list[tuple[int, int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(folded):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            parts = match.groupdict()
            year = int(parts["year"])
            if year < 100:
                year += 2000
            day_text = parts["day"]
            day = 1 if day_text == "1er" else int(day_text)
            month = MONTHS[parts["month"]] if parts.get("month") else int(parts["mon"])
            if month_first and not parts.get("month") and pattern is _DATE_PATTERNS[1]:
                day, month = month, day
            value = _make_date(year, month, day)
            if value is None and not parts.get("month"):
                value = _make_date(year, day, month)
            if value is None or not 1990 <= value.year <= 2100:
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), match.end(), value))
    found.sort()
    return found


def _make_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_NUMERIC = re.compile(r"(?<![\d.,])(\d{1,2})/(\d{1,2})/(?:\d{4}|\d{2})(?![\d,])")


def writes_month_first(folded_lines: list[str], *, english: bool, dollars: bool) -> bool:
    """Whether the document's slashed dates are month first: proven by a date such as
    `03/25/2025`, disproven by `25/03/2025`; undecided, the US habit of an English invoice in
    dollars."""
    day_first = month_first = False
    for line in folded_lines:
        for a, b in _NUMERIC.findall(line):
            if int(a) > 12 >= int(b):
                day_first = True
            elif int(b) > 12 >= int(a):
                month_first = True
    if day_first != month_first:
        return month_first
    return english and dollars and not day_first


def end_of_month(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


# -- payment terms -----------------------------------------------------------------------------

_TERMS_DAYS = re.compile(
    r"(?:net\s*(?P<net>\d{1,3})\b)|(?:(?P<days>\d{1,3})\s*(?:jours?|j\b|days?|gg\b|giorni|tage?n?\b|dias)"
    # Italian "30 gg d.f." (data fattura: from the invoice date), "d.f.f.m." (then month end).
    r"(?:\s*d\.\s?f\.)?"
    r"(?P<eom>\s*(?:,\s*)?(?:fin de mois|fdm\b|end of (?:the )?month|eom\b|fine mese|f\.\s?m\.))?)"
)
_TERMS_NOW = re.compile(
    r"(?:a|des|upon|on|at)\s+(?:la\s+)?(?:reception|receipt)|comptant|immediate|on delivery"
)


def due_from_terms(folded: str, issued: date) -> date | None:
    """The due date that payment terms give (`30 jours fin de mois`: end of the month of
    issue + 30 days, the usual reading of art. L441-10 C. com.; `Net 30`; `à réception`)."""
    match = _TERMS_DAYS.search(folded)
    if match:
        days = int(match.group("net") or match.group("days"))
        due = issued + timedelta(days=days)
        return end_of_month(due) if match.group("eom") else due
    if _TERMS_NOW.search(folded):
        return issued
    return None


# -- identifiers -------------------------------------------------------------------------------

# What OCR makes of digits in a run of digits.
_DIGIT_LOOKALIKES = str.maketrans(
    {
        "o": "0",
        "q": "0",
        "d": "0",
        "i": "1",
        "l": "1",
        "|": "1",
        "z": "2",
        "s": "5",
        "b": "8",
        "g": "9",
    }
)
# Spaces inside the run one at a time: two are the gap to the next column ("SIRET 376 638 730
# 77541  59800 Lille", the buyer's postcode beside it).
_SIRET = re.compile(r"(?<![\w])(\d(?:\d| (?=\d)){12,20}\d)(?![\w])")
_SIRET_LOOSE = re.compile(
    r"(?<![\w])([\doqilzsbg|](?:[\doqilzsbg|]|[ .](?=[\doqilzsbg|])){12,22}[\doqilzsbg|])(?![\w])"
)


def clean_siret(text: str) -> str | None:
    digits = re.sub(r"[ .]", "", text).translate(_DIGIT_LOOKALIKES)
    if len(digits) != 14 or not digits.isdigit():
        return None
    try:
        return siret_rules.validate(digits)
    except StdnumError:
        return None


def siren_valid(digits: str) -> bool:
    return bool(siren_rules.is_valid(digits))


def french_vat_valid(number: str) -> bool:
    return bool(tva_rules.is_valid(number))


def find_sirets(folded: str, *, labelled: bool) -> list[tuple[int, int, str, bool]]:
    """14-digit runs: (start, end, digits, checksum_ok). After a SIRET label OCR lookalikes are
    mapped to digits; elsewhere only valid SIRETs are taken."""
    out = []
    pattern = _SIRET_LOOSE if labelled else _SIRET
    for match in pattern.finditer(folded):
        text = match.group(1)
        digits = re.sub(r"[ .]", "", text).translate(_DIGIT_LOOKALIKES)
        if len(digits) != 14 or not digits.isdigit():
            continue
        valid = clean_siret(digits) is not None
        if valid or labelled:
            out.append((match.start(1), match.end(1), digits, valid))
    return out


# A SIREN after its label: nine digits, grouped by three or not ("552 081 317", "552.081.317");
# not the start of a longer run (a SIRET's fourteen digits are read as a SIRET).
_SIREN = re.compile(
    r"(?<![\w])(?<!\d[ .])"
    r"([\doqilzsbg|]{3}[ .]?[\doqilzsbg|]{3}[ .]?[\doqilzsbg|]{3})(?!\w|[ .]\d)"
)


def find_sirens(folded: str) -> list[tuple[int, int, str, bool]]:
    """Nine-digit runs after a SIREN label (`folded` starts after it), OCR lookalikes mapped to
    digits: (start, end, digits, checksum_ok), the Luhn check python-stdnum makes."""
    out = []
    for match in _SIREN.finditer(folded):
        digits = re.sub(r"[ .]", "", match.group(1)).translate(_DIGIT_LOOKALIKES)
        if len(digits) == 9 and digits.isdigit() and sum(c.isdigit() for c in match.group(1)) >= 6:
            out.append((match.start(1), match.end(1), digits, siren_valid(digits)))
    return out


_VAT = re.compile(r"(?<![\w])fr\s?([0-9a-z]{2})\s?(\d{3})\s?(\d{3})\s?(\d{3})(?!\d)")


# Other EU (and British) VAT numbers: a country prefix, then 8 to 12 characters; kept only
# when their country's checksum holds (python-stdnum), since the shapes overlap other numbers.
_VAT_OTHER = re.compile(
    r"(?<![\w])(at|be|bg|cy|cz|de|dk|ee|el|es|fi|gb|hr|hu|ie|it|lt|lu|lv|mt|nl|pl|pt|ro|se|si|sk|xi)"
    r"\s?(u?[0-9a-z](?:[ .]?[0-9a-z]){6,13})(?![\w])"
)


def find_vat_numbers(folded: str) -> list[tuple[int, int, str, bool]]:
    """French VAT numbers (checksum right or wrong: the label tells), and other EU ones whose
    checksum holds: (start, end, compact number, checksum_ok)."""
    from stdnum.eu import vat as eu_vat
    from stdnum.gb import vat as gb_vat

    out = []
    for match in _VAT_OTHER.finditer(folded):
        compact = (match.group(1) + re.sub(r"[ .]", "", match.group(2))).upper()
        rules = gb_vat if compact.startswith(("GB", "XI")) else eu_vat
        if rules.is_valid(compact if rules is eu_vat else compact[2:]):
            out.append((match.start(), match.end(), compact, True))
    for match in _VAT.finditer(folded):
        key = match.group(1)
        if not key.isdigit():
            key = key.translate(_DIGIT_LOOKALIKES)
        value = ("FR" + key + "".join(match.groups()[1:])).upper()
        out.append((match.start(), match.end(), value, french_vat_valid(value)))
    return out


# A Spanish NIF or CIF printed alone after its label ("NIF: B87654323", "C.I.F. B-46123451"):
# a company's letter and 8 characters, a person's 8 digits and a letter, a foreigner's X/Y/Z.
_NIF = re.compile(
    r"\b(?:n\.?\s?i\.?\s?f|c\.?\s?i\.?\s?f)\b\.?\s*(?:n\s?[°º.]\s*)?:?\s*"
    r"(?<![\w])([a-hj-np-sv-w]-?\s?\d{7}-?[0-9a-j]|\d{8}-?\s?[a-z]|[xyz]-?\d{7}-?[a-z])(?![\w])"
)


def find_spanish_nifs(folded: str) -> list[tuple[int, int, str]]:
    """Spanish tax numbers printed without their "ES" prefix, after a NIF or CIF label, whose
    check character holds: (start, end, the VAT number with "ES")."""
    from stdnum.es import nif as nif_rules

    out = []
    for match in _NIF.finditer(folded):
        compact = re.sub(r"[\s-]", "", match.group(1)).upper()
        if nif_rules.is_valid(compact):
            out.append((match.start(1), match.end(1), "ES" + compact))
    return out


# -- contacts ------------------------------------------------------------------------------------

# OCR puts spaces around "@" and "." now and then: "compta @dupont. fr".
_EMAIL = re.compile(
    r"[a-z0-9][a-z0-9._%+-]*\s?@\s?[a-z0-9][a-z0-9-]*(?:\s?\.\s?[a-z0-9-]+)*\s?\.\s?[a-z]{2,}\b"
)
_PHONE = re.compile(
    r"(?<![\d\w])(?:\+\s?\d{2,3}\s?(?:\(0\)\s?)?[1-9](?:[\s.\-]?\d){8}|0[1-9](?:[\s.\-]?\d{2}){4}"
    # Liechtenstein's seven digits after +423 ("+423 230 12 34").
    r"|(?:\+|00)\s?423(?:[\s.\-]?\d){7})(?!\d)"
)


def find_emails(folded: str) -> list[tuple[int, int, str]]:
    return [
        (m.start(), m.end(), m.group(0).replace(" ", "").strip("."))
        for m in _EMAIL.finditer(folded)
    ]


def find_phones(folded: str) -> list[tuple[int, int, str]]:
    """Valid numbers only, as E.164 (French by default)."""
    out = []
    for match in _PHONE.finditer(folded):
        try:
            number = phonenumbers.parse(match.group(0), "FR")
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            out.append((match.start(), match.end(), e164))
    return out


# -- invoice numbers ---------------------------------------------------------------------------

_NUMBER_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9/_.\-]*")


def invoice_number_tokens(text: str) -> list[tuple[int, int, str]]:
    """Candidate invoice numbers in original (not folded) text: tokens with a digit, that are
    neither dates nor amounts."""
    out = []
    for match in _NUMBER_TOKEN.finditer(text):
        token = match.group(0).rstrip(".-/")
        if len(token) < 3 or len(token) > 40 or not any(c.isdigit() for c in token):
            continue
        if find_dates(fold(token)) or re.fullmatch(r"\d+[.,]\d{2}", token):
            continue
        out.append((match.start(), match.start() + len(token), token))
    return out
