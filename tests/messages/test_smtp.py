"""Live messages over SMTP to a real server in-process (aiosmtpd): what it received, exactly
once; refusals recorded with the server's reason; DKIM signatures that verify."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from cleavr_connect.messages import queue
from cleavr_connect.messages.worker import MessageWorker, send_due
from cleavr_connect.models import DebtorMessage, Event
from cleavr_connect.recovery import playbook
from cleavr_connect.runtime import build_runtime
from tests.messages.conftest import live_receivable, messages_of
from tests.messages.smtp import SmtpServer


def _smtp_runtime(runtime, smtp: SmtpServer, **settings):  # type: ignore[no-untyped-def]
    return build_runtime(
        runtime.settings.with_overrides(
            smtp_url=smtp.url, mail_from="Cleavr <recouvrement@cleavr.example>", **settings
        ),
        runtime.clock,
    )


async def test_each_email_arrives_once_in_french_with_the_formal_notice_attached(
    client, db, runtime, clock, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    _, rec = await live_receivable(client, db, rt)
    for _ in range(4):  # day 7, 15, 30, 45: every step through the final notice
        clock.advance(days=15)
        async with db.transaction() as session:
            await playbook.run_all_due(session, rt)
    rows = await messages_of(db, rec["id"])
    emails = [m for m in rows if m.channel == "email"]
    assert [m.step for m in emails] == [
        "reminder",
        "reminder",
        "escalation",
        "formal_notice",
        "final_notice",
    ]
    assert await send_due(db, rt) == len(rows)
    assert await send_due(db, rt) == 0

    received = {r.message["Message-ID"]: r for r in smtp.received}
    assert len(smtp.received) == len(emails) == len(received)  # each exactly once
    for row in emails:
        got = received[row.message_id].message
        assert got["Subject"] == row.subject
        assert got["Content-Language"] == "fr"
        assert got["From"] == "Cleavr <recouvrement@cleavr.example>"
        plain = got.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        assert plain.replace("\r\n", "\n") == row.body  # CRLF on the wire
        assert "Article L111-8 du Code des procédures civiles d'exécution" in plain
        assert got.get_body(("html",)) is not None
    notice = next(m for m in emails if m.step == "formal_notice")
    got = received[notice.message_id].message
    assert got["Subject"].startswith("Mise en demeure de payer")
    assert got["List-Unsubscribe"] is None
    (pdf,) = list(got.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF-")
    first = received[emails[0].message_id]
    # A reminder's unsubscribe link as mail clients read it: the URL itself, on the wire. It
    # was folded into an RFC 2047 encoded-word (`=?utf-8?q?=3Cmailto=3A…`).
    assert first.message["List-Unsubscribe"] == (
        f"<mailto:recouvrement@cleavr.example?subject=unsubscribe%20{rec['id']}>"
    )
    assert b"\r\nList-Unsubscribe: <mailto:recouvrement@cleavr.example?subject=" in first.raw

    settled = await messages_of(db, rec["id"])
    for row in settled:
        assert row.status == "sent" and row.attempts == 1 and row.sent_at is not None
    sent_email = next(m for m in settled if m.id == notice.id)
    assert sent_email.provider_reference is not None
    assert sent_email.provider_reference.startswith(notice.message_id)
    assert sent_email.provider_reference.endswith("Message accepted for delivery")
    # The letters went to the postal outbox (the only postal provider here).
    assert {m.provider_reference.split("/")[1] for m in settled if m.channel == "letter"} == {
        "letters"
    }


async def test_refused_recipient_is_bounced_with_the_servers_reason(
    client, db, runtime, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    smtp.handler.refuse["jean@dupont.example"] = "550 5.1.1 No such user here"
    _, rec = await live_receivable(client, db, rt)
    await send_due(db, rt)
    (row,) = await messages_of(db, rec["id"])
    assert row.status == "bounced"
    assert row.failure_reason is not None and "550 5.1.1 No such user here" in row.failure_reason
    async with db.transaction() as session:
        failed = (
            await session.execute(select(Event).where(Event.type == "message.failed"))
        ).scalar_one()
    assert failed.data["object"]["status"] == "bounced"
    assert failed.data["object"]["failure_reason"] == row.failure_reason


async def test_temporary_failure_is_retried_later_with_backoff_then_sent(
    client, db, runtime, clock, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    rt = _smtp_runtime(runtime, smtp)
    smtp.handler.on_data = lambda n: "451 4.3.0 Try again later" if n == 1 else None
    _, rec = await live_receivable(client, db, rt)
    await send_due(db, rt)
    (row,) = await messages_of(db, rec["id"])
    assert row.status == "queued" and row.attempts == 1
    assert row.failure_reason is not None and "451" in row.failure_reason
    assert row.next_attempt_at == clock.now() + timedelta(minutes=1)
    assert await send_due(db, rt) == 0  # not due yet
    clock.advance(minutes=1)
    assert await send_due(db, rt) == 1
    (row,) = await messages_of(db, rec["id"])
    assert row.status == "sent" and row.attempts == 2
    assert len(smtp.received) == 1


async def test_dkim_signature_verifies(
    client, db, runtime, smtp: SmtpServer, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    (tmp_path / "dkim.pem").write_bytes(pem)
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    import base64

    record = b"v=DKIM1; k=rsa; p=" + base64.b64encode(public)
    rt = _smtp_runtime(
        runtime, smtp, dkim_key_file=str(tmp_path / "dkim.pem"), dkim_selector="mail2026"
    )
    await live_receivable(client, db, rt)
    await send_due(db, rt)
    (got,) = smtp.received
    assert got.message["DKIM-Signature"] is not None

    def dns(name: bytes, timeout: int = 5) -> bytes:
        assert name == b"mail2026._domainkey.cleavr.example."
        return record

    assert dkim.verify(got.raw, dnsfunc=dns)
    tampered = got.raw.replace(b"Rappel de paiement", b"Rappel de paiemenT", 1)
    assert not dkim.verify(tampered, dnsfunc=dns)


async def test_test_mode_never_reaches_the_smtp_server(
    client, db, runtime, smtp: SmtpServer, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import active_user, caller, receivable_body

    rt = _smtp_runtime(runtime, smtp)
    who = await caller(client, db, rt)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    async with db.transaction() as session:
        await playbook.run_all_due(session, rt)
    assert await send_due(db, rt) == 1
    assert smtp.received == []
    async with db.transaction() as session:
        row = (
            await session.execute(
                select(DebtorMessage).where(DebtorMessage.receivable_id == rec["id"])
            )
        ).scalar_one()
    assert row.status == "sent" and row.provider_reference == f"outbox/{row.id}.eml"
    assert (data_dir / "outbox" / f"{row.id}.eml").is_file()


async def test_a_message_taken_over_after_its_lease_leaves_once(
    client, db, runtime, clock, smtp: SmtpServer
) -> None:  # type: ignore[no-untyped-def]
    """Worker A claims a batch, then is slow (a mail server answering after seconds): its lease
    ends and worker B takes the message over and sends it. When A comes to it, A sees it is no
    longer its own and does not send it: the debtor gets it once. Nor did A's claim spend one
    of the message's attempts: only B's sending counts."""
    rt = _smtp_runtime(runtime, smtp)
    _, rec = await live_receivable(client, db, rt)
    (email,) = [m for m in await messages_of(db, rec["id"]) if m.channel == "email"]
    async with db.transaction() as session:
        batch = await queue.claim(session, now=clock.now(), worker_id="worker-a")
    assert [item.id for item in batch] == [email.id]
    clock.advance(seconds=rt.settings.message_lease_seconds + 1)
    assert await send_due(db, rt, worker_id="worker-b") == 1
    await MessageWorker(db, rt, worker_id="worker-a")._send(batch[0])
    assert len(smtp.received) == 1
    (row,) = [m for m in await messages_of(db, rec["id"]) if m.channel == "email"]
    assert (row.status, row.attempts) == ("sent", 1)
