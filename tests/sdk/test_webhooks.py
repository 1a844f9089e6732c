"""Webhook signatures: genuine deliveries (signed by the reference `standardwebhooks` package,
and the hex `Cleavr-Signature`) verify; a tampered or re-serialized body, a stale timestamp and a
wrong secret are refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cleavr import CleavrConnect, InvalidWebhookSignatureError
from cleavr.webhook_signature import unwrap, verify
from standardwebhooks import Webhook

EVENT = {
    "id": "evt_test_1",
    "type": "receivable.recovered",
    "created_at": "2026-01-15T09:00:00Z",
    "api_version": "2026-01-02",
    "livemode": False,
    "data": {"object": {"id": "rec_test_1", "object": "receivable", "status": "recovered"}},
}
# As sent: compact, in the server's key order. Any other spelling of the same JSON is another body.
BODY = json.dumps(EVENT, separators=(",", ":")).encode()


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


SECRET = new_secret()


def sign(
    body: bytes, secret: str = SECRET, *, at: datetime | None = None, msg_id: str = "msg_1"
) -> dict[str, str]:
    """The headers of a delivery, the Standard Webhooks part made by the reference library."""
    at = at or datetime.now(UTC)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id, at, body.decode()),
        "Cleavr-Signature": hmac.new(secret.encode(), body, hashlib.sha256).hexdigest(),
        "Content-Type": "application/json",
    }


@pytest.fixture
def client() -> Iterator[CleavrConnect]:
    with CleavrConnect(client_id="plat_test_x", base_url="http://127.0.0.1:9") as sdk:
        yield sdk


def test_genuine_delivery_unwraps(client: CleavrConnect) -> None:
    event = client.webhooks.unwrap(BODY, sign(BODY), SECRET)
    assert event.id == "evt_test_1" and event.type == "receivable.recovered"
    # Typed: the object is the SDK's Receivable.
    assert event.data.object.id == "rec_test_1" and event.data.object.status == "recovered"
    client.webhooks.verify(BODY.decode(), sign(BODY), SECRET)  # str bodies too


def test_our_signatures_agree_with_the_reference_verifier() -> None:
    headers = sign(BODY)
    assert Webhook(SECRET).verify(BODY, headers) == EVENT
    verify(BODY, headers, SECRET)


def test_header_names_are_case_insensitive() -> None:
    headers = {k.upper(): v for k, v in sign(BODY).items()}
    verify(BODY, headers, SECRET)


def test_tampered_body_is_refused(client: CleavrConnect) -> None:
    headers = sign(BODY)
    tampered = BODY.replace(b"recovered", b"cancelled")
    with pytest.raises(InvalidWebhookSignatureError, match="raw request body"):
        client.webhooks.unwrap(tampered, headers, SECRET)


def test_reserialized_body_is_refused_with_the_reason() -> None:
    headers = sign(BODY)
    reserialized = json.dumps(json.loads(BODY)).encode()  # what json.dumps(request.json()) gives
    with pytest.raises(InvalidWebhookSignatureError, match="re-serialized body"):
        verify(reserialized, headers, SECRET)
    with pytest.raises(TypeError, match="raw request body"):
        verify(json.loads(BODY), headers, SECRET)  # type: ignore[arg-type]


def test_stale_and_future_timestamps_are_refused() -> None:
    stale = sign(BODY, at=datetime.now(UTC) - timedelta(minutes=6))
    with pytest.raises(InvalidWebhookSignatureError, match="s old"):
        verify(BODY, stale, SECRET)
    future = sign(BODY, at=datetime.now(UTC) + timedelta(minutes=6))
    with pytest.raises(InvalidWebhookSignatureError, match="future"):
        verify(BODY, future, SECRET)
    # Within the 5-minute tolerance it verifies; the tolerance and clock can be given.
    verify(BODY, sign(BODY, at=datetime.now(UTC) - timedelta(minutes=4)), SECRET)
    old = datetime(2026, 1, 1, tzinfo=UTC)
    verify(BODY, sign(BODY, at=old), SECRET, now=old + timedelta(seconds=30))


def test_wrong_secret_is_refused() -> None:
    with pytest.raises(InvalidWebhookSignatureError, match="secret"):
        verify(BODY, sign(BODY), new_secret())


def test_each_signature_present_must_verify() -> None:
    headers = sign(BODY)
    headers["Cleavr-Signature"] = "00" * 32
    with pytest.raises(InvalidWebhookSignatureError, match="Cleavr-Signature"):
        verify(BODY, headers, SECRET)
    only_legacy = {"Cleavr-Signature": sign(BODY)["Cleavr-Signature"]}
    # Without the timestamped headers, refused by default (a replay would verify forever).
    with pytest.raises(InvalidWebhookSignatureError, match="Standard Webhooks"):
        verify(BODY, only_legacy, SECRET)
    verify(BODY, only_legacy, SECRET, require_timestamp=False)
    with pytest.raises(InvalidWebhookSignatureError, match="no webhook-signature"):
        verify(BODY, {"Content-Type": "application/json"}, SECRET)
    forged_time = sign(BODY)
    forged_time["webhook-timestamp"] = str(int(datetime.now(UTC).timestamp()) + 1)
    with pytest.raises(InvalidWebhookSignatureError):
        verify(BODY, forged_time, SECRET)


def test_rotation_several_signatures_and_several_secrets() -> None:
    old, new = SECRET, new_secret()
    at = datetime.now(UTC)
    both = sign(BODY, new, at=at)
    both["webhook-signature"] = (
        Webhook(old).sign("msg_1", at, BODY.decode()) + " " + both["webhook-signature"]
    )
    both["Cleavr-Signature"] = (
        hmac.new(old.encode(), BODY, hashlib.sha256).hexdigest() + "," + both["Cleavr-Signature"]
    )
    verify(BODY, both, old)  # a receiver not yet rotated
    verify(BODY, both, new)  # a receiver already rotated
    verify(BODY, sign(BODY, new), [old, new])  # a receiver holding both secrets
    assert unwrap(BODY, sign(BODY, old), [new, old]).id == "evt_test_1"
    with pytest.raises(InvalidWebhookSignatureError):
        verify(BODY, both, new_secret())
