"""Verifying that a webhook comes from Cleavr (SPEC §10).

Each delivery carries two signatures of the raw body:

- Standard Webhooks: `webhook-id`, `webhook-timestamp`, `webhook-signature` =
  space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64-decoded
  part of the secret after `whsec_`. The timestamp must be within 5 minutes (replays).
- `Cleavr-Signature`: hex HMAC-SHA256 of the raw body keyed with the whole `whsec_…` string.

Every signature present must verify. During a secret rotation pass both secrets.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from cleavr._constants import WEBHOOK_SECRET_PREFIX, WEBHOOK_TOLERANCE
from cleavr.errors import InvalidWebhookSignatureError
from cleavr.models.events import AnyEvent, parse_event

Secrets = str | Sequence[str]

RAW_BODY_HINT = (
    "The usual cause is a re-serialized body: verify the raw request body exactly as received "
    "(FastAPI/Starlette: `await request.body()`, Flask: `request.get_data()`, Django: "
    "`request.body`), never `json.dumps()` of the parsed JSON, which changes spacing, key order "
    "and escapes. Also check that the secret is this endpoint's `whsec_…` secret (during a "
    "rotation, pass both the old and the new one)."
)


def _secrets(secret: Secrets) -> list[str]:
    found = [secret] if isinstance(secret, str) else list(secret)
    if not found or not all(found):
        raise ValueError("Give the endpoint's webhook secret (whsec_…).")
    return found


def _body(payload: bytes | str) -> bytes:
    if isinstance(payload, str):
        return payload.encode()
    if isinstance(payload, bytes | bytearray | memoryview):
        return bytes(payload)
    raise TypeError(
        f"payload must be the raw request body (bytes or str), not {type(payload).__name__}. "
        + RAW_BODY_HINT
    )


def _standard_key(secret: str) -> bytes:
    raw = secret.removeprefix(WEBHOOK_SECRET_PREFIX)
    try:
        return base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValueError("A webhook secret is `whsec_` followed by base64.") from exc


def _check_timestamp(raw: str, now: datetime, tolerance: timedelta) -> None:
    try:
        sent = datetime.fromtimestamp(int(raw), UTC)
    except (ValueError, OverflowError, OSError):
        raise InvalidWebhookSignatureError(
            f"The webhook-timestamp header {raw!r} is not a Unix time in seconds."
        ) from None
    age = (now - sent).total_seconds()
    if age > tolerance.total_seconds():
        raise InvalidWebhookSignatureError(
            f"The webhook-timestamp is {int(age)} s old, beyond the "
            f"{int(tolerance.total_seconds())} s tolerance: a replayed or long-delayed delivery, "
            "or your server's clock is wrong."
        )
    if -age > tolerance.total_seconds():
        raise InvalidWebhookSignatureError(
            f"The webhook-timestamp is {int(-age)} s in the future: check your server's clock."
        )


def _verify_standard(
    body: bytes, headers: Mapping[str, str], secrets: list[str], now: datetime, tolerance: timedelta
) -> None:
    msg_id = headers.get("webhook-id")
    timestamp = headers.get("webhook-timestamp")
    signature = headers.get("webhook-signature", "")
    if not msg_id or not timestamp:
        raise InvalidWebhookSignatureError(
            "webhook-signature is present but webhook-id or webhook-timestamp is missing."
        )
    _check_timestamp(timestamp, now, tolerance)
    signed = f"{msg_id}.{timestamp}.".encode() + body
    given: list[bytes] = []
    for part in signature.split():
        version, _, value = part.partition(",")
        if version != "v1":
            continue
        try:
            given.append(base64.b64decode(value, validate=True))
        except (binascii.Error, ValueError):
            continue
    matched = False
    for secret in secrets:
        expected = hmac.new(_standard_key(secret), signed, hashlib.sha256).digest()
        for candidate in given:
            # Every comparison runs (no early exit): the time taken says nothing.
            matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise InvalidWebhookSignatureError(
            "No webhook-signature matches this payload and secret. " + RAW_BODY_HINT
        )


def _verify_cleavr(body: bytes, header: str, secrets: list[str]) -> None:
    given = [part.split("=", 1)[-1].strip().lower() for part in re.split(r"[,\s]+", header) if part]
    matched = False
    for secret in secrets:
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        for candidate in given:
            matched |= hmac.compare_digest(expected.encode(), candidate.encode())
    if not matched:
        raise InvalidWebhookSignatureError(
            "The Cleavr-Signature does not match this payload and secret. " + RAW_BODY_HINT
        )


def verify(
    payload: bytes | str,
    headers: Mapping[str, str],
    secret: Secrets,
    *,
    tolerance: timedelta = WEBHOOK_TOLERANCE,
    now: datetime | None = None,
    require_timestamp: bool = True,
) -> None:
    """Raises `InvalidWebhookSignatureError` unless every signature of the delivery verifies.

    Every Cleavr delivery carries the timestamped Standard Webhooks headers, so by default a
    request signed only with `Cleavr-Signature` (no timestamp, hence no replay protection: a
    captured body could be sent again forever) is refused. `require_timestamp=False` accepts it,
    for a receiver behind a proxy that strips the `webhook-*` headers."""
    body = _body(payload)
    found = {k.lower(): v for k, v in headers.items()}
    secrets = _secrets(secret)
    moment = now or datetime.now(UTC)
    has_standard = "webhook-signature" in found
    has_cleavr = "cleavr-signature" in found
    if not has_standard and not has_cleavr:
        raise InvalidWebhookSignatureError(
            "The request has no webhook-signature nor Cleavr-Signature header: pass the request's "
            "headers as received."
        )
    if require_timestamp and not has_standard:
        raise InvalidWebhookSignatureError(
            "The request has no Standard Webhooks signature (webhook-id, webhook-timestamp, "
            "webhook-signature)."
        )
    if has_standard:
        _verify_standard(body, found, secrets, moment, tolerance)
    if has_cleavr:
        _verify_cleavr(body, found["cleavr-signature"], secrets)


def unwrap(
    payload: bytes | str,
    headers: Mapping[str, str],
    secret: Secrets,
    *,
    tolerance: timedelta = WEBHOOK_TOLERANCE,
    now: datetime | None = None,
    require_timestamp: bool = True,
) -> AnyEvent:
    """Verifies the delivery, then parses it into the typed event of its `type`
    (`ReceivableCreated`, `PaymentReceived`, …; `Event` for a type this SDK does not know)."""
    verify(
        payload,
        headers,
        secret,
        tolerance=tolerance,
        now=now,
        require_timestamp=require_timestamp,
    )
    return parse_event(_body(payload))
