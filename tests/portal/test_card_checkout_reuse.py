"""Starting a card payment twice (a double click, two tabs, a reload) hands out the claim's open
checkout again while it is valid: one payment page, one charge. A new checkout opens only once
the first is spent (paid, declined), expired, or for another amount."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
from sqlalchemy import select

from cleavr_connect.db.engine import Database
from cleavr_connect.models import CardCheckout
from cleavr_connect.portal import checkout
from cleavr_connect.runtime import Runtime
from tests.portal.test_portal_pages import _claim, _csrf


async def _start(client: httpx.AsyncClient, path: str, csrf: str, **extra: str) -> str:
    started = await client.post(f"{path}/card", data={"csrf_token": csrf, **extra})
    assert started.status_code == 303, started.text
    return started.headers["location"].removeprefix("http://testserver")


async def _checkouts(db: Database) -> list[CardCheckout]:
    async with db.transaction() as session:
        found = await session.execute(select(CardCheckout).order_by(CardCheckout.created_at))
        return list(found.scalars())


async def test_a_second_start_lands_on_the_same_checkout(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    _, path, _ = await _claim(client, db, runtime)
    csrf = _csrf((await client.get(path)).text)
    first = await _start(client, path, csrf)
    assert first.startswith(f"{path}/sandbox/cko_test_")
    assert await _start(client, path, csrf) == first
    # Two at once (two tabs, a double click that got through): still one checkout.
    both = await asyncio.gather(_start(client, path, csrf), _start(client, path, csrf))
    assert list(both) == [first, first]
    [open_one] = await _checkouts(db)
    assert open_one.status == "open" and open_one.url and open_one.url.endswith(first)
    assert open_one.expires_at == open_one.created_at + checkout.LIFETIME

    # Close to its end, it is not handed out: the debtor would not have the time to pay.
    runtime.clock.advance(seconds=(checkout.LIFETIME - checkout.REUSE_MARGIN).total_seconds())
    later = await _start(client, path, csrf)
    assert later != first
    assert await _start(client, path, csrf) == later
    # Declined, it is spent: the next start opens another.
    declined = await client.post(later, data={"decision": "decline", "csrf_token": csrf})
    assert declined.status_code == 303, declined.text
    after_decline = await _start(client, path, csrf)
    assert after_decline not in (first, later)
    assert len(await _checkouts(db)) == 3
    runtime.clock.advance(seconds=-(checkout.LIFETIME - checkout.REUSE_MARGIN).total_seconds())


async def test_a_paid_checkout_is_never_handed_out_again(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    _, path, _ = await _claim(client, db, runtime)
    csrf = _csrf((await client.get(path)).text)
    first = await _start(client, path, csrf)
    done = await client.post(first, data={"decision": "pay", "csrf_token": csrf})
    assert done.status_code == 200, done.text
    # Settled: nothing to start any more, and the spent checkout is not offered.
    assert (await client.post(f"{path}/card", data={"csrf_token": csrf})).status_code == 404
    assert [c.status for c in await _checkouts(db)] == ["completed"]


async def test_reuse_expires_with_the_checkout(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    _, path, _ = await _claim(client, db, runtime)
    csrf = _csrf((await client.get(path)).text)
    first = await _start(client, path, csrf)
    runtime.clock.advance(hours=2)
    try:
        assert await _start(client, path, csrf) != first
    finally:
        runtime.clock.advance(hours=-2)
    assert timedelta(minutes=30) <= checkout.LIFETIME  # Stripe refuses a shorter expiry


async def test_an_expired_test_checkout_takes_no_payment(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    """The test-mode checkout expires as a Stripe session does: past its hour, its page sends the
    debtor back to the claim saying so, and a payment sent from a page left open is refused,
    nothing recorded; a new start opens a checkout that pays."""
    _, path, _ = await _claim(client, db, runtime)
    csrf = _csrf((await client.get(path)).text)
    first = await _start(client, path, csrf)
    assert (await client.get(first)).status_code == 200
    runtime.clock.advance(seconds=checkout.LIFETIME.total_seconds())
    try:
        page = await client.get(first)
        assert page.status_code == 303
        assert page.headers["location"].endswith(f"{path}?notice=card_expired")
        paid = await client.post(first, data={"decision": "pay", "csrf_token": csrf})
        assert paid.status_code == 303
        assert paid.headers["location"].endswith(f"{path}?notice=card_expired")
        claim = await client.get(f"{path}?notice=card_expired")
        assert "Cette page de paiement par carte a expiré. Rien n'a été débité" in claim.text
        [spent] = await _checkouts(db)
        assert spent.status == "expired" and spent.payment_id is None
        # Sent again (a second tab): still expired, still nothing recorded.
        again = await client.post(first, data={"decision": "pay", "csrf_token": csrf})
        assert again.headers["location"].endswith("notice=card_expired")
        second = await _start(client, path, csrf)
        assert second != first
        done = await client.post(second, data={"decision": "pay", "csrf_token": csrf})
        assert done.status_code == 200, done.text
        statuses = sorted(c.status for c in await _checkouts(db))
        assert statuses == ["completed", "expired"]
    finally:
        runtime.clock.advance(seconds=-checkout.LIFETIME.total_seconds())
