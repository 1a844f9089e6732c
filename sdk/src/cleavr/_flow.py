"""The life of one logical call, written once as a generator that yields what it needs done.

The flow decides everything: the Idempotency-Key (one per logical POST, reused by every retry),
which token to use, when to retry and how long to wait, the single refresh-and-retry on a 401,
and which exception to raise. The sync client performs the yielded actions with blocking calls,
the async client with awaits; neither contains any policy.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Generator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from cleavr._request import ClientConfig, RequestSpec, build_request
from cleavr._retry import delay_for, retryable_error, retryable_status
from cleavr.errors import APIConnectionError, APITimeoutError, error_from_response

log = logging.getLogger("cleavr")

T = TypeVar("T")


@dataclass(frozen=True)
class Send:
    """Send this request; reply with the httpx.Response, or the httpx.TransportError raised."""

    request: httpx.Request


@dataclass(frozen=True)
class Sleep:
    seconds: float


@dataclass(frozen=True)
class GetAccessToken:
    """Reply with a usable access token. `rejected` is one the server just refused: replace it
    (refreshing, unless another caller already did)."""

    rejected: str | None = None


Action = Send | Sleep | GetAccessToken
Flow = Generator[Action, Any, T]


def request_flow(config: ClientConfig, spec: RequestSpec[T], rng: random.Random) -> Flow[T]:
    max_retries = spec.options.get("max_retries", config.max_retries)
    key: str | None = None
    if spec.needs_idempotency_key:
        key = spec.options.get("idempotency_key") or str(uuid.uuid4())
    attempt = 0
    rejected: str | None = None
    refreshed = False
    while True:
        token: str | None = None
        if spec.auth == "bearer":
            token = yield GetAccessToken(rejected)
        request = build_request(config, spec, access_token=token, idempotency_key=key)
        reply = yield Send(request)

        if isinstance(reply, httpx.TransportError):
            if attempt < max_retries and retryable_error(reply, replay_safe=spec.replay_safe):
                wait = delay_for(None, attempt, rng) or 0.0
                log.info(
                    "cleavr: %s %s failed (%s), retry %d in %.2fs",
                    spec.method,
                    spec.path,
                    type(reply).__name__,
                    attempt + 1,
                    wait,
                )
                attempt += 1
                yield Sleep(wait)
                continue
            error = (
                APITimeoutError if isinstance(reply, httpx.TimeoutException) else APIConnectionError
            )
            raise error(
                f"{spec.method} {spec.path}: {type(reply).__name__}: {reply}", request=request
            ) from reply

        response: httpx.Response = reply
        log.debug(
            "cleavr: %s %s -> %d (%s)",
            spec.method,
            spec.path,
            response.status_code,
            response.headers.get("request-id"),
        )
        if response.status_code == 401 and spec.auth == "bearer" and not refreshed:
            # The token was revoked or expired early: refresh once, retry once.
            refreshed = True
            rejected = token
            continue
        if attempt < max_retries and retryable_status(
            response.status_code, replay_safe=spec.replay_safe, headers=response.headers
        ):
            delay = delay_for(response, attempt, rng)
            if delay is not None:
                log.info(
                    "cleavr: %s %s answered %d (%s), retry %d in %.2fs",
                    spec.method,
                    spec.path,
                    response.status_code,
                    response.headers.get("request-id"),
                    attempt + 1,
                    delay,
                )
                attempt += 1
                yield Sleep(delay)
                continue
        if response.is_error:
            raise error_from_response(response, oauth=spec.auth == "client")
        return spec.parse(response)
