"""SQL statements per request, pinned for every read of `/v1` and for the submission.

What a request costs the database is part of its contract: a list page is one statement plus
the bearer check whatever the page holds, a detail read a few. The statements are counted where
they leave the process: SQLAlchemy's engine (either database, including the statements a
repository sends to asyncpg through its session; on PostgreSQL both its pools, the reads' and
the writes') and the direct asyncpg pool (PostgreSQL: the bearer check). Every GET route of `/v1` must have its pin here: a new endpoint without one
fails, as does a change that adds a statement to an existing one. Lists are read with pages of
1 and of 100 objects, and must cost the same.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlalchemy import event, select

from cleavr_connect import wire
from cleavr_connect.db.engine import Database, Direct
from cleavr_connect.models import Event
from cleavr_connect.runtime import Runtime
from cleavr_connect.webhooks.worker import deliver_due
from tests.api.test_shapes import object_name, v1_routes
from tests.factories import Caller, active_user, caller, receivable_body


@dataclass
class Statements:
    """The SQL text of every statement sent while counting."""

    sent: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.sent)


@contextmanager
def counting(db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[Statements]:
    statements = Statements()

    def on_execute(_conn: Any, _cursor: Any, sql: str, *_args: Any) -> None:
        statements.sent.append(sql)

    # The direct pool runs one statement per call of each of its public coroutine methods.
    if db.direct is not None:
        for name, _ in inspect.getmembers(Direct, inspect.iscoroutinefunction):
            if not name.startswith("_") and name != "close":
                bound = getattr(db.direct, name)
                monkeypatch.setattr(db.direct, name, _recorded(bound, statements))
    # The reads' pool (PostgreSQL) is an engine of its own.
    engines = {id(e.sync_engine): e.sync_engine for e in (db.engine, db.read_engine)}.values()
    for engine in engines:
        event.listen(engine, "before_cursor_execute", on_execute)
    try:
        yield statements
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", on_execute)
        monkeypatch.undo()


def _recorded(method: Callable[..., Any], statements: Statements) -> Callable[..., Any]:
    async def call(sql: str, *args: Any, **kwargs: Any) -> Any:
        statements.sent.append(sql)
        return await method(sql, *args, **kwargs)

    return call


async def _scenario(
    http: httpx.AsyncClient, db: Database, rt: Runtime
) -> tuple[Caller, dict[str, str]]:
    """Enough of everything that each list holds several objects with their children."""
    who = await caller(http, db, rt)
    users = [await active_user(http, who) for _ in range(3)]
    hooks = [
        (
            await http.post(
                "/v1/webhooks",
                json={"url": f"http://127.0.0.1:9/hook-{n}", "events": ["*"]},
                headers=who.headers,
            )
        ).json()
        for n in range(2)
    ]
    recs = []
    for user in users:
        rec = (
            await http.post(
                "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
            )
        ).json()
        helper = f"/v1/test_helpers/receivables/{rec['id']}"
        await http.post(f"{helper}/advance", json={"days": 10}, headers=who.headers)
        await http.post(f"{helper}/payments", json={"amount": 100}, headers=who.headers)
        await http.post(f"{helper}/payments", json={"amount": 50}, headers=who.headers)
        recs.append(rec)
    closed = recs[0]
    done = await http.post(
        f"/v1/test_helpers/receivables/{closed['id']}/advance",
        json={"days": 50},
        headers=who.headers,
    )
    assert done.json()["status"] == "closed", done.text
    await deliver_due(db, rt)
    messages = (
        await http.get(
            f"/v1/receivables/{closed['id']}/messages", params={"limit": 100}, headers=who.headers
        )
    ).json()["data"]
    letter = next(m for m in messages if m["channel"] == "letter")
    mail = next(m for m in messages if m["channel"] == "email")
    payouts = (await http.get("/v1/payouts", params={"status": "paid"}, headers=who.headers)).json()
    events = (await http.get("/v1/events", headers=who.headers)).json()["data"]
    ids = {
        "user_id": users[0]["id"],
        "receivable_id": closed["id"],
        "webhook_id": hooks[0]["id"],
        "event_id": events[0]["id"],
        "payout_id": payouts["data"][0]["id"],
        "message_id": letter["id"],
        "mail_id": mail["id"],
    }
    return who, ids


# Statements per request: the bearer check is one of them. A pair is (SQLite, PostgreSQL), where
# PostgreSQL sets per-transaction settings for the reports first, and its bearer check brings
# along the row a detail read declares (`api.routing.reads_row`): one statement for both.
READS: dict[str, int | tuple[int, int]] = {
    "/v1/me": 1,
    "/v1/users": 2,
    "/v1/users/{user_id}": (2, 1),
    "/v1/users/{user_id}/onboarding-status": 2,
    "/v1/users/{user_id}/requirements": 2,
    "/v1/receivables": 2,
    "/v1/receivables/{receivable_id}": (2, 1),
    "/v1/receivables/{receivable_id}/payments": 2,
    "/v1/receivables/{receivable_id}/dossier": 5,
    "/v1/receivables/{receivable_id}/messages": 2,
    "/v1/messages/{message_id}": 2,
    "/v1/messages/{message_id}/document": 2,
    "/v1/messages/{message_id}/html": 2,
    "/v1/payouts": 2,
    "/v1/payouts/{payout_id}/invoice": 2,
    "/v1/commission/rates": 2,
    "/v1/reports/summary": (3, 7),
    "/v1/reports/aging": (2, 5),
    "/v1/reports/recoveries": (2, 5),
    "/v1/webhooks": 2,
    "/v1/webhooks/{webhook_id}": (2, 1),
    "/v1/webhooks/{webhook_id}/deliveries": 2,
    "/v1/events": 2,
    "/v1/events/{event_id}": 2,
}
# A submission: the bearer check, what the plan reads (one statement), the write (one on
# PostgreSQL, its own transaction: no connection of the sessions' pool, so no pre-ping, BEGIN
# or COMMIT round trips around it).
SUBMISSION_SQLITE = 7
SUBMISSION_PG = 3
# Which message each message route reads: the letter has the PDF, the e-mail the HTML.
_MESSAGE = {"/v1/messages/{message_id}/html": "mail_id"}


def filled_path(path: str, ids: dict[str, str]) -> str:
    """A route's path with the scenario's ids (`_scenario`) in its placeholders."""
    return path.format(**{**ids, "message_id": ids[_MESSAGE.get(path, "message_id")]})


def _is_list(route: Any) -> bool:
    return route.response_model is not None and object_name(route.response_model) == "list"


def _pin(path: str, dialect: str) -> int | None:
    pinned = READS.get(path)
    if isinstance(pinned, tuple):
        return pinned[dialect == "postgresql"]
    return pinned


async def test_every_read_costs_its_pinned_statements_whatever_the_page_holds(
    app: Any,
    client: httpx.AsyncClient,
    db: Database,
    runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    who, ids = await _scenario(client, db, runtime)
    gets = [r for r in v1_routes(app.fastapi) if "GET" in r.methods]
    unpinned = sorted(r.path for r in gets if r.path not in READS)
    assert unpinned == [], f"GET routes without a pinned statement count: {unpinned}"
    counted: list[str] = []
    for route in gets:
        path = filled_path(route.path, ids)
        pages = (1, 100) if _is_list(route) else (None,)
        sizes = []
        for limit in pages:
            with counting(db, monkeypatch) as statements:
                response = await client.get(
                    path, params={"limit": limit} if limit else {}, headers=who.headers
                )
            assert response.status_code == 200, (path, response.text)
            if limit == 100:
                assert len(response.json()["data"]) > 1, f"{path}: the page should hold several"
            sizes.append(len(statements))
            expected = _pin(route.path, db.dialect)
            if len(statements) != expected:
                sent = "\n    ".join(" ".join(s.split())[:160] for s in statements.sent)
                counted.append(
                    f"{route.path} limit={limit}: {len(statements)} (pinned {expected})\n    {sent}"
                )
    assert counted == [], "\n".join(counted)


async def test_a_submission_is_checked_written_and_answered_in_pinned_statements(
    client: httpx.AsyncClient, db: Database, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    checkouts: list[Any] = []

    def on_checkout(*args: Any) -> None:
        checkouts.append(args)

    event.listen(db.engine.sync_engine.pool, "checkout", on_checkout)
    try:
        with counting(db, monkeypatch) as statements:
            response = await client.post(
                "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
            )
    finally:
        event.remove(db.engine.sync_engine.pool, "checkout", on_checkout)
    assert response.status_code == 200, response.text
    sent = [" ".join(s.split())[:120] for s in statements.sent]
    assert len(statements) == (
        SUBMISSION_PG if db.dialect == "postgresql" else SUBMISSION_SQLITE
    ), sent
    if db.dialect == "postgresql":
        assert checkouts == []


async def test_a_submission_with_an_idempotency_key_stores_its_answer_in_its_transaction(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    """The answer to replay commits with the receivable: the submission is not a transaction
    of its own then, and a replay answers the same bytes."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    headers = {**who.headers, "Idempotency-Key": "submission-1"}
    body = receivable_body(user["id"])
    first = await client.post("/v1/receivables", json=body, headers=headers)
    assert first.status_code == 200, first.text
    again = await client.post("/v1/receivables", json=body, headers=headers)
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content


async def test_a_write_answers_with_the_rendering_its_events_carry(
    client: httpx.AsyncClient, db: Database, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    with counting(db, monkeypatch) as statements:
        response = await client.post(
            f"/v1/receivables/{rec['id']}/cancel", json={"reason": "settled"}, headers=who.headers
        )
    assert response.status_code == 200, response.text
    # The receivable's payments and timeline are read once: for its event, which the answer
    # then carries as it is.
    reads = [s for s in statements.sent if "receivable_actions_json" in s]
    assert len(reads) == 1, statements.sent
    async with db.transaction() as session:
        carried = (
            await session.execute(
                select(Event).where(
                    Event.object_id == rec["id"], Event.type == "receivable.cancelled"
                )
            )
        ).scalar_one()
    assert wire.dumpb(carried.data["object"]) == response.content
