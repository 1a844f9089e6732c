"""A message names only the means of payment the debtor's page offers (R124-4 4°: the terms of
payment, stated truly): a card where one can be paid (test mode's sandbox, or Stripe once
configured in live mode), a transfer where a collection account is configured."""

from __future__ import annotations

import re

import pytest

from cleavr_connect.runtime import Runtime, build_runtime
from tests.messages.conftest import live_receivable, messages_of

NBSP = "\u00a0"
IBAN = "FR7630004000031234567890143"


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({}, "- sur votre espace de paiement"),
        ({"collection_iban": IBAN}, "en ligne, par virement, sur votre espace de paiement"),
        ({"stripe_secret_key": "sk_live_x"}, "en ligne, par carte, sur votre espace de paiement"),
        (
            {"collection_iban": IBAN, "stripe_secret_key": "sk_live_x"},
            "en ligne, par carte ou par virement, sur votre espace de paiement",
        ),
    ],
    ids=["neither", "transfer", "card", "both"],
)
async def test_a_live_reminder_offers_what_the_page_offers(  # type: ignore[no-untyped-def]
    client, db, runtime: Runtime, overrides: dict[str, str], said: str
) -> None:
    rt = build_runtime(
        runtime.settings.with_overrides(
            **{"collection_iban": None, "stripe_secret_key": None, **overrides}
        ),
        runtime.clock,
    )
    _, rec = await live_receivable(client, db, rt)
    (reminder,) = [m for m in await messages_of(db, rec["id"]) if m.channel == "email"]
    text = re.sub(r"[ \n]+", " ", reminder.body)  # the lines as wrapped, joined
    assert f"{said}{NBSP}: http://testserver/fr/d/dpt_" in text, text
    assert ("par carte" in text) == ("stripe_secret_key" in overrides)
    assert (IBAN in text) == ("collection_iban" in overrides)
