"""A second reading, from the pixels, of the scanned fields Tesseract gets wrong while sure of
itself: the debtor's name, street and town, and the invoice numbers.

Read among the whole page with the French and English models together, Tesseract drops a
French accent now and then at a confidence of 0.8 to 0.96 ("Saint-Etienne", "Marche", "Hotel"
for "Saint-Étienne", "Marché", "Hôtel"), and a speck inside a number splits it in two words
("SCW-261 1-048321"). The same words read again alone and enlarged (`sources.read_again`) come
out as printed. So each such field is read once more, every field of a page in one Tesseract
call, and:

- an accent the second reading sees, on a word both readings spell with the same letters, is
  restored (the ink is there, and which accent it is is read, not guessed); nothing else of
  the value changes, and an accent is never taken away;
- invoice numbers the first reading split at a gap and the second reads as one number are
  joined, and not trusted: two readings disagree on where the number ends.

Tesseract also reads "è" as "é" ("Lumiére"): French writes a grave accent before a consonant
and a final mute "e", never an acute one, so a name spelt so was misread and is not trusted
(the accent is not guessed). Nor is a Swiss "Sàrl" read "Sarl": the accent may have been lost.
Nor, on a page in French or English, a name with "ü", "ö" or "ä", letters neither writes but in
a few names: Tesseract reads "û", "ô" and "â" so ("chemin des Müriers", "Rhöne"), both times.
And where the two readings spell a word with one letter apart ("Mariers", "Müriers"), they
disagree on it: the field is shown, not trusted.

The French and English models drop an umlaut's dots too, sure of themselves ("Stadtle 28" for
"Städtle 28", 0.9), and read again by the same models the word has no umlaut to restore. So
when the debtor's address is in a German-speaking country and the page was read without the
German model, the name, street and town are read a third time, by it (`_umlauts`): an umlaut it
reads with confidence on a letter the first reading left plain is taken (of its accents, only
umlauts: French accents are the second reading's), and so is a "ß" it reads with
confidence where the first reading has one other letter and the same letters elsewhere
("Strake" for "Straße": the French models have no "ß"); an umlaut read without confidence or
over another letter, or a word it reads with a letter or two changed otherwise ("K6nigsallee"
for "Königsallee", "Grosse" for "Große"), makes the readings disagree; and a name whose every
umlaut the German model spells so is trusted on a French page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from cleavr_connect.reading import languages, sources
from cleavr_connect.reading import values as v
from cleavr_connect.reading.files import DocumentRejected
from cleavr_connect.reading.found import Found, Reading
from cleavr_connect.reading.labels import UNTRUSTED
from cleavr_connect.reading.layout import Document, Page, Word

TEXT_FIELDS = (
    "debtor.company_name",
    "debtor.address.line1",
    "debtor.address.line2",
    "debtor.address.city",
)
NUMBERS = "invoice.numbers"
# An accent is taken from the second reading only when Tesseract is this sure of that word.
SURE = 0.8
_ACUTE_BEFORE_MUTE_E = re.compile(r"é(?:[bcdfgjklmnpqrstvz]|[bcdfgkptv][lr])es?\b")
_SARL_UNACCENTED = re.compile(r"\bSarl\b")
# An elided article or pronoun ("d'", "l'", "qu'") before an "l" and a consonant: no French
# word starts so, the "l" is a capital "I" misread.
_ELIDED_L = re.compile(r"(\b(?:[cdjlmnstCDJLMNST]|[Qq]u)['’])l(?=[bcdfghjklmnpqrstvwxz])")
_NOT_FRENCH = re.compile(r"[äöüÄÖÜ]")
UMLAUTS = "äöüÄÖÜ"
_EDGES = re.compile(r"^\W+|\W+$")
# Where a debtor's address is written in German (Switzerland's also in French or Italian: the
# German reading only ever adds an umlaut, which those do not write).
GERMAN_SPEAKING = frozenset({"DE", "AT", "CH", "LI"})


def check(reading: Reading, doc: Document) -> None:
    """Reads the scanned fields above again and corrects them in place, as described."""
    if doc.method != "ocr":
        return
    pages = {page.number: page for page in doc.pages}
    wanted: dict[int, list[tuple[str, Found]]] = {}
    for name in (*TEXT_FIELDS, NUMBERS):
        found = reading.fields.get(name)
        if found is None or found.page is None or not found.words:
            continue
        page = pages.get(found.page)
        if page is None or page.image is None or any(w.pixels is None for w in found.words):
            continue
        if name == NUMBERS and len(found.value) < 2:
            continue
        if name != NUMBERS and not any(ch.isascii() and ch.isalpha() for ch in found.value):
            continue
        wanted.setdefault(found.page, []).append((name, found))
    disagree: set[str] = set()
    for number, fields in wanted.items():
        page = pages[number]
        boxes = [_box(found.words) for _, found in fields]
        again = sources.read_again(
            page.image, boxes, page.langs or sources.TESSERACT_LANGS, paper=True
        )
        for (name, found), words in zip(fields, again, strict=True):
            if not words:
                continue
            if name == NUMBERS:
                _numbers(found, words)
            else:
                found.value = restore_accents(found.value, words)
                if _one_letter_apart(found.value, words):
                    disagree.add(name)
    spelt_in_german = _umlauts(reading, pages, wanted, disagree)
    french_or_english = (
        languages.other_language(" ".join(line.folded for line in doc.lines)) is None
    )
    for name in TEXT_FIELDS:
        found = reading.fields.get(name)
        if found is not None and _ELIDED_L.search(str(found.value)):
            # French elides before a vowel or a mute "h" only: "d'lsly" is "d'Isly" whose
            # capital I Tesseract read as an "l". Mended, and not trusted: a letter was guessed.
            found.value = _ELIDED_L.sub(r"\1I", str(found.value))
            found.confidence = min(found.confidence, UNTRUSTED)
            continue
        if found is not None and (
            _ACUTE_BEFORE_MUTE_E.search(str(found.value).lower())
            or _SARL_UNACCENTED.search(str(found.value))
            or (
                french_or_english
                and _NOT_FRENCH.search(str(found.value))
                and name not in spelt_in_german
            )
            or name in disagree
        ):
            found.confidence = min(found.confidence, UNTRUSTED)


def _umlauts(
    reading: Reading,
    pages: dict[int, Page],
    wanted: dict[int, list[tuple[str, Found]]],
    disagree: set[str],
) -> set[str]:
    """The debtor's name, street and town read again by the German model, when the debtor's
    address is in a German-speaking country and their page was read without it: umlauts it
    reads with confidence on letters the first reading left plain are restored, as is a "ß" it
    reads in place of another letter (`restore_eszett`); an umlaut it reads without confidence
    or over another letter ("Stâdtle"), or a word it spells with other letters ("K6nigsallee"),
    adds the field to `disagree`. Returns the fields whose every umlaut the German reading
    spells so."""
    country = reading.fields.get("debtor.address.country")
    models = languages.models_for("de")
    if country is None or country.value not in GERMAN_SPEAKING or models is None:
        return set()
    spelt: set[str] = set()
    for number, fields in wanted.items():
        page = pages[number]
        texts = [(name, found) for name, found in fields if name in TEXT_FIELDS]
        if not texts or languages.MODELS["de"] in (page.langs or "").split("+"):
            continue
        try:
            again = sources.read_again(
                page.image, [_box(found.words) for _, found in texts], models, paper=True
            )
        except DocumentRejected:  # the model failing to load leaves the first reading
            continue
        for (name, found), words in zip(texts, again, strict=True):
            found.value = restore_eszett(
                restore_accents(found.value, words, letters=UMLAUTS), words
            )
            if (
                restore_accents(found.value, words, letters=UMLAUTS, sure=0.0) != found.value
                or _umlaut_over_another_letter(found.value, words)
                or _spelt_otherwise(found.value, words)
            ):
                disagree.add(name)
            seen = {w.text.strip(_PUNCTUATION) for w in words if w.conf >= SURE}
            if all(
                token.strip(_PUNCTUATION) in seen
                for token in str(found.value).split(" ")
                if _NOT_FRENCH.search(token)
            ):
                spelt.add(name)
    return spelt


def restore_eszett(value: str, words: list[Word]) -> str:
    """`value` with the "ß" that the German reading, sure of itself, reads where the first
    reading has another letter ("Strake", "StraBe": the French and English models have no
    "ß"), on a word both spell with the same letters elsewhere, accents aside; only where one
    word of the German reading does so. Nothing else of the value changes."""
    return _take_letters(value, words, fits=_eszett_for, takes=lambda _, b: b == "ß")


def _eszett_for(first: str, german: str) -> bool:
    """`german` is `first` with a "ß" where `first` has another letter, accents aside. A "ß"
    only ever follows a small letter: one read at a word's start or after a capital ("BOßS"
    for "BOSS") is a misreading of the German model's, not a letter the first one missed."""
    return (
        "ß" in german
        and len(first) == len(german)
        and first != german
        and all(
            (b == "ß" and i > 0 and german[i - 1].islower()) or _base(a).lower() == _base(b).lower()
            for i, (a, b) in enumerate(zip(first, german, strict=True))
        )
    )


def _spelt_otherwise(value: str, words: list[Word]) -> bool:
    """A word of `value` that the German reading, sure of itself, spells with a letter or two
    changed ("K6nigsallee" and "Königsallee", "Strake" and "Straße"). Marks at a word's ends
    are no letters ("‚Vaduz" is "Vaduz")."""
    return _read_otherwise(
        value,
        words,
        core=lambda text: _EDGES.sub("", text),
        takes=lambda word: any(ch.isalpha() for ch in word),
        near=lambda first, second: (
            len(second) >= 4 and _edits(_unaccented(first), _unaccented(second)) <= 2
        ),
    )


def _edits(a: str, b: str) -> int:
    """Levenshtein's distance between two words."""
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def _umlaut_over_another_letter(value: str, words: list[Word]) -> bool:
    """A word of `value` that the German reading spells with the same letters, accents aside,
    but with an umlaut where the first reading has another accented letter ("Stâdtle")."""
    for token in value.split(" "):
        core = token.strip(_PUNCTUATION)
        for word in words:
            text = word.text.strip(_PUNCTUATION)
            if len(text) != len(core) or _unaccented(text) != _unaccented(core):
                continue
            if any(
                b in UMLAUTS and a != b and not a.isascii() for a, b in zip(core, text, strict=True)
            ):
                return True
    return False


def _box(words: list[Word]) -> tuple[float, float, float, float]:
    boxes = [w.pixels for w in words if w.pixels is not None]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _base(ch: str) -> str:
    return unicodedata.normalize("NFD", ch)[0]


def restore_accents(
    value: str, words: list[Word], *, letters: str | None = None, sure: float = SURE
) -> str:
    """`value` with the accents that the second reading's `words` show on the same letters:
    word by word, only where one word of the second reading, read with confidence (`sure`),
    spells exactly what the first reading did accents aside; a letter gains an accent, none
    loses one. With `letters`, only those accented letters are taken."""
    return _take_letters(
        value,
        words,
        fits=lambda first, second: _gains_accents(first, second, letters),
        takes=lambda a, _: a.isascii() and a.isalpha(),
        sure=sure,
    )


def _take_letters(
    value: str,
    words: list[Word],
    *,
    fits: Callable[[str, str], bool],
    takes: Callable[[str, str], bool],
    sure: float = SURE,
) -> str:
    """`value`, word by word, with the letters the second reading has where the first's letter
    `takes` it, on a word that exactly one word of the second reading, read with confidence
    (`sure`), `fits`. Nothing else of the value changes."""
    seen = [w.text.strip(_PUNCTUATION) for w in words if w.conf >= sure]
    out = []
    for token in value.split(" "):
        core = token.strip(_PUNCTUATION)
        matches = {text for text in seen if fits(core, text)}
        if core and len(matches) == 1:
            spelt = "".join(
                b if takes(a, b) else a for a, b in zip(core, matches.pop(), strict=True)
            )
            token = token.replace(core, spelt, 1)
        out.append(token)
    return " ".join(out)


_PUNCTUATION = " ,;:|[]()"


def _one_letter_apart(value: str, words: list[Word]) -> bool:
    """A word of `value` that the second reading, sure of itself, spells with one letter
    changed."""
    return _read_otherwise(
        value,
        words,
        core=lambda text: text.strip(_PUNCTUATION),
        takes=str.isalpha,
        near=lambda first, second: (
            len(first) == len(second)
            and sum(
                _base(a).lower() != _base(b).lower() for a, b in zip(first, second, strict=True)
            )
            == 1
        ),
    )


def _read_otherwise(
    value: str,
    words: list[Word],
    *,
    core: Callable[[str], str],
    takes: Callable[[str], bool],
    near: Callable[[str, str], bool],
) -> bool:
    """A word of `value` (its `core`, of four letters or more, one the check `takes`) that a
    second reading's words, read with confidence, spell `near` it and nowhere as the first
    reading did, accents aside: the two readings disagree on it."""
    seen = [core(w.text) for w in words if w.conf >= SURE]
    for token in value.split(" "):
        word = core(token)
        if len(word) < 4 or not takes(word):
            continue
        if any(_unaccented(word) == _unaccented(text) for text in seen):
            continue
        if any(near(word, text) for text in seen):
            return True
    return False


def _unaccented(text: str) -> str:
    return "".join(_base(ch) for ch in text).lower()


def _gains_accents(first: str, second: str, letters: str | None = None) -> bool:
    """The same letters once accents are set aside, the second with an accent the first
    lacks (one of `letters`, when given)."""
    if len(first) != len(second) or first == second:
        return False
    return all(
        a == b
        or (a.isascii() and a.isalpha() and _base(b) == a and (letters is None or b in letters))
        for a, b in zip(first, second, strict=True)
    )


def _numbers(found: Found, words: list[Word]) -> None:
    """Numbers the first reading listed side by side and the second reads as one: joined,
    untrusted (a gap a speck made, or two numbers? the readings disagree)."""
    text = " ".join(w.text for w in words)
    tokens = {token for _, _, token in v.invoice_number_tokens(text)}
    numbers: list[str] = list(found.value)
    joined: list[str] = []
    i = 0
    changed = False
    while i < len(numbers):
        if i + 1 < len(numbers) and numbers[i] + numbers[i + 1] in tokens:
            joined.append(numbers[i] + numbers[i + 1])
            i += 2
            changed = True
        else:
            joined.append(numbers[i])
            i += 1
    if changed:
        found.value = joined
        found.confidence = min(found.confidence, UNTRUSTED)
