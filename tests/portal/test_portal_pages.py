"""The debtor portal's pages over HTTP: see the claim, pay by card (sandbox), dispute, promise
to pay (SPEC §13). Browser checks (axe, no JavaScript) are in tests/e2e."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import io
import json
import re
import time
from dataclasses import replace
from decimal import Decimal

import httpx
import pdfplumber
import pytest
from sqlalchemy import select
from stdnum import iban, iso11649

from cleavr_connect.app import create_app
from cleavr_connect.ids import new_id
from cleavr_connect.models import CardCheckout, Event, Payment, PaymentPromise, Receivable
from cleavr_connect.portal import links
from tests.factories import active_user, caller, receivable_body

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


async def _claim(client, db, runtime, *, advance: int = 0) -> tuple[str, str, object]:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who, company={"name": "Plomberie Martin"})
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    if advance:
        await client.post(
            f"/v1/test_helpers/receivables/{rec['id']}/advance",
            json={"days": advance},
            headers=who.headers,
        )
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        url = await links.portal_link(session, runtime, row)
    return rec["id"], url.removeprefix("http://testserver"), who


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


async def test_the_claim_page_in_french_and_english(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    assert page.status_code == 200, page.text
    html = page.text
    assert '<html lang="fr">' in html and "Votre facture de Plomberie Martin" in html
    assert "1\u202f200,00\u00a0€" in html  # the principal, French format
    assert "Pénalités de retard" in html and "40,00\u00a0€" in html  # the €40 indemnity
    async with db.transaction() as session:
        row = await session.get(Receivable, rec_id)
        assert row is not None
        reference = await links.creditor_reference(session, runtime, row)
    # printed in groups of four, as on a bank statement
    assert iso11649.format(reference) in html and reference not in html
    assert iban.format(links.TEST_COLLECTION_IBAN) in html
    assert 'src="data:image/svg+xml;base64,' in html  # the EPC QR code
    assert page.headers["x-frame-options"] == "DENY"
    english = await client.get(path.replace("/fr/", "/en/"))
    assert (
        '<html lang="en">' in english.text and "Your invoice from Plomberie Martin" in english.text
    )
    assert "€1,200.00" in english.text
    # the switch leads to the same claim in the other language
    assert f'href="{path.replace("/fr/", "/en/")}"' in html


async def test_unknown_closed_and_malformed_links_say_the_same(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    altered = path[:-1] + ("x" if path[-1] != "x" else "y")
    for bad in (altered, "/fr/d/dpt_nothing", path.replace("/fr/", "/de/")):
        assert (await client.get(bad)).status_code == 404
    await client.post(
        f"/v1/receivables/{rec_id}/cancel", json={"reason": "paid"}, headers=who.headers
    )
    assert (await client.get(path)).status_code == 404


async def test_paid_by_card_in_the_sandbox(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    started = await client.post(f"{path}/card", data={"csrf_token": _csrf(page.text)})
    assert started.status_code == 303
    sandbox = started.headers["location"].removeprefix("http://testserver")
    assert sandbox.startswith(f"{path}/sandbox/cko_test_")
    checkout_page = await client.get(sandbox)
    assert checkout_page.status_code == 200 and "1\u202f257,98\u00a0€" in checkout_page.text
    # a form without its CSRF token does nothing
    assert (await client.post(sandbox, data={"decision": "pay"})).status_code == 303
    done = await client.post(sandbox, data={"decision": "pay", "csrf_token": _csrf(page.text)})
    assert done.status_code == 200 and "Merci, votre paiement est enregistré" in done.text
    assert "Télécharger le relevé de compte (PDF)" in done.text
    # The claim is recovered: the link pays, disputes or proposes nothing more …
    again = await client.post(sandbox, data={"decision": "pay", "csrf_token": _csrf(page.text)})
    assert again.status_code == 404
    card = await client.post(f"{path}/card", data={"csrf_token": _csrf(page.text)})
    assert card.status_code == 404
    # … but shows, read-only, that it is settled, with the statement to keep as proof.
    settled = await client.get(path)
    assert settled.status_code == 200 and "Ce dossier est soldé" in settled.text
    assert "Nous avons reçu 1\u202f257,98\u00a0€ au total" in settled.text
    assert "/card" not in settled.text and "/dispute" not in settled.text
    proof = await client.get(f"{path}/statement.pdf")
    assert proof.status_code == 200 and proof.headers["content-type"] == "application/pdf"
    # Ninety days after, the link opens nothing, like any closed claim's.
    runtime.clock.advance(days=links.SETTLED_DAYS + 1)
    assert (await client.get(path)).status_code == 404
    assert (await client.get(f"{path}/statement.pdf")).status_code == 404
    runtime.clock.advance(days=-(links.SETTLED_DAYS + 1))

    async with db.transaction() as session:
        payments = list((await session.execute(select(Payment))).scalars())
        assert [(p.amount_cents, p.source, p.payout_id is not None) for p in payments] == [
            (125798, "debtor_portal", True)
        ]
        assert payments[0].commission_cents > 0
        rec = await session.get(Receivable, rec_id)
        assert rec is not None and rec.status == "recovered"
        types = [e.type for e in (await session.execute(select(Event))).scalars()]
        assert "payment.received" in types and "receivable.recovered" in types


async def test_a_card_payment_beyond_what_is_still_owed_is_kept_as_an_overpayment(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    page = await client.get(path)
    started = await client.post(f"{path}/card", data={"csrf_token": _csrf(page.text)})
    sandbox = started.headers["location"].removeprefix("http://testserver")
    # A transfer of 500.00 arrives while the debtor is on the card page for all 1,257.98.
    transfer = await client.post(
        f"/v1/test_helpers/receivables/{rec_id}/payments",
        json={"amount": 500},
        headers=who.headers,  # type: ignore[attr-defined]
    )
    assert transfer.status_code == 200, transfer.text
    done = await client.post(sandbox, data={"decision": "pay", "csrf_token": _csrf(page.text)})
    assert done.status_code == 200, done.text
    async with db.transaction() as session:
        card = (
            await session.execute(select(Payment).where(Payment.source == "debtor_portal"))
        ).scalar_one()
        # The card was charged 1,257.98: all of it is on the books, the 500.00 beyond the claim
        # to refund, never silently dropped.
        assert (card.amount_cents, card.overpayment_cents) == (125798, 50000)
        rec = await session.get(Receivable, rec_id)
        assert rec is not None and rec.status == "recovered"
    # The debtor is told, and the statement balances with the excess on it.
    settled = await client.get(path)
    assert "Nous avons reçu 1\u202f757,98\u00a0€ au total" in settled.text
    assert (
        "Soit 500,00\u00a0€ de plus que la somme due\u00a0: ce trop-perçu vous sera remboursé."
        in settled.text
    )
    proof = await client.get(f"{path}/statement.pdf")
    with pdfplumber.open(io.BytesIO(proof.content)) as pdf:
        text = pdf.pages[0].extract_text()
    lines = [
        (label, Decimal(amount.replace(" ", "").replace(",", ".")))
        for label, amount in re.findall(r"^(.*?) ([-+]?[\d ]+,\d\d) €$", text, re.M)
    ]
    figures = dict(lines)
    paid = sum(v for k, v in lines if k.startswith("Payé le"))
    assert paid == Decimal("-1757.98")
    assert figures["Trop-perçu, qui vous sera remboursé"] == Decimal("500.00")
    assert figures["Total réclamé"] + paid + Decimal("500.00") == figures["Reste dû"] == 0


async def test_a_declined_card_records_nothing(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    started = await client.post(f"{path}/card", data={"csrf_token": _csrf(page.text)})
    sandbox = started.headers["location"].removeprefix("http://testserver")
    declined = await client.post(
        sandbox, data={"decision": "decline", "csrf_token": _csrf(page.text)}
    )
    assert declined.status_code == 303 and declined.headers["location"].endswith(
        "notice=card_declined"
    )
    assert "a été refusé" in (await client.get(declined.headers["location"])).text
    async with db.transaction() as session:
        assert list((await session.execute(select(Payment))).scalars()) == []
        checkout = (await session.execute(select(CardCheckout))).scalar_one()
        assert checkout.status == "declined"


async def test_a_dispute_pauses_the_claim_and_the_platform_sees_it(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    page = await client.get(path)
    token = _csrf(page.text)
    refused = await client.post(
        f"{path}/dispute",
        data={"csrf_token": token, "reason": "defective", "comment": "Fuite"},
        files={"documents": ("photo.pdf", b"<html>not a pdf</html>", "application/pdf")},
    )
    assert refused.status_code == 400 and "Fuite" in refused.text
    assert (await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)).json()[
        "status"
    ] == "in_recovery"

    sent = await client.post(
        f"{path}/dispute",
        data={"csrf_token": token, "reason": "defective", "comment": "La fuite continue."},
        files={"documents": ("constat.pdf", PDF, "application/pdf")},
    )
    assert sent.status_code == 303, sent.text
    shown = (await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)).json()
    assert shown["status"] == "disputed" and shown["dispute_reason"] == "defective"
    assert shown["next_action_at"] is None  # the playbook is paused
    dispute = shown["dispute"]
    assert dispute["reason"] == "defective" and dispute["comment"] == "La fuite continue."
    assert dispute["source"] == "debtor_portal" and dispute["resolved_at"] is None
    assert [e.startswith("file_test_") for e in dispute["evidence"]] == [True]
    async with db.transaction() as session:
        event = (
            await session.execute(select(Event).where(Event.type == "receivable.disputed"))
        ).scalar_one()
        assert event.data["object"]["dispute_reason"] == "defective"
    # the same lifecycle path the operator's tools use: resolving resumes recovery
    resumed = await client.post(
        f"/v1/test_helpers/receivables/{rec_id}/resolve_dispute",
        json={"outcome": "resume"},
        headers=who.headers,
    )
    assert resumed.json()["status"] == "in_recovery"
    settled = resumed.json()["dispute"]
    assert settled["resolution"] == "in_recovery" and settled["resolved_at"] is not None


async def test_a_dispute_from_the_test_helper_shows_too(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, _, who = await _claim(client, db, runtime)
    assert (await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)).json()[
        "dispute"
    ] is None
    shown = (
        await client.post(
            f"/v1/test_helpers/receivables/{rec_id}/dispute",
            json={"reason": "Never delivered"},
            headers=who.headers,
        )
    ).json()
    assert shown["dispute"]["reason"] == "Never delivered"
    assert shown["dispute"]["source"] == "operator" and shown["dispute"]["evidence"] == []


async def test_a_promise_to_pay_holds_the_reminders(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    page = await client.get(path)
    token = _csrf(page.text)
    too_late = await client.post(
        f"{path}/promise", data={"csrf_token": token, "promised_for": "2026-03-30"}
    )
    assert too_late.status_code == 400 and "30 prochains jours" in too_late.text
    sent = await client.post(
        f"{path}/promise", data={"csrf_token": token, "promised_for": "2026-02-01"}
    )
    assert sent.status_code == 303
    shown = (await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)).json()
    assert shown["next_action_at"] >= "2026-02-02"
    assert shown["timeline"][-1]["type"] == "payment_promised"
    async with db.transaction() as session:
        promise = (await session.execute(select(PaymentPromise))).scalar_one()
        assert promise.promised_for.isoformat() == "2026-02-01"


async def test_the_steps_a_promise_held_back_resume_after_it_one_at_a_time(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime, advance=1)  # first reminder sent
    page = await client.get(path)
    promised = await client.post(
        f"{path}/promise", data={"csrf_token": _csrf(page.text), "promised_for": "2026-02-01"}
    )
    assert promised.status_code == 303
    advance = f"/v1/test_helpers/receivables/{rec_id}/advance"

    def steps(rec: dict[str, object]) -> list[tuple[object, str]]:
        return [
            (t["type"], t["occurred_at"][:10])  # type: ignore[index]
            for t in rec["timeline"]  # type: ignore[attr-defined]
            if t["type"] in ("reminder_sent", "escalation_sent")  # type: ignore[index]
        ]

    held = (await client.post(advance, json={"days": 16}, headers=who.headers)).json()
    assert steps(held) == [("reminder_sent", "2026-01-15")]  # through 1 February: nothing
    # The day after the promise, the second reminder (due 22 January) alone: the escalation
    # (due 8 days after it) was not sent the same day, dated within the promise.
    after = (await client.post(advance, json={"days": 1}, headers=who.headers)).json()
    assert steps(after) == [("reminder_sent", "2026-01-15"), ("reminder_sent", "2026-02-02")]
    later = (await client.post(advance, json={"days": 8}, headers=who.headers)).json()
    assert steps(later)[-1] == ("escalation_sent", "2026-02-10")


async def test_portal_requests_are_rate_limited(settings, runtime, db) -> None:  # type: ignore[no-untyped-def]
    limited = replace(settings, portal_rate_limit=3)
    runtime.settings = limited
    app = create_app(limited, runtime=runtime, database=db)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        answers = [(await http.get("/fr/d/dpt_guess")).status_code for _ in range(5)]
    assert answers[:3] == [404, 404, 404] and answers[3:] == [429, 429]


STRIPE_SECRET = "whsec_test_portal"


async def _stripe_checkout(db, runtime, rec_id: str, ref: str, cents: int) -> None:  # type: ignore[no-untyped-def]
    """An open Stripe checkout of the receivable, as `checkout.start` leaves it."""
    async with db.transaction() as session:
        session.add(
            CardCheckout(
                id=new_id("cko", livemode=False),
                receivable_id=rec_id,
                livemode=False,
                provider="stripe",
                provider_ref=ref,
                amount_cents=cents,
                status="open",
                created_at=runtime.clock.now(),
            )
        )


def _stripe_completed(ref: str, *, forged: bool = False) -> tuple[bytes, dict[str, str]]:
    """Stripe's `checkout.session.completed` for the session `ref`, signed as Stripe signs it
    (with another key when `forged`): the body and its headers."""
    payload = json.dumps(
        {
            "id": f"evt_{ref}",
            "object": "event",
            "type": "checkout.session.completed",
            "data": {"object": {"id": ref, "object": "checkout.session", "payment_status": "paid"}},
        }
    ).encode()
    stamp = int(time.time())
    key = b"another key" if forged else STRIPE_SECRET.encode()
    signature = hmac.new(key, f"{stamp}.".encode() + payload, hashlib.sha256).hexdigest()
    return payload, {"Stripe-Signature": f"t={stamp},v1={signature}"}


async def test_stripe_webhook_is_verified_and_recorded_once(settings, runtime, db, client) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, _ = await _claim(client, db, runtime)
    runtime.settings = replace(settings, stripe_webhook_secret=STRIPE_SECRET)
    await _stripe_checkout(db, runtime, rec_id, "cs_test_123", 10000)
    payload, headers = _stripe_completed("cs_test_123", forged=True)
    forged = await client.post("/webhooks/stripe", content=payload, headers=headers)
    assert forged.status_code == 400 and forged.json()["error"]["code"] == "invalid_signature"
    payload, headers = _stripe_completed("cs_test_123")
    for expected in ("recorded", "already_recorded"):
        answer = await client.post("/webhooks/stripe", content=payload, headers=headers)
        assert answer.status_code == 200 and answer.json()["result"] == expected
    async with db.transaction() as session:
        payments = list((await session.execute(select(Payment))).scalars())
        assert [(p.amount_cents, p.source) for p in payments] == [(10000, "debtor_portal")]
        assert Decimal(payments[0].commission_rate) > 0


async def test_a_card_charge_completed_after_the_claim_was_cancelled_is_kept_to_refund(
    settings, runtime, db, client
) -> None:  # type: ignore[no-untyped-def]
    rec_id, path, who = await _claim(client, db, runtime)
    runtime.settings = replace(settings, stripe_webhook_secret=STRIPE_SECRET)
    await _stripe_checkout(db, runtime, rec_id, "cs_test_late", 25000)
    # The creditor cancels while the debtor is on Stripe's page; Stripe then charges the card.
    cancelled = await client.post(
        f"/v1/receivables/{rec_id}/cancel", json={"reason": "Paid directly"}, headers=who.headers
    )
    assert cancelled.status_code == 200, cancelled.text
    payload, headers = _stripe_completed("cs_test_late")
    for expected in ("recorded", "already_recorded"):
        answer = await client.post("/webhooks/stripe", content=payload, headers=headers)
        assert answer.status_code == 200 and answer.json()["result"] == expected, answer.text
    async with db.transaction() as session:
        (payment,) = list((await session.execute(select(Payment))).scalars())
        assert (payment.amount_cents, payment.overpayment_cents) == (25000, 25000)
        assert payment.commission_cents == 0 and payment.net_cents == 0
    shown = (await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)).json()
    assert shown["status"] == "cancelled" and shown["amounts"]["overpaid"] == 250.0
    assert shown["timeline"][-1]["type"] == "overpayment_received"


async def test_the_statement_of_account_pdf(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    import io

    import pdfplumber

    rec_id, path, _ = await _claim(client, db, runtime)
    answer = await client.get(f"{path}/statement.pdf")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    with pdfplumber.open(io.BytesIO(answer.content)) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Relevé de compte" in text and "Reste dû" in text
    # One invoice: singular, on the page and in the PDF.
    assert "Facture F-2025-" in text and "émise le" in text and "Factures" not in text
    page = (await client.get(path)).text
    assert "Facture F-2025-" in page and "Factures" not in page
    assert "1 257,98 €" in text and "40,00 €" in text
    async with db.transaction() as session:
        row = await session.get(Receivable, rec_id)
        assert row is not None
        reference = await links.creditor_reference(session, runtime, row)
    assert iso11649.format(reference) in text
    english = await client.get(f"{path.replace('/fr/', '/en/')}/statement.pdf")
    with pdfplumber.open(io.BytesIO(english.content)) as pdf:
        english_text = pdf.pages[0].extract_text()
    assert "Statement of account" in english_text
    # each language's own punctuation: "IBAN: FR76…" in English, "IBAN : FR76…" in French
    assert "IBAN: FR76 " in english_text and " :" not in english_text
    assert re.search(r"IBAN\s: FR76 ", text) and "IBAN:" not in text


async def test_a_consumers_interest_is_named_and_counted_as_interest(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    import io

    import pdfplumber

    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(
        user["id"],
        debtor={"company_name": "Mme Zoé Lefèvre", "company_type": "consumer", "siret": None},
    )
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    assert rec["status"] == "in_recovery", rec
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        path = (await links.portal_link(session, runtime, row)).removeprefix("http://testserver")
    # Before the formal notice a consumer owes no interest yet, and never L441-10 penalties.
    page = (await client.get(path)).text
    assert "Intérêts de retard à ce jour" in page and "Pénalités" not in page
    # Legal interest runs from the formal notice (day 30): 14 days later some is owed.
    advanced = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 44}, headers=who.headers
    )
    amounts = advanced.json()["amounts"]
    assert amounts["interest"] > 0 and amounts["late_penalties"] == 0, amounts
    page = (await client.get(path)).text
    assert "Intérêts de retard à ce jour" in page and "Pénalités" not in page
    answer = await client.get(f"{path}/statement.pdf")
    with pdfplumber.open(io.BytesIO(answer.content)) as pdf:
        text = pdf.pages[0].extract_text()
    interest = f"{amounts['interest']:.2f}".replace(".", ",") + " €"
    assert f"Intérêts de retard à ce jour {interest}" in text, text
    assert "Pénalités" not in text


async def test_a_comment_the_textarea_takes_is_taken_whatever_its_line_breaks(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # The textarea's maxlength counts a line break as one character, but a browser sends each
    # one as CRLF (HTML form submission): 20 lines the box took must not come back "too long".
    from cleavr_connect.models import PortalDispute

    rec_id, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    assert 'maxlength="2000"' in page.text
    typed = "\n".join(["x" * 99] * 20)
    assert len(typed) <= 2000
    sent = await client.post(
        f"{path}/dispute",
        data={
            "csrf_token": _csrf(page.text),
            "reason": "amount_wrong",
            "comment": typed.replace("\n", "\r\n"),
        },
    )
    assert sent.status_code == 303, sent.text
    async with db.transaction() as session:
        kept = (await session.execute(select(PortalDispute))).scalar_one()
    assert kept.comment == typed


async def test_the_promise_date_picker_offers_only_the_days_a_promise_may_name(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    # A phone's date picker greys out what min and max leave out, and the browser refuses a
    # typed date outside them before sending: the debtor is not told "within 30 days" after
    # the fact. The window is the claim's own days, the very ones the server takes.
    from datetime import date, timedelta

    _, path, _ = await _claim(client, db, runtime)
    page = await client.get(path)
    found = re.search(r'id="promised_for"[^>]* min="([0-9-]+)" max="([0-9-]+)"', page.text)
    assert found, page.text
    first, last = (date.fromisoformat(d) for d in found.groups())
    assert last - first == timedelta(days=30)
    token = _csrf(page.text)
    for day, status in ((last + timedelta(days=1), 400), (first - timedelta(days=1), 400)):
        refused = await client.post(
            f"{path}/promise", data={"csrf_token": token, "promised_for": day.isoformat()}
        )
        assert refused.status_code == status, day
    for day in (first, last):
        kept = await client.post(
            f"{path}/promise", data={"csrf_token": token, "promised_for": day.isoformat()}
        )
        assert kept.status_code == 303, day


async def test_each_rate_is_written_as_the_language_writes_a_percentage(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """`12,15 %` with a no-break space (the line never breaks before the sign) in French,
    `12.15%` in English."""
    _, path, _ = await _claim(client, db, runtime)
    french = (await client.get(path)).text
    assert "au taux annuel de 12,15\u00a0%" in french
    english = (await client.get(path.replace("/fr/", "/en/"))).text
    assert "at 12.15% a year" in english


async def test_a_card_payment_and_a_transfer_at_once_are_both_counted(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL, concurrent transactions: the card completes while the platform records a
    transfer. Both payments are on the books and the claim's totals count both; a card
    completion computed from the claim as read before the transfer overwrote its totals."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is nothing to race")
    for _ in range(4):
        rec_id, path, who = await _claim(client, db, runtime)
        page = await client.get(path)
        started = await client.post(f"{path}/card", data={"csrf_token": _csrf(page.text)})
        sandbox = started.headers["location"].removeprefix("http://testserver")
        card, transfer = await asyncio.gather(
            client.post(sandbox, data={"decision": "pay", "csrf_token": _csrf(page.text)}),
            client.post(
                f"/v1/test_helpers/receivables/{rec_id}/payments",
                json={"amount": 300},
                headers=who.headers,  # type: ignore[attr-defined]
            ),
        )
        assert card.status_code == 200 and transfer.status_code == 200, (card.text, transfer.text)
        async with db.transaction() as session:
            paid = list(
                (
                    await session.execute(select(Payment).where(Payment.receivable_id == rec_id))
                ).scalars()
            )
            rec = await session.get(Receivable, rec_id)
            assert rec is not None and len(paid) == 2
            counted = sum(p.amount_cents - (p.overpayment_cents or 0) for p in paid)
            assert rec.recovered_cents == counted, (rec.recovered_cents, counted)
            assert rec.commission_cents == sum(p.commission_cents for p in paid)


async def test_a_dispute_sent_as_the_claim_is_paid_leaves_no_paid_claim_disputed(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL, concurrent transactions: the debtor's dispute and a payment of everything
    owed arrive together. Whichever comes first, a claim paid in full is never left
    `disputed` (its recovery paused for nothing), and its timeline has no step twice."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite runs one writer at a time: there is nothing to race")
    for _ in range(4):
        rec_id, path, who = await _claim(client, db, runtime)
        page = await client.get(path)
        owed = (
            await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)  # type: ignore[attr-defined]
        ).json()["amounts"]["outstanding"]
        await asyncio.gather(
            client.post(
                f"{path}/dispute", data={"reason": "defective", "csrf_token": _csrf(page.text)}
            ),
            client.post(
                f"/v1/test_helpers/receivables/{rec_id}/payments",
                json={"amount": owed},
                headers=who.headers,  # type: ignore[attr-defined]
            ),
        )
        shown = (
            await client.get(f"/v1/receivables/{rec_id}", headers=who.headers)  # type: ignore[attr-defined]
        ).json()
        assert shown["amounts"]["outstanding"] == 0
        assert shown["status"] == "recovered", shown["status"]
        seqs = [entry["id"] for entry in shown["timeline"]]
        assert len(seqs) == len(set(seqs))


async def test_the_page_elides_de_before_a_creditor_whose_name_starts_with_a_vowel(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    """French writes "la facture d'Écurie & Fils", as the letters do; English has no "de"."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who, company={"name": "Écurie & Fils"})
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        path = (await links.portal_link(session, runtime, row)).removeprefix("http://testserver")
    french = (await client.get(path)).text
    assert "<h1>Votre facture d'Écurie &amp; Fils</h1>" in french
    assert "de Écurie" not in french
    english = (await client.get(path.replace("/fr/", "/en/"))).text
    assert "<h1>Your invoice from Écurie &amp; Fils</h1>" in english
