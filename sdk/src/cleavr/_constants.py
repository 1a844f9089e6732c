"""Every number and path the SDK runs on, in one place."""

from __future__ import annotations

from datetime import timedelta

import httpx

SDK_VERSION = "0.1.0"

# The API version this SDK release is written against; pinned on every /v1 request so a
# platform's dashboard setting never changes what the SDK parses. Overridable per call.
API_VERSION = "2026-01-02"

DEFAULT_BASE_URL = "https://api.cleavr.fr"
# Test credentials (`plat_test_…`) talk to the sandbox unless a base_url is given.
TEST_BASE_URL = "https://sandbox.api.cleavr.fr"
TEST_CLIENT_PREFIX = "plat_test_"

AUTHORIZE_PATH = "/oauth/authorize"
TOKEN_PATH = "/oauth/token"
REVOKE_PATH = "/oauth/revoke"
API_PREFIX = "/v1/"

# Timeouts: connecting should be quick; a report or an OCR upload may take a while to answer.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_CONNECTION_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

# Retries: exponential backoff with jitter: delay = uniform(cap / 2, cap) with
# cap = min(MAX_RETRY_DELAY, INITIAL_RETRY_DELAY * 2**attempt).
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A Retry-After longer than this is not waited for: the error goes back to the caller.
MAX_RETRY_AFTER = 60.0
# The server says whether a failed request may be retried (`Cleavr-Should-Retry: true|false`):
# a 409 for an Idempotency-Key still in flight clears by itself, a 409 `invalid_state_transition`
# or `duplicate_receivable` answers the same every time. Without the header (a proxy's answer):
# 429 rate limited and 5xx, where the server did not finish the request.
SHOULD_RETRY_HEADER = "cleavr-should-retry"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
# A refresh or code exchange may not be replayed once the server could have processed it (a
# replayed refresh token revokes the whole grant): only answers that prove the request was not
# processed are retried.
UNPROCESSED_STATUSES = frozenset({429, 500, 503})

# Access tokens are refreshed this long before they expire (the public Authentication page).
REFRESH_MARGIN = timedelta(seconds=60)

# Standard Webhooks: a signed timestamp further than this from now is refused (replays).
WEBHOOK_TOLERANCE = timedelta(minutes=5)
WEBHOOK_SECRET_PREFIX = "whsec_"

DEFAULT_PAGE_LIMIT = 10
