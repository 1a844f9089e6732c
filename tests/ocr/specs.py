"""The invoices of the OCR corpus as data: who sells to whom, which numbers, dates, lines and
VAT rates, printed in which layout and style; and what a perfect extraction finds in each.
Deterministic: the same seed gives the same invoices."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

DEFAULT_SIZE = 48
DEFAULT_SEED = 20250831

# -- identifiers -----------------------------------------------------------------------------


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return total % 10 == 0


def _complete_luhn(prefix: str) -> str:
    for last in "0123456789":
        if _luhn_ok(prefix + last):
            return prefix + last
    raise AssertionError("unreachable")


def make_siret(rng: random.Random) -> str:
    siren = _complete_luhn(str(rng.randint(10_000_000, 99_999_999)))
    if siren.startswith("356000000"):  # La Poste has its own rule
        return make_siret(rng)
    return _complete_luhn(siren + f"{rng.randint(1, 9999):04d}")


def vat_of(siret: str) -> str:
    siren = int(siret[:9])
    return f"FR{(12 + 3 * (siren % 97)) % 97:02d}{siret[:9]}"


def spaced_siret(siret: str) -> str:
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"


def spaced_vat(vat: str) -> str:
    return f"{vat[:4]} {vat[4:7]} {vat[7:10]} {vat[10:]}"


# -- the invoices ------------------------------------------------------------------------------

SELLERS = [
    ("Acme Plomberie SAS", "12 rue de la Paix", "75002", "Paris"),
    ("Électricité Girard SARL", "3 avenue Victor Hugo", "69003", "Lyon"),
    ("Studio Graphique Lumière", "45 boulevard Haussmann", "75009", "Paris"),
    ("Menuiserie Bernard EURL", "8 place de la République", "44000", "Nantes"),
    ("Conseil & Stratégie SAS", "27 chemin des Vignes", "33000", "Bordeaux"),
    ("TechSolutions France SAS", "110 route de Lyon", "67000", "Strasbourg"),
]
DEBTORS = [
    "Boulangerie Dupont SARL",
    "Garage Martin & Fils",
    "Café des Arts SAS",
    "Transports Lefèvre SA",
    "Cabinet Moreau Architectes",
    "Pharmacie du Marché",
    "Hôtel Beauséjour SAS",
    "Atelier Chevalier EURL",
    "Imprimerie Rousseau SARL",
    "Nettoyage Express SAS",
    "Librairie Voltaire",
    "Restaurant Le Bon Coin SARL",
]
INDIVIDUALS = ["Mme Claire Dubois", "M. Julien Petit", "Mme Sophie Laurent", "M. Marc Fontaine"]
STREETS = [
    "5 impasse des Lilas",
    "19 quai de la Loire",
    "3 rue Lepic",
    "88 avenue Jean Jaurès",
    "14 rue du Faubourg Saint-Antoine",
    "2 allée des Tilleuls",
    "31 cours Mirabeau",
    "7 rue Nationale",
    "56 boulevard Gambetta",
    "120 rue de Rivoli",
]
CITIES = [
    ("75018", "Paris"),
    ("13001", "Marseille"),
    ("31000", "Toulouse"),
    ("59000", "Lille"),
    ("06000", "Nice"),
    ("35000", "Rennes"),
    ("34000", "Montpellier"),
    ("21000", "Dijon"),
    ("42000", "Saint-Étienne"),
    ("92100", "Boulogne-Billancourt"),
    ("13100", "Aix-en-Provence"),
    ("37000", "Tours"),
]
ITEMS_FR = [
    "Remplacement chauffe-eau",
    "Main d'oeuvre (heures)",
    "Fournitures électriques",
    "Création logo et charte graphique",
    "Pose de parquet chêne",
    "Audit organisationnel",
    "Maintenance annuelle",
    "Déplacement",
    "Livres scolaires",
    "Produits alimentaires",
    "Travaux de rénovation",
    "Licence logiciel (12 mois)",
]
ITEMS_EN = [
    "Website redesign",
    "Consulting (hours)",
    "Software licence (12 months)",
    "Hardware installation",
    "Training session",
    "Annual maintenance",
    "Travel expenses",
    "Printed books",
    "Catering services",
    "Renovation works",
]
MONTHS_FR = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
VAT_SCHEMES = [
    [Decimal("20")],
    [Decimal("10")],
    [Decimal("5.5")],
    [Decimal("20"), Decimal("5.5")],
    [Decimal("20"), Decimal("10")],
    [Decimal("10"), Decimal("5.5")],
]
LAYOUTS = ("fr_classic", "fr_modern", "en_standard", "fr_statement", "en_multi")
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Line:
    description: str
    quantity: int
    unit_price: Decimal
    vat_rate: Decimal

    @property
    def total(self) -> Decimal:
        return _round(self.unit_price * self.quantity)


@dataclass
class Party:
    name: str
    line1: str
    postal_code: str
    city: str
    country: str = "FR"
    siret: str | None = None
    vat_number: str | None = None
    email: str | None = None
    phone: str | None = None  # as printed (French national format)
    individual: bool = False


@dataclass
class InvoiceSpec:
    key: str
    layout: str
    lang: str
    seller: Party
    debtor: Party
    numbers: list[str]
    issue_date: date
    due_date: date
    show_due_date: bool
    terms_days: int
    end_of_month: bool
    lines: list[Line]
    date_style: str
    amount_style: str
    credit_note: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def vat_by_rate(self) -> dict[Decimal, Decimal]:
        bases: dict[Decimal, Decimal] = {}
        for line in self.lines:
            bases[line.vat_rate] = bases.get(line.vat_rate, Decimal(0)) + line.total
        return {rate: _round(base * rate / 100) for rate, base in sorted(bases.items())}

    @property
    def before_tax(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal(0))

    @property
    def tax(self) -> Decimal:
        return sum(self.vat_by_rate().values(), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.before_tax + self.tax


def _phone(rng: random.Random) -> str:
    import phonenumbers

    while True:
        first = rng.choice(["01", "02", "03", "04", "05", "06", "07", "09"])
        printed = first + "".join(f" {rng.randint(10, 99)}" for _ in range(4))
        if phonenumbers.is_valid_number(phonenumbers.parse(printed, "FR")):
            return printed


def _e164(printed: str) -> str:
    return "+33" + printed.replace(" ", "")[1:]


def _end_of_month(day: date) -> date:
    following = day.replace(day=28) + timedelta(days=4)
    return following - timedelta(days=following.day)


def build_specs(size: int = DEFAULT_SIZE, seed: int = DEFAULT_SEED) -> list[InvoiceSpec]:
    rng = random.Random(seed)
    specs = []
    for i in range(size):
        layout = LAYOUTS[i % len(LAYOUTS)]
        lang = "en" if layout.startswith("en") else "fr"
        s_name, s_street, s_postal, s_city = SELLERS[i % len(SELLERS)]
        seller_siret = make_siret(rng)
        seller = Party(
            s_name,
            s_street,
            s_postal,
            s_city,
            siret=seller_siret,
            vat_number=vat_of(seller_siret),
            email=f"facturation@{s_name.split()[0].lower().replace('é', 'e')}.fr",
            phone=_phone(rng),
        )
        individual = i % 9 == 4
        postal, city = rng.choice(CITIES)
        if individual:
            debtor = Party(
                rng.choice(INDIVIDUALS), rng.choice(STREETS), postal, city, individual=True
            )
        else:
            d_siret = make_siret(rng)
            debtor = Party(
                rng.choice(DEBTORS),
                rng.choice(STREETS),
                postal,
                city,
                siret=d_siret,
                vat_number=vat_of(d_siret) if rng.random() < 0.7 else None,
            )
        if rng.random() < 0.5:
            slug = debtor.name.split()[-1].lower().replace("é", "e").replace("è", "e")
            debtor.email = f"compta@{slug}.fr" if not individual else f"{slug}@mail.fr"
        if rng.random() < 0.5:
            debtor.phone = _phone(rng)
        multi = layout in ("fr_statement", "en_multi")
        year = 2025
        prefix = rng.choice(["F", "FA", "FAC", "INV"] if lang == "en" else ["F", "FA", "FAC"])
        count = rng.randint(2, 3) if multi else 1
        base = rng.randint(10, 980)
        numbers = [f"{prefix}-{year}-{base + k:04d}" for k in range(count)]
        if not multi and rng.random() < 0.3:
            numbers = [f"{year}{rng.randint(1, 12):02d}-{rng.randint(1, 999):03d}"]
        issue = date(2025, 6, 1) + timedelta(days=rng.randint(0, 150))
        terms_days = rng.choice([0, 15, 30, 30, 45, 60])
        end_of_month = terms_days in (30, 45) and rng.random() < 0.4
        due = issue + timedelta(days=terms_days)
        if end_of_month:
            due = _end_of_month(due)
        show_due = layout != "fr_modern" or rng.random() < 0.4
        scheme = VAT_SCHEMES[i % len(VAT_SCHEMES)]
        items = ITEMS_EN if lang == "en" else ITEMS_FR
        lines = []
        for k in range(rng.randint(max(1, len(scheme)), 4)):
            lines.append(
                Line(
                    rng.choice(items),
                    rng.randint(1, 12),
                    Decimal(rng.randint(1500, 250000)) / 100,
                    scheme[k % len(scheme)],
                )
            )
        specs.append(
            InvoiceSpec(
                key=f"inv{i:02d}_{layout}",
                layout=layout,
                lang=lang,
                seller=seller,
                debtor=debtor,
                numbers=numbers,
                issue_date=issue,
                due_date=due,
                show_due_date=show_due,
                terms_days=terms_days,
                end_of_month=end_of_month,
                lines=lines,
                date_style=rng.choice(["numeric", "words", "dotted", "iso"])
                if layout != "fr_classic"
                else "numeric",
                amount_style=rng.choice(["symbol_after", "code"])
                if lang == "fr"
                else rng.choice(["symbol_before", "code"]),
            )
        )
    return specs


def expected_fields(spec: InvoiceSpec) -> dict[str, Any]:
    """What a perfect extraction returns for this invoice (None: not on the document)."""
    d = spec.debtor
    return {
        "invoice.numbers": list(spec.numbers),
        "invoice.issue_date": spec.issue_date.isoformat(),
        "invoice.due_date": spec.due_date.isoformat(),
        "invoice.amount": f"{spec.total:.2f}",
        "invoice.amount_before_tax": f"{spec.before_tax:.2f}",
        "invoice.tax_amount": f"{spec.tax:.2f}",
        "invoice.currency": "EUR",
        "seller.siret": spec.seller.siret,
        "debtor.company_name": d.name,
        "debtor.company_type": "individual" if d.individual else "company",
        "debtor.siret": d.siret,
        "debtor.vat_number": d.vat_number,
        "debtor.address.line1": d.line1,
        "debtor.address.postal_code": d.postal_code,
        "debtor.address.city": d.city,
        "debtor.address.country": d.country,
        "debtor.email": d.email,
        "debtor.phone": _e164(d.phone) if d.phone else None,
    }
