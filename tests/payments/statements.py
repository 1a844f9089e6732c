"""camt.053 statements and camt.054 notifications made by the tests, as a bank would send them,
in any version: from .07 an entry's status and a related party are choices (`Sts/Cd`,
`Dbtr/Pty/Nm`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree

from cleavr_connect.models import Receivable
from cleavr_connect.portal import links
from tests.factories import Caller, active_user, caller, receivable_body

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"
IBAN = "FR7630006000011234567890189"  # test mode's collection account


@dataclass
class Entry:
    amount: str
    reference: str  # the bank's AcctSvcrRef
    direction: str = "CRDT"
    structured: str | None = None  # RF in CdtrRefInf
    unstructured: str | None = None
    end_to_end: str | None = None
    booked: date = date(2026, 1, 15)
    party: str = "BOULANGERIE DUPONT"
    status: str = "BOOK"
    reversal: bool = False
    account: str | None = None  # the counterparty's IBAN (DbtrAcct of a credit)
    return_reason: str | None = None  # a returned transfer's RtrInf/Rsn/Cd (AC04 …)
    bank_reference: bool = True  # False: no AcctSvcrRef (some banks give none)


def camt053(
    entries: list[Entry],
    *,
    iban: str | None = IBAN,
    other_id: str | None = None,
    message: str = "camt.053",
    version: int = 2,
) -> bytes:
    ns = f"urn:iso:std:iso:20022:tech:xsd:{message}.001.{version:02d}"
    choices = version >= 7

    def el(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        node = etree.SubElement(parent, f"{{{ns}}}{tag}", **attrs)
        if text is not None:
            node.text = text
        return node

    root = etree.Element(f"{{{ns}}}Document", nsmap={None: ns})
    statement = message == "camt.053"
    msg = el(root, "BkToCstmrStmt" if statement else "BkToCstmrDbtCdtNtfctn")
    header = el(msg, "GrpHdr")
    el(header, "MsgId", "STMT-2026-01-15")
    el(header, "CreDtTm", "2026-01-15T18:00:00")
    stmt = el(msg, "Stmt" if statement else "Ntfctn")
    el(stmt, "Id", "2026-01-15-001")
    el(stmt, "CreDtTm", "2026-01-15T18:00:00")
    account = el(el(stmt, "Acct"), "Id")
    if iban is not None:
        el(account, "IBAN", iban)
    else:
        el(el(account, "Othr"), "Id", other_id or "00012345678")
    if statement:
        bal = el(stmt, "Bal")
        el(el(el(bal, "Tp"), "CdOrPrtry"), "Cd", "CLBD")
        el(bal, "Amt", "10000.00", Ccy="EUR")
        el(bal, "CdtDbtInd", "CRDT")
        el(el(bal, "Dt"), "Dt", "2026-01-15")
    for entry in entries:
        ntry = el(stmt, "Ntry")
        el(ntry, "Amt", entry.amount, Ccy="EUR")
        el(ntry, "CdtDbtInd", entry.direction)
        if entry.reversal:
            el(ntry, "RvslInd", "true")
        if choices:
            el(el(ntry, "Sts"), "Cd", entry.status)
        else:
            el(ntry, "Sts", entry.status)
        el(el(ntry, "BookgDt"), "Dt", entry.booked.isoformat())
        el(el(ntry, "ValDt"), "Dt", entry.booked.isoformat())
        if entry.bank_reference:
            el(ntry, "AcctSvcrRef", entry.reference)
        code = el(el(ntry, "BkTxCd"), "Domn")
        el(code, "Cd", "PMNT")
        family = el(code, "Fmly")
        el(family, "Cd", "RCDT" if entry.direction == "CRDT" else "ICDT")
        el(family, "SubFmlyCd", "ESCT")
        tx = el(el(ntry, "NtryDtls"), "TxDtls")
        refs = el(tx, "Refs")
        el(refs, "EndToEndId", entry.end_to_end or "NOTPROVIDED")
        if version >= 3:  # from .03 a transaction states its amount (mandatory in .03 to .06)
            el(tx, "Amt", entry.amount, Ccy="EUR")
            el(tx, "CdtDbtInd", entry.direction)
        parties = el(tx, "RltdPties")
        party = el(parties, "Dbtr" if entry.direction == "CRDT" else "Cdtr")
        el(el(party, "Pty") if choices else party, "Nm", entry.party)
        if entry.account:
            kind = "DbtrAcct" if entry.direction == "CRDT" else "CdtrAcct"
            el(el(el(parties, kind), "Id"), "IBAN", entry.account)
        if entry.structured or entry.unstructured:
            info = el(tx, "RmtInf")
            if entry.unstructured:
                el(info, "Ustrd", entry.unstructured)
            if entry.structured:
                ref = el(el(info, "Strd"), "CdtrRefInf")
                el(el(el(ref, "Tp"), "CdOrPrtry"), "Cd", "SCOR")
                el(ref, "Ref", entry.structured)
        if entry.return_reason:
            el(el(el(tx, "RtrInf"), "Rsn"), "Cd", entry.return_reason)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


async def receivables(client, db, runtime, n: int) -> tuple[list[str], list[str], str]:  # type: ignore[no-untyped-def]
    """`n` test receivables of one new user: their ids, RF references and the user's id."""
    _, ids, refs, user_id = await claims(client, db, runtime, n)
    return ids, refs, user_id


async def claims(client, db, runtime, n: int) -> tuple[Caller, list[str], list[str], str]:  # type: ignore[no-untyped-def]
    """`receivables`, with the caller that owns them."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    ids = []
    for _ in range(n):
        response = await client.post(
            "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
        )
        ids.append(response.json()["id"])
    refs = []
    async with db.transaction() as session:
        for rec_id in ids:
            rec = await session.get(Receivable, rec_id)
            assert rec is not None
            refs.append(await links.creditor_reference(session, runtime, rec))
    return who, ids, refs, user["id"]
