"""What a debtor message says: the facts of the claim gathered once, rendered from Jinja2
templates in the debtor's language (French unless the debtor's `language` is `en`).

Every e-mail and letter carries the mentions of article R124-4 CPCE (see `legal`): the agency
and its statement, the creditor, the claim broken down with each rate and period that applied,
the request to pay and how, and paragraphs 3 and 4 of article L111-8 CPCE. Amounts come from
the receivables' amounts domain; this module formats them, it never computes a sum.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import escape
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import i18n
from cleavr_connect.collection import card_payments
from cleavr_connect.i18n import N_
from cleavr_connect.messages import legal, sms
from cleavr_connect.models import DebtorMessage, Platform, Receivable
from cleavr_connect.portal import links
from cleavr_connect.receivables import law
from cleavr_connect.receivables import service as receivables
from cleavr_connect.receivables.amounts import Breakdown
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import without_bidi_controls
from cleavr_connect.users import repository as users

LANGUAGES = ("fr", "en")
SUBJECT_NUMBERS = 3
PAY_WITHIN_DAYS = 8
YOUR_SUPPLIER = N_("your supplier")
SIR_OR_MADAM = N_("Sir or Madam")
YOUR_TEAM = N_("your team")


@functools.cache
def _environment(language: str, html: bool) -> Environment:
    """Templates under `templates/messages/`, written in English and translated from the
    `messages` catalogue: plain text, or HTML with autoescaping. One set of step templates
    (`<step>.j2`, blocks of text) goes into either layout."""
    env = Environment(
        loader=FileSystemLoader(i18n.TEMPLATES),
        undefined=StrictUndefined,
        autoescape=html,  # noqa: S701 - escaped for HTML; plain text is never HTML
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.translations(locale_of(language)), newstyle=True
    )
    return env


def language_of(rec: Receivable) -> str:
    language = (rec.debtor or {}).get("language")
    return language if language in LANGUAGES else "fr"


def money(amount: Decimal, language: str) -> str:
    """`1 234,56 €` in French, `€1,234.56` in English."""
    return i18n.format_money(amount, locale_of(language))


def percent(rate: Decimal, language: str) -> str:
    """An annual rate in percent points, two decimals: `12,15 %`, `12.15%`."""
    figure = format_decimal(rate, format="#,##0.00", locale=i18n.BABEL_LOCALES[locale_of(language)])
    return figure + ("\u00a0%" if language == "fr" else "%")


def day(value: date, language: str) -> str:
    """`5 janvier 2026`, `5 January 2026`."""
    return i18n.format_date(value, locale_of(language))


def locale_of(language: str) -> i18n.Locale:
    return "en" if language == "en" else "fr"


@dataclass(frozen=True)
class RatePeriod:
    start: date
    end: date
    rate: Decimal


def rate_periods(breakdown: Breakdown) -> list[RatePeriod]:
    """The stretches of lateness and the annual rate of each, as the amounts domain applied them
    (penalties between professionals, a consumer's legal interest from the formal notice);
    consecutive stretches at one rate are named once."""
    periods: list[RatePeriod] = []
    for p in breakdown.periods:
        if (
            periods
            and periods[-1].rate == p.rate
            and periods[-1].end + timedelta(days=1) == p.start
        ):
            periods[-1] = RatePeriod(periods[-1].start, p.end, p.rate)
        else:
            periods.append(RatePeriod(p.start, p.end, p.rate))
    return periods


def _rate_basis(rate: Decimal, invoice_rate: Decimal | None, professional: bool) -> str:
    """What a stretch's rate is, as the letter must name it: a consumer's legal interest rate
    (`legal`); between professionals the contract's rate (`contract`), that rate raised to three
    times the legal interest rate (`floor`, L441-10), or without one the ECB's main
    refinancing rate plus 10 points (`ecb`) — which is no "taux légal"."""
    if not professional:
        return "legal"
    if invoice_rate is None:
        return "ecb"
    return "contract" if rate == invoice_rate else "floor"


def _address_lines(address: dict[str, Any] | None) -> list[str]:
    address = address or {}
    city = " ".join(str(v) for v in (address.get("postal_code"), address.get("city")) if v)
    lines = [address.get("line1"), address.get("line2"), city]
    country = address.get("country")
    if country and country != "FR":
        lines.append(country)
    return [str(line) for line in lines if line]


def contact_name(contact: dict[str, Any] | None, language: str) -> str:
    contact = contact or {}
    name = " ".join(p for p in (contact.get("first_name"), contact.get("last_name")) if p)
    return without_bidi_controls(name) or i18n.gettext(locale_of(language), SIR_OR_MADAM)


async def gather(
    session: AsyncSession, rt: Runtime, rec: Receivable, at: datetime
) -> dict[str, Any]:
    """The facts every message of this receivable states, as of `at` (receivable time)."""
    assert rec.issue_date is not None and rec.due_date is not None  # submitted receivables
    assert rec.amount_cents is not None
    language = language_of(rec)
    as_of = at.date()
    user = await users.by_id_unscoped(session, rec.user_id)
    company = (user.company if user else {}) or {}
    platform = await session.get(Platform, rec.platform_id)
    figures = await receivables.compute_amounts(session, rt, rec, as_of=as_of)
    invoice_rate = Decimal(rec.late_penalty_rate) if rec.late_penalty_rate else None
    first_sent = (
        await session.execute(
            select(func.min(DebtorMessage.created_at)).where(
                DebtorMessage.receivable_id == rec.id,
                DebtorMessage.channel.in_(("email", "letter")),
            )
        )
    ).scalar_one_or_none()
    creditor = company.get("name") or i18n.gettext(locale_of(language), YOUR_SUPPLIER)
    settings = rt.settings

    def fmt(amount: Decimal) -> str:
        return money(amount, language)

    periods = rate_periods(await receivables.breakdown(session, rt, rec, as_of=as_of))
    professional = law.debtor_kind(rec.debtor_type) != "consumer"
    accrued = figures.late_penalties + figures.interest
    # How to pay (R124-4 4°): the debtor's own portal link, naming only the means it offers,
    # and a transfer to the collection account quoting the receivable's RF creditor reference.
    account = links.collection_account(settings, rec.livemode)
    portal_url = await links.portal_link(session, rt, rec, lang=language)
    reference = await links.creditor_reference(session, rt, rec)
    facts = {
        "lang": language,
        "reference": rec.id,
        "first_letter_on": day(first_sent.date(), language) if first_sent else None,
        "today": day(as_of, language),
        "agency_name": settings.agency_name,
        "agency_address": settings.agency_address,
        "agency_statement": i18n.gettext(
            locale_of(language),
            legal.AGENCY_STATEMENT,
            agency=settings.agency_name,
            creditor=creditor,
        ),
        "platform_name": platform.name if platform else None,
        "creditor": creditor,
        "creditor_address": ", ".join(_address_lines(company.get("address"))),
        "creditor_siret": company.get("siret"),
        "debtor_name": rec.debtor.get("company_name", ""),
        "debtor_address_lines": _address_lines(rec.debtor.get("address")),
        "business_debtor": professional,
        "numbers": list(rec.invoice_numbers),
        "service_description": rec.service_description,
        "issue_date": day(rec.issue_date, language),
        "due_date": day(rec.due_date, language),
        "as_of": day(as_of, language),
        "principal": fmt(figures.principal),
        "penalties": fmt(accrued),
        "penalties_due": accrued > 0,
        "contract_rate": invoice_rate is not None and professional,
        "rate_periods": [
            {
                "start": day(p.start, language),
                "end": day(p.end, language),
                "rate": percent(p.rate, language),
                "basis": _rate_basis(p.rate, invoice_rate, professional),
            }
            for p in periods
        ],
        "indemnity": fmt(figures.fixed_indemnity),
        "indemnity_due": figures.fixed_indemnity > 0,
        "invoice_count": len(rec.invoice_numbers),
        "recovered": fmt(figures.amount_recovered),
        "recovered_any": figures.amount_recovered > 0,
        "total": fmt(figures.total_claimable),
        "outstanding": fmt(figures.outstanding),
        "pay_within_days": PAY_WITHIN_DAYS,
        "pay_by": day(as_of + timedelta(days=PAY_WITHIN_DAYS), language),
        "portal_url": portal_url,
        "card": card_payments(settings, rec.livemode),
        "iban": account.iban if account else None,
        "bic": account.bic if account else None,
        "beneficiary": account.name if account else None,
        "payment_reference": reference,
        "l111_8_fr": legal.L111_8_PARAGRAPHS_3_4_FR,
        "l111_8_en": legal.L111_8_PARAGRAPHS_3_4_EN,
        "l111_8_source": legal.L111_8_SOURCE,
    }
    return {key: _plain_direction(value) for key, value in facts.items()}


def _plain_direction(value: Any) -> Any:
    """Every string of the facts without directional overrides: what a platform stored (a
    name, an address line, a description) cannot reorder the letter around it."""
    if isinstance(value, str):
        return without_bidi_controls(value)
    if isinstance(value, dict):
        return {k: _plain_direction(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_direction(v) for v in value]
    if isinstance(value, tuple):
        return tuple(_plain_direction(v) for v in value)
    return value


# Line breaks and runs of spaces the template's layout leaves, not the no-break spaces French
# puts before a colon or inside a number, which `str.split()` would break as well.
_LAYOUT_SPACES = re.compile(r"[ \t\r\n]+")


def _one_line(text: str) -> str:
    return _LAYOUT_SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str | None


def render(template: str, channel: str, facts: dict[str, Any], **extra: Any) -> Rendered:
    """The step's `template` for `channel`: an e-mail (subject, text and HTML), a letter
    (subject and text, drawn as a PDF by `letters`), an SMS (text only)."""
    language = facts["lang"]
    context: dict[str, Any] = {
        **facts,
        **extra,
        "channel": channel,
        "template": template,
        "colon": "\u00a0:" if language == "fr" else ":",
        # The law is quoted in French whatever the message's language, with French punctuation.
        "french_colon": "\u00a0:",
        "quote_open": "«\u00a0",
        "quote_close": "\u00a0»",
    }
    text_env = _environment(language, html=False)
    if channel == "sms":
        text = text_env.get_template("messages/sms.j2").render(context)
        # In the GSM alphabet where typography allows: "1 260,77 €" with a narrow no-break
        # space, or "dû", made a two-part text a three-part UCS-2 one.
        plain = sms.gsm_typography(without_bidi_controls(" ".join(text.split())))
        if language == "fr":
            plain = i18n.elide(plain, str(facts.get("creditor") or ""))
        return Rendered(subject="", text=plain, html=None)
    # A subject names the first invoices only: fifty numbers made a 1,000-character subject
    # line and a letter heading of a dozen lines. The body lists them all.
    numbers = list(facts.get("numbers") or [])
    shown = [*numbers[:SUBJECT_NUMBERS], "…"] if len(numbers) > SUBJECT_NUMBERS else numbers
    context["subject"] = subject = without_bidi_controls(
        _one_line(
            text_env.get_template("messages/subject.j2").render({**context, "numbers": shown})
        )
    )
    step = f"messages/{template}.j2"
    text = text_env.get_template(step).render(context, layout="messages/_layout.txt")
    html = None
    if channel == "email":
        html = (
            _environment(language, html=True)
            .get_template(step)
            .render(context, layout="messages/_layout.html")
        )
    if language == "fr":
        for name in (str(facts.get("creditor") or ""), str(facts.get("platform_name") or "")):
            subject, text = i18n.elide(subject, name), i18n.elide(text, name)
            if html is not None:
                html = i18n.elide(i18n.elide(html, str(escape(name))), name)
    return Rendered(
        subject=subject,
        text=without_bidi_controls(text),
        html=without_bidi_controls(html) if html is not None else None,
    )
