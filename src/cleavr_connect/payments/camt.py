"""Reading ISO 20022 bank-to-customer statements (camt.053) and notifications (camt.054).

A file is validated against the real ISO 20022 schema of its namespace before anything is read
from it (the XSDs beside this module: versions .001.02 to .001.14 of both messages, from the
SEPA profile of 2009 to the CBPR+/EPC versions banks migrate to); then each booked entry becomes
one line per transaction it carries. What we read is the same in every version but two places,
both changed in .07: an entry's status became a choice (`<Sts><Cd>BOOK</Cd></Sts>` instead of
`<Sts>BOOK</Sts>`) and a related party became a choice of party or agent (`Dbtr/Pty/Nm`
instead of `Dbtr/Nm`); both shapes are read.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from lxml import etree
from stdnum import iban as iban_number

from cleavr_connect.money import CENT, to_cents

SCHEMAS = Path(__file__).resolve().parent / "schemas"
_PREFIX = "urn:iso:std:iso:20022:tech:xsd:"
# message name -> (document's message element, its report element)
MESSAGES = {
    "camt.053": ("BkToCstmrStmt", "Stmt"),
    "camt.054": ("BkToCstmrDbtCdtNtfctn", "Ntfctn"),
}
_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:(camt\.05[34])\.001\.(\d{2})")
VERSIONS = sorted(int(path.stem.rsplit(".", 1)[1]) for path in SCHEMAS.glob("camt.053.001.*.xsd"))


class StatementError(Exception):
    """The file is not a camt.053/camt.054 statement we can read (message says why)."""


@dataclass(frozen=True)
class Line:
    """One booked credit or debit."""

    dedupe_key: str
    statement_id: str
    account_iban: str
    direction: str  # credit | debit
    amount_cents: int
    currency: str
    booking_date: date
    entry_reference: str
    end_to_end_id: str | None
    structured_reference: str | None
    remittance: str | None
    counterparty: str | None
    # `RvslInd`: the bank undoes an earlier entry (a credit taken back shows as a debit, a
    # returned debit as a credit). Never matched: an operator decides what it undoes.
    reversal: bool = False
    # The counterparty's account (`RltdPties/DbtrAcct` of a credit, `CdtrAcct` of a debit).
    counterparty_iban: str | None = None
    # A returned transfer's ISO 20022 reason (`RtrInf/Rsn/Cd`: AC04 closed account, …).
    return_reason: str | None = None


@lru_cache(maxsize=32)
def _schema(filename: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / filename)))


def _parser() -> etree.XMLParser:
    # No entities, no network, no DTD: a statement is data from outside.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True)
class SkippedStatement:
    """A statement of a file holding several accounts' statements, left out: not the
    collection account's (`other_account`), or naming its account by no IBAN (`no_iban`)."""

    statement_id: str
    account: str
    reason: str

    def as_dict(self) -> dict[str, str]:
        return {"statement_id": self.statement_id, "account": self.account, "reason": self.reason}


def read(
    data: bytes, *, account: str | None = None, skipped: list[SkippedStatement] | None = None
) -> list[Line]:
    """The file's booked lines. With `account` (an IBAN), only that account's statements are
    read: the credits of another account are not payments to us. A file holding several
    accounts' statements (a bank's daily file) has the others left out and appended to
    `skipped`; a file with no statement of `account` is refused whole."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise StatementError(f"not well-formed XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        # Banks send none; a DOCTYPE only brings entities, which are never resolved here.
        raise StatementError("a document type declaration (DOCTYPE) is not allowed")
    namespace = etree.QName(root).namespace or ""
    message, report = _message(namespace)
    filename = f"{namespace.removeprefix(_PREFIX)}.xsd"
    schema = _schema(filename)
    if not schema.validate(root):
        error = schema.error_log.filter_from_errors()[0]
        raise StatementError(f"invalid against {filename} (line {error.line}): {error.message}")
    ns = {"c": namespace}
    lines: list[Line] = []
    left_out: list[SkippedStatement] = []
    statements = root.findall(f"c:{message}/c:{report}", ns)
    # Lines without a bank reference, by content: the file's rank of each (see `_unreferenced`).
    seen: dict[str, int] = {}
    for statement in statements:
        statement_id = _text(statement, "c:Id", ns) or ""
        iban = _text(statement, "c:Acct/c:Id/c:IBAN", ns)
        other = _text(statement, "c:Acct/c:Id/c:Othr/c:Id", ns)
        if account is not None:
            if iban is None:
                # An account named only by a bank's own number cannot be shown to be ours.
                left_out.append(SkippedStatement(statement_id, other or "", "no_iban"))
                continue
            if iban_number.compact(iban) != iban_number.compact(account):
                left_out.append(SkippedStatement(statement_id, iban, "other_account"))
                continue
        for entry in statement.iterfind("c:Ntry", ns):
            lines.extend(_entry_lines(entry, ns, statement_id, iban or other or "", seen))
    if account is not None and len(left_out) == len(statements):
        raise StatementError(_not_ours(left_out[0], account))
    if skipped is not None:
        skipped.extend(left_out)
    return lines


def _message(namespace: str) -> tuple[str, str]:
    found = _NAMESPACE.fullmatch(namespace)
    if found is None:
        raise StatementError(f"not a camt.053 or camt.054 document (namespace {namespace!r})")
    if int(found[2]) not in VERSIONS:
        raise StatementError(
            f"{found[1]}.001.{found[2]} is a version this service cannot read "
            f"(it reads {VERSIONS[0]:02d} to {VERSIONS[-1]:02d})"
        )
    return MESSAGES[found[1]]


def _not_ours(statement: SkippedStatement, account: str) -> str:
    if statement.reason == "no_iban":
        return (
            f"statement {statement.statement_id!r} names no IBAN (account "
            f"{statement.account!r}): only statements of the collection account {account} are "
            "imported"
        )
    return (
        f"statement {statement.statement_id!r} is for account {statement.account}, not the "
        f"collection account {account}: nothing was imported"
    )


def _entry_lines(
    entry: etree._Element, ns: dict[str, str], statement_id: str, iban: str, seen: dict[str, int]
) -> list[Line]:
    # Only booked entries move money; a reversal undoes an earlier entry and is left to people,
    # who see it among the unmatched lines. `Sts` is a code up to .06 and a choice (`Cd`, or a
    # bank's `Prtry`) from .07.
    status = _text(entry, "c:Sts", ns) or _text(entry, "c:Sts/c:Cd", ns)
    if status != "BOOK":
        return []
    reversal = _text(entry, "c:RvslInd", ns) in ("true", "1")
    direction = "credit" if _text(entry, "c:CdtDbtInd", ns) == "CRDT" else "debit"
    amount_el = entry.find("c:Amt", ns)
    booked = (
        _date(_text(entry, "c:BookgDt/c:Dt", ns))
        or _date((_text(entry, "c:BookgDt/c:DtTm", ns) or "")[:10])
        or _date(_text(entry, "c:ValDt/c:Dt", ns))
    )
    if amount_el is None or booked is None:
        return []
    reference = _text(entry, "c:AcctSvcrRef", ns) or _text(entry, "c:NtryRef", ns)
    transactions = entry.findall("c:NtryDtls/c:TxDtls", ns) or [None]
    entry_amount = _amount(amount_el)
    # A batch entry's transactions each carry their amount; one that does not gets what the
    # others leave of the entry's amount, so no money of the entry goes unseen. When several
    # lack theirs, that rest is one line that names no debtor (whose part is whose is unknown).
    amounts = [
        _tx_amount(tx, ns) if tx is not None and len(transactions) > 1 else entry_amount
        for tx in transactions
    ]
    unpriced = [index for index, found in enumerate(amounts) if found is None]
    priced = [found for found in amounts if found is not None]
    rest = entry_amount[0] - sum(cents for cents, _ in priced)
    if any(currency != entry_amount[1] for _, currency in priced):
        rest = 0  # an instructed amount in another currency: the rest cannot be told
    lines = []
    for index, tx in enumerate(transactions):
        found = amounts[index]
        anonymous = False
        if found is None:
            if index != unpriced[0] or rest <= 0:
                continue
            found = (rest, entry_amount[1])
            if len(unpriced) > 1:
                tx, anonymous = None, True
        amount, currency = found
        party = "Dbtr" if direction == "credit" else "Cdtr"
        unstructured = (
            [u.text or "" for u in tx.iterfind("c:RmtInf/c:Ustrd", ns)] if tx is not None else []
        )
        # Without remittance text, some banks carry the transfer's reason in the transaction's
        # or the entry's additional information ("VIR SEPA RECU /DE … /MOTIF RF18 …").
        if not unstructured and tx is not None and _text(tx, "c:AddtlTxInf", ns):
            unstructured = [_text(tx, "c:AddtlTxInf", ns) or ""]
        if not unstructured and not anonymous and _text(entry, "c:AddtlNtryInf", ns):
            unstructured = [_text(entry, "c:AddtlNtryInf", ns) or ""]
        line = Line(
            dedupe_key=f"{iban}|{reference}|{index}",
            statement_id=statement_id,
            account_iban=iban,
            direction=direction,
            amount_cents=amount,
            currency=currency,
            booking_date=booked,
            entry_reference=reference or "",
            end_to_end_id=_text(tx, "c:Refs/c:EndToEndId", ns) if tx is not None else None,
            structured_reference=(
                _text(tx, "c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref", ns) if tx is not None else None
            ),
            remittance=" ".join(u.strip() for u in unstructured if u.strip()) or None,
            counterparty=_counterparty(tx, party, ns),
            reversal=reversal,
            counterparty_iban=_compact(_text(tx, f"c:RltdPties/c:{party}Acct/c:Id/c:IBAN", ns)),
            return_reason=_text(tx, "c:RtrInf/c:Rsn/c:Cd", ns),
        )
        lines.append(line if reference else _unreferenced(line, seen))
    return lines


def _counterparty(tx: etree._Element | None, party: str, ns: dict[str, str]) -> str | None:
    # `Dbtr/Nm` up to .06; from .07 the party is a choice: `Dbtr/Pty/Nm` (or an agent, unnamed).
    return _text(tx, f"c:RltdPties/c:{party}/c:Nm", ns) or _text(
        tx, f"c:RltdPties/c:{party}/c:Pty/c:Nm", ns
    )


def _unreferenced(line: Line, seen: dict[str, int]) -> Line:
    """A line the bank gave no reference (no `AcctSvcrRef`, no `NtryRef`) is keyed by what it
    says, read the same from a camt.054 notification and the camt.053 statement that books the
    same credit again: account, direction, amount, booking day, reversal, the creditor
    reference (else the remittance text) and the counterparty's IBAN; with its rank among the
    file's lines saying the same. Two such lines in one file are two payments (`…-2`); the
    statement after the notification finds the first already recorded and records the second:
    a day's count of identical payments is the most any one file shows."""
    said = line.structured_reference or line.remittance or ""
    content = "|".join(
        (
            line.account_iban,
            line.direction,
            str(line.amount_cents),
            line.currency,
            line.booking_date.isoformat(),
            "R" if line.reversal else "",
            "".join(said.upper().split()),
            line.counterparty_iban or "",
        )
    )
    digest = hashlib.sha256(content.encode()).hexdigest()[:40]
    seen[digest] = seen.get(digest, 0) + 1
    reference = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
    return replace(line, dedupe_key=f"{line.account_iban}|{reference}", entry_reference=reference)


def _compact(iban: str | None) -> str | None:
    return iban_number.compact(iban) if iban else None


def _tx_amount(tx: etree._Element, ns: dict[str, str]) -> tuple[int, str] | None:
    # From .04 a transaction states its booked amount (`TxDtls/Amt`); before, only `AmtDtls`.
    found = tx.find("c:Amt", ns)
    if found is None:
        found = tx.find("c:AmtDtls/c:TxAmt/c:Amt", ns)
    if found is None:
        found = tx.find("c:AmtDtls/c:InstdAmt/c:Amt", ns)
    return None if found is None else _amount(found)


def _amount(element: etree._Element) -> tuple[int, str]:
    try:
        value = Decimal((element.text or "").strip())
    except InvalidOperation as exc:  # pragma: no cover - the schema allows only decimals
        raise StatementError(f"bad amount {element.text!r}") from exc
    currency = element.get("Ccy", "")
    if currency == "EUR" and value != value.quantize(CENT):
        # The schema allows 5 decimals, the euro has 2: rounding would invent or lose money.
        raise StatementError(
            f"amount {element.text!r} EUR (line {element.sourceline}) has more than 2 decimals"
        )
    return to_cents(value), currency


def _text(element: etree._Element | None, path: str, ns: dict[str, str]) -> str | None:
    if element is None:
        return None
    found = element.find(path, ns)
    if found is None or found.text is None:
        return None
    return found.text.strip() or None


def _date(raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None
