"""The MIME e-mail of a debtor message: text and HTML alternatives, the formal notice's PDF
attached, a fixed Message-ID, `List-Unsubscribe` on reminders only (a legal notice is not a
mailing one opts out of), and a DKIM signature when a key is configured."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import dkim

from cleavr_connect.config import Settings

# Messages that are legal notices: no List-Unsubscribe header.
LEGAL_NOTICES = frozenset({"formal_notice", "final_notice"})
_SIGNED_HEADERS = [b"From", b"To", b"Subject", b"Date", b"Message-ID", b"MIME-Version"]
_DOCUMENT_NAMES = {
    ("fr", "formal_notice"): "mise-en-demeure",
    ("fr", "final_notice"): "dernier-avis",
    ("en", "formal_notice"): "formal-notice",
    ("en", "final_notice"): "final-notice",
}


def document_name(language: str, template: str, reference: str) -> str:
    return f"{_DOCUMENT_NAMES.get((language, template), 'courrier')}-{reference}.pdf"


# RFC 2369 headers: URLs in angle brackets, read by mail clients as they are.
_AS_IS = frozenset({"list-unsubscribe"})


class _Policy(EmailPolicy):
    """The standard policy, except for `_AS_IS` headers: written unfolded. Folding one longer
    than a line turned it into an RFC 2047 encoded-word (`=?utf-8?q?=3Cmailto=3A…`) that no
    mail client reads as a URL, so the unsubscribe link was dead."""

    def fold(self, name: str, value: str) -> str:
        if name.lower() in _AS_IS:
            return f"{name}: {value}{self.linesep}"
        return super().fold(name, value)

    def fold_binary(self, name: str, value: str) -> bytes:
        if name.lower() in _AS_IS:
            return f"{name}: {value}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


POLICY = _Policy()
# On the wire: the same, with the CRLF line ends SMTP requires.
WIRE_POLICY = POLICY.clone(linesep="\r\n")


@lru_cache(maxsize=4)
def _dkim_key(path: str) -> bytes:
    return Path(path).read_bytes()


def build(
    settings: Settings,
    *,
    message_id: str,
    to: str,
    to_name: str | None,
    subject: str,
    text: str,
    html: str | None,
    template: str,
    language: str,
    reference: str,
    date: object,
    document: bytes | None = None,
    extra_headers: dict[str, str] | None = None,
) -> EmailMessage:
    sender_name, sender = parseaddr(settings.mail_from)
    msg = EmailMessage(policy=POLICY)
    msg["From"] = formataddr((sender_name or settings.agency_name, sender))
    msg["To"] = formataddr((to_name or "", to))
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)  # type: ignore[arg-type]
    msg["Message-ID"] = message_id
    # An automated message: no out-of-office replies (RFC 3834).
    msg["Auto-Submitted"] = "auto-generated"
    if template not in LEGAL_NOTICES:
        subject_line = quote(f"unsubscribe {reference}")
        msg["List-Unsubscribe"] = f"<mailto:{sender}?subject={subject_line}>"
    for name, value in (extra_headers or {}).items():
        msg[name] = value
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    if document is not None:
        msg.add_attachment(
            document,
            maintype="application",
            subtype="pdf",
            filename=document_name(language, template, reference),
        )
    # After the parts: building them moves Content-* headers into the first part.
    msg["Content-Language"] = language
    return sign(settings, msg)


def sign(settings: Settings, msg: EmailMessage) -> EmailMessage:
    """Adds a DKIM-Signature (RFC 6376) when `CLEAVR_DKIM_KEY_FILE` and
    `CLEAVR_DKIM_SELECTOR` are set; the domain is the From address's."""
    if not (settings.dkim_key_file and settings.dkim_selector):
        return msg
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2]
    signature = dkim.sign(
        msg.as_bytes(),
        settings.dkim_selector.encode(),
        domain.encode(),
        _dkim_key(settings.dkim_key_file),
        include_headers=[h for h in _SIGNED_HEADERS if msg[h.decode()] is not None],
        # Relaxed both ways: the header is refolded and line ends become CRLF on the wire.
        canonicalize=(b"relaxed", b"relaxed"),
    )
    name, _, value = signature.decode().partition(":")
    msg[name] = " ".join(value.split())
    # The signature must be the first header a verifier sees; move it to the top.
    headers = msg._headers  # type: ignore[attr-defined]  # EmailMessage keeps them in this list
    headers.insert(0, headers.pop())
    return msg
