"""The pure parts of the SDK: the shared request builder, encodings, retry timing, the
authorization URL, the status → exception map and tolerant models."""

from __future__ import annotations

import base64
import hashlib
import json
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from cleavr import AsyncCleavrConnect, CleavrConnect, errors
from cleavr._constants import API_VERSION, MAX_RETRY_DELAY
from cleavr._request import ClientConfig, RequestSpec, build_request, none_parser
from cleavr._retry import backoff_delay, retry_after_seconds, retryable_error, retryable_status
from cleavr.models import Receivable, User
from cleavr.oauth import pkce_challenge
from cleavr.pagination import AsyncPager, SyncPage

CONFIG = ClientConfig(base_url="https://api.example", client_id="plat_test_1", client_secret="s")


def test_builder_sets_version_auth_and_idempotency() -> None:
    spec = RequestSpec(
        "POST",
        "/v1/receivables",
        none_parser,
        json={"invoice": {"amount": Decimal("5000.10"), "due_date": date(2025, 1, 31)}, "x": None},
        options={"cleavr_version": "2025-08-28", "extra_headers": {"X-Trace": "1"}},
    )
    request = build_request(CONFIG, spec, access_token="clv_tok_a", idempotency_key="k1")
    assert request.url == "https://api.example/v1/receivables"
    assert request.headers["cleavr-version"] == "2025-08-28"
    assert request.headers["authorization"] == "Bearer clv_tok_a"
    assert request.headers["idempotency-key"] == "k1"
    assert request.headers["x-trace"] == "1"
    assert request.headers["user-agent"].startswith("cleavr-python/")
    # Exact money, ISO dates, no nulls.
    assert request.content == b'{"invoice":{"amount":5000.10,"due_date":"2025-01-31"}}'
    default = build_request(CONFIG, RequestSpec("GET", "/v1/me", none_parser))
    assert default.headers["cleavr-version"] == API_VERSION == "2026-01-02"


def test_builder_queries_and_oauth_forms() -> None:
    created = {"gte": datetime(2026, 1, 1, tzinfo=UTC), "lte": date(2026, 2, 1)}
    spec = RequestSpec(
        "GET", "/v1/receivables", none_parser, query={"created": created, "limit": 5, "x": None}
    )
    request = build_request(CONFIG, spec)
    assert request.url.params.multi_items() == [
        ("created[gte]", "2026-01-01T00:00:00Z"),
        ("created[lte]", "2026-02-01"),
        ("limit", "5"),
    ]
    token = RequestSpec(
        "POST", "/oauth/token", none_parser, form={"grant_type": "x"}, auth="client"
    )
    form = parse_qs(build_request(CONFIG, token, access_token="ignored").content.decode())
    assert form == {"grant_type": ["x"], "client_id": ["plat_test_1"], "client_secret": ["s"]}
    sent = build_request(CONFIG, token)
    assert "authorization" not in sent.headers and "cleavr-version" not in sent.headers


def test_ids_are_escaped_into_paths() -> None:
    with CleavrConnect(client_id="plat_test_1", base_url="https://api.example") as client:
        spec = type(client.users).retrieve._build(client.users, "../../oauth/revoke?x")
    assert spec.path == "/v1/users/..%2F..%2Foauth%2Frevoke%3Fx"


def test_backoff_grows_with_jitter_and_a_ceiling() -> None:
    rng = random.Random(1)
    for attempt in range(8):
        cap = min(MAX_RETRY_DELAY, 0.5 * 2**attempt)
        delays = {backoff_delay(attempt, rng) for _ in range(20)}
        assert all(cap / 2 <= d <= cap for d in delays) and len(delays) > 1


def test_retry_after_and_what_is_retried() -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": "3"})) == 3
    soon = (datetime.now(UTC) + timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 25 < (retry_after_seconds(httpx.Headers({"Retry-After": soon})) or 0) <= 30
    assert retry_after_seconds(httpx.Headers()) is None
    for status in (429, 500, 502, 503, 504):
        assert retryable_status(status, replay_safe=True)
    for status in (400, 401, 403, 404, 409, 422):
        assert not retryable_status(status, replay_safe=True)
    # The server's word decides: a 409 for a key still in flight clears, a state conflict not.
    yes, no = (
        httpx.Headers({"Cleavr-Should-Retry": "true"}),
        httpx.Headers({"Cleavr-Should-Retry": "false"}),
    )
    assert retryable_status(409, replay_safe=True, headers=yes)
    assert not retryable_status(409, replay_safe=True, headers=no)
    assert not retryable_status(503, replay_safe=True, headers=no)
    # A refresh or code exchange is only retried when it provably did not happen.
    assert not retryable_status(502, replay_safe=False)
    assert not retryable_status(409, replay_safe=False)
    assert retryable_status(429, replay_safe=False)
    request = httpx.Request("POST", "https://api.example/oauth/token")
    assert retryable_error(httpx.ConnectError("x", request=request), replay_safe=False)
    assert not retryable_error(httpx.ReadError("x", request=request), replay_safe=False)
    assert retryable_error(httpx.ReadError("x", request=request), replay_safe=True)


def test_authorization_url_state_and_pkce() -> None:
    with CleavrConnect(client_id="plat_test_1", base_url="https://api.example/") as client:
        one = client.oauth.authorization_url(
            "https://app.example/cb", ["users:read", "users:write"]
        )
        two = client.oauth.authorization_url("https://app.example/cb", ["users:read"])
    url = urlsplit(one.url)
    assert (url.scheme, url.netloc, url.path) == ("https", "api.example", "/oauth/authorize")
    query = {k: v[0] for k, v in parse_qs(url.query).items()}
    assert query == {
        "client_id": "plat_test_1",
        "redirect_uri": "https://app.example/cb",
        "response_type": "code",
        "scope": "users:read users:write",
        "state": one.state,
        "code_challenge": pkce_challenge(one.code_verifier or ""),
        "code_challenge_method": "S256",
    }
    assert one.state != two.state and len(base64.urlsafe_b64decode(one.state + "=")) == 32
    assert one.code_verifier and 43 <= len(one.code_verifier) <= 128
    digest = hashlib.sha256(one.code_verifier.encode()).digest()
    assert query["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert one.code_verifier not in repr(one)  # the state is in the URL anyway


def test_one_status_map() -> None:
    def answer(status: int, body: object) -> httpx.Response:
        return httpx.Response(status, json=body, headers={"Request-Id": "req_1"})

    envelope = {"error": {"type": "x", "code": "c", "message": "m", "param": "p"}}
    expected = {
        400: errors.InvalidRequestError,
        401: errors.AuthenticationError,
        403: errors.PermissionDeniedError,
        404: errors.NotFoundError,
        409: errors.ConflictError,
        422: errors.UnprocessableEntityError,
        429: errors.RateLimitError,
        500: errors.APIServerError,
        503: errors.APIServerError,
        418: errors.APIError,
    }
    for status, cls in expected.items():
        error = errors.error_from_response(answer(status, envelope))
        assert type(error) is cls
        assert (error.status_code, error.code, error.param, error.request_id) == (
            status,
            "c",
            "p",
            "req_1",
        )
        assert error.body == envelope
    oauth = errors.error_from_response(
        answer(400, {"error": "invalid_grant", "error_description": "d"}), oauth=True
    )
    assert isinstance(oauth, errors.OAuthError) and oauth.code == oauth.error == "invalid_grant"
    plain = errors.error_from_response(httpx.Response(502, text="Bad Gateway"))
    assert isinstance(plain, errors.APIServerError) and plain.body == "Bad Gateway"


def test_models_keep_unknown_fields() -> None:
    user = User.model_validate_json(
        json.dumps(
            {
                "id": "usr_clv_test_1",
                "email": "a@b.c",
                "status": "a_status_of_2027",
                "livemode": False,
                "created_at": "2026-01-01T00:00:00Z",
                "loyalty_tier": "gold",
                "company": {"name": "Acme", "brand_new": {"x": 1}},
            }
        )
    )
    assert user.status == "a_status_of_2027"
    assert user.model_extra == {"loyalty_tier": "gold"}
    assert user.company.model_extra == {"brand_new": {"x": 1}}
    receivable = Receivable.model_validate_json(
        b'{"id":"rec_1","status":"pending","amounts":{"principal":5000.10}}'
    )
    assert receivable.amounts.principal == Decimal("5000.10")


def test_amounts_keep_two_decimals_and_are_never_rounded() -> None:
    receivable = Receivable.model_validate_json(
        b'{"id":"rec_1","status":"pending","invoice":{"amount":600.00,"late_penalty_rate":12.5},'
        b'"amounts":{"principal":600.00,"commission":230.50,"outstanding":0,"net":1.005}}'
    )
    assert str(receivable.invoice.amount) == "600.00"
    assert str(receivable.amounts.principal) == "600.00"
    assert str(receivable.amounts.commission) == "230.50"
    assert str(receivable.amounts.outstanding) == "0.00"
    assert str(receivable.amounts.waived) == "0.00"  # the default, as the API would write it
    assert receivable.amounts.net == Decimal("1.005")  # more decimals than cents: kept as sent
    assert str(receivable.invoice.late_penalty_rate) == "12.5"  # a rate is not an amount
    dumped = json.loads(receivable.model_dump_json())
    assert dumped["amounts"]["principal"] == "600.00"


async def test_async_list_is_lazy_and_sync_resources_are_cached() -> None:
    async with AsyncCleavrConnect(client_id="plat_test_1", base_url="http://127.0.0.1:9") as client:
        pager = client.users.list(limit=3)  # no request until awaited or iterated
        assert isinstance(pager, AsyncPager)
        assert client.users is client.users
        assert client.test_helpers.users is client.test_helpers.users
    with CleavrConnect(client_id="plat_test_1", base_url="http://127.0.0.1:9") as sync:
        assert sync.users is sync.users
        assert SyncPage.__iter__ is not None


def test_state_mismatch_needs_no_server() -> None:
    with CleavrConnect(client_id="plat_test_1", base_url="http://127.0.0.1:9") as client:
        auth = client.oauth.authorization_url("https://app.example/cb", ["users:read"])
        with pytest.raises(errors.StateMismatchError):
            client.oauth.handle_callback("https://app.example/cb?code=c&state=evil", auth)
        with pytest.raises(errors.StateMismatchError, match="iss"):
            client.oauth.handle_callback(
                f"https://app.example/cb?code=c&state={auth.state}&iss=https://evil.example", auth
            )
        with pytest.raises(errors.AuthorizationDeniedError) as denied:
            client.oauth.handle_callback("https://app.example/cb?error=access_denied&state=x", auth)
    assert denied.value.error == "access_denied"
