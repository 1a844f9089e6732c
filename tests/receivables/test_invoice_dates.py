"""Invoice dates a French claim can have (`receivables.law.LONGEST_TERM`): no issue date after
today, none more than a year before the due date (payment terms are at most 60 days, L441-10),
no service date more than a year before the issue date (an invoice is issued on delivery,
L441-9). A year-1 date is a typo, refused naming its field, not a claim."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx

from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime
from tests.factories import active_user, caller, receivable_body


def _with(user_id: str, **invoice: Any) -> dict[str, Any]:
    body = receivable_body(user_id)
    body["invoice"].update(invoice)
    return body


async def test_absurd_invoice_dates_are_refused_naming_the_field(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    today = runtime.clock.now().date()
    due = date(2025, 12, 1)
    refused = [
        ({"issue_date": "0001-01-01"}, "invoice.issue_date", "issue_date_too_early"),
        ({"issue_date": "1900-01-01"}, "invoice.issue_date", "issue_date_too_early"),
        (
            {"issue_date": (due - timedelta(days=367)).isoformat()},
            "invoice.issue_date",
            "issue_date_too_early",
        ),
        (
            {"issue_date": (today + timedelta(days=1)).isoformat(), "due_date": "9999-12-31"},
            "invoice.issue_date",
            "issue_date_in_future",
        ),
        ({"service_date": "0001-01-01"}, "invoice.service_date", "service_date_too_early"),
    ]
    for invoice, param, code in refused:
        response = await client.post(
            "/v1/receivables", json=_with(user["id"], **invoice), headers=who.headers
        )
        assert response.status_code == 400, (invoice, response.text)
        found = {(e["param"], e["code"]) for e in response.json()["error"]["errors"]}
        assert (param, code) in found, (invoice, found)

    # A year apart at most is still a claim: long terms, or a yearly service billed late.
    fine = _with(
        user["id"],
        issue_date=(due - timedelta(days=366)).isoformat(),
        service_date=(due - timedelta(days=366 * 2)).isoformat(),
    )
    accepted = await client.post("/v1/receivables", json=fine, headers=who.headers)
    assert accepted.status_code == 200, accepted.text
