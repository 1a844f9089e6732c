"""A submission planned without the database, and the one user rule every way in answers."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from cleavr_connect.clock import FrozenClock
from cleavr_connect.config import Settings
from cleavr_connect.db.engine import Database
from cleavr_connect.errors import ValidationError
from cleavr_connect.models import Receivable
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import submission
from cleavr_connect.receivables.schemas import ReceivableCreate
from cleavr_connect.runtime import Runtime, build_runtime
from tests.factories import caller, create_user, receivable_body

OWNER = Owner("plt_test", "acct_test", False)


@pytest.fixture
def rt(tmp_path: Path) -> Runtime:
    # No database behind this runtime: planning must not need one.
    settings = Settings(
        data_dir=tmp_path,
        database_url="sqlite:///nowhere.db",
        base_url="http://testserver",
        secret_key=b"k" * 32,
    )
    return build_runtime(settings, FrozenClock())


def _plan(rt: Runtime, owner: Owner = OWNER, **kw: object) -> submission.SubmissionPlan:
    body = ReceivableCreate.model_validate(receivable_body("usr_test"))
    return submission.plan_submission(
        rt, owner, body, user_status=kw.pop("user_status", "active"), accept=not owner.livemode
    )


def test_test_mode_plans_submission_and_acceptance_as_one_set_of_rows(rt: Runtime) -> None:
    plan = _plan(rt)
    assert [e.type for e in plan.timeline] == ["submitted", "status_changed", "accepted"]
    assert [e.seq for e in plan.timeline] == [1, 2, 3]
    assert plan.events == [
        ("receivable.created", None),
        ("receivable.status_updated", {"status": "pending"}),
        ("receivable.action_taken", None),
    ]
    assert plan.obj["status"] == "in_recovery" and plan.obj["stage"] == "reminder"
    assert [t["type"] for t in plan.obj["timeline"]] == ["submitted", "status_changed", "accepted"]
    assert plan.receivable.playbook_step == 1 and plan.receivable.next_action_at is not None
    assert plan.numbers == plan.receivable.invoice_numbers


def test_a_planned_receivable_holds_mapped_values_only(rt: Runtime) -> None:
    plan = _plan(rt)
    rec = plan.receivable
    mapped = {prop.key for prop in Receivable.__mapper__.column_attrs}
    held = set(rec.__dict__) - {"_sa_instance_state"}
    assert held <= mapped and {"id", "user_id", "debtor", "amount_cents", "status"} <= held
    # Every value set is what the instance answers, and what the row is written from.
    assert rec.user_id == "usr_test" and rec.status == "in_recovery"
    assert rec.invoice_numbers == plan.numbers


def test_live_mode_plans_a_pending_receivable_for_the_playbook(rt: Runtime) -> None:
    plan = _plan(rt, Owner("plt_live", "acct_live", True))
    assert [e.type for e in plan.timeline] == ["submitted"]
    assert plan.events == [("receivable.created", None)]
    assert plan.obj["status"] == "pending" and plan.obj["livemode"] is True


@pytest.mark.parametrize(
    ("status", "code"), [(None, "resource_missing"), ("pending", "user_not_onboarded")]
)
def test_the_user_rule_comes_first_with_the_bodys_errors(
    rt: Runtime, status: str | None, code: str
) -> None:
    bad = receivable_body("usr_test", invoice={"currency": "USD"})
    with pytest.raises(ValidationError) as refused:
        submission.plan_submission(
            rt, OWNER, ReceivableCreate.model_validate(bad), user_status=status, accept=True
        )
    assert [(e.param, e.code) for e in refused.value.errors] == [
        ("user_id", code),
        ("invoice.currency", "currency_not_supported"),
    ]


def test_an_unchecked_user_is_left_to_the_write(rt: Runtime) -> None:
    plan = _plan(rt, user_status=submission.UNCHECKED)
    assert plan.user_unchecked


async def test_post_draft_and_ocr_refuse_an_inactive_user_with_the_same_error(
    client: httpx.AsyncClient, db: Database, runtime: Runtime, settings: Settings
) -> None:
    who = await caller(client, db, runtime)
    user = await create_user(client, who)  # not onboarded yet
    posted = await client.post(
        "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
    )
    uploaded = await client.post(
        "/v1/receivables/ocr",
        data={"user_id": user["id"]},
        files={"file": ("invoice.pdf", b"%PDF-1.4 not read", "application/pdf")},
        headers=who.headers,
    )
    for response in (posted, uploaded):
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert (error["code"], error["param"]) == ("user_not_onboarded", "user_id")
        assert "must be active" in error["message"]
