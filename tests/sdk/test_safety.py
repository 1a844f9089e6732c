"""The SDK's safe defaults against the live server: replayed bodies refused without their
timestamp, deterministic 409s never retried (the server's `Cleavr-Should-Retry` decides), the
raw response and `request_id` of every answer, the sandbox host for test credentials, uploads
from a path, bytes or a file, typed events, and models dumped with the API's names."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from cleavr import (
    AsyncCleavrConnect,
    CleavrConnect,
    ConflictError,
    InvalidWebhookSignatureError,
    RawResponse,
)
from cleavr.models import (
    EVENT_CLASSES,
    Event,
    Receivable,
    ReceivableCreated,
    SummaryReport,
    parse_event,
)
from cleavr.resources._common import file_part
from cleavr.webhook_signature import verify

from cleavr_connect.models import Account
from tests.sdk.conftest import AsyncRecorder, Recorder, aconnect, connect
from tests.sdk.test_resources import active_user_id, submit

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def test_a_body_without_its_timestamp_is_refused_by_default() -> None:
    """A captured body replayed with its Cleavr-Signature alone (no webhook-timestamp) would
    verify forever: refused unless the receiver opts out."""
    body = b'{"id":"evt_1","type":"user.created","data":{}}'
    headers = {"Cleavr-Signature": hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()}
    with pytest.raises(InvalidWebhookSignatureError, match="Standard Webhooks"):
        verify(body, headers, SECRET)
    verify(body, headers, SECRET, require_timestamp=False)


def test_a_deterministic_conflict_is_sent_once(
    sdk: CleavrConnect, account: Account, recorder: Recorder
) -> None:
    connect(sdk, account)
    user_id = active_user_id(sdk)
    submit(sdk, user_id, "F-409")
    before = len(recorder.requests)
    with pytest.raises(ConflictError) as caught:
        submit(sdk, user_id, "F-409")
    assert caught.value.code == "duplicate_receivable"
    # One request: the server said the same request would fail the same way.
    assert len(recorder.requests) == before + 1
    assert recorder.responses[-1].headers["Cleavr-Should-Retry"] == "false"


def test_raw_responses_and_request_ids(sdk: CleavrConnect, account: Account) -> None:
    connect(sdk, account)
    user_id = active_user_id(sdk)
    rec = submit(sdk, user_id, "F-RAW")
    assert rec.request_id and rec.request_id.startswith("req_")

    raw = sdk.with_raw_response.receivables.retrieve(rec.id)
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200 and raw.headers["Cleavr-Version"] == "2026-01-02"
    assert raw.request_id and raw.request_id != rec.request_id
    parsed = raw.parse()
    assert isinstance(parsed, Receivable) and parsed.id == rec.id
    assert parsed.request_id == raw.request_id
    assert b'"principal":1200.00' in raw.content  # money with its two decimals on the wire

    page = sdk.receivables.list(limit=1)
    assert page.request_id and page.request_id.startswith("req_")
    raw_page = sdk.with_raw_response.receivables.list(limit=1)
    assert raw_page.parse().data[0].id == page.data[0].id
    nested = sdk.with_raw_response.test_helpers.receivables.advance(rec.id, days=8)
    assert nested.parse().id == rec.id
    messages = sdk.receivables.messages(rec.id)
    assert messages.data, "the playbook's reminders are messages"
    message = sdk.messages.retrieve(messages.data[0].id)
    assert message.receivable_id == rec.id and message.request_id


async def test_raw_responses_of_the_async_client(
    async_sdk: AsyncCleavrConnect, account: Account, async_recorder: AsyncRecorder
) -> None:
    await aconnect(async_sdk, account)
    raw = await async_sdk.with_raw_response.me.retrieve()
    me = raw.parse()
    assert raw.status_code == 200 and me.request_id == raw.request_id
    assert (await async_sdk.me.retrieve()).request_id == async_recorder.responses[-1].headers[
        "Request-Id"
    ]


def test_the_host_follows_the_credentials() -> None:
    test = CleavrConnect(client_id="plat_test_abc", client_secret="sk_test_x")
    live = CleavrConnect(client_id="plat_live_abc", client_secret="sk_live_x")
    mine = CleavrConnect(
        client_id="plat_test_abc", client_secret="sk_test_x", base_url="http://localhost:8000/"
    )
    try:
        assert test.oauth.authorization_url("https://p.example/cb", ["users:read"]).url.startswith(
            "https://sandbox.api.cleavr.fr/oauth/authorize?"
        )
        assert live.oauth.authorization_url("https://p.example/cb", ["users:read"]).url.startswith(
            "https://api.cleavr.fr/oauth/authorize?"
        )
        assert mine.oauth.authorization_url("https://p.example/cb", ["users:read"]).url.startswith(
            "http://localhost:8000/oauth/authorize?"
        )
    finally:
        for client in (test, live, mine):
            client.close()


def test_an_upload_from_a_path_bytes_or_a_file(tmp_path: Path) -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"
    path = tmp_path / "facture-142.pdf"
    path.write_bytes(pdf)
    assert file_part(path) == ("facture-142.pdf", pdf, "application/pdf")
    assert file_part(str(path)) == ("facture-142.pdf", pdf, "application/pdf")
    assert file_part(pdf) == ("upload.pdf", pdf, "application/pdf")
    with path.open("rb") as handle:
        assert file_part(handle) == ("facture-142.pdf", pdf, "application/pdf")
    assert file_part(io.BytesIO(b"\xff\xd8\xff\xe0scan"))[2] == "image/jpeg"
    given = {"filename": "x.xml", "content": b"<Invoice/>", "content_type": "application/xml"}
    assert file_part(given) == ("x.xml", b"<Invoice/>", "application/xml")
    with path.open("r") as text, pytest.raises(TypeError, match="binary"):
        file_part(text)  # type: ignore[arg-type]


def test_a_receivable_read_from_a_pdf_path(
    sdk: CleavrConnect, account: Account, tmp_path: Path
) -> None:
    from tests.ocr import invoices

    connect(sdk, account)
    user_id = active_user_id(sdk)
    path = tmp_path / "invoice.pdf"
    path.write_bytes(invoices.pdf())
    contacts = [{"first_name": "Jean", "email": "jean@dupont.example", "level": 0}]
    rec = sdk.receivables.create_from_pdf(user_id=user_id, file=path, debtor={"contacts": contacts})
    assert rec.invoice.amount == Decimal("1200.00")
    assert rec.ocr is not None and rec.ocr.status == "completed"
    assert rec.ocr.fields["invoice.amount"].confidence
    assert rec.field_errors == [] and rec.missing_fields == []


def test_typed_events() -> None:
    obj = {
        "id": "rec_test_1",
        "object": "receivable",
        "user_id": "usr_clv_test_1",
        "status": "in_recovery",
        "invoice": {"numbers": ["F-1"], "issue_date": "2025-11-01", "due_date": "2025-12-01"},
        "amounts": {"principal": 1200.00, "outstanding": 1240.00},
        "next_action_at": "2026-01-22T09:00:00Z",
        "created_at": "2026-01-15T09:00:00Z",
    }
    body = json.dumps(
        {
            "id": "evt_1",
            "object": "event",
            "type": "receivable.created",
            "created_at": "2026-01-15T09:00:00Z",
            "api_version": "2026-01-02",
            "livemode": False,
            "data": {"object": obj},
        }
    )
    event = parse_event(body)
    assert isinstance(event, ReceivableCreated)
    rec = event.data.object
    assert rec.invoice.due_date == date(2025, 12, 1)
    assert rec.next_action_at == datetime(2026, 1, 22, 9, tzinfo=UTC)
    assert rec.amounts.outstanding == Decimal("1240.00") and rec.status == "in_recovery"
    # A type this release does not know yet, and a 2025-08-28 flat summary: the generic Event.
    unknown = parse_event(body.replace("receivable.created", "receivable.teleported"))
    assert type(unknown) is Event
    flat = parse_event(
        '{"id":"evt_2","type":"receivable.created","created_at":"2026-01-15T09:00:00Z",'
        '"data":{"receivable_id":"rec_test_1","amount":1200.00}}'
    )
    assert type(flat) is Event and flat.data.model_extra == {
        "receivable_id": "rec_test_1",
        "amount": 1200.0,
    }
    # A status a later API version adds does not break the object.
    later = parse_event(body.replace('"in_recovery"', '"in_arbitration"'))
    assert isinstance(later, ReceivableCreated) and later.data.object.status == "in_arbitration"
    assert "payment.received" in EVENT_CLASSES and "grant.revoked" in EVENT_CLASSES


def test_model_dump_uses_the_api_names() -> None:
    report = SummaryReport.model_validate({"from": "2026-01-01", "to": "2026-01-31"})
    assert report.from_ == "2026-01-01"
    assert report.model_dump()["from"] == "2026-01-01" and "from_" not in report.model_dump()
    assert json.loads(report.model_dump_json())["from"] == "2026-01-01"
