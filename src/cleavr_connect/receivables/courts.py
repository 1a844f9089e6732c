"""Which court a requête en injonction de payer is addressed to, from what a claim holds: the
debtor's kind, its name and its address. No legal form (INSEE catégorie juridique) nor NAF
code is stored, so what the data cannot tell is left to the creditor, worded both ways.

- The court of the place where the debtor lives (Code de procédure civile, article 1406).
- A consumer, and a professional who is neither a trader (commerçant, commercial company) nor a
  craftsman (artisan) — liberal professions, associations, sociétés civiles, farmers — before
  the tribunal judiciaire; traders and craftsmen before the tribunal de commerce (Code de
  commerce L721-3). A `company` is presumed commercial unless its name says otherwise
  (`CIVIL_NAMES`); a `sole_trader` may be either.
- From 1 January 2025 to 31 December 2028, twelve tribunaux de commerce are tribunaux des
  activités économiques (loi n° 2023-1059 du 20 novembre 2023, article 26; arrêté du 5 juillet
  2024): Avignon (ressort of the tribunaux judiciaires of Avignon and Carpentras), Auxerre,
  Le Havre, Le Mans, Limoges, Lyon, Marseille, Nancy, Nanterre, Paris, Saint-Brieuc and
  Versailles, each for the ressort of the tribunal judiciaire of its seat. Their wider
  jurisdiction covers insolvency and amicable proceedings of every professional, not a claim
  against a non-trader: that still goes to the tribunal judiciaire.
- A ressort is a list of communes we do not hold: the court is named only where the address
  makes it certain (a Paris postal code; the seat town itself); elsewhere the requête names
  the kind of court "of the place where the debtor lives", and in a department holding a
  tribunal des activités économiques it names both.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

TAE_FROM = date(2025, 1, 1)
TAE_UNTIL = date(2028, 12, 31)

# Seat towns (normalised name → department, seat of the tribunal des activités économiques).
_SEATS: dict[str, tuple[str, str]] = {
    "avignon": ("84", "Avignon"),
    "carpentras": ("84", "Avignon"),
    "auxerre": ("89", "Auxerre"),
    "le havre": ("76", "Le Havre"),
    "le mans": ("72", "Le Mans"),
    "limoges": ("87", "Limoges"),
    "lyon": ("69", "Lyon"),
    "marseille": ("13", "Marseille"),
    "nancy": ("54", "Nancy"),
    "nanterre": ("92", "Nanterre"),
    "paris": ("75", "Paris"),
    "saint brieuc": ("22", "Saint-Brieuc"),
    "versailles": ("78", "Versailles"),
}
_TOWNS = {
    "avignon": "Avignon",
    "carpentras": "Carpentras",
    "auxerre": "Auxerre",
    "le havre": "Le Havre",
    "le mans": "Le Mans",
    "limoges": "Limoges",
    "lyon": "Lyon",
    "marseille": "Marseille",
    "nancy": "Nancy",
    "nanterre": "Nanterre",
    "paris": "Paris",
    "saint brieuc": "Saint-Brieuc",
    "versailles": "Versailles",
}
_TAE_DEPARTMENTS = frozenset(department for department, _ in _SEATS.values())

# Words in a name that mark a debtor who is neither a trader nor a craftsman: associations and
# foundations, sociétés civiles (SCI, SCP, SCM, SCEA …) and farming groups (GAEC, EARL), a
# building's syndicat des copropriétaires, and the liberal professions' usual names. A hint,
# not a proof: the requête says so.
CIVIL_NAMES = re.compile(
    r"\b("
    r"association|asso|fondation|syndicat des coproprietaires|mutuelle|"
    r"societe civile|sci|scp|scm|scea|scpi|gaec|earl|gfa|"
    r"cabinet medical|cabinet dentaire|cabinet d avocats?|office notarial|notaires?|"
    r"avocats?|huissiers?|commissaires? de justice|medecins?|docteur|dr|"
    r"chirurgien dentiste|dentiste|kinesitherapeute|infirmiere?|sage femme|osteopathe|"
    r"orthophoniste|psychologue|veterinaire|architecte|geometre expert|maitre"
    r")\b"
)
# Forms that are commercial whatever the activity (Code de commerce L210-1).
COMMERCIAL_FORMS = re.compile(r"\b(sarl|eurl|sas|sasu|sa|snc|sca|scs)\b")


def _plain(value: str) -> str:
    """Lower case, accents off, punctuation as spaces: "Saint-Brieuc" → "saint brieuc"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", letters).split())


@dataclass(frozen=True)
class Court:
    """`civil`: tribunal judiciaire (True), commercial court (False), or either (None: a sole
    trader whose name does not tell). `economic`: the commercial court is a tribunal des
    activités économiques (True), is not (False), or may be (None). `seat`: the town the court
    sits in when the address makes it certain. `place`: the debtor's postal code and town.
    `civil_hint`: the word of the name that made a professional a non-trader."""

    civil: bool | None
    economic: bool | None
    seat: str | None
    economic_seat: str | None
    place: str
    civil_hint: str | None = None


def for_order_to_pay(
    kind: str, name: str | None, address: dict[str, Any] | None, on: date
) -> Court:
    """The court of a requête en injonction de payer made on `on` against a debtor of `kind`
    (`company`, `sole_trader`, `consumer`) named `name`, living at `address`."""
    address = address or {}
    postal_code = str(address.get("postal_code") or "").strip()
    city = str(address.get("city") or "").strip()
    place = " ".join(v for v in (postal_code, city) if v) or "…"
    department = postal_code[:2] if re.fullmatch(r"\d{5}", postal_code) else ""
    in_france = str(address.get("country") or "FR").upper() == "FR"
    town = _plain(city)
    seat = economic_seat = None
    if in_france and department == "75":
        seat, economic_seat = "Paris", "Paris"
    elif in_france and town in _SEATS and _SEATS[town][0] == department:
        seat, economic_seat = _TOWNS[town], _SEATS[town][1]

    plain_name = _plain(name or "")
    hint = CIVIL_NAMES.search(plain_name)
    civil: bool | None
    commercial_form = COMMERCIAL_FORMS.search(plain_name) is not None
    if kind == "consumer" or (hint and not commercial_form):
        civil = True
    elif kind == "sole_trader" and not commercial_form:
        civil = None
    else:
        civil = False

    economic: bool | None = False
    if TAE_FROM <= on <= TAE_UNTIL and in_france:
        if economic_seat:
            economic = True
        elif department in _TAE_DEPARTMENTS:
            economic = None
    return Court(
        civil=civil,
        economic=economic,
        seat=seat,
        economic_seat=economic_seat if economic else None,
        place=place,
        civil_hint=hint.group(0) if hint and civil and kind != "consumer" else None,
    )
