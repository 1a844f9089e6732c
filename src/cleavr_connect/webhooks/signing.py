"""Webhook signatures (SPEC §10), two schemes on every delivery:

- `Cleavr-Signature`: hex HMAC-SHA256 of the raw body, keyed with the whole `whsec_…` string
  (the public docs' scheme);
- Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature`
  (`v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the base64-decoded part after
  `whsec_`), so off-the-shelf verifiers work and receivers can refuse replays by timestamp.

During a secret rotation both secrets sign: Standard Webhooks lists signatures separated by
spaces; `Cleavr-Signature` lists the hex digests separated by commas, newest first.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from functools import lru_cache

PREFIX = "whsec_"


@lru_cache(maxsize=1024)
def _standard_key(secret: str) -> bytes:
    raw = secret[len(PREFIX) :] if secret.startswith(PREFIX) else secret
    return base64.b64decode(raw + "==")


def cleavr_signature(body: bytes, secrets: Sequence[str]) -> str:
    return ",".join(hmac.new(s.encode(), body, hashlib.sha256).hexdigest() for s in secrets)


def standard_signature(body: bytes, msg_id: str, timestamp: int, secrets: Sequence[str]) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1,"
        + base64.b64encode(hmac.new(_standard_key(s), signed, hashlib.sha256).digest()).decode()
        for s in secrets
    )


def headers(body: bytes, *, msg_id: str, timestamp: int, secrets: Sequence[str]) -> dict[str, str]:
    """Every signature header of one delivery; `secrets` newest first."""
    return {
        "Cleavr-Signature": cleavr_signature(body, secrets),
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(body, msg_id, timestamp, secrets),
    }
