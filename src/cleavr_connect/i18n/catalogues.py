"""Keeping the catalogues in step with the sources: extract, update, check.

Used by `python -m cleavr_connect.i18n update|check` (and `scripts/i18n.sh`) and by the tests;
never at run time.
"""

from __future__ import annotations

import datetime as dt
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


def update(domain: str) -> None:
    """Adds new strings to the domain's `.po` files and drops the ones no source uses."""
    template = extract(domain)
    for locale in LOCALES:
        path = po_path(domain, locale)
        catalog = _read(path, locale, domain)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fp:
            # No line numbers: they would change with every edit of a source file.
            write_po(fp, catalog, width=100, include_lineno=False, sort_output=False)


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
        for issue in issues:
            print(issue)
        return 1 if issues else 0
    print("usage: python -m cleavr_connect.i18n update|check [domain …]")
    return 2
