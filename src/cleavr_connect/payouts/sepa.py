"""Payouts out in a bank format: one SEPA credit transfer file (pain.001.001.03) for a day's
pending payouts, debited from the collection account. The file is checked against the ISO 20022
schema sepaxml ships before any payout is marked `in_transit`."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from lxml import etree
from sepaxml import SepaTransfer
from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.collection import collection_account
from cleavr_connect.db.sql import for_update
from cleavr_connect.errors import ConflictError, NotFoundError
from cleavr_connect.models import Payout, User
from cleavr_connect.payouts import invoices, service
from cleavr_connect.payouts.service import as_object
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import epc_text

SCHEMA = "pain.001.001.03"


@dataclass
class PayoutFile:
    xml: bytes = b""
    payouts: list[dict[str, Any]] = field(default_factory=list)
    # Payouts that could not go: the user has no payout IBAN yet.
    skipped: list[dict[str, str]] = field(default_factory=list)
    # Payouts whose balance was ≤ 0 after netting: no transfer, carried to the next payout.
    carried: list[dict[str, Any]] = field(default_factory=list)


def end_to_end_id(payout_id: str, transfer: int = 1) -> str:
    """The transfer's end-to-end id: the payout's id in the EPC basic Latin set, which SEPA
    identifiers must keep to (no `_`; our ids are base62 otherwise, so `-` stands for it).
    A payout sent again after a return carries its transfer's number (`po-…/2`), so that a
    return or a debit on the statement names the transfer it is of."""
    base = payout_id.replace("_", "-")
    return base if transfer <= 1 else f"{base}/{transfer}"


def message_id(now: datetime) -> str:
    """The file's `MsgId`, unique per file: when it was made, on a 24-hour clock (sepaxml's own
    reads the server's local time on a 12-hour one: 00:24 and 12:24 look the same), and 12
    random characters of the EPC basic set."""
    return f"{now:%Y%m%d%H%M%S}-{secrets.token_hex(6).upper()}"


def _with_message_id(xml: bytes, msg_id: str) -> bytes:
    document = etree.fromstring(xml)
    for node in document.iter("{*}MsgId"):
        node.text = msg_id
    return bytes(etree.tostring(document, xml_declaration=True, encoding="UTF-8"))


def payout_id_of(end_to_end: str) -> str:
    """The payout an end-to-end id names (`end_to_end_id` undone; the id itself is kept)."""
    return end_to_end.partition("/")[0].replace("-", "_")


def transfer_of(end_to_end: str) -> int:
    """Which of its payout's transfers an end-to-end id names (1 without a number)."""
    number = end_to_end.partition("/")[2]
    return int(number) if number.isdigit() else 1


@lru_cache(maxsize=1)
def schema() -> etree.XMLSchema:
    path = resources.files("sepaxml") / "schemas" / f"{SCHEMA}.xsd"
    return etree.XMLSchema(etree.fromstring(path.read_bytes()))


def validate(xml: bytes) -> None:
    """Raises ValueError naming the first schema violation."""
    document = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))
    checker = schema()
    if not checker.validate(document):
        error = checker.error_log.filter_from_errors()[0]
        raise ValueError(f"pain.001 invalid (line {error.line}): {error.message}")


async def export(
    session: AsyncSession, rt: Runtime, *, day: date, livemode: bool = True
) -> PayoutFile:
    """The file for the pending payouts of `day`, and the `failed` ones (returned transfers)
    whose user has given an IBAN again; they become `in_transit`. Each is first
    netted with the user's earlier negative balances (`service.settle`): a balance ≤ 0 sends
    nothing and is carried forward. No transfer: an empty result and no file. Live payouts
    need the agency's legal identity, without which their invoices cannot be issued."""
    invoices.seller_identity(rt.settings, livemode)
    account = collection_account(rt.settings, livemode)
    if account is None:
        raise ConflictError(
            "No collection account is configured (CLEAVR_COLLECTION_IBAN).",
            code="collection_account_missing",
        )
    stmt = (
        select(Payout, User)
        .join(User, User.id == Payout.user_id)
        .where(
            or_(
                and_(Payout.status == "pending", Payout.payout_date == day),
                # A returned transfer goes again, whatever its day, once the user has an IBAN.
                service.resendable(),
            ),
            Payout.livemode.is_(livemode),
        )
        .order_by(Payout.payout_date, Payout.id)
    )
    rows = (await session.execute(for_update(session, stmt, of=Payout, skip_locked=True))).all()
    result = PayoutFile()
    config: dict[str, Any] = {
        "name": epc_text(account.name) or "Cleavr",
        "IBAN": account.iban,
        "batch": True,
        "currency": "EUR",
    }
    if account.bic:
        config["BIC"] = account.bic
    transfer = SepaTransfer(config, schema=SCHEMA, clean=True)
    going: list[Payout] = []
    for payout, user in rows:
        if not user.payout_iban_encrypted:
            result.skipped.append({"payout_id": payout.id, "reason": "no_payout_iban"})
            continue
        holder = epc_text(user.payout_account_holder) or epc_text((user.company or {}).get("name"))
        if not holder:
            # A bank refuses a transfer without the beneficiary's name: this one waits for it.
            result.skipped.append({"payout_id": payout.id, "reason": "no_account_holder"})
            continue
        if payout.status == "pending" and not await service.settle(session, rt, payout):
            result.carried.append(as_object(payout))
            continue
        iban = rt.keys.decrypt(user.payout_iban_encrypted)
        service.sent_to(rt, payout, iban)
        reference = end_to_end_id(payout.id, payout.transfer_count)
        transfer.add_payment(
            {
                "name": holder,
                "IBAN": iban,
                "amount": service.transfer_cents(payout),
                "execution_date": max(day, rt.clock.now().date()),
                "description": f"Cleavr {payout.payout_date.isoformat()} {reference}",
                # The bank statement's debit carries it back: that is how it marks the payout paid.
                "endtoend_id": reference,
            }
        )
        going.append(payout)
    if not going:
        return result
    xml = _with_message_id(transfer.export(validate=False), message_id(rt.clock.now()))
    validate(xml)
    for payout in going:
        payout.status = "in_transit"
        result.payouts.append(as_object(payout))
    await session.flush()
    result.xml = xml
    return result


# Statuses in which no transfer is on its way: the money came back (it leaves again, in the
# next file, once the user has an IBAN), or the balance was nil or negative.
_NOT_SENT = {
    "failed": "came back from the bank",
    "carried_forward": "was carried forward (nothing to transfer)",
}


async def mark_paid(
    session: AsyncSession, rt: Runtime, payout_ids: list[str]
) -> list[dict[str, Any]]:
    """The operator confirms these payouts reached their users."""
    done = []
    for payout_id in payout_ids:
        payout = await session.get(Payout, payout_id)
        if payout is None:
            raise NotFoundError(f"No such payout: {payout_id!r}.", param="payout_id")
        if payout.status in _NOT_SENT:
            raise ConflictError(
                f"Payout {payout_id} {_NOT_SENT[payout.status]}: no transfer of it is on its "
                "way, so it cannot be marked paid.",
                code="payout_not_sent",
                param="payout_id",
            )
        if payout.status != "paid":
            await service.mark_paid(session, rt, payout)
        done.append(as_object(payout))
    return done
