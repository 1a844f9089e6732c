"""The messages a playbook step writes: who receives what, on which channel, rendered once
when the step falls due and queued for the message workers.

| step | e-mail | letter | SMS |
|---|---|---|---|
| first reminder | primary contacts | | |
| second reminder | primary contacts | | primary contacts with a phone |
| escalation | level 1+ contacts (else primary) | | |
| formal notice | primary contacts, the letter's PDF attached | registered (LRAR) | |
| final notice | primary contacts, the letter's PDF attached | ordinary | |
| instalment reminder (payment plan) | primary contacts | | |
| payment plan accepted / refused (a pending plan decided) | primary contacts | | |

Letters go to the debtor's postal address; without one, no letter is written (the e-mails
still carry every mention).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from email.utils import make_msgid, parseaddr
from typing import Any

import phonenumbers
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import i18n
from cleavr_connect.i18n import N_
from cleavr_connect.ids import new_id
from cleavr_connect.messages import content, letters
from cleavr_connect.messages.sms import sending_window
from cleavr_connect.models import DebtorMessage, Receivable
from cleavr_connect.receivables.law import debtor_kind
from cleavr_connect.runtime import Runtime

LETTER_STEPS = {"formal_notice": True, "final_notice": False}  # template: registered
# The closure step comes 15 days after the final notice, at the hour of day the steps run, and
# closes the payment page with the claim: the notice names the last whole day before it as the
# day to pay by, so a debtor paying on the day named still finds the claim open.
FINAL_NOTICE_DAYS = 15

REGISTERED_HEADING = N_("Registered letter with acknowledgement of receipt")


def _contacts(rec: Receivable, level: int) -> list[dict[str, Any]]:
    return [
        c for c in rec.debtor.get("contacts", []) if c.get("level", 0) == level and c.get("email")
    ]


def e164(raw: str) -> str | None:
    """A contact's phone in E.164 (French numbers may be written nationally), or None."""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _escalation_contacts(rec: Receivable) -> list[dict[str, Any]]:
    """Whom the escalation writes to beyond the primary contacts. Never for a consumer: a
    private person's debt told to someone else breaches their privacy (and GDPR); their
    other contacts are relatives or a spouse, not a company's accounts department."""
    if debtor_kind(rec.debtor_type) == "consumer":
        return []
    return [c for c in rec.debtor.get("contacts", []) if c.get("level", 0) >= 1 and c.get("email")]


def email_recipients(rec: Receivable, template: str) -> list[dict[str, Any]]:
    primary = _contacts(rec, 0) or rec.debtor.get("contacts", [])[:1]
    if template == "escalation":
        return _escalation_contacts(rec) or primary
    return primary


def message_id(rt: Runtime, msg_id: str) -> str:
    """The RFC 5322 Message-ID, fixed when the message is written: every attempt sends the
    same one, so a retry after a crash is recognisable as the same message."""
    domain = parseaddr(rt.settings.mail_from)[1].rpartition("@")[2] or "cleavr.localhost"
    return make_msgid(idstring=msg_id.replace("_", "."), domain=domain)


def _row(
    rt: Runtime,
    rec: Receivable,
    *,
    channel: str,
    template: str,
    recipient: str,
    recipient_name: str | None,
    rendered: content.Rendered,
    language: str,
    at: datetime,
    document_path: str | None = None,
    registered: bool = False,
    msg_id: str | None = None,
    hold: timedelta = timedelta(0),
) -> DebtorMessage:
    msg_id = msg_id or new_id("msg", livemode=rec.livemode)
    now = rt.clock.now()
    return DebtorMessage(
        id=msg_id,
        receivable_id=rec.id,
        platform_id=rec.platform_id,
        account_id=rec.account_id,
        livemode=rec.livemode,
        channel=channel,
        step=template,
        language=language,
        recipient=recipient,
        recipient_name=recipient_name,
        subject=rendered.subject,
        body=rendered.text,
        html=rendered.html,
        template=template,
        document_path=document_path,
        message_id=message_id(rt, msg_id) if channel == "email" else None,
        registered=registered,
        status="queued",
        attempts=0,
        next_attempt_at=now + hold,
        created_at=at,
        updated_at=now,
    )


async def queue_step(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    template: str,
    at: datetime,
    *,
    first: bool = False,
    sms: bool = False,
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Writes the step's messages (rendered, PDFs kept) in the caller's transaction. Returns
    what the timeline entry records: the e-mail recipients, and whether a letter went out.
    `context`: what the step's template needs beyond the claim's facts."""
    facts = await content.gather(session, rt, rec, at)
    language = facts["lang"]
    extra: dict[str, Any] = {"first": first, **(context or {})}
    if template == "final_notice":
        last_day = at.date() + timedelta(days=FINAL_NOTICE_DAYS - 1)
        extra["pay_by"] = content.day(last_day, language)
    primary = _contacts(rec, 0)
    extra["primary_name"] = (
        content.contact_name(primary[0], language)
        if primary
        else i18n.gettext(content.locale_of(language), content.YOUR_TEAM)
    )
    # No one else to turn to (a consumer, or no level 1+ contact): the escalation goes to the
    # debtor's own contacts, so it must not read as if written to a third party.
    extra["to_debtor"] = template == "escalation" and not _escalation_contacts(rec)
    rows: list[DebtorMessage] = []
    details: dict[str, Any] = {}

    document_path = None
    if template in LETTER_STEPS and facts["debtor_address_lines"]:
        registered = LETTER_STEPS[template]
        letter_id = new_id("msg", livemode=rec.livemode)
        rendered = content.render(
            template, "letter", facts, contact_name=content.contact_name(None, language), **extra
        )
        pdf = letters.draw(
            sender_lines=[
                rt.settings.agency_name,
                rt.settings.agency_address,
                facts["agency_statement"],
            ],
            recipient_lines=[facts["debtor_name"], *facts["debtor_address_lines"]],
            place_and_date=facts["today"],
            heading=i18n.gettext(content.locale_of(language), REGISTERED_HEADING)
            if registered
            else None,
            subject=rendered.subject,
            text=rendered.text,
            title=rendered.subject,
        )
        document_path = await letters.keep(rt.settings, letter_id, pdf)
        rows.append(
            _row(
                rt,
                rec,
                channel="letter",
                template=template,
                recipient="\n".join([facts["debtor_name"], *facts["debtor_address_lines"]]),
                recipient_name=facts["debtor_name"],
                rendered=rendered,
                language=language,
                at=at,
                document_path=document_path,
                registered=registered,
                msg_id=letter_id,
            )
        )
        details["letter"] = True
        details["registered"] = registered

    recipients = email_recipients(rec, template)
    for contact in recipients:
        name = content.contact_name(contact, language)
        rendered = content.render(template, "email", facts, contact_name=name, **extra)
        rows.append(
            _row(
                rt,
                rec,
                channel="email",
                template=template,
                recipient=contact["email"],
                recipient_name=name,
                rendered=rendered,
                language=language,
                at=at,
                document_path=document_path,
            )
        )
    details["recipients"] = [c["email"] for c in recipients]

    if sms:
        phones = [
            (c, number) for c in primary if c.get("phone") and (number := e164(str(c["phone"])))
        ]
        # Live texts wait for the hours a debtor may be texted; test mode's, written on a test
        # clock, go to the outbox at once.
        hold = sending_window(at) - at if rec.livemode else timedelta(0)
        for contact, number in phones:
            rendered = content.render(template, "sms", facts, **extra)
            rows.append(
                _row(
                    rt,
                    rec,
                    channel="sms",
                    template=template,
                    recipient=number,
                    recipient_name=content.contact_name(contact, language),
                    rendered=rendered,
                    language=language,
                    at=at,
                    hold=hold,
                )
            )
        if phones:
            details["sms"] = [number for _, number in phones]
    session.add_all(rows)
    await session.flush()
    return details
