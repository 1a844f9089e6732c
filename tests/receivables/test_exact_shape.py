"""The receivable reads write what the renderer builds as it is (`api.routing.Exact`): it must be,
byte for byte, what `ReceivableOut` makes of it, for every field, including the parts copied
from what is stored in a form of its own (waiver, payment plan, field errors, OCR)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import Response
from pydantic import TypeAdapter

from cleavr_connect.api import routing
from cleavr_connect.db.engine import Database
from cleavr_connect.models import Receivable
from cleavr_connect.receivables.schemas import ReceivableList, ReceivableOut
from cleavr_connect.runtime import Runtime
from tests.factories import active_user, as_the_model_writes, caller, receivable_body


async def test_receivable_reads_are_what_the_response_model_writes(
    client, db: Database, runtime: Runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    ids = []
    for _ in range(3):
        created = await client.post(
            "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
        )
        assert created.status_code == 200, created.text
        ids.append(created.json()["id"])
    plain, busy, stored = ids
    helper = f"/v1/test_helpers/receivables/{busy}"
    await client.post(f"{helper}/advance", json={"days": 40}, headers=who.headers)
    for amount in (100, 50.5):
        paid = await client.post(f"{helper}/payments", json={"amount": amount}, headers=who.headers)
        assert paid.status_code == 200, paid.text
    for step in ("dispute", "resolve_dispute"):
        done = await client.post(
            f"{helper}/{step}", json={"reason": "Déjà payé"}, headers=who.headers
        )
        assert done.status_code in (200, 400, 409), done.text
    waived = await client.post(
        f"/v1/receivables/{busy}/waive",
        json={"late_penalties": True, "reason": "Geste commercial"},
        headers=who.headers,
    )
    assert waived.status_code == 200, waived.text
    # Stored forms the API never wrote itself: more keys, another order, keys left out.
    async with db.transaction() as session:
        rec = await session.get(Receivable, stored)
        assert rec is not None
        rec.waived = {
            "reason": None,
            "fixed_indemnity": True,
            "on": "2026-01-10",
            "late_penalties": False,
            "operator": "back office",
        }
        rec.field_errors = [{"message": "Manque", "code": "missing", "param": "x", "more": 1}]
        rec.missing_fields = ["x"]
        rec.ocr = {
            "completed_at": "2026-01-10T10:00:00Z",
            "status": "completed",
            "file_id": "file_1",
            "content_type": "application/pdf",
            "pages": 1,
            "method": "text",
            "overrides": {"amount": "1.00"},
            "fields": {
                "amount": {
                    "source": "label",
                    "value": "1200.50",
                    "confidence": 0.9,
                    "page": 1,
                    "box": [0.1, 0.2, 0.3, 0.4],
                    "raw": "1 200,50",
                }
            },
        }
        rec.payment_plan = {
            "id": "plan_1",
            "status": "accepted",
            "total_cents": 120050,
            "within_policy": True,
            "proposed_at": "2026-01-10T10:00:00Z",
            "decided_at": "2026-01-11T10:00:00Z",
            "instalments": [
                {
                    "status": "scheduled",
                    "number": n,
                    "due_date": f"2026-0{n + 1}-10",
                    "amount_cents": 40017 - (n > 1),
                    "paid_cents": 0,
                    "reminded": False,
                }
                for n in (1, 2, 3)
            ],
        }
    pages = []
    for rid in (plain, busy, stored):
        detail = await client.get(f"/v1/receivables/{rid}", headers=who.headers)
        assert detail.status_code == 200, detail.text
        assert detail.content == as_the_model_writes(ReceivableOut, detail.content)
    for query in ("limit=100", "limit=2", f"limit=1&starting_after={stored}"):
        page = await client.get(f"/v1/receivables?{query}", headers=who.headers)
        assert page.status_code == 200, page.text
        assert page.content == as_the_model_writes(ReceivableList, page.content)
        pages.append(page.json())
    assert {r["id"] for r in pages[0]["data"]} == {stored, busy, plain}
    shown = next(r for r in pages[0]["data"] if r["id"] == stored)
    assert "operator" not in shown["waived"] and shown["waived"]["late_penalties_on"] is None
    assert shown["field_errors"] == [{"param": "x", "code": "missing", "message": "Manque"}]
    assert list(shown["payment_plan"]["instalments"][0]) == [
        "number",
        "due_date",
        "amount",
        "amount_paid",
        "status",
    ]


def test_an_exact_answer_the_model_would_write_otherwise_fails_when_checked() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(ReceivableList)
    wrong = {"object": "list", "has_more": False, "data": [], "url": "/v1/receivables"}
    assert routing.CHECK_EXACT
    with pytest.raises(routing.NotExact):
        routing.render(adapter, routing.Exact(wrong), Response(), None)
    right = {"object": "list", "data": [], "has_more": False, "url": "/v1/receivables"}
    answer = routing.render(adapter, routing.Exact(right), Response(), None)
    assert answer.body == routing.render(adapter, right, Response(), None).body
