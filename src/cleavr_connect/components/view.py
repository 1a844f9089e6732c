"""What `<cleavr-receivable-status>` shows, in the reader's language: the receivable as the API
renders it, put into words and formatted amounts and dates (the component only lays it out)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from cleavr_connect import i18n
from cleavr_connect.i18n import N_
from cleavr_connect.receivables.steps import PLAYBOOK

STATUS_LABELS = {
    "processing": N_("Reading the invoice"),
    "draft": N_("Draft"),
    "pending": N_("Starting recovery"),
    "in_recovery": N_("In recovery"),
    "disputed": N_("Disputed: recovery paused"),
    "recovered": N_("Recovered"),
    "closed": N_("Closed"),
    "cancelled": N_("Cancelled"),
}
STAGE_LABELS = {
    "reminder": N_("Reminders"),
    "escalation": N_("Escalation"),
    "formal_notice": N_("Formal notice"),
    "final_notice": N_("Final notice"),
    "payment_plan": N_("Payment plan"),
    "closed": N_("Closed"),
}
# Timeline entries by type; a type not listed shows the engine's own description.
ACTION_LABELS = {
    "created": N_("Received by Cleavr."),
    "submitted": N_("Submitted for recovery."),
    "accepted": N_("Accepted into amicable recovery."),
    "reminder_sent": N_("Reminder e-mailed to the debtor."),
    "escalation_sent": N_("Escalation e-mailed to the debtor."),
    "formal_notice_sent": N_("Formal notice (mise en demeure) sent."),
    "final_notice_sent": N_("Final notice sent before amicable recovery ends."),
    "closed_unrecoverable": N_("Amicable recovery ended without full payment."),
    "payment_received": N_("Payment received."),
    "payment": N_("Payment received."),
    "disputed": N_("The debtor disputes the claim."),
    "dispute_resolved": N_("Dispute resolved."),
    "cancelled": N_("Withdrawn from recovery."),
    "recovered": N_("Fully recovered."),
    "evidence_added": N_("Documents added to answer the dispute."),
    "invoice_uploaded": N_("Invoice uploaded."),
}
NEXT_LABELS = {
    "reminder_sent": N_("Reminder to the debtor"),
    "escalation_sent": N_("Escalation e-mail to the debtor"),
    "formal_notice_sent": N_("Formal notice"),
    "final_notice_sent": N_("Final notice"),
    "closed_unrecoverable": N_("End of amicable recovery"),
}
AMOUNT_LABELS = (
    ("principal", N_("Invoice amount")),
    ("total_claimable", N_("Total claimed")),
    ("amount_recovered", N_("Recovered")),
    ("outstanding", N_("Outstanding")),
)
OPEN = ("pending", "in_recovery")


def _moment(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def build(receivable: dict[str, Any], locale: i18n.Locale, playbook_step: int) -> dict[str, Any]:
    def _(message: str) -> str:
        return i18n.gettext(locale, message)

    amounts = receivable.get("amounts") or {}
    currency = (receivable.get("invoice") or {}).get("currency") or "EUR"
    next_action = None
    when = _moment(receivable.get("next_action_at"))
    if receivable["status"] in OPEN and when and playbook_step < len(PLAYBOOK):
        step = PLAYBOOK[playbook_step]
        label = NEXT_LABELS.get(step.action)
        if label:
            next_action = {"label": _(label), "date": i18n.format_date(when, locale)}
    stage = receivable.get("stage")
    status_label = _(STATUS_LABELS.get(receivable["status"], receivable["status"]))
    return {
        "object": "receivable_status",
        "receivable_id": receivable["id"],
        "lang": locale,
        "invoice_numbers": list((receivable.get("invoice") or {}).get("numbers") or []),
        "status": {"code": receivable["status"], "label": status_label},
        "stage": {
            "code": stage,
            "label": _(STAGE_LABELS[stage]) if stage in STAGE_LABELS else status_label,
        },
        "amounts": [
            {
                "code": code,
                "label": _(label),
                "value": i18n.format_money(Decimal(str(amounts[code])), locale, currency),
            }
            for code, label in AMOUNT_LABELS
            if amounts.get(code) is not None
        ],
        "timeline": [
            {
                "type": entry["type"],
                "label": _entry_label(entry, locale),
                "occurred_at": entry["occurred_at"],
                "date": i18n.format_date(_moment(entry["occurred_at"]), locale),
            }
            for entry in receivable.get("timeline") or []
        ],
        "next_action": next_action,
        "labels": {
            "title": _("Invoice"),
            "timeline": _("What happened"),
            "next": _("Next step:"),
        },
    }


def _entry_label(entry: dict[str, Any], locale: i18n.Locale) -> str:
    if entry["type"] == "status_changed":
        status = (entry.get("details") or {}).get("status", "")
        label = i18n.gettext(locale, STATUS_LABELS.get(status, status))
        return i18n.gettext(locale, N_("Status: %(status)s."), status=label)
    if entry["type"] in ACTION_LABELS:
        return i18n.gettext(locale, ACTION_LABELS[entry["type"]])
    return str(entry.get("description") or "")
