"""What every message to a debtor carries: the personal portal link and the ISO 11649
creditor reference to quote on a transfer.

Both are made inside the caller's session and transaction, so a message and the token its link
opens are committed (or rolled back) together.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from stdnum import iso11649
from stdnum.iso7064 import mod_97_10

from cleavr_connect.collection import (  # noqa: F401 - where callers found them
    DEFAULT_COLLECTION_NAME,
    TEST_COLLECTION_BIC,
    TEST_COLLECTION_IBAN,
    CollectionAccount,
    collection_account,
)
from cleavr_connect.crypto import generate_token, is_well_formed
from cleavr_connect.ids import new_id
from cleavr_connect.models import CreditorReference, PortalToken, Receivable
from cleavr_connect.receivables import lifecycle
from cleavr_connect.runtime import Runtime

TOKEN_PREFIX = "dpt_"
LANGUAGES = ("fr", "en")
# 18 random digits: RF + 2 check digits + 18 = 22 characters, within ISO 11649's 25, and
# digits only so that every banking app's reference field takes it.
_REFERENCE_DIGITS = 18


def portal_path(token: str, lang: str = "fr") -> str:
    return f"/{lang if lang in LANGUAGES else 'fr'}/d/{token}"


async def portal_link(
    session: AsyncSession, rt: Runtime, receivable: Receivable, *, lang: str = "fr"
) -> str:
    """A new personal link to the debtor portal of `receivable`: `{base}/{lang}/d/{token}`.

    The token is random (256 bits) and only its keyed hash is stored; the link opens the portal
    for as long as the receivable is open."""
    token = generate_token(TOKEN_PREFIX)
    session.add(
        PortalToken(
            id=new_id("dpl", livemode=receivable.livemode),
            receivable_id=receivable.id,
            token_hash=rt.keys.hash_token(token),
            created_at=rt.clock.now(),
        )
    )
    await session.flush()
    return rt.settings.base_url + portal_path(token, lang)


# A claim paid in full still opens, read-only, for this long: the debtor's proof of payment
# (the settled page and the statement of account) stays at the link they were sent.
SETTLED_DAYS = 90


async def receivable_for_token(
    session: AsyncSession, rt: Runtime, token: str, *, settled: bool = False
) -> Receivable | None:
    """The open receivable a portal token opens, or None (unknown token, closed claim).
    `settled`: a claim recovered in the last `SETTLED_DAYS` opens too (read-only pages).
    A malformed token is refused without a database read."""
    if not is_well_formed(token, TOKEN_PREFIX):
        return None
    row = (
        await session.execute(
            select(PortalToken).where(PortalToken.token_hash == rt.keys.hash_token(token))
        )
    ).scalar_one_or_none()
    if row is None:
        return None
    receivable = await session.get(Receivable, row.receivable_id)
    if receivable is None:
        return None
    if not lifecycle.is_open(receivable.status) and not (
        settled
        and receivable.status == "recovered"
        and receivable.closed_at is not None
        and rt.clock.now() - receivable.closed_at <= timedelta(days=SETTLED_DAYS)
    ):
        return None
    row.last_used_at = rt.clock.now()
    return receivable


def make_reference(body: str) -> str:
    """`RF` + ISO 7064 mod 97-10 check digits + `body` (ISO 11649)."""
    reference = "RF" + mod_97_10.calc_check_digits(body + "RF") + body
    return iso11649.validate(reference)


def parse_reference(text: str) -> str | None:
    """The compact form of a valid RF reference, or None."""
    try:
        return iso11649.validate(text)
    except iso11649.ValidationError:
        return None


async def creditor_reference(session: AsyncSession, rt: Runtime, receivable: Receivable) -> str:
    """The receivable's RF reference, made on first use and the same ever after."""
    existing = await _reference_of(session, receivable.id)
    if existing is not None:
        return existing
    for _ in range(5):
        body = "".join(secrets.choice("0123456789") for _ in range(_REFERENCE_DIGITS))
        reference = make_reference(body)
        try:
            async with session.begin_nested():
                session.add(
                    CreditorReference(
                        receivable_id=receivable.id, reference=reference, created_at=rt.clock.now()
                    )
                )
        except IntegrityError:
            # Another transaction gave this receivable its reference first, or (once in 10^18)
            # the same digits went to another receivable.
            existing = await _reference_of(session, receivable.id)
            if existing is not None:
                return existing
            continue
        return reference
    raise RuntimeError("could not allocate a unique creditor reference")


async def receivable_for_reference(session: AsyncSession, reference: str) -> Receivable | None:
    compact = parse_reference(reference)
    if compact is None:
        return None
    receivable_id = (
        await session.execute(
            select(CreditorReference.receivable_id).where(CreditorReference.reference == compact)
        )
    ).scalar_one_or_none()
    return await session.get(Receivable, receivable_id) if receivable_id else None


async def _reference_of(session: AsyncSession, receivable_id: str) -> str | None:
    return (
        await session.execute(
            select(CreditorReference.reference).where(
                CreditorReference.receivable_id == receivable_id
            )
        )
    ).scalar_one_or_none()
