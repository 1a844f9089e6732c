"""The steps of the amicable recovery playbook (SPEC §11), when the next one falls due, and the
pause and resume of a dispute.

Apart from the code that performs them (`recovery.playbook`, which also writes the messages),
so that submission can record the day-0 acceptance, and a dispute hold and restart the steps,
without importing the playbook's machinery.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from cleavr_connect.models import Receivable
from cleavr_connect.receivables.rendering import receivable_now
from cleavr_connect.runtime import Runtime


@dataclass(frozen=True)
class Step:
    day: int
    action: str  # the timeline type
    stage: str
    description: str


# The descriptions say what was done, in the API's English: an amicable agency may not announce
# proceedings it cannot bring (the final notice says recovery ends and the file goes back to
# the creditor, who decides), and a consumer's escalation goes to the consumer.
PLAYBOOK: tuple[Step, ...] = (
    Step(0, "accepted", "reminder", "Accepted into amicable recovery."),
    Step(0, "reminder_sent", "reminder", "First reminder emailed to the primary contact."),
    Step(7, "reminder_sent", "reminder", "Second reminder sent to the primary contact."),
    Step(
        15,
        "escalation_sent",
        "escalation",
        "Escalation emailed to the debtor's escalation contacts, else to the primary contact.",
    ),
    Step(30, "formal_notice_sent", "formal_notice", "Formal notice (mise en demeure) sent."),
    Step(
        45, "final_notice_sent", "final_notice", "Final notice sent before amicable recovery ends."
    ),
    Step(60, "closed_unrecoverable", "closed", "Amicable recovery ended without full payment."),
)
ACCEPTANCE = PLAYBOOK[0]


def real_time(rec: Receivable, receivable_time: datetime) -> datetime:
    return receivable_time - timedelta(days=rec.clock_offset_days)


def schedule_next(rec: Receivable) -> None:
    """Points `next_action_at` at the next step, in real time."""
    if rec.playbook_step >= len(PLAYBOOK) or rec.recovery_started_at is None:
        rec.next_action_at = None
        return
    due = rec.recovery_started_at + timedelta(days=PLAYBOOK[rec.playbook_step].day)
    rec.next_action_at = real_time(rec, due)


def restart_from(rec: Receivable, today: datetime) -> None:
    """The remaining steps restart from `today` (receivable time): the next one not yet taken
    falls due that day, the later ones keep their spacing."""
    if rec.playbook_step >= len(PLAYBOOK):
        return
    rec.recovery_started_at = today - timedelta(days=PLAYBOOK[rec.playbook_step].day)
    schedule_next(rec)


def pause(rec: Receivable) -> None:
    """A dispute holds the steps where they are."""
    rec.next_action_at = None


def resume(rt: Runtime, rec: Receivable) -> None:
    """After a dispute: the playbook goes on where it stopped, never sooner than planned. The
    step not yet taken falls due on its own day, or today (receivable clock) when the dispute
    outlasted it, the later ones keeping their spacing: a dispute settled the day of a formal
    notice must not bring its final notice ("the formal notice went unanswered") that day."""
    if rec.playbook_step >= len(PLAYBOOK) or rec.recovery_started_at is None:
        return
    today = receivable_now(rt, rec)
    due = rec.recovery_started_at + timedelta(days=PLAYBOOK[rec.playbook_step].day)
    if due > today:
        schedule_next(rec)
    else:
        restart_from(rec, today)
