"""Payouts whose credit transfer came back.

The beneficiary's bank returns a SEPA credit transfer it cannot credit (a closed, wrong or
blocked account): the collection account's statement shows a credit quoting the payout's
end-to-end id, with the ISO 20022 reason (`RtrInf/Rsn/Cd`). The user was not paid: the payout
becomes `failed` (`payout.failed`), with the reason and the day the bank booked the return, and
the money is owed to the user again. The IBAN it went to is forgotten (the user becomes
`restricted`, `payout.iban` due again) and the payout is sent again, as it was, once the user
has given an IBAN again and is `active`: by the next `payouts export` in live mode, by the
next day's run in test mode. Nothing else changes: the money was recovered and the commission
earned (its invoice stands), only its delivery failed.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.events import service as events
from cleavr_connect.models import Payout, User
from cleavr_connect.ownership import Owner
from cleavr_connect.payouts.service import as_object, iban_hash
from cleavr_connect.runtime import Runtime
from cleavr_connect.users import service as users

# ISO 20022 external return reason codes → the failure code the API shows (Stripe's names,
# which integrators know) and what happened, in words.
REASONS: dict[str, tuple[str, str]] = {
    "AC01": ("invalid_account_number", "the account number is wrong"),
    "AC03": ("invalid_account_number", "the account number is wrong"),
    "AC04": ("account_closed", "the account is closed"),
    "AC06": ("account_frozen", "the account is blocked"),
    "AC13": ("invalid_account_number", "the account cannot take this transfer"),
    "AG01": ("bank_account_restricted", "the account cannot take this transfer"),
    "AG02": ("could_not_process", "the bank could not process the transfer"),
    "BE01": ("incorrect_account_holder_name", "the name does not match the account holder"),
    "BE04": ("could_not_process", "the beneficiary's address is missing"),
    "MD07": ("account_closed", "the account holder is deceased"),
    "MS02": ("declined", "the beneficiary refused the transfer"),
    "MS03": ("declined", "the bank gave no reason"),
    "RC01": ("invalid_account_number", "the bank identifier is wrong"),
    "RR01": ("declined", "regulatory reasons"),
    "RR02": ("declined", "regulatory reasons"),
    "RR03": ("declined", "regulatory reasons"),
    "RR04": ("declined", "regulatory reasons"),
    "FOCR": ("declined", "the transfer was recalled"),
}
UNKNOWN = ("could_not_process", "the beneficiary's bank returned the transfer")


async def returned(
    session: AsyncSession, rt: Runtime, payout: Payout, *, reason: str | None, booked_on: date
) -> None:
    """The payout's transfer came back (see the module docstring)."""
    code, why = REASONS.get(reason or "", UNKNOWN)
    payout.status = "failed"
    payout.failure_code = code
    payout.failure_message = f"Returned by the beneficiary's bank ({reason or 'no reason'}): {why}."
    payout.failed_on = booked_on
    payout.paid_at = None
    user = await session.get(User, payout.user_id, with_for_update=True)
    if user is not None and user.payout_iban_encrypted is not None:
        current = iban_hash(rt, rt.keys.decrypt(user.payout_iban_encrypted))
        # A return of a transfer to an IBAN the user has already replaced says nothing of the
        # new one.
        if payout.sent_iban_hash in (None, current):
            # A fixed text (the hosted pages translate it); the payout says the bank's reason.
            await users.payout_account_refused(
                session,
                rt,
                user,
                message="The bank returned a payout sent to this IBAN. Enter another IBAN.",
            )
    await session.flush()
    await events.record(
        session,
        "payout.failed",
        owner=Owner(payout.platform_id, payout.account_id, payout.livemode),
        obj=as_object(payout),
        now=rt.clock.now(),
    )
