"""The whole journey through the SDK against the live server, blocking and asyncio:
authorize → exchange → create a user → list → verify with the test helper → retrieve."""

from __future__ import annotations

import pytest
from cleavr import (
    AsyncCleavrConnect,
    CleavrConnect,
    NotFoundError,
    StateMismatchError,
    Token,
)
from cleavr.models import User

from cleavr_connect.models import Account
from tests.e2e.conftest import LiveServer
from tests.factories import REDIRECT_URI, VALID_SIRET, VALID_VAT, Client
from tests.sdk.conftest import ALL_SCOPES, Recorder, aconnect, connect, consent

COMPANY = {
    "name": "Acme Plomberie SAS",
    "siret": VALID_SIRET,
    "vat_number": VALID_VAT,
    "address": {
        "line1": "12 rue de la Paix",
        "city": "Paris",
        "postal_code": "75002",
        "country": "FR",
    },
}


def test_sync_journey(
    sdk: CleavrConnect, account: Account, platform: Client, recorder: Recorder
) -> None:
    token = connect(sdk, account)
    assert token.access_token.startswith("clv_tok_")
    assert token.scopes == sorted(ALL_SCOPES) or set(token.scopes) == set(ALL_SCOPES)
    assert sdk.oauth.token() == token  # stored under the client's grant key

    me = sdk.me.retrieve()
    assert me.platform_id == platform.client_id and me.livemode is False

    created = [
        sdk.users.create(
            email=f"billing-{i}@acme.example",
            company=COMPANY,
            contact={"first_name": "Camille", "last_name": "Martin"},
            platform={"callback_url": "https://platform.example/kyb", "metadata": {"crm": str(i)}},
        )
        for i in range(3)
    ]
    user = created[-1]
    assert isinstance(user, User)
    assert user.id.startswith("usr_clv_test_")
    assert user.status == "pending_onboarding"
    assert user.onboarding_url
    assert user.company.address.city == "Paris"
    assert user.platform.metadata == {"crm": "2"}

    # One page of one at a time: iteration walks every page with starting_after.
    page = sdk.users.list(limit=1)
    assert len(page.data) == 1 and page.has_more
    assert [u.id for u in page] == [u.id for u in reversed(created)]
    pages = [r for r in recorder.requests if r.url.path == "/v1/users" and r.method == "GET"]
    assert len(pages) == 3
    assert pages[1].url.params["starting_after"] == created[2].id
    assert [u.id for u in sdk.users.list(email="billing-1@acme.example")] == [created[1].id]

    status = sdk.users.onboarding_status(user.id)
    assert status.user_id == user.id and status.status == "pending_onboarding"
    assert "terms.mandate" in sdk.users.requirements(user.id).currently_due
    link = sdk.users.onboarding_link(user.id)
    assert link.url.startswith("http") and link.user_id == user.id

    updated = sdk.users.update(user.id, contact={"job_title": "Gérante"})
    assert updated.contact.job_title == "Gérante"
    assert updated.contact.first_name == "Camille"

    verified = sdk.test_helpers.users.verify(user.id, outcome="approved")
    assert verified.status == "active"
    again = sdk.users.retrieve(user.id)
    assert again.status == "active"
    assert again.capabilities.send_receivables is True

    with pytest.raises(NotFoundError) as missing:
        sdk.users.retrieve("usr_clv_test_doesnotexist")
    assert missing.value.status_code == 404
    assert missing.value.code == "resource_missing"
    assert missing.value.request_id and missing.value.request_id.startswith("req_")


async def test_async_journey(async_sdk: AsyncCleavrConnect, account: Account) -> None:
    token = await aconnect(async_sdk, account)
    assert isinstance(token, Token)
    assert await async_sdk.oauth.token() == token

    created = [
        await async_sdk.users.create(email=f"ap-{i}@acme.example", company=COMPANY)
        for i in range(3)
    ]
    first = await async_sdk.users.list(limit=2)
    assert [u.id for u in first.data] == [created[2].id, created[1].id]
    assert first.has_more
    assert [u.id async for u in async_sdk.users.list(limit=1)] == [u.id for u in reversed(created)]

    verified = await async_sdk.test_helpers.users.verify(created[0].id)
    assert verified.status == "active"
    user = await async_sdk.users.retrieve(created[0].id)
    assert user.status == "active" and user.email == "ap-0@acme.example"
    assert (await async_sdk.users.onboarding_status(user.id)).status == "active"


def test_a_forged_state_is_refused_before_any_request(
    sdk: CleavrConnect, account: Account, recorder: Recorder
) -> None:
    auth = sdk.oauth.authorization_url(REDIRECT_URI, ["users:read"])
    assert len(auth.state) >= 43 and auth.code_verifier and "code_challenge" in auth.url
    location = consent(auth.url, account.email)
    code = location.split("code=")[1].split("&")[0]
    with pytest.raises(StateMismatchError):
        sdk.oauth.exchange_code(code, "forged", auth.state, auth.code_verifier, REDIRECT_URI)
    with pytest.raises(StateMismatchError):
        sdk.oauth.exchange_code(code, None, auth.state, auth.code_verifier, REDIRECT_URI)
    assert not [r for r in recorder.requests if r.url.path == "/oauth/token"]
    # The genuine state still works: nothing was spent.
    token = sdk.oauth.exchange_code(
        code, auth.state, auth.state, auth.code_verifier, REDIRECT_URI, grant_key="merchant-7"
    )
    assert sdk.for_grant("merchant-7").oauth.token() == token
    assert sdk.oauth.token() is None


def test_grants_are_isolated_by_key(
    sdk: CleavrConnect, account: Account, server: LiveServer
) -> None:
    connect(sdk.for_grant("a"), account)
    alice = sdk.for_grant("a")
    alice.users.create(email="a@acme.example")
    assert [u.email for u in alice.users.list()] == ["a@acme.example"]
    assert sdk.for_grant("a").token_store is sdk.token_store
