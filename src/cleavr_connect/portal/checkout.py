"""Card payments from the portal: a `PaymentProvider` starts a checkout and says where to send
the debtor; the checkout records the receivable's payment once, when it completes.

Stripe Checkout pays for real (live mode, `CLEAVR_STRIPE_SECRET_KEY`), its completion reported
by a signed webhook; test mode uses the built-in sandbox: a page of ours that completes or
declines, so the whole path runs without a card network.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Protocol

import stripe
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.errors import ApiError, ConflictError, NotFoundError
from cleavr_connect.ids import new_id
from cleavr_connect.models import CardCheckout, Payment, Receivable
from cleavr_connect.money import from_cents, to_cents
from cleavr_connect.receivables import instalments, payments, service
from cleavr_connect.receivables import repository as receivables
from cleavr_connect.runtime import Runtime

SOURCE = "debtor_portal"
# How long a checkout takes a payment (Stripe's `expires_at`; its least is 30 minutes), and
# what it must have left to be handed out again: a second click, a second tab or a reload
# within that lands on the same payment page, never on a second checkout for the same money.
LIFETIME = timedelta(hours=1)
REUSE_MARGIN = timedelta(minutes=10)


class PaymentProvider(Protocol):
    name: str

    async def start(
        self, checkout: CardCheckout, *, description: str, return_url: str, cancel_url: str
    ) -> str:
        """Registers the checkout with the provider (setting `provider_ref`) and returns the
        URL the debtor's browser goes to."""
        ...


class SandboxProvider:
    """Our own checkout page (test mode): nothing leaves the server."""

    name = "sandbox"

    def __init__(self, page_url: str) -> None:
        self._page_url = page_url

    async def start(
        self, checkout: CardCheckout, *, description: str, return_url: str, cancel_url: str
    ) -> str:
        checkout.provider_ref = checkout.id
        return f"{self._page_url}/{checkout.id}"


class StripeProvider:
    """Stripe Checkout (hosted payment page); completion arrives by `checkout.session.completed`."""

    name = "stripe"

    def __init__(self, secret_key: str) -> None:
        self._client = stripe.StripeClient(secret_key, http_client=stripe.HTTPXClient())

    async def start(
        self, checkout: CardCheckout, *, description: str, return_url: str, cancel_url: str
    ) -> str:
        session = await self._client.checkout.sessions.create_async(
            params={
                "mode": "payment",
                "client_reference_id": checkout.id,
                "line_items": [
                    {
                        "quantity": 1,
                        "price_data": {
                            "currency": "eur",
                            "unit_amount": checkout.amount_cents,
                            "product_data": {"name": description[:250]},
                        },
                    }
                ],
                "metadata": {"checkout_id": checkout.id, "receivable_id": checkout.receivable_id},
                **(
                    {"expires_at": int(checkout.expires_at.timestamp())}
                    if checkout.expires_at
                    else {}
                ),
                "success_url": return_url,
                "cancel_url": cancel_url,
            }
        )
        checkout.provider_ref = session.id
        return str(session.url)


def provider_for(rt: Runtime, rec: Receivable, sandbox_url: str) -> PaymentProvider | None:
    """Stripe for live claims when configured; the sandbox in test mode; none otherwise (a live
    claim is never paid by a pretend card)."""
    if not rec.livemode:
        return SandboxProvider(sandbox_url)
    if rt.settings.stripe_secret_key:
        return StripeProvider(rt.settings.stripe_secret_key)
    return None


async def start(
    session: AsyncSession,
    rt: Runtime,
    rec: Receivable,
    provider: PaymentProvider,
    *,
    description: str,
    return_url: str,
    cancel_url: str,
    whole: bool = False,
) -> str:
    """A checkout for what is to be paid today: a kept plan's instalment, or everything
    outstanding (`whole`, or without a plan); the URL to send the debtor to. The claim's open
    checkout for that amount is handed out again while it is valid, so only one can take it."""
    # The claim's row locked first (PostgreSQL; SQLite has one writer): two requests at once
    # queue here, and the second finds the checkout the first opened.
    await receivables.by_id_unscoped(session, rec.id, lock=True)
    figures = await service.compute_amounts(session, rt, rec)
    if figures.outstanding <= 0:
        raise ConflictError("Nothing is outstanding.", code="nothing_outstanding")
    to_pay = figures.outstanding
    if not whole:
        to_pay = instalments.to_pay_now(rec.payment_plan, figures.outstanding)
    now = rt.clock.now()
    amount_cents = to_cents(to_pay)
    found = await _reusable(session, rec.id, provider.name, amount_cents, now + REUSE_MARGIN)
    if found is not None and found.url:
        return found.url
    checkout = CardCheckout(
        id=new_id("cko", livemode=rec.livemode),
        receivable_id=rec.id,
        livemode=rec.livemode,
        provider=provider.name,
        provider_ref="",
        amount_cents=amount_cents,
        status="open",
        created_at=now,
        expires_at=now + LIFETIME,
    )
    checkout.url = await provider.start(
        checkout, description=description, return_url=return_url, cancel_url=cancel_url
    )
    session.add(checkout)
    await session.flush()
    return checkout.url


async def _reusable(
    session: AsyncSession, receivable_id: str, provider: str, amount_cents: int, valid_at: datetime
) -> CardCheckout | None:
    """The claim's newest open checkout of `provider` for `amount_cents`, still valid then."""
    found = await session.execute(
        select(CardCheckout)
        .where(
            CardCheckout.receivable_id == receivable_id,
            CardCheckout.status == "open",
            CardCheckout.provider == provider,
            CardCheckout.amount_cents == amount_cents,
            CardCheckout.expires_at > valid_at,
        )
        .order_by(CardCheckout.created_at.desc(), CardCheckout.id.desc())
        .limit(1)
    )
    return found.scalars().first()


async def by_id(session: AsyncSession, checkout_id: str) -> CardCheckout | None:
    return await session.get(CardCheckout, checkout_id)


async def complete(session: AsyncSession, rt: Runtime, checkout: CardCheckout) -> Payment | None:
    """The provider took the money: the receivable's payment, recorded exactly once (a webhook
    delivered twice, or two tabs, find the checkout no longer open)."""
    claimed = await session.execute(
        update(CardCheckout)
        .where(CardCheckout.id == checkout.id, CardCheckout.status == "open")
        .values(status="completed", completed_at=rt.clock.now())
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return None
    rec = await receivables.by_id_unscoped(session, checkout.receivable_id, lock=True)
    assert rec is not None
    # What the card was charged, all of it: when another payment came in meanwhile, or the
    # claim was cancelled or closed, `record` keeps what goes beyond the claim as an
    # overpayment to refund.
    amount = from_cents(checkout.amount_cents)
    payment = await payments.record(
        session, rt, rec, str(amount), None, source=SOURCE, charged=True
    )
    await session.execute(
        update(CardCheckout).where(CardCheckout.id == checkout.id).values(payment_id=payment.id)
    )
    return payment


def expired(rt: Runtime, checkout: CardCheckout) -> bool:
    """Past its `expires_at`, a checkout takes no payment (Stripe's sessions expire so)."""
    if checkout.status == "expired":
        return True
    return (
        checkout.status == "open"
        and checkout.expires_at is not None
        and (rt.clock.now() >= checkout.expires_at)
    )


async def expire(session: AsyncSession, checkout: CardCheckout) -> None:
    await session.execute(
        update(CardCheckout)
        .where(CardCheckout.id == checkout.id, CardCheckout.status == "open")
        .values(status="expired")
    )


async def decline(session: AsyncSession, checkout: CardCheckout) -> None:
    await session.execute(
        update(CardCheckout)
        .where(CardCheckout.id == checkout.id, CardCheckout.status == "open")
        .values(status="declined")
    )


async def stripe_event(session: AsyncSession, rt: Runtime, payload: bytes, signature: str) -> str:
    """A Stripe webhook, its signature verified with `CLEAVR_STRIPE_WEBHOOK_SECRET` (and its
    timestamp's tolerance) before anything is believed. Returns what was done."""
    secret = rt.settings.stripe_webhook_secret
    if not secret:
        # Like the operator's endpoints: not configured, not there (never a 500 for a caller).
        raise NotFoundError("No such endpoint.", code="endpoint_not_found")
    try:
        event = stripe.Webhook.construct_event(payload, signature, secret)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise BadSignature() from exc
    # Verified: now the payload, as plain JSON, can be believed.
    body: Any = json.loads(payload)
    if event.type not in (
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
    ):
        return "ignored"
    envelope = body.get("data") if isinstance(body, dict) else None
    data = envelope.get("object") if isinstance(envelope, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        # Signed, yet not a Checkout Session: nothing to record, and nothing for Stripe to retry.
        return "ignored"
    if data.get("payment_status") not in ("paid", "no_payment_required"):
        return "pending"
    checkout = (
        await session.execute(
            select(CardCheckout).where(
                CardCheckout.provider == "stripe", CardCheckout.provider_ref == data["id"]
            )
        )
    ).scalar_one_or_none()
    if checkout is None:
        return "unknown"
    payment = await complete(session, rt, checkout)
    return "recorded" if payment else "already_recorded"


class BadSignature(ApiError):
    status_code = 400
    type = "invalid_request_error"
    default_code = "invalid_signature"
    default_message = "The Stripe-Signature header does not match the payload."
