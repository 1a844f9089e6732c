"""How messages leave: one interface per channel, a real provider and the outbox default.

- e-mail: `SmtpMailer` (aiosmtplib, `CLEAVR_SMTP_URL`), else `OutboxMailer` (`.eml` files);
- letters: `LetterSender`, with `FilesystemLetterSender` (the PDF and its envelope as files
  for the operator's franking or print-and-post provider) as the default;
- SMS: `HttpSmsSender` (a provider's JSON API by URL and token), else `OutboxSmsSender`.

Test mode never contacts a real provider: its messages always go to the outbox
(`for_message`). Each transport can tell whether an interrupted attempt already went out
(`already_sent`); the outbox ones know exactly (the file is there), SMTP cannot: an attempt cut
short after the mail server accepted the message (the worker killed before it wrote the
outcome) is sent again, with the same Message-ID, which mail clients use to show it once but
an ordinary SMTP server does not refuse. E-mail is delivered at least once
(docs/decisions.md).
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qs, unquote, urlsplit

import aiosmtplib
import httpx

from cleavr_connect import storage
from cleavr_connect.config import Settings
from cleavr_connect.messages.mail import WIRE_POLICY

OUTBOX = "outbox"
TIMEOUT_SECONDS = 30.0


@dataclass(frozen=True)
class Outgoing:
    """A message ready to leave, with everything the transport needs (no database)."""

    id: str
    channel: str  # email | letter | sms
    livemode: bool
    recipient: str
    recipient_name: str | None
    subject: str
    text: str
    email: EmailMessage | None = None  # the MIME message, e-mail only
    document: bytes | None = None  # the letter's PDF
    registered: bool = False


class SendFailed(Exception):
    """The provider refused or could not be reached. `permanent`: retrying cannot help
    (`bounced` when the address itself was refused)."""

    def __init__(self, reason: str, *, permanent: bool = False, bounced: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason[:500]
        self.permanent = permanent or bounced
        self.bounced = bounced


class Transport(Protocol):
    async def send(self, message: Outgoing) -> str:
        """Sends; returns the provider's reference. Raises SendFailed."""
        ...

    async def already_sent(self, message: Outgoing) -> str | None:
        """After an interrupted attempt: the reference if it did go out, else None."""
        ...


class Mailer(Transport, Protocol):
    pass


class LetterSender(Transport, Protocol):
    pass


class SmsSender(Transport, Protocol):
    pass


def _write(path: Path, data: bytes) -> None:
    # Whole or not at all (the rename is the send), and no half-written `.part` left behind.
    storage.write_whole(path, data, mode=0o644)


class _OutboxFiles:
    """Writes each message as one file named after it under `<data dir>/outbox/`."""

    folder = ""
    suffix = ""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def _relative(self, message: Outgoing) -> str:
        parts = [OUTBOX, self.folder, message.id + self.suffix]
        return "/".join(p for p in parts if p)

    def _bytes(self, message: Outgoing) -> bytes:
        raise NotImplementedError

    async def send(self, message: Outgoing) -> str:
        relative = self._relative(message)
        await asyncio.to_thread(_write, self.data_dir / relative, self._bytes(message))
        return relative

    async def already_sent(self, message: Outgoing) -> str | None:
        relative = self._relative(message)
        return relative if (self.data_dir / relative).exists() else None


class OutboxMailer(_OutboxFiles):
    """The embedded default: `<data dir>/outbox/<message id>.eml`, openable in any mail
    client."""

    suffix = ".eml"

    def _bytes(self, message: Outgoing) -> bytes:
        assert message.email is not None
        return message.email.as_bytes()


class FilesystemLetterSender(_OutboxFiles):
    """Letters as files for the operator's print-and-post run: `<id>.pdf` and `<id>.json`
    (the envelope: address, registered or not). The PDF is written last: it is the send."""

    folder = "letters"
    suffix = ".pdf"

    def _bytes(self, message: Outgoing) -> bytes:
        assert message.document is not None
        envelope = {
            "id": message.id,
            "recipient": message.recipient.split("\n"),
            "registered": message.registered,
            "subject": message.subject,
        }
        path = self.data_dir / OUTBOX / self.folder / (message.id + ".json")
        _write(path, json.dumps(envelope, ensure_ascii=False, indent=2).encode())
        return message.document


class OutboxSmsSender(_OutboxFiles):
    folder = "sms"
    suffix = ".txt"

    def _bytes(self, message: Outgoing) -> bytes:
        return f"To: {message.recipient}\n\n{message.text}\n".encode()


@dataclass(frozen=True)
class SmtpServer:
    hostname: str
    port: int
    username: str | None
    password: str | None
    use_tls: bool  # implicit TLS (smtps://, port 465)
    start_tls: bool

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """`smtp://user:pass@host:587?starttls=1`, or `smtps://…` for implicit TLS."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("CLEAVR_SMTP_URL must look like smtp://user:pass@host:587?starttls=1")
        query = parse_qs(parts.query)
        implicit = parts.scheme == "smtps"
        start_tls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
        return cls(
            hostname=parts.hostname,
            port=parts.port or (465 if implicit else 25),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_tls=implicit,
            start_tls=start_tls and not implicit,
        )


class SmtpMailer:
    def __init__(self, server: SmtpServer, timeout: float = TIMEOUT_SECONDS) -> None:
        self.server = server
        self.timeout = timeout

    async def send(self, message: Outgoing) -> str:
        assert message.email is not None
        s = self.server
        # The bytes built and signed here, not a copy aiosmtplib would flatten again with its
        # own policy (which folded List-Unsubscribe into an encoded-word).
        raw = message.email.as_bytes(policy=WIRE_POLICY)
        try:
            errors, response = await aiosmtplib.send(
                raw,
                sender=parseaddr(str(message.email["From"]))[1],
                recipients=[message.recipient],
                hostname=s.hostname,
                port=s.port,
                username=s.username,
                password=s.password,
                use_tls=s.use_tls,
                start_tls=s.start_tls,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            reason = "; ".join(f"{r.code} {r.message}" for r in exc.recipients)
            raise SendFailed(reason, bounced=all(r.code >= 500 for r in exc.recipients)) from exc
        except aiosmtplib.SMTPResponseException as exc:
            raise SendFailed(f"{exc.code} {exc.message}", permanent=exc.code >= 500) from exc
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            raise SendFailed(f"{type(exc).__name__}: {exc}") from exc
        if errors:
            reason = "; ".join(f"{addr}: {r.code} {r.message}" for addr, r in errors.items())
            raise SendFailed(reason, bounced=True)
        return f"{message.email['Message-ID']} {response}".strip()

    async def already_sent(self, message: Outgoing) -> str | None:
        return None  # SMTP cannot be asked; the retry reuses the Message-ID


class HttpSmsSender:
    """A provider's JSON API: `POST <url>` with `Authorization: Bearer <token>` and
    `{"to", "text", "reference"}`; the answer's `id` is the provider reference. The message id
    goes as `Idempotency-Key`, so a provider that honours it sends a retry once."""

    def __init__(self, url: str, token: str | None, timeout: float = TIMEOUT_SECONDS) -> None:
        self.url = url
        self.token = token
        self.timeout = timeout

    async def send(self, message: Outgoing) -> str:
        headers = {"Idempotency-Key": message.id}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        body = {"to": message.recipient, "text": message.text, "reference": message.id}
        try:
            async with httpx.AsyncClient(timeout=self.timeout, follow_redirects=False) as http:
                response = await http.post(self.url, json=body, headers=headers)
        except httpx.HTTPError as exc:
            raise SendFailed(f"{type(exc).__name__}: {exc}") from exc
        if response.status_code >= 300:
            reason = f"HTTP {response.status_code}: {response.text[:300]}"
            permanent = 400 <= response.status_code < 500 and response.status_code != 429
            raise SendFailed(reason, bounced=permanent)
        try:
            reference = response.json().get("id")
        except (ValueError, AttributeError):
            reference = None
        return str(reference or response.headers.get("Location") or message.id)

    async def already_sent(self, message: Outgoing) -> str | None:
        return None  # the Idempotency-Key lets the provider recognise the retry


@dataclass
class Transports:
    email: Transport
    letter: Transport
    sms: Transport

    def for_channel(self, channel: str) -> Transport:
        return {"email": self.email, "letter": self.letter, "sms": self.sms}[channel]


def outbox(settings: Settings) -> Transports:
    return Transports(
        email=OutboxMailer(settings.data_dir),
        letter=FilesystemLetterSender(settings.data_dir),
        sms=OutboxSmsSender(settings.data_dir),
    )


def configured(settings: Settings) -> Transports:
    """Live mode: the providers configured, the outbox for the others."""
    box = outbox(settings)
    return Transports(
        email=SmtpMailer(SmtpServer.from_url(settings.smtp_url))
        if settings.smtp_url
        else box.email,
        letter=box.letter,
        sms=HttpSmsSender(settings.sms_url, settings.sms_token) if settings.sms_url else box.sms,
    )
