"""The handoff dossier of a claim amicable recovery did not settle (SPEC §13): one ZIP with
everything a creditor, a commissaire de justice or a lawyer needs to go on:

- the statement of account (rate periods, payments and how each was imputed, what is owed);
- the invoices (the file the claim was read from) and every document attached to it;
- every message sent to the debtor: its text, the letter's PDF (or the e-mail's attachment),
  and a record of dispatch (PDF and CSV) with each e-mail's date and Message-ID and each
  letter's dispatch date, registered-letter tracking number and date of delivery;
- the dispute history;
- a pre-filled requête en injonction de payer (Code de procédure civile 1405 and following),
  addressed to the court `courts.for_order_to_pay` names: the tribunal de commerce (or
  tribunal des activités économiques) for a trader or craftsman, the tribunal judiciaire for a
  consumer or another professional, in every case the court of the debtor's address (CPC 1406);
- the certificate a creditor keeps to recover the VAT of an unpaid invoice (Code général des
  impôts 272-1: the VAT charged on a debt that became definitively unrecoverable is refunded
  once the invoice is corrected).

Available once the claim is `closed` (409 `dossier_not_available` before);
`receivable.dossier_ready` is emitted at closure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect import storage
from cleavr_connect.errors import ConflictError
from cleavr_connect.i18n import N_, Locale, format_date, format_money, format_percent, gettext
from cleavr_connect.models import DebtorMessage, Receivable, StoredFile
from cleavr_connect.money import from_cents
from cleavr_connect.pdf import Document
from cleavr_connect.receivables import courts, disputes
from cleavr_connect.receivables import repository as repo
from cleavr_connect.receivables import service as receivables
from cleavr_connect.receivables.amounts import Breakdown
from cleavr_connect.receivables.law import debtor_kind
from cleavr_connect.runtime import Runtime
from cleavr_connect.text import without_bidi_controls
from cleavr_connect.users import repository as users


def available(rec: Receivable) -> bool:
    return rec.status == "closed"


async def build(
    session: AsyncSession, rt: Runtime, loaded: repo.Loaded, locale: Locale = "fr"
) -> bytes:
    """The dossier of a receivable read with its payments and timeline (`get_loaded`)."""
    rec = loaded.receivable
    if not available(rec):
        raise ConflictError(
            "The handoff dossier is prepared when amicable recovery ends without full payment "
            f"(status closed); this receivable is {rec.status}.",
            code="dossier_not_available",
        )
    assert rec.amount_cents is not None and rec.due_date is not None

    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    user = await users.by_id_unscoped(session, rec.user_id)
    creditor = (user.company if user else None) or {}
    await rt.rates.refresh(session)
    figures = receivables.amounts_of(rt, rec, loaded.payments)
    breakdown = receivables.breakdown_of(rt, rec, loaded.payments)
    timeline = loaded.timeline
    messages = (
        (
            await session.execute(
                select(DebtorMessage)
                .where(DebtorMessage.receivable_id == rec.id)
                .order_by(DebtorMessage.created_at, DebtorMessage.id)
            )
        )
        .scalars()
        .all()
    )
    file_ids = [rec.ocr["file_id"]] if rec.ocr and rec.ocr.get("file_id") else []
    files = (
        (
            await session.execute(
                select(StoredFile).where(
                    (StoredFile.receivable_id == rec.id) | StoredFile.id.in_(file_ids)
                )
            )
        )
        .scalars()
        .all()
    )
    debtor = rec.debtor or {}
    address = debtor.get("address") or {}
    professional = debtor_kind(rec.debtor_type) != "consumer"
    closed_on = (rec.closed_at or receivables.receivable_now(rt, rec)).date()

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            _("01-statement-of-account.pdf"),
            _statement(rec, creditor, figures, breakdown, locale),
        )
        archive.writestr(_("01-statement-of-account.csv"), _statement_csv(breakdown))
        documents_folder = _("02-invoices-and-documents")
        messages_folder = _("03-messages")
        # Where each document is in the archive, for the dispute history to point at.
        documents: dict[str, str] = {}
        for i, stored in enumerate(files, 1):
            path = storage.absolute_path(rt.settings, stored)
            if path.exists():
                name = stored.original_name or f"{stored.id}.{stored.content_type.split('/')[-1]}"
                documents[stored.id] = f"{documents_folder}/{i:02d}-{_entry_name(name)}"
                archive.writestr(documents[stored.id], path.read_bytes())
        for i, message in enumerate(messages, 1):
            stem = f"{messages_folder}/{i:02d}-{message.channel}-{message.template}"
            archive.writestr(f"{stem}.txt", without_bidi_controls(_message_text(message, locale)))
            if message.document_path:
                # Stored relative to the data directory (`DebtorMessage.document_path`).
                document = rt.settings.data_dir / message.document_path
                if document.exists():  # else listed as missing in the record of dispatch
                    archive.writestr(f"{stem}.pdf", document.read_bytes())
        proofs = [_dispatch_row(i, m, rt, locale) for i, m in enumerate(messages, 1)]
        record = _("00-record-of-dispatch")
        archive.writestr(
            f"{messages_folder}/{record}.pdf", _dispatch_record(rec, creditor, proofs, locale)
        )
        archive.writestr(
            f"{messages_folder}/{record}.csv", without_bidi_controls(_dispatch_csv(proofs))
        )
        # What the debtor wrote is shown as typed, but nothing in it reorders the lines.
        archive.writestr(
            _("04-dispute-history.txt"),
            without_bidi_controls(_dispute_history(timeline, documents, locale)),
        )
        archive.writestr(
            _("05-request-for-an-order-to-pay.pdf"),
            _requete(
                rec, creditor, debtor, address, figures, breakdown, professional, closed_on, locale
            ),
        )
        archive.writestr(
            _("06-vat-relief-certificate.pdf"),
            _vat_certificate(rec, creditor, debtor, breakdown, closed_on, rt, locale),
        )
    return out.getvalue()


# What the uploader named a file may hold characters Windows refuses in a file name: the
# archive would not unpack there.
_NOT_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def _entry_name(name: str) -> str:
    return _NOT_IN_FILE_NAMES.sub("_", name).rstrip(" .") or "document"


def _dispute_history(timeline: Sequence[Any], documents: dict[str, str], locale: Locale) -> str:
    """Each dispute as it went: opened (with its reason), the debtor's explanation and
    documents, the creditor's evidence, and its end; a document named by its place in the
    archive."""

    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    def document(file_id: str) -> str:
        return documents.get(file_id) or f"{file_id} ({_('missing from storage')})"

    lines = []
    for a in timeline:
        details = a.details or {}
        statuses = (details.get("status"), details.get("previous_status"))
        if a.type not in ("evidence_added", disputes.DETAILS) and not (
            a.type == "status_changed" and "disputed" in statuses
        ):
            continue
        lines.append(
            f"{a.occurred_at.date().isoformat()}  {a.description}"
            + (f"  ({details['reason']})" if details.get("reason") else "")
        )
        if details.get("comment"):
            lines.append("    " + _("Comment: %(text)s", text=details["comment"]))
        if details.get("note"):
            lines.append("    " + _("Note: %(text)s", text=details["note"]))
        for file_id in details.get("documents") or (
            [details["file_id"]] if details.get("file_id") else []
        ):
            lines.append("    " + _("Document: %(name)s", name=document(file_id)))
    return "\n".join(lines) or _("No dispute was raised.")


def _when(value: dt.datetime | None) -> str:
    return value.isoformat() if value else "-"


def _message_text(message: DebtorMessage, locale: Locale) -> str:
    def _(text: str, **values: Any) -> str:
        return gettext(locale, text, **values)

    lines = [
        _("Channel: %(channel)s", channel=message.channel),
        _("To: %(recipient)s", recipient=message.recipient),
        _("Created: %(at)s", at=message.created_at.isoformat()),
        _("Status: %(status)s", status=message.status),
        _("Sent: %(at)s", at=_when(message.sent_at)),
    ]
    if message.channel == "email" and message.message_id:
        lines.append(_("Message-ID: %(id)s", id=message.message_id))
    if message.channel == "letter":
        lines.append(
            _(
                "Registered with acknowledgement of receipt: %(yes)s",
                yes=_("yes") if message.registered else _("no"),
            )
        )
        lines.append(
            _(
                "Dispatch reference (tracking number): %(ref)s",
                ref=message.provider_reference or "-",
            )
        )
        lines.append(_("Delivered: %(at)s", at=_when(message.delivered_at)))
    return "\n".join([*lines, _("Subject: %(subject)s", subject=message.subject), "", message.body])


# One line of the record of dispatch: what left, when, how it can be proved.
_DISPATCH_COLUMNS = (
    "number",
    "channel",
    "step",
    "recipient",
    "status",
    "sent_at",
    "message_id",
    "registered",
    "dispatch_reference",
    "delivered_at",
    "document",
)


def _dispatch_row(i: int, message: DebtorMessage, rt: Runtime, locale: Locale) -> dict[str, str]:
    document = "-"
    if message.document_path:
        stored = (rt.settings.data_dir / message.document_path).exists()
        document = (
            f"{i:02d}-{message.channel}-{message.template}.pdf"
            if stored
            else gettext(locale, "missing from storage")
        )
    return {
        "number": f"{i:02d}",
        "channel": message.channel,
        "step": message.step or message.template,
        "recipient": " ".join(message.recipient.split()),
        "status": message.status,
        "sent_at": _when(message.sent_at),
        "message_id": message.message_id or "-" if message.channel == "email" else "-",
        "registered": "yes" if message.registered else "no",
        "dispatch_reference": message.provider_reference or "-"
        if message.channel == "letter"
        else "-",
        "delivered_at": _when(message.delivered_at),
        "document": document,
    }


def _dispatch_record(
    rec: Receivable, creditor: dict[str, Any], rows: list[dict[str, str]], locale: Locale
) -> bytes:
    def _(text: str, **values: Any) -> str:
        return gettext(locale, text, **values)

    def day(value: str) -> str:
        if value == "-":
            return "-"
        return format_date(dt.datetime.fromisoformat(value).date(), locale, "short")

    doc = Document(_("Record of dispatch"), author=str(creditor.get("name") or ""))
    doc.small(
        _(
            "Every message sent to the debtor about invoices %(numbers)s: the date it left, "
            "the e-mail's Message-ID (the identifier the receiving server logs), and for a "
            "letter the registered-letter tracking number and the date on the proof of "
            "delivery, as the postal service reported them.",
            numbers=", ".join(rec.invoice_numbers),
        )
    )
    if not rows:
        doc.paragraph(_("No message was sent."))
    for row in rows:
        doc.heading(f"{row['number']}. {row['step']} ({row['channel']})")
        lines = [
            [_("Recipient"), row["recipient"]],
            [_("Status"), row["status"]],
            [_("Sent on"), day(row["sent_at"])],
        ]
        if row["channel"] == "email":
            lines.append([_("Message-ID"), row["message_id"]])
        if row["channel"] == "letter":
            lines += [
                [
                    _("Registered with acknowledgement of receipt"),
                    _("yes") if row["registered"] == "yes" else _("no"),
                ],
                [_("Dispatch reference (tracking number)"), row["dispatch_reference"]],
                [_("Delivered on"), day(row["delivered_at"])],
            ]
        lines.append([_("Document"), row["document"]])
        # French typography: a no-break space before the colon, which never starts a line.
        colon = "\u00a0: " if locale == "fr" else ": "
        doc.paragraph("\n".join(f"{label}{colon}{value}" for label, value in lines))
    return doc.render()


def _dispatch_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_DISPATCH_COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _statement(
    rec: Receivable,
    creditor: dict[str, Any],
    figures: Any,
    b: Breakdown,
    locale: Locale,
) -> bytes:
    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    def m(v: Decimal) -> str:
        return format_money(v, locale)

    assert rec.due_date is not None and rec.issue_date is not None
    doc = Document(_("Statement of account"), author=str(creditor.get("name") or ""))
    doc.table(
        [
            [_("Creditor"), str(creditor.get("name") or "")],
            [_("Debtor"), str((rec.debtor or {}).get("company_name") or "")],
            [_("Invoices"), ", ".join(rec.invoice_numbers)],
            [_("Issue date"), format_date(rec.issue_date, locale, "short")],
            [_("Due date"), format_date(rec.due_date, locale, "short")],
            [_("Statement as of"), format_date(b.as_of, locale, "short")],
        ],
        header=False,
    )
    doc.heading(_("Late penalties and interest"))
    rows = [[_("From"), _("To"), _("Days"), _("Base"), _("Annual rate"), _("Amount")]]
    for p in b.periods:
        rows.append(
            [
                format_date(p.start, locale, "short"),
                format_date(p.end, locale, "short"),
                str(p.days),
                m(p.base),
                format_percent(p.rate / 100, locale),
                m(p.shown),
            ]
        )
    doc.table(rows)
    doc.heading(_("Payments and their imputation"))
    rows = [[_("Date"), _("Amount"), _("Penalties or interest"), _("Indemnity"), _("Principal")]]
    for a in b.applied:
        rows.append(
            [
                format_date(a.paid_on, locale, "short"),
                m(a.amount),
                m(a.to_accrued),
                m(a.to_indemnity),
                m(a.to_principal),
            ]
        )
    doc.table(rows)
    doc.heading(_("Summary"))
    doc.table(
        [
            [_("Principal"), m(figures.principal)],
            [_("Late penalties"), m(figures.late_penalties)],
            [_("Legal interest"), m(figures.interest)],
            [_("Fixed indemnity for recovery costs"), m(figures.fixed_indemnity)],
            [_("Paid"), m(figures.amount_recovered)],
            [_("Waived"), m(figures.waived)],
            [_("Unpaid at closure"), m(figures.written_off or figures.outstanding)],
        ],
        header=False,
    )
    return doc.render()


def _statement_csv(b: Breakdown) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["kind", "from", "to", "days", "base", "rate", "amount"])
    for p in b.periods:
        row = p.as_dict()
        writer.writerow(
            [row[k] for k in ("kind", "start", "end", "days", "base", "rate", "amount")]
        )
    writer.writerow([])
    writer.writerow(["payment", "paid_on", "amount", "to_accrued", "to_indemnity", "to_principal"])
    for a in b.applied:
        writer.writerow(
            [
                "payment",
                a.paid_on.isoformat(),
                a.amount,
                a.to_accrued,
                a.to_indemnity,
                a.to_principal,
            ]
        )
    return out.getvalue()


def _requete(
    rec: Receivable,
    creditor: dict[str, Any],
    debtor: dict[str, Any],
    address: dict[str, Any],
    figures: Any,
    b: Breakdown,
    professional: bool,
    closed_on: dt.date,
    locale: Locale,
) -> bytes:
    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    def m(v: Decimal) -> str:
        return format_money(v, locale)

    assert rec.due_date is not None and rec.amount_cents is not None
    court = courts.for_order_to_pay(
        debtor_kind(rec.debtor_type), debtor.get("company_name"), address, closed_on
    )
    creditor_address = creditor.get("address") or {}
    doc = Document(_("Request for an order to pay (requête en injonction de payer)"))
    doc.small(
        _(
            "Pre-filled from the amicable recovery file: to check, complete, date and sign "
            "before filing (Code de procédure civile, articles 1405 to 1425)."
        )
    )
    doc.paragraph(_("To the President of the %(court)s", court=_court_name(court, locale)))
    doc.small(_court_note(court, locale))
    doc.heading(_("Applicant (creditor)"))
    doc.paragraph(
        "\n".join(
            str(v)
            for v in (
                creditor.get("name"),
                creditor_address.get("line1"),
                f"{creditor_address.get('postal_code') or ''} {creditor_address.get('city') or ''}",
                _("SIRET: %(siret)s", siret=creditor.get("siret") or "-"),
            )
            if v and str(v).strip()
        )
    )
    doc.heading(_("Respondent (debtor)"))
    doc.paragraph(
        "\n".join(
            str(v)
            for v in (
                debtor.get("company_name"),
                address.get("line1"),
                f"{address.get('postal_code') or ''} {address.get('city') or ''}",
                _("SIRET: %(siret)s", siret=debtor.get("siret"))
                if professional and debtor.get("siret")
                else None,
            )
            if v and str(v).strip()
        )
    )
    doc.heading(_("Claim"))
    principal = from_cents(rec.amount_cents)
    # As a "décompte" sets it out: each part as it fell due, then what was paid (imputed as the
    # statement of account, exhibit 1, shows) and waived, to the total still owed.
    rows = [[_("Principal"), m(principal)]]
    # The court is asked for what runs on: from which day (and for a consumer, from which
    # formal notice) the penalties or the interest count.
    if professional:
        since = rec.due_date + dt.timedelta(days=1)
        rows.append(
            [
                _(
                    "Late penalties (Code de commerce L441-10), from %(date)s to date",
                    date=format_date(since, locale, "short"),
                ),
                m(figures.late_penalties),
            ]
        )
        rows.append([_("Fixed indemnity for recovery costs (L441-10)"), m(figures.fixed_indemnity)])
    else:
        label = (
            _(
                "Interest at the legal rate from the formal notice of %(date)s",
                date=format_date(rec.formal_notice_on, locale, "short"),
            )
            if rec.formal_notice_on
            else _("Interest at the legal rate from the formal notice")
        )
        rows.append([label, m(figures.interest)])
    if figures.amount_recovered:
        rows.append([_("Less the sums already paid"), m(-figures.amount_recovered)])
    if figures.waived:
        rows.append([_("Less the sums waived by the creditor"), m(-figures.waived)])
    rows.append([_("Total claimed"), m(figures.written_off or figures.outstanding)])
    doc.table(rows, header=False)
    doc.heading(_("Grounds"))
    doc.paragraph(
        _(
            "The applicant supplied %(service)s to the respondent, invoiced under number(s) "
            "%(numbers)s for %(amount)s including VAT, due on %(due)s. Despite reminders and "
            "a formal notice, the sum remains unpaid. The applicant asks the court to order "
            "the respondent to pay the amounts above, with interest and costs.",
            service=rec.service_description or _("goods or services"),
            numbers=", ".join(rec.invoice_numbers),
            amount=m(principal),
            due=format_date(rec.due_date, locale, "short"),
        )
    )
    doc.heading(_("Exhibits"))
    doc.paragraph(
        "\n".join(
            [
                _("1. The invoice(s) and supporting documents"),
                _("2. The formal notice and the reminders"),
                _("3. The statement of account"),
            ]
        )
    )
    doc.paragraph(_("Made on %(date)s. Signature:", date=format_date(closed_on, locale, "short")))
    return doc.render()


def _court_name(court: courts.Court, locale: Locale) -> str:
    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    if court.seat:
        civil = _("tribunal judiciaire of %(seat)s", seat=court.seat)
    else:
        civil = _(
            "tribunal judiciaire of the place where the debtor lives (%(place)s)", place=court.place
        )
    if court.economic and court.economic_seat:
        commercial = _("tribunal des activités économiques of %(seat)s", seat=court.economic_seat)
    elif court.economic is None:
        commercial = _(
            "tribunal de commerce (or tribunal des activités économiques) of the place where "
            "the debtor lives (%(place)s)",
            place=court.place,
        )
    elif court.seat:
        commercial = _("tribunal de commerce of %(seat)s", seat=court.seat)
    else:
        commercial = _(
            "tribunal de commerce of the place where the debtor lives (%(place)s)",
            place=court.place,
        )
    if court.civil:
        return civil
    if court.civil is False:
        return commercial
    return _(
        "%(commercial)s or, if the debtor is neither a trader nor a craftsman, of the %(civil)s",
        commercial=commercial,
        civil=civil,
    )


def _court_note(court: courts.Court, locale: Locale) -> str:
    """Why this court, and what the creditor checks before filing."""

    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    lines = [
        _(
            "Court: the one of the place where the debtor lives (Code de procédure civile, "
            "article 1406); the tribunal de commerce for a trader or craftsman (Code de "
            "commerce, article L721-3), the tribunal judiciaire for anyone else, liberal "
            "professions, associations, sociétés civiles and farmers included. From 1 January "
            "2025 to 31 December 2028 the tribunaux de commerce of Avignon, Auxerre, Le Havre, "
            "Le Mans, Limoges, Lyon, Marseille, Nancy, Nanterre, Paris, Saint-Brieuc and "
            "Versailles are tribunaux des activités économiques (loi n° 2023-1059 of "
            "20 November 2023, article 26); a claim against a non-trader still goes to the "
            "tribunal judiciaire."
        )
    ]
    if court.civil_hint:
        lines.append(
            _(
                "The debtor's name (\u201c%(word)s\u201d) suggests it is neither a trader nor "
                "a craftsman: the tribunal judiciaire is named. Check its legal form.",
                word=court.civil_hint,
            )
        )
    if court.civil is None:
        lines.append(
            _(
                "A sole trader may be a trader or craftsman, or a liberal profession or "
                "farmer: strike out the court that does not apply."
            )
        )
    if court.economic is None and court.civil is not True:
        lines.append(
            _(
                "The debtor's department holds a tribunal des activités économiques: check "
                "whether its town is in that court's jurisdiction, and strike out the name "
                "that does not apply."
            )
        )
    return " ".join(lines)


# A closed claim's outcome as the certificate words it (the API's codes are no French).
_OUTCOMES = {
    "partially_recovered": N_("Partially recovered"),
    "unrecoverable": N_("Unrecoverable by amicable means"),
    "debtor_insolvent": N_("Debtor insolvent"),
    "escalation_required": N_("To be pursued in court"),
}


def _vat_certificate(
    rec: Receivable,
    creditor: dict[str, Any],
    debtor: dict[str, Any],
    b: Breakdown,
    closed_on: dt.date,
    rt: Runtime,
    locale: Locale,
) -> bytes:
    def _(message: str, **values: Any) -> str:
        return gettext(locale, message, **values)

    assert rec.amount_cents is not None and rec.issue_date is not None
    principal = from_cents(rec.amount_cents)
    tax = from_cents(rec.tax_amount_cents or 0)
    unpaid_incl = b.principal_unpaid
    paid = principal - unpaid_incl
    # The VAT in what is unpaid, pro rata of the invoice's VAT (CGI 272-1 refunds that part).
    vat_unpaid = (
        (unpaid_incl * tax / principal).quantize(Decimal("0.01")) if principal else Decimal(0)
    )
    doc = Document(
        _("Certificate of unsuccessful amicable recovery"), author=rt.settings.legal_entity
    )
    doc.paragraph(
        _(
            "%(agency)s certifies that it was instructed by %(creditor)s to recover amicably the "
            "claim below against %(debtor)s, and that the recovery ended on %(date)s without "
            "full payment.",
            agency=rt.settings.legal_entity,
            creditor=creditor.get("name") or "",
            debtor=debtor.get("company_name") or "",
            date=format_date(closed_on, locale, "short"),
        )
    )
    doc.table(
        [
            [_("Invoices"), ", ".join(rec.invoice_numbers)],
            [_("Issue date"), format_date(rec.issue_date, locale, "short")],
            [_("Amount including VAT"), format_money(principal, locale)],
            [_("Of which VAT"), format_money(tax, locale)],
            [_("Principal paid"), format_money(paid, locale)],
            [_("Unpaid including VAT"), format_money(unpaid_incl, locale)],
            [_("VAT in the unpaid amount"), format_money(vat_unpaid, locale)],
            [_("Outcome"), _(_OUTCOMES[rec.outcome]) if rec.outcome in _OUTCOMES else ""],
        ],
        header=False,
    )
    doc.small(
        _(
            "For the creditor's file: the VAT charged on a debt that has become definitively "
            "unrecoverable can be recovered by issuing a corrected invoice (Code général des "
            "impôts, article 272-1). Unsuccessful amicable recovery alone may not establish "
            "that the debt is definitively unrecoverable: keep the proceedings that followed."
        )
    )
    return doc.render()
