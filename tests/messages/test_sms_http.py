"""Live SMS through a provider's HTTP API (a real local HTTP server): the request it got, the
reference kept, and a refusal recorded with the provider's answer."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from cleavr_connect.messages.worker import send_due
from cleavr_connect.recovery import playbook
from cleavr_connect.runtime import build_runtime
from tests.factories import receivable_body
from tests.messages.conftest import live_receivable, messages_of
from tests.webhooks.receiver import Receiver


@pytest.fixture
async def provider() -> AsyncIterator[Receiver]:
    receiver = await Receiver().start()
    yield receiver
    await receiver.stop()


def _debtor_with_phone() -> dict:  # type: ignore[type-arg]
    debtor = receivable_body("x")["debtor"]
    debtor["contacts"][0]["phone"] = "06 12 34 56 78"
    return debtor


async def _second_reminder(client, db, runtime, clock, rt):  # type: ignore[no-untyped-def]
    _, rec = await live_receivable(client, db, rt, debtor=_debtor_with_phone())
    clock.advance(days=7)
    async with db.transaction() as session:
        await playbook.run_all_due(session, rt)
    return rec


async def test_sms_goes_to_the_provider_with_token_and_idempotency_key(
    client, db, runtime, clock, provider: Receiver
) -> None:  # type: ignore[no-untyped-def]
    provider.always("/sms", (201, {"Content-Type": "application/json"}, b'{"id": "sms-77"}'))
    rt = build_runtime(
        runtime.settings.with_overrides(sms_url=provider.url("/sms"), sms_token="tok_secret"),
        runtime.clock,
    )
    rec = await _second_reminder(client, db, runtime, clock, rt)
    await send_due(db, rt)
    (sms,) = [m for m in await messages_of(db, rec["id"]) if m.channel == "sms"]
    assert sms.status == "sent" and sms.provider_reference == "sms-77"
    (request,) = provider.at("/sms")
    assert request.headers["authorization"] == "Bearer tok_secret"
    assert request.headers["idempotency-key"] == sms.id
    assert request.json() == {"to": "+33612345678", "text": sms.body, "reference": sms.id}


async def test_sms_refused_by_the_provider_is_bounced_with_its_answer(
    client, db, runtime, clock, provider: Receiver
) -> None:  # type: ignore[no-untyped-def]
    provider.always("/sms", (422, {"Content-Type": "application/json"}, b'{"error": "bad number"}'))
    rt = build_runtime(runtime.settings.with_overrides(sms_url=provider.url("/sms")), runtime.clock)
    rec = await _second_reminder(client, db, runtime, clock, rt)
    await send_due(db, rt)
    (sms,) = [m for m in await messages_of(db, rec["id"]) if m.channel == "sms"]
    assert sms.status == "bounced"
    assert sms.failure_reason == 'HTTP 422: {"error": "bad number"}'
