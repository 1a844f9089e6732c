"""Receivables, payments, payouts, commission, reports, webhook endpoints and events through the
SDK against the live server, and a real signed delivery verified by `webhooks.unwrap`."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from cleavr import (
    CleavrConnect,
    ConflictError,
    InvalidRequestError,
    InvalidWebhookSignatureError,
    NotFoundError,
)
from cleavr.models import Receivable, UserCreated

from cleavr_connect.models import Account
from tests.factories import VALID_SIRET, VALID_VAT
from tests.sdk.conftest import WebhookReceiver, connect

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
    b"\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00"
    b"\x00IEND\xaeB`\x82"
)


def active_user_id(sdk: CleavrConnect, email: str = "billing@acme.example") -> str:
    user = sdk.users.create(
        email=email, company={"name": "Acme", "siret": VALID_SIRET, "vat_number": VALID_VAT}
    )
    return sdk.test_helpers.users.verify(user.id).id


def submit(sdk: CleavrConnect, user_id: str, number: str, amount: str = "1200.00") -> Receivable:
    total = Decimal(amount)
    return sdk.receivables.create(
        user_id=user_id,
        invoice={
            "numbers": [number],
            "issue_date": date(2025, 11, 1),
            "due_date": date(2025, 12, 1),
            "service_description": "Plumbing works",
            "amount": total,
            "amount_before_tax": (total / Decimal("1.2")).quantize(Decimal("0.01")),
            "tax_amount": total - (total / Decimal("1.2")).quantize(Decimal("0.01")),
            "currency": "EUR",
        },
        debtor={
            "company_name": "Boulangerie Dupont SARL",
            "company_type": "company",
            "siret": VALID_SIRET,
            "contacts": [{"first_name": "Jean", "email": "jean@dupont.example", "level": 0}],
        },
        metadata={"invoice_ref": number},
    )


def test_receivable_lifecycle(sdk: CleavrConnect, account: Account) -> None:
    connect(sdk, account)
    user_id = active_user_id(sdk)
    rec = submit(sdk, user_id, "F-1")
    assert rec.id.startswith("rec_test_") and rec.status == "in_recovery"
    assert rec.invoice.amount == Decimal("1200.00") and rec.amounts.principal == Decimal("1200")
    assert rec.metadata == {"invoice_ref": "F-1"} and rec.timeline
    # Amounts keep the two decimals the API writes, not what a float made of them.
    assert str(rec.amounts.principal) == "1200.00" and str(rec.amounts.overpaid) == "0.00"

    with pytest.raises(ConflictError) as duplicate:
        submit(sdk, user_id, "F-1")
    assert duplicate.value.code == "duplicate_receivable"
    with pytest.raises(InvalidRequestError) as mismatch:
        sdk.receivables.create(
            user_id=user_id,
            invoice={
                "numbers": ["F-x"],
                "issue_date": "2025-11-01",
                "due_date": "2025-12-01",
                "amount": Decimal("100.00"),
                "amount_before_tax": Decimal("50.00"),
                "tax_amount": Decimal("10.00"),
            },
            debtor={"company_name": "D", "contacts": [{"email": "d@d.example"}]},
        )
    assert mismatch.value.param and mismatch.value.code

    advanced = sdk.test_helpers.receivables.advance(rec.id, days=20)
    assert len(advanced.timeline) > len(rec.timeline)
    paid = sdk.test_helpers.receivables.create_payment(rec.id, amount=Decimal("200.00"))
    assert paid.amounts.amount_recovered == Decimal("200")
    payments = list(sdk.receivables.list_payments(rec.id))
    assert [p.amount for p in payments] == [Decimal("200")]
    assert payments[0].commission is not None and payments[0].net_amount is not None
    sdk.test_helpers.receivables.advance(rec.id, days=2)  # the day's payout is paid next day
    (payout,) = list(sdk.payouts.list(user_id=user_id))
    assert payout.user_id == user_id and payout.amount == payments[0].net_amount
    assert payout.status == "paid" and [p.id for p in sdk.payouts.list(status="paid")] == [
        payout.id
    ]

    disputed = sdk.test_helpers.receivables.dispute(rec.id, reason="Never delivered")
    assert disputed.status == "disputed" and disputed.dispute_reason == "Never delivered"
    with_proof = sdk.receivables.add_evidence(
        rec.id,
        file={"filename": "note.png", "content": PNG, "content_type": "image/png"},
        description="Delivery note",
    )
    assert with_proof.timeline[-1].type == "evidence_added"
    resumed = sdk.test_helpers.receivables.resolve_dispute(rec.id, outcome="resume")
    assert resumed.status == "in_recovery"

    other = submit(sdk, user_id, "F-2", amount="300.00")
    cancelled = sdk.receivables.cancel(other.id, reason="Paid directly")
    assert cancelled.status == "cancelled"
    with pytest.raises(ConflictError) as twice:
        sdk.receivables.cancel(other.id, reason="again")
    assert twice.value.code == "invalid_state_transition"

    assert [r.id for r in sdk.receivables.list(limit=1)] == [other.id, rec.id]
    assert [r.id for r in sdk.receivables.list(status="cancelled")] == [other.id]
    today = datetime.now(UTC).date()
    window = {"gte": today - timedelta(days=1), "lte": today + timedelta(days=1)}
    assert len(list(sdk.receivables.list(user_id=user_id, created=window))) == 2
    assert list(sdk.receivables.list(created={"lte": today - timedelta(days=3)})) == []
    assert sdk.receivables.retrieve(rec.id).amounts.amount_recovered == Decimal("200")


def test_commission_and_reports(sdk: CleavrConnect, account: Account) -> None:
    connect(sdk, account)
    rates = sdk.commission.rates()
    assert [b.rate for b in rates.bands][:2] == [Decimal("10.80"), Decimal("15.90")]
    calc = sdk.commission.calculate(amount=Decimal("5000.00"), days_overdue=60)
    assert (calc.rate, calc.commission, calc.net_amount) == (
        Decimal("15.90"),
        Decimal("795.00"),
        Decimal("4205.00"),
    )

    user_id = active_user_id(sdk)
    rec = submit(sdk, user_id, "R-1")
    sdk.test_helpers.receivables.create_payment(rec.id, amount=Decimal("600.00"))
    summary = sdk.reports.summary(user_id=user_id)
    assert summary.count == 1 and summary.amount_recovered == Decimal("600")
    assert str(summary.amount_recovered) == "600.00" and str(summary.commission).endswith(".00")
    assert summary.from_ and summary.to
    aging = sdk.reports.aging()
    assert len(aging.buckets) == 6 and aging.total.count == 1
    recoveries = sdk.reports.recoveries(interval="month")
    assert recoveries.total.amount_recovered == Decimal("600")
    rows = list(csv.reader(io.StringIO(sdk.reports.summary_csv(user_id=user_id))))
    assert len(rows) >= 2 and rows[0]
    assert sdk.reports.aging_csv().splitlines()[0]
    assert sdk.reports.recoveries_csv(from_=date.today() - timedelta(days=3)).splitlines()[0]


def test_webhooks_and_a_real_delivery(
    sdk: CleavrConnect, account: Account, webhook_receiver: WebhookReceiver, delivery_worker: None
) -> None:
    connect(sdk, account)
    endpoint = sdk.webhooks.create(
        url=webhook_receiver.url, events=["user.*"], description="SDK test"
    )
    assert endpoint.secret and endpoint.secret.startswith("whsec_")
    assert endpoint.secret not in repr(endpoint)  # kept out of logs
    assert sdk.webhooks.retrieve(endpoint.id).secret is None
    assert endpoint.id in [w.id for w in sdk.webhooks.list()]

    user = sdk.users.create(email="hooked@acme.example")
    body, headers = webhook_receiver.wait_for(1)[0]
    event = sdk.webhooks.unwrap(body, headers, endpoint.secret, require_timestamp=True)
    # A typed event: data.object is the User, dates are datetimes.
    assert isinstance(event, UserCreated)
    assert event.data.object.id == user.id and event.data.object.status == "pending_onboarding"
    assert event.created_at.tzinfo is not None
    with pytest.raises(InvalidWebhookSignatureError, match="re-serialized"):
        sdk.webhooks.verify(json.dumps(json.loads(body)), headers, endpoint.secret)

    fetched = sdk.events.retrieve(event.id)
    assert isinstance(fetched, UserCreated) and fetched.request_id.startswith("req_")
    assert event.id in [e.id for e in sdk.events.list(type="user.*")]
    deliveries = sdk.webhooks.list_deliveries(endpoint.id)
    assert deliveries.data and deliveries.data[0].status == "succeeded"

    rotated = sdk.webhooks.rotate_secret(endpoint.id)
    assert rotated.secret and rotated.secret != endpoint.secret
    resent = sdk.events.resend(event.id, webhook_id=endpoint.id)
    assert resent.webhook_ids == [endpoint.id]
    body, headers = webhook_receiver.wait_for(2)[1]
    # During the rotation both secrets sign: either one verifies.
    assert sdk.webhooks.unwrap(body, headers, endpoint.secret).id == event.id
    assert sdk.webhooks.unwrap(body, headers, rotated.secret).id == event.id

    recovery = sdk.webhooks.recover(endpoint.id, since=datetime.now(UTC) - timedelta(hours=1))
    assert recovery.queued == 0
    updated = sdk.webhooks.update(endpoint.id, enabled=False)
    assert updated.enabled is False
    assert sdk.webhooks.delete(endpoint.id).deleted is True


def test_receivable_from_an_invoice_pdf(sdk: CleavrConnect, account: Account) -> None:
    from tests.ocr import invoices

    connect(sdk, account)
    user_id = active_user_id(sdk)
    contacts = [
        {"first_name": "Jean", "last_name": "Dupont", "email": "jean@dupont.example", "level": 0}
    ]
    rec = sdk.receivables.create_from_pdf(
        user_id=user_id,
        file={
            "filename": "invoice.pdf",
            "content": invoices.pdf(),
            "content_type": "application/pdf",
        },
        debtor={"contacts": contacts},
    )
    assert rec.status == "in_recovery", rec
    assert rec.invoice.numbers == ["F-2025-0142"] and rec.invoice.amount == Decimal("1200.00")
    assert rec.debtor.contacts[0].email == "jean@dupont.example"


def test_messages_of_a_receivable(sdk: CleavrConnect, account: Account) -> None:
    connect(sdk, account)
    user_id = active_user_id(sdk, "messages@acme.example")
    rec = sdk.receivables.create(
        user_id=user_id,
        invoice={
            "numbers": ["F-MSG-1"],
            "issue_date": date(2025, 11, 1),
            "due_date": date(2025, 12, 1),
            "amount": Decimal("1200.00"),
            "amount_before_tax": Decimal("1000.00"),
            "tax_amount": Decimal("200.00"),
            "currency": "EUR",
        },
        debtor={
            "company_name": "Boulangerie Dupont SARL",
            "address": {"line1": "3 rue Lepic", "postal_code": "75018", "city": "Paris"},
            "contacts": [{"first_name": "Jean", "email": "jean@dupont.example", "level": 0}],
        },
    )
    sdk.test_helpers.receivables.advance(rec.id, days=31)
    messages = list(sdk.receivables.messages(rec.id))
    assert {(m.step, m.channel) for m in messages} >= {
        ("reminder", "email"),
        ("formal_notice", "email"),
        ("formal_notice", "letter"),
    }
    letter = next(m for m in messages if m.channel == "letter")
    again = sdk.messages.retrieve(letter.id)
    assert again.id == letter.id and again.registered is True
    assert again.text and "L111-8" in again.text
    pdf = sdk.messages.document(letter.id)
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF-")
    email = next(m for m in messages if m.step == "formal_notice" and m.channel == "email")
    assert "<html" in sdk.messages.html(email.id)
    with pytest.raises(NotFoundError):
        sdk.messages.retrieve("msg_test_nope")
    # No message worker runs here: the letter is still queued, and only a sent one is delivered
    # (the server's own tests deliver one).
    with pytest.raises(ConflictError) as queued:
        sdk.test_helpers.messages.deliver(letter.id)
    assert queued.value.code == "invalid_state_transition" and "is queued" in str(queued.value)


def test_payment_plan_policy_and_decisions(sdk: CleavrConnect, account: Account) -> None:
    import re

    import httpx

    connect(sdk, account)
    user_id = active_user_id(sdk, "plans@acme.example")
    user = sdk.users.update(user_id, payment_plan_policy={"auto_accept": False})
    assert user.payment_plan_policy.auto_accept is False
    assert user.payment_plan_policy.max_instalments == 6
    rec = submit(sdk, user_id, "F-PLAN")
    rec = sdk.test_helpers.receivables.advance(rec.id, days=1)
    link = next(
        found.group(0)
        for message in sdk.receivables.messages(rec.id)
        if (found := re.search(r"https?://\S+/fr/d/dpt_[0-9A-Za-z]+", message.text or ""))
    )
    with httpx.Client(timeout=15) as debtor:
        page = debtor.get(link).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        debtor.post(f"{link}/plan", data={"csrf_token": token.group(1), "instalments": "4"})
    pending = sdk.receivables.retrieve(rec.id).payment_plan
    assert pending is not None and pending.status == "pending" and pending.instalment_count == 4
    accepted = sdk.receivables.accept_payment_plan(rec.id)
    assert accepted.stage == "payment_plan" and accepted.payment_plan is not None
    assert accepted.payment_plan.status == "accepted"
    assert sum(i.amount for i in accepted.payment_plan.instalments) == accepted.payment_plan.total
    with pytest.raises(ConflictError) as refused:
        sdk.receivables.refuse_payment_plan(rec.id, reason="too late")
    assert refused.value.code == "no_pending_payment_plan"
