"""Text people read, in their language: French first, English second.

Everything a person reads (hosted pages, e-mails, letters, PDFs) is written in English in the
source — `_("…")` in templates, `gettext(locale, "…")` or `N_("…")` in Python — and translated
from gettext catalogues under `locale/<lang>/LC_MESSAGES/<domain>.po`. English is the source
language, so an English catalogue is only needed for plural forms; French must translate every
string (a test enforces it).

Catalogues are read from the `.po` files and compiled in memory the first time a locale is used:
nothing to build, nothing binary to commit, a clean clone works as is.

**Adding your package's strings** — each package owns one domain (one `.po` file per language),
so two packages never edit the same catalogue:

1. Add your domain to `DOMAINS` below: its name and the source globs (relative to the
   `cleavr_connect` package) its strings live in, e.g. `"messages": ("messages/*.py",
   "templates/messages/*")`.
2. Mark strings: in Jinja2 templates `{{ _("Hello %(name)s", name=user.name) }}` (new-style
   gettext: placeholders are named and values autoescaped), `{% trans %}` blocks, and
   `ngettext`; in Python `gettext(locale, "…")`, or `N_("…")` for a constant translated later.
3. Run `scripts/i18n.sh` (`python -m cleavr_connect.i18n update`): it extracts every domain
   and updates `locale/{fr,en}/LC_MESSAGES/<domain>.po` (new strings added, gone ones
   dropped); then write the French `msgstr`s. `python -m cleavr_connect.i18n check` — run by
   `tests/test_i18n.py` — fails while a marked string is missing from a catalogue, or
   untranslated or fuzzy in French, or while a `.po` file is not exactly what the update writes
   (entries in source order, rewrapped: commit what the script wrote).

Render with `render(template, locale, **context)` (or `environment(locale)` for a Jinja2
environment over `templates/` with `_`, `gettext`, `ngettext`, `format_money`, `format_date`,
`format_datetime` and `lang` installed). Amounts and dates follow the locale:
`format_money(Decimal("1234.56"), "fr")` is `1 234,56 €` (narrow no-break spaces).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from babel import dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE_DIR = PACKAGE / "locale"
TEMPLATES = PACKAGE / "templates"

Locale = Literal["fr", "en"]
LOCALES: tuple[Locale, ...] = ("fr", "en")
DEFAULT_LOCALE: Locale = "fr"
# Babel locale per language: French of France, English of the United Kingdom (day-first dates,
# the euro written before the amount).
BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
TIMEZONE = ZoneInfo("Europe/Paris")

# Domain → the source files (globs relative to this package) whose strings it holds.
DOMAINS: dict[str, tuple[str, ...]] = {
    "messages": (
        "messages/compose.py",
        "messages/content.py",
        "messages/legal.py",
        "templates/messages/*",
    ),
    "accounts": (
        "accounts/*.py",
        "messages/account_mail.py",
        "templates/account/*",
    ),
    "hosted": (
        "hosted/*.py",
        "web/pages.py",
        "web/handlers.py",
        "components/*.py",
        "users/onboarding.py",
        "users/validation.py",
        "templates/*.html",
        "templates/onboarding/*.html",
        "templates/components/*.html",
        "templates/legal/*.html",
    ),
    "portal": ("portal/*.py", "templates/portal/*.html"),
    "law": ("payouts/invoice_documents.py", "receivables/dossier.py"),
    # What a refused upload says, on every page that takes one (`storage.MESSAGES`).
    "storage": ("storage.py",),
}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Marks a constant for extraction; translate it where it is shown."""
    return message


def parse_locale(value: str | None) -> Locale | None:
    """`fr`, `fr-FR`, `FR_ca`, `en-US` → a supported locale; anything else → None."""
    if not value:
        return None
    base = value.strip().replace("_", "-").split("-", 1)[0].lower()
    for locale in LOCALES:
        if base == locale:
            return locale
    return None


def negotiate(accept_language: str | None) -> Locale:
    """The best supported language of an `Accept-Language` header (RFC 9110 §12.5.4).

    French when the header asks for none we speak: the service is French first.
    """
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "").split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, val = param.strip().partition("=")
            if key.strip() == "q":
                try:
                    quality = float(val)
                except ValueError:
                    quality = 0.0
        if tag and quality > 0:
            ranked.append((-quality, position, tag))
    for _, _, tag in sorted(ranked):
        locale = parse_locale(tag)
        if locale is not None:
            return locale
    return DEFAULT_LOCALE


def choose(
    *, query: str | None = None, cookie: str | None = None, accept_language: str | None = None
) -> Locale:
    """An explicit `?lang=` wins, then the language the person chose before, then the browser's."""
    return parse_locale(query) or parse_locale(cookie) or negotiate(accept_language)


# --------------------------------------------------------------------------- catalogues


def _compile(po_path: Path, locale: str) -> Translations:
    with po_path.open("rb") as fp:
        catalog = read_po(fp, locale=BABEL_LOCALES[locale], domain=po_path.stem)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=po_path.stem)


@functools.cache
def translations(locale: Locale) -> NullTranslations:
    """Every domain's catalogue for `locale`, merged (domains never share a msgid's meaning)."""
    merged: NullTranslations = NullTranslations()
    folder = LOCALE_DIR / locale / "LC_MESSAGES"
    for po_path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
        catalogue = _compile(po_path, locale)
        if isinstance(merged, Translations):
            merged.merge(catalogue)
        else:
            merged = catalogue
    return merged


def gettext(locale: Locale, message: str, **values: Any) -> str:
    text = translations(locale).gettext(message)
    return text % values if values else text


def ngettext(locale: Locale, singular: str, plural: str, n: int, **values: Any) -> str:
    text = translations(locale).ngettext(singular, plural, n)
    return text % {"num": n, **values}


# --------------------------------------------------------------------------- formatting


def format_money(amount: Decimal | int | str, locale: Locale, currency: str = "EUR") -> str:
    """`1 234,56 €` in French, `€1,234.56` in English; always two decimals for the euro."""
    return numbers.format_currency(Decimal(amount), currency, locale=BABEL_LOCALES[locale])


def format_number(value: Decimal | int | float, locale: Locale) -> str:
    return numbers.format_decimal(value, locale=BABEL_LOCALES[locale])


def format_percent(rate: Decimal | float, locale: Locale) -> str:
    """`rate` as a fraction (0.159 → `15,9 %` in French, `15.9%` in English), every decimal kept."""
    return numbers.format_percent(rate, locale=BABEL_LOCALES[locale], decimal_quantization=False)


def format_date(
    value: dt.date | dt.datetime | None,
    locale: Locale,
    format: str = "long",  # noqa: A002 - Babel's name
) -> str:
    """`4 décembre 2026` / `4 December 2026` (`format` = short, medium, long, full or a pattern);
    the first of a month in words is `1er janvier 2027`, as French writes it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _local(value).date()
    text = dates.format_date(value, format=format, locale=BABEL_LOCALES[locale])
    if locale == "fr" and value.day == 1 and format in ("long", "full"):
        text = _FIRST_DAY.sub("1er", text, count=1)
    return text


# The day's number in a French date in words: the first standalone 1 ("jeudi 1 octobre 2026").
_FIRST_DAY = re.compile(r"(?<!\d)1(?=\s)")


def format_datetime(
    value: dt.datetime | None,
    locale: Locale,
    format: str = "medium",  # noqa: A002 - Babel's name
) -> str:
    """A moment in the time of Paris, where the service and its users are."""
    if value is None:
        return ""
    return dates.format_datetime(_local(value), format=format, locale=BABEL_LOCALES[locale])


def _local(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(TIMEZONE)


# --------------------------------------------------------------------------- templates


# French elides "de" before a vowel: "la facture d'Acme", "au nom d'Émilie Lefèvre". A catalogue
# writes "de %(name)s" (the name is not known when it is translated); the name's first letter
# decides. Not before "y" nor "h", which may be consonants ("de Yoplait", "de Hachette").
_ELIDING = frozenset("aeiouàâäéèêëîïôöûùüœæ")


def elide(text: str, name: str) -> str:
    """`text` with "de {name}" written "d'{name}" where French elides it; unchanged otherwise
    (and in English, which has no "de"). A template's translated text is markup: the name is
    looked for as it is escaped there, and the result stays markup."""
    if not name or name[0].casefold() not in _ELIDING:
        return text
    shown = str(escape(name)) if isinstance(text, Markup) else name
    out = re.sub(rf"\b([Dd])e {re.escape(shown)}", lambda m: f"{m.group(1)}'{shown}", str(text))
    # Safe: `out` is the markup given, its escaped name written again after d'.
    return Markup(out) if isinstance(text, Markup) else out  # noqa: S704


@functools.cache
def environment(locale: Locale) -> Environment:
    """The Jinja2 environment over `templates/` for one language (HTML autoescaped)."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "xml"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=False,
    )
    env.install_gettext_translations(translations(locale), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        lang=locale,
        other_locales=[other for other in LOCALES if other != locale],
        language_names=LANGUAGE_NAMES,
        format_money=functools.partial(format_money, locale=locale),
        format_number=functools.partial(format_number, locale=locale),
        format_percent=functools.partial(format_percent, locale=locale),
        format_date=functools.partial(format_date, locale=locale),
        format_datetime=functools.partial(format_datetime, locale=locale),
        elide=elide,
    )
    return env


def render(template: str, locale: Locale, **context: Any) -> str:
    return environment(locale).get_template(template).render(**context)


def translate_all(locale: Locale, messages: Mapping[str, str]) -> dict[str, str]:
    """Translates the values of a mapping (e.g. field → error message)."""
    catalogue = translations(locale)
    return {key: catalogue.gettext(text) for key, text in messages.items()}


def source_files(domain: str) -> Iterable[Path]:
    """The files a domain's strings are extracted from (used by scripts/i18n.sh and the tests)."""
    seen: set[Path] = set()
    for pattern in DOMAINS[domain]:
        for path in sorted(PACKAGE.glob(pattern)):
            if path.is_file() and path not in seen:
                seen.add(path)
                yield path
