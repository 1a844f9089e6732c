"""Factories and flow helpers shared by the tests: the one place that builds test data."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from pydantic import TypeAdapter

from cleavr_connect import wire
from cleavr_connect.accounts import service as accounts
from cleavr_connect.db.engine import Database
from cleavr_connect.models import Account
from cleavr_connect.platforms import service as platforms
from cleavr_connect.runtime import Runtime

REDIRECT_URI = "https://platform.example/callback"
PASSWORD = "correct horse battery"


@dataclass
class Client:
    client_id: str
    client_secret: str | None
    webhook_secret: str
    redirect_uri: str
    livemode: bool

    def post_auth(self) -> dict[str, str]:
        data = {"client_id": self.client_id}
        if self.client_secret is not None:
            data["client_secret"] = self.client_secret
        return data

    def basic_header(self) -> dict[str, str]:
        raw = f"{self.client_id}:{self.client_secret}".encode()
        return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


async def make_platform(
    db: Database,
    rt: Runtime,
    *,
    name: str = "Invoicely",
    redirect_uris: list[str] | None = None,
    livemode: bool = False,
    public: bool = False,
    require_pkce: bool = False,
) -> Client:
    uris = redirect_uris or [REDIRECT_URI]
    async with db.transaction() as session:
        created = await platforms.create(
            session,
            rt.keys,
            name=name,
            redirect_uris=uris,
            livemode=livemode,
            public=public,
            require_pkce=require_pkce,
            now=rt.clock.now(),
        )
    return Client(
        created.platform.id, created.client_secret, created.webhook_secret, uris[0], livemode
    )


async def make_account(
    db: Database, rt: Runtime, *, email: str | None = None, password: str = PASSWORD
) -> Account:
    async with db.transaction() as session:
        return await accounts.create(
            session,
            email=email or f"person-{secrets.token_hex(4)}@example.com",
            password=password,
            name="Camille Martin",
            now=rt.clock.now(),
        )


def pkce_pair() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    return verifier, challenge.rstrip(b"=").decode()


def authorize_params(client: Client, **overrides: Any) -> dict[str, str]:
    params = {
        "client_id": client.client_id,
        "redirect_uri": client.redirect_uri,
        "response_type": "code",
        "scope": "users:read users:write",
        "state": secrets.token_urlsafe(12),
    }
    params.update({k: v for k, v in overrides.items() if v is not None})
    return {k: v for k, v in params.items() if v != ""}


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
    assert match, "the page has no CSRF token"
    return match.group(1)


def query_of(location: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


async def sign_in(http: httpx.AsyncClient, email: str, password: str = PASSWORD) -> httpx.Response:
    page = await http.get("/signin")
    return await http.post(
        "/signin",
        data={"email": email, "password": password, "csrf_token": csrf_from(page.text), "next": ""},
    )


async def authorize(
    http: httpx.AsyncClient,
    client: Client,
    account: Account,
    *,
    decision: str = "allow",
    password: str = PASSWORD,
    **params: Any,
) -> dict[str, str]:
    """Drives the hosted pages like a browser; returns the query of the final redirect."""
    query = urlencode(authorize_params(client, **params))
    response = await http.get(f"/oauth/authorize?{query}")
    if response.status_code == 303 and response.headers["location"].startswith("/signin"):
        login_page = await http.get(response.headers["location"])
        next_url = re.search(r'name="next" value="([^"]*)"', login_page.text)
        assert next_url
        response = await http.post(
            "/signin",
            data={
                "email": account.email,
                "password": password,
                "csrf_token": csrf_from(login_page.text),
                "next": next_url.group(1).replace("&amp;", "&"),
            },
        )
        assert response.status_code == 303, response.text
        response = await http.get(response.headers["location"])
    if response.status_code == 200 and 'name="decision"' in response.text:
        response = await http.post(
            f"/oauth/authorize?{query}",
            data={"csrf_token": csrf_from(response.text), "decision": decision},
        )
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith(client.redirect_uri), location
    return query_of(location)


async def exchange(
    http: httpx.AsyncClient, client: Client, code: str, **extra: str
) -> httpx.Response:
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": client.redirect_uri}
    data.update(client.post_auth())
    data.update(extra)
    return await http.post("/oauth/token", data=data)


async def tokens_for(
    http: httpx.AsyncClient, client: Client, account: Account, **params: Any
) -> dict[str, Any]:
    """A full authorization: the token response of a fresh code."""
    verifier, challenge = pkce_pair()
    result = await authorize(
        http, client, account, code_challenge=challenge, code_challenge_method="S256", **params
    )
    response = await exchange(http, client, result["code"], code_verifier=verifier)
    assert response.status_code == 200, response.text
    return response.json()


async def refresh(
    http: httpx.AsyncClient, client: Client, refresh_token: str, **extra: str
) -> httpx.Response:
    data = {"grant_type": "refresh_token", "refresh_token": refresh_token, **client.post_auth()}
    data.update(extra)
    return await http.post("/oauth/token", data=data)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


ALL_SCOPES = (
    "users:read users:write receivables:read receivables:write webhooks:read webhooks:write "
    "reports:read commission:read"
)


@dataclass
class Caller:
    """A platform acting for an account in one mode, with an access token."""

    platform: Client
    account: Account
    token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return bearer(self.token)


async def caller(
    http: httpx.AsyncClient,
    db: Database,
    rt: Runtime,
    *,
    scope: str = ALL_SCOPES,
    livemode: bool = False,
    platform: Client | None = None,
    account: Account | None = None,
) -> Caller:
    platform = platform or await make_platform(db, rt, livemode=livemode)
    account = account or await make_account(db, rt)
    http.cookies.clear()  # each caller signs in as its own person
    tokens = await tokens_for(http, platform, account, scope=scope)
    http.cookies.clear()
    return Caller(platform, account, tokens["access_token"], tokens["refresh_token"])


VALID_SIRET = "73282932000074"
VALID_VAT = "FR44732829320"


def user_body(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "email": f"billing-{secrets.token_hex(3)}@acme.example",
        "company": {
            "name": "Acme Plomberie SAS",
            "siret": VALID_SIRET,
            "vat_number": VALID_VAT,
            "address": {
                "line1": "12 rue de la Paix",
                "city": "Paris",
                "postal_code": "75002",
                "country": "FR",
            },
            "website": "https://acme.example",
        },
        "contact": {
            "first_name": "Camille",
            "last_name": "Martin",
            "phone": "06 12 34 56 78",
            "job_title": "Gérante",
        },
        "platform": {
            "callback_url": "https://platform.example/kyb-done",
            "metadata": {"crm": "42"},
        },
    }
    body.update(overrides)
    return body


async def create_user(http: httpx.AsyncClient, who: Caller, **overrides: Any) -> dict[str, Any]:
    response = await http.post("/v1/users", json=user_body(**overrides), headers=who.headers)
    assert response.status_code == 200, response.text
    return response.json()


async def active_user(http: httpx.AsyncClient, who: Caller, **overrides: Any) -> dict[str, Any]:
    user = await create_user(http, who, **overrides)
    response = await http.post(
        f"/v1/test_helpers/users/{user['id']}/verify",
        json={"outcome": "approved"},
        headers=who.headers,
    )
    assert response.status_code == 200, response.text
    return response.json()


def receivable_body(user_id: str, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "user_id": user_id,
        "invoice": {
            "numbers": [f"F-2025-{secrets.token_hex(3)}"],
            "issue_date": "2025-11-01",
            "due_date": "2025-12-01",
            "service_description": "Plumbing works, 3 rue Lepic",
            "amount": 1200.00,
            "amount_before_tax": 1000.00,
            "tax_amount": 200.00,
            "currency": "EUR",
            "payment_terms": "30 days",
        },
        "debtor": {
            "company_name": "Boulangerie Dupont SARL",
            "company_type": "company",
            "siret": "73282932000074",
            "address": {
                "line1": "3 rue Lepic",
                "city": "Paris",
                "postal_code": "75018",
                "country": "FR",
            },
            "contacts": [
                {
                    "first_name": "Jean",
                    "last_name": "Dupont",
                    "email": "jean@dupont.example",
                    "level": 0,
                },
                {
                    "first_name": "Marie",
                    "last_name": "Dupont",
                    "email": "marie@dupont.example",
                    "level": 1,
                },
            ],
        },
        "metadata": {"invoice_ref": "42"},
    }
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(body.get(key), dict):
            body[key] = {**body[key], **value}
        else:
            body[key] = value
    return body


@dataclass(frozen=True)
class Submitted:
    """A receivable sent to recovery by its own caller, for an active user."""

    who: Caller
    user: dict[str, Any]
    receivable: dict[str, Any]

    @property
    def helper(self) -> str:
        """The receivable's test helpers (advance the clock, record a payment, …)."""
        return f"/v1/test_helpers/receivables/{self.receivable['id']}"


async def submitted_receivable(http: httpx.AsyncClient, db: Database, rt: Runtime) -> Submitted:
    who = await caller(http, db, rt)
    user = await active_user(http, who)
    response = await http.post(
        "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
    )
    assert response.status_code == 200, response.text
    return Submitted(who, user, response.json())


def as_the_model_writes(model: Any, body: bytes) -> bytes:
    """`body` as the response model `model` would write it: parsed, validated, dumped."""
    adapter: TypeAdapter[Any] = TypeAdapter(model)
    return wire.dumpb(adapter.dump_python(adapter.validate_python(wire.loads(body))))


async def answers_page_not_found(client: httpx.AsyncClient, path: str) -> httpx.Response:
    """`path` answers the site's HTML "page not found" page, in French and in English; the
    French answer is returned for the caller's own checks."""
    response = await client.get(path, headers={"Accept-Language": "fr"})
    assert response.status_code == 404, path
    assert response.headers["content-type"].startswith("text/html"), path
    assert "Page introuvable" in response.text, path
    assert "Cette page n&#39;existe pas." in response.text, path
    english = await client.get(path, headers={"Accept-Language": "en"})
    assert english.status_code == 404 and "This page does not exist." in english.text, path
    return response
