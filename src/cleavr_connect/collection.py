"""Cleavr's collection account, where debtors' transfers go: the portal shows it, payout files
debit it; and whether a card can be paid online. Configuration only, so that the portal, the
messages and the payouts can use it without one importing another."""

from __future__ import annotations

from dataclasses import dataclass

from cleavr_connect.config import Settings

# Test mode's collection account when none is configured: a well-formed French IBAN that
# belongs to no one, so test transfers and QR codes look real and move no money.
TEST_COLLECTION_IBAN = "FR7630006000011234567890189"
TEST_COLLECTION_BIC = "AGRIFRPPXXX"
DEFAULT_COLLECTION_NAME = "Cleavr"


@dataclass(frozen=True)
class CollectionAccount:
    """Where a debtor's transfer goes: Cleavr's collection account."""

    iban: str
    bic: str | None
    name: str


def collection_account(settings: Settings, livemode: bool) -> CollectionAccount | None:
    """The configured collection account; test mode falls back to a test account. None in live
    mode without `CLEAVR_COLLECTION_IBAN`: no transfer can be offered then."""
    if settings.collection_iban:
        return CollectionAccount(
            iban=settings.collection_iban,
            bic=settings.collection_bic,
            name=settings.collection_name or DEFAULT_COLLECTION_NAME,
        )
    if livemode:
        return None
    return CollectionAccount(
        iban=TEST_COLLECTION_IBAN,
        bic=TEST_COLLECTION_BIC,
        name=settings.collection_name or DEFAULT_COLLECTION_NAME,
    )


def card_payments(settings: Settings, livemode: bool) -> bool:
    """Whether the portal takes a card: the sandbox in test mode, Stripe in live mode once
    configured (a live claim is never paid by a pretend card)."""
    return not livemode or bool(settings.stripe_secret_key)
