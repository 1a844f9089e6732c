"""camt.053 bank statements made by the tests, as a bank would send them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree

NS = "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"


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


def camt053(entries: list[Entry], *, iban: str = "FR7630006000011234567890189") -> bytes:
    def el(
        parent: etree._Element, tag: str, text: str | None = None, **attrs: str
    ) -> etree._Element:
        node = etree.SubElement(parent, f"{{{NS}}}{tag}", **attrs)
        if text is not None:
            node.text = text
        return node

    root = etree.Element(f"{{{NS}}}Document", nsmap={None: NS})
    msg = el(root, "BkToCstmrStmt")
    header = el(msg, "GrpHdr")
    el(header, "MsgId", "STMT-2026-01-15")
    el(header, "CreDtTm", "2026-01-15T18:00:00")
    stmt = el(msg, "Stmt")
    el(stmt, "Id", "2026-01-15-001")
    el(stmt, "CreDtTm", "2026-01-15T18:00:00")
    el(el(el(stmt, "Acct"), "Id"), "IBAN", iban)
    bal = el(stmt, "Bal")
    el(el(el(bal, "Tp"), "CdOrPrtry"), "Cd", "CLBD")
    el(bal, "Amt", "10000.00", Ccy="EUR")
    el(bal, "CdtDbtInd", "CRDT")
    el(el(bal, "Dt"), "Dt", "2026-01-15")
    for entry in entries:
        ntry = el(stmt, "Ntry")
        el(ntry, "Amt", entry.amount, Ccy="EUR")
        el(ntry, "CdtDbtInd", entry.direction)
        el(ntry, "Sts", "BOOK")
        el(el(ntry, "BookgDt"), "Dt", entry.booked.isoformat())
        el(el(ntry, "ValDt"), "Dt", entry.booked.isoformat())
        el(ntry, "AcctSvcrRef", entry.reference)
        code = el(el(ntry, "BkTxCd"), "Domn")
        el(code, "Cd", "PMNT")
        family = el(code, "Fmly")
        el(family, "Cd", "RCDT" if entry.direction == "CRDT" else "ICDT")
        el(family, "SubFmlyCd", "ESCT")
        tx = el(el(ntry, "NtryDtls"), "TxDtls")
        refs = el(tx, "Refs")
        el(refs, "EndToEndId", entry.end_to_end or "NOTPROVIDED")
        parties = el(tx, "RltdPties")
        el(el(parties, "Dbtr" if entry.direction == "CRDT" else "Cdtr"), "Nm", entry.party)
        if entry.structured or entry.unstructured:
            info = el(tx, "RmtInf")
            if entry.unstructured:
                el(info, "Ustrd", entry.unstructured)
            if entry.structured:
                ref = el(el(info, "Strd"), "CdtrRefInf")
                el(el(el(ref, "Tp"), "CdOrPrtry"), "Cd", "SCOR")
                el(ref, "Ref", entry.structured)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
