"""`GET /v1/users/{id}` and `GET /v1/webhooks/{id}` write what their renderers build as it is
(`api.routing.Exact`): it must be, byte for byte, what `UserOut` and `WebhookOut` make of it,
including the user's parts copied from what is stored in a form of its own (company, contact,
metadata, review errors)."""

from __future__ import annotations

from cleavr_connect.api import routing
from cleavr_connect.db.engine import Database
from cleavr_connect.models import User
from cleavr_connect.runtime import Runtime
from cleavr_connect.users.schemas import UserOut
from cleavr_connect.webhooks.schemas import WebhookOut
from tests.factories import active_user, as_the_model_writes, caller, create_user


async def test_user_and_webhook_reads_are_what_the_response_model_writes(
    client, db: Database, runtime: Runtime
) -> None:  # type: ignore[no-untyped-def]
    assert routing.CHECK_EXACT  # a read the model would write otherwise answers 500 here
    who = await caller(client, db, runtime)
    plain = await create_user(client, who)
    active = await active_user(client, who)
    stored = await create_user(client, who)
    # Stored forms the API never wrote itself: more keys, another order, keys left out.
    async with db.transaction() as session:
        user = await session.get(User, stored["id"])
        assert user is not None
        user.company = {"website": None, "extra": 1, "name": "Acme", "address": {"city": "Lyon"}}
        user.contact = {"phone": "+33600000000", "first_name": "Zoé", "more": True}
        user.metadata_ = {"b": "2", "a": "1"}
        user.review_errors = [{"message": "Illisible", "code": "x", "requirement": "id", "y": 0}]
    for found in (plain, active, stored):
        detail = await client.get(f"/v1/users/{found['id']}", headers=who.headers)
        assert detail.status_code == 200, detail.text
        assert detail.content == as_the_model_writes(UserOut, detail.content)
    shown = (await client.get(f"/v1/users/{stored['id']}", headers=who.headers)).json()
    assert list(shown["company"]) == ["name", "siret", "vat_number", "address", "website"]
    assert shown["company"]["address"]["city"] == "Lyon" and "extra" not in shown["company"]
    assert list(shown["contact"]) == ["first_name", "last_name", "phone", "job_title"]
    assert list(shown["platform"]["metadata"]) == ["b", "a"]
    assert shown["requirements"]["errors"] == [
        {"requirement": "id", "code": "x", "message": "Illisible"}
    ]
    hook = await client.post(
        "/v1/webhooks",
        json={"url": "https://example.com/hook", "events": ["user.created"]},
        headers=who.headers,
    )
    assert hook.status_code == 200, hook.text
    for webhook_id in (hook.json()["id"],):
        detail = await client.get(f"/v1/webhooks/{webhook_id}", headers=who.headers)
        assert detail.status_code == 200, detail.text
        assert detail.content == as_the_model_writes(WebhookOut, detail.content)
