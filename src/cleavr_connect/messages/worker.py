"""The message worker: inside `cleavr-connect worker`, and in-process under `serve` (it runs
beside the back office). Claims due messages, sends each through its channel's transport
(outside any transaction), and settles it — one message at a time per worker, so a worker
killed mid-batch leaves at most one message in doubt; workers scale out through the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta

from cleavr_connect.db.engine import Database
from cleavr_connect.ids import random_string
from cleavr_connect.messages import letters, mail, queue, transports
from cleavr_connect.messages.transports import Outgoing, SendFailed, Transports
from cleavr_connect.models import DebtorMessage, Receivable
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import without_bidi_controls

log = logging.getLogger("cleavr_connect.messages")

BATCH = 20
ERROR_PAUSE = 1.0


def new_worker_id() -> str:
    return f"msg:{socket.gethostname()[:16]}:{os.getpid()}:{random_string(6)}"


def outgoing(rt: Runtime, msg: DebtorMessage) -> Outgoing:
    """Everything the transport needs, read before sending (the PDF from storage). A message
    written before names lost their directional overrides leaves without them."""
    plain = without_bidi_controls
    document = letters.read(rt.settings, msg.document_path) if msg.document_path else None
    email = None
    if msg.channel == "email":
        assert msg.message_id is not None
        email = mail.build(
            rt.settings,
            message_id=msg.message_id,
            to=msg.recipient,
            to_name=plain(msg.recipient_name) if msg.recipient_name else None,
            subject=plain(msg.subject),
            text=plain(msg.body),
            html=plain(msg.html) if msg.html else None,
            template=msg.template,
            language=msg.language,
            reference=msg.receivable_id,
            date=msg.created_at,
            document=document,
        )
    return Outgoing(
        id=msg.id,
        channel=msg.channel,
        livemode=bool(msg.livemode),
        recipient=plain(msg.recipient),
        recipient_name=plain(msg.recipient_name) if msg.recipient_name else None,
        subject=plain(msg.subject),
        text=plain(msg.body),
        email=email,
        document=document if msg.channel == "letter" else None,
        registered=bool(msg.registered),
    )


class MessageWorker:
    def __init__(
        self,
        db: Database,
        rt: Runtime,
        *,
        worker_id: str | None = None,
        batch: int = BATCH,
        live_transports: Callable[[], Transports] | None = None,
    ) -> None:
        self.db = db
        self.rt = rt
        self.worker_id = worker_id or new_worker_id()
        self.batch = batch
        self._live = (live_transports or (lambda: transports.configured(rt.settings)))()
        self._test = transports.outbox(rt.settings)
        self.sent = 0
        self._stop: asyncio.Event | None = None

    def transport(self, channel: str, livemode: bool) -> transports.Transport:
        # Test mode never reaches a real provider: its messages go to the outbox.
        return (self._live if livemode else self._test).for_channel(channel)

    async def run_once(self) -> int:
        """Sends everything due now; returns how many messages were settled."""
        settled = 0
        while True:
            async with self.db.transaction() as session:
                claimed = await queue.claim(
                    session,
                    now=self.rt.clock.now(),
                    worker_id=self.worker_id,
                    limit=self.batch,
                    lease=timedelta(seconds=self.rt.settings.message_lease_seconds),
                )
            if not claimed:
                return settled
            for item in claimed:
                if self._stop is not None and self._stop.is_set():
                    # The rest of the batch comes due again when its lease ends.
                    return settled
                await self._send(item)
                settled += 1

    async def _send(self, item: queue.Claimed) -> None:
        async with self.db.transaction() as session:
            lease = timedelta(seconds=self.rt.settings.message_lease_seconds)
            now = self.rt.clock.now()
            if not await queue.take(
                session, item.id, worker_id=self.worker_id, now=now, lease=lease
            ):
                log.info("message %s: taken over by another worker, not sent here", item.id)
                return
            msg = await session.get(DebtorMessage, item.id)
            if msg is None:  # the receivable was deleted meanwhile
                return
            reason = queue.withheld_because(await session.get(Receivable, msg.receivable_id))
            if reason is not None and not item.interrupted:
                await queue.withhold(
                    session, self.rt, item.id, worker_id=self.worker_id, reason=reason
                )
                log.info("message %s: withheld (%s)", item.id, reason)
                return
            try:
                message = outgoing(self.rt, msg)
            except OSError as exc:
                outcome = queue.Outcome(False, reason=f"document unreadable: {exc}")
                message = None
        transport = self.transport(msg.channel, bool(msg.livemode))
        if message is not None and reason is not None:
            # Interrupted, then the claim stopped: recorded as sent if it did leave, never sent
            # again.
            reference = await transport.already_sent(message)
            if reference is None:
                async with self.db.transaction() as session:
                    await queue.withhold(
                        session, self.rt, item.id, worker_id=self.worker_id, reason=reason
                    )
                return
            outcome = queue.Outcome(True, provider_reference=reference)
        elif message is not None:
            outcome = await self._attempt(transport, message, item.interrupted)
        async with self.db.transaction() as session:
            status = await queue.settle(
                session, self.rt, item.id, worker_id=self.worker_id, outcome=outcome
            )
        if status is None:
            log.warning("message %s: lease lost before its outcome was written", item.id)
        elif status == "sent":
            self.sent += 1
        else:
            log.info("message %s: %s (%s)", item.id, status, outcome.reason)

    async def _attempt(
        self, transport: transports.Transport, message: Outgoing, interrupted: bool
    ) -> queue.Outcome:
        if interrupted:
            # The previous attempt died between "sending" and its outcome: if it went out,
            # record it rather than sending it again.
            reference = await transport.already_sent(message)
            if reference is not None:
                return queue.Outcome(True, provider_reference=reference)
        try:
            reference = await transport.send(message)
        except SendFailed as exc:
            return queue.Outcome(
                False, reason=exc.reason, permanent=exc.permanent, bounced=exc.bounced
            )
        except Exception as exc:  # a transport bug must not stop the worker
            log.exception("message %s: transport error", message.id)
            return queue.Outcome(False, reason=f"{type(exc).__name__}: {exc}"[:500])
        return queue.Outcome(True, provider_reference=reference)

    async def run(self, stop: asyncio.Event) -> None:
        poll = self.rt.settings.message_poll_ms / 1000
        self._stop = stop
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("message worker %s: pass failed; retrying", self.worker_id)
                await asyncio.sleep(ERROR_PAUSE)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll)


async def send_due(db: Database, rt: Runtime, **options: object) -> int:
    """One pass with a worker of its own: what tests call after the playbook ran."""
    return await MessageWorker(db, rt, **options).run_once()  # type: ignore[arg-type]
