"""Keeping the catalogues in step with the sources: extract, update, check.

Used by `python -m cleavr_connect.i18n update|check` (and `scripts/i18n.sh`) and by the tests;
never at run time.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from cleavr_connect.i18n import BABEL_LOCALES, DOMAINS, LOCALE_DIR, LOCALES, PACKAGE, source_files

# Python: `gettext(locale, "…")`, `ngettext(locale, "…", "…", n)`, `N_("…")`, `_("…")`.
PYTHON_KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "gettext": (2,),
    "ngettext": (2, 3),
    "N_": None,
    "_": None,
}
# Templates: Jinja2's own `_`, `gettext`, `ngettext` and `{% trans %}`.
TEMPLATE_KEYWORDS: dict[str, tuple[int, ...] | None] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
}


# Fixed header dates: an update that adds no string leaves the files untouched (no merge noise).
_STABLE_DATE = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)


def po_path(domain: str, locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{domain}.po"


def extract(domain: str) -> Catalog:
    """Every string marked in the domain's sources, with where it was found."""
    catalog = Catalog(
        domain=domain,
        project="Cleavr Connect",
        version="1",
        charset="utf-8",
        fuzzy=False,
        creation_date=_STABLE_DATE,
        revision_date=_STABLE_DATE,
        copyright_holder="Cleavr",
    )
    for path in source_files(domain):
        keywords = PYTHON_KEYWORDS if path.suffix == ".py" else TEMPLATE_KEYWORDS
        method = "python" if path.suffix == ".py" else "jinja2.ext:babel_extract"
        options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
        found = extract_from_file(
            method,
            str(path),
            keywords=keywords,  # type: ignore[arg-type]
            comment_tags=("Translators:",),
            options=options if method != "python" else None,
        )
        relative = str(path.relative_to(PACKAGE))
        for lineno, message, comments, context in found:
            if not message or (isinstance(message, tuple) and not all(message)):
                continue
            catalog.add(
                message, None, [(relative, lineno)], auto_comments=comments, context=context
            )
    return catalog


def _read(path: Path, locale: str, domain: str) -> Catalog:
    if not path.exists():
        return Catalog(
            locale=BABEL_LOCALES[locale],
            domain=domain,
            project="Cleavr Connect",
            version="1",
            charset="utf-8",
            fuzzy=False,
            creation_date=_STABLE_DATE,
            revision_date=_STABLE_DATE,
            copyright_holder="Cleavr",
            msgid_bugs_address="aide@cleavr.fr",
            last_translator="Cleavr",
            language_team="Cleavr",
        )
    with path.open("rb") as fp:
        return read_po(fp, locale=BABEL_LOCALES[locale], domain=domain)


def updated(domain: str, locale: str, template: Catalog | None = None) -> bytes:
    """The `.po` file `update` writes for the domain and locale, from the current sources.

    Entries follow the order strings are found in (`source_files`, then line), whatever order
    the file had; the translations and translator comments of kept strings are kept; strings
    no source uses are dropped, not kept as `#~`. Only the sources and the file's own text
    decide the output: no dates, no line numbers, no Babel version.
    """
    catalog = _read(po_path(domain, locale), locale, domain)
    catalog.update(template if template is not None else extract(domain), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    buffer = io.BytesIO()
    # No line numbers: they would change with every edit of a source file.
    write_po(buffer, catalog, width=100, include_lineno=False, sort_output=False)
    # Babel writes its own version in the header: another Babel would rewrite every file.
    return b"".join(
        line
        for line in buffer.getvalue().splitlines(keepends=True)
        if not line.startswith(b'"Generated-By: ')
    )


def update(domain: str) -> None:
    """Adds new strings to the domain's `.po` files and drops the ones no source uses.

    A file already in step with the sources is not written (nor its date touched).
    """
    template = extract(domain)
    for locale in LOCALES:
        path = po_path(domain, locale)
        text = updated(domain, locale, template)
        if path.exists() and path.read_bytes() == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)


def out_of_date(domain: str) -> list[Path]:
    """The domain's `.po` files that `update` (`scripts/i18n.sh`) would rewrite."""
    template = extract(domain)
    return [
        po_path(domain, locale)
        for locale in LOCALES
        if not po_path(domain, locale).exists()
        or po_path(domain, locale).read_bytes() != updated(domain, locale, template)
    ]


def problems(domain: str) -> list[str]:
    """What keeps the domain's catalogues from being complete: missing, stale or untranslated."""
    found: list[str] = []
    wanted = {
        message.id if isinstance(message.id, str) else message.id[0]: message
        for message in extract(domain)
        if message.id
    }
    for locale in LOCALES:
        path = po_path(domain, locale)
        catalog = _read(path, locale, domain)
        have = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
        for msgid in wanted.keys() - have.keys():
            found.append(f"{path.name} ({locale}): missing {msgid!r}")
        for msgid in have.keys() - wanted.keys():
            found.append(f"{path.name} ({locale}): no source uses {msgid!r}")
        if locale == "en":
            continue
        for msgid, message in have.items():
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                found.append(f"{path.name} ({locale}): untranslated {msgid!r}")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    domains = argv[1:] or list(DOMAINS)
    if command == "update":
        for domain in domains:
            update(domain)
        return 0
    if command == "check":
        issues = [issue for domain in domains for issue in problems(domain)]
        issues += [
            f"{path.relative_to(LOCALE_DIR)}: out of date, run scripts/i18n.sh"
            for domain in domains
            for path in out_of_date(domain)
        ]
        for issue in issues:
            print(issue)
        return 1 if issues else 0
    print("usage: python -m cleavr_connect.i18n update|check [domain …]")
    return 2
