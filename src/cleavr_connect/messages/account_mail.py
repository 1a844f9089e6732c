"""E-mails to account holders (sign-up verification, a sign-up attempt on a registered
address), sent at once through the same e-mail transport as debtor messages: SMTP when
`CLEAVR_SMTP_URL` is set, else `.eml` files in `<data dir>/outbox/`."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from cleavr_connect import i18n
from cleavr_connect.i18n import N_
from cleavr_connect.ids import new_id
from cleavr_connect.messages import mail, transports
from cleavr_connect.runtime import Runtime

log = logging.getLogger("cleavr_connect.messages")

VERIFY_SUBJECT = N_("Confirm your e-mail address")
ATTEMPT_SUBJECT = N_("Someone tried to create an account with your address")


async def send(rt: Runtime, *, to: str, subject: str, text: str, locale: i18n.Locale) -> bool:
    """Sends one e-mail now; False (logged) when the transport refused it."""
    settings = rt.settings
    sender_name, sender = parseaddr(settings.mail_from)
    msg = EmailMessage()
    msg["From"] = formataddr((sender_name or "Cleavr", sender))
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(rt.clock.now())
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "cleavr.localhost")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg["Content-Language"] = locale
    outgoing = transports.Outgoing(
        id=new_id("mail"),
        channel="email",
        livemode=True,
        recipient=to,
        recipient_name=None,
        subject=subject,
        text=text,
        email=mail.sign(settings, msg),
    )
    try:
        await transports.configured(settings).email.send(outgoing)
    except transports.SendFailed as exc:
        log.warning("account e-mail %s not sent: %s", outgoing.id, exc.reason)
        return False
    return True


async def send_verification(
    rt: Runtime, *, to: str, name: str, link: str, locale: i18n.Locale
) -> bool:
    text = i18n.render("account/verify_email.txt", locale, name=name, link=link)
    return await send(
        rt, to=to, subject=i18n.gettext(locale, VERIFY_SUBJECT), text=text, locale=locale
    )


async def send_signup_attempt(rt: Runtime, *, to: str, signin: str, locale: i18n.Locale) -> bool:
    text = i18n.render("account/signup_attempt.txt", locale, signin=signin)
    return await send(
        rt, to=to, subject=i18n.gettext(locale, ATTEMPT_SUBJECT), text=text, locale=locale
    )
