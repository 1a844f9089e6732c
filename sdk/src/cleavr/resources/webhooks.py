"""`client.webhooks`: your endpoints, and the signature check of incoming deliveries
(`unwrap`, `verify`), which needs no network."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Literal, Unpack

from cleavr import webhook_signature
from cleavr._constants import WEBHOOK_TOLERANCE
from cleavr._encoding import compact
from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint, paginated
from cleavr.models._base import Deleted
from cleavr.models.events import AnyEvent
from cleavr.models.webhooks import WebhookDelivery, WebhookEndpoint, WebhookRecovery
from cleavr.pagination import ListObject
from cleavr.params import TimeInput
from cleavr.resources._common import page_query, path


class Webhooks(Resource[M]):
    # ----------------------------------------------------------------- incoming deliveries

    def unwrap(
        self,
        payload: bytes | str,
        headers: Mapping[str, str],
        secret: str | Sequence[str],
        *,
        tolerance: timedelta = WEBHOOK_TOLERANCE,
        now: datetime | None = None,
        require_timestamp: bool = True,
    ) -> AnyEvent:
        """Verifies a delivery's signatures and returns its typed event (`ReceivableCreated`,
        `PaymentReceived`, …, or `Event` for a type this SDK does not know); raises
        `InvalidWebhookSignatureError` otherwise. Pass the raw body, as received."""
        return webhook_signature.unwrap(
            payload,
            headers,
            secret,
            tolerance=tolerance,
            now=now,
            require_timestamp=require_timestamp,
        )

    def verify(
        self,
        payload: bytes | str,
        headers: Mapping[str, str],
        secret: str | Sequence[str],
        *,
        tolerance: timedelta = WEBHOOK_TOLERANCE,
        now: datetime | None = None,
        require_timestamp: bool = True,
    ) -> None:
        """Like `unwrap`, without parsing."""
        webhook_signature.verify(
            payload,
            headers,
            secret,
            tolerance=tolerance,
            now=now,
            require_timestamp=require_timestamp,
        )

    # ----------------------------------------------------------------- endpoints

    @endpoint
    def create(
        self,
        *,
        url: str,
        events: Sequence[str] = ("*",),
        description: str | None = None,
        enabled: bool | None = None,
        api_version: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[WebhookEndpoint]:
        """`events` are exact types or wildcards (`receivable.*`, `*`). The answer carries the
        endpoint's `secret`, shown only now."""
        body = compact(
            {
                "url": url,
                "events": list(events),
                "description": description,
                "enabled": enabled,
                "api_version": api_version,
            }
        )
        return RequestSpec(
            "POST", "/v1/webhooks", model_parser(WebhookEndpoint), json=body, options=options
        )

    @endpoint
    def retrieve(
        self, webhook_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[WebhookEndpoint]:
        return RequestSpec(
            "GET",
            path("/v1/webhooks/{}", webhook_id),
            model_parser(WebhookEndpoint),
            options=options,
        )

    @endpoint
    def update(
        self,
        webhook_id: str,
        *,
        url: str | None = None,
        events: Sequence[str] | None = None,
        description: str | None = None,
        enabled: bool | None = None,
        api_version: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[WebhookEndpoint]:
        """Changes the given fields only; `enabled=True` revives a disabled endpoint."""
        body = compact(
            {
                "url": url,
                "events": list(events) if events is not None else None,
                "description": description,
                "enabled": enabled,
                "api_version": api_version,
            }
        )
        return RequestSpec(
            "PATCH",
            path("/v1/webhooks/{}", webhook_id),
            model_parser(WebhookEndpoint),
            json=body,
            options=options,
        )

    @endpoint
    def delete(self, webhook_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[Deleted]:
        return RequestSpec(
            "DELETE", path("/v1/webhooks/{}", webhook_id), model_parser(Deleted), options=options
        )

    @endpoint
    def rotate_secret(
        self, webhook_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[WebhookEndpoint]:
        """A new secret; the old one keeps signing for 24 h."""
        return RequestSpec(
            "POST",
            path("/v1/webhooks/{}/rotate_secret", webhook_id),
            model_parser(WebhookEndpoint),
            options=options,
        )

    @endpoint
    def recover(
        self,
        webhook_id: str,
        *,
        since: TimeInput,
        until: TimeInput | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[WebhookRecovery]:
        """Queues again the failed deliveries of events created from `since` to `until`
        (default: now)."""
        return RequestSpec(
            "POST",
            path("/v1/webhooks/{}/recover", webhook_id),
            model_parser(WebhookRecovery),
            json=compact({"since": since, "until": until}),
            options=options,
        )

    @paginated
    def list_deliveries(
        self,
        webhook_id: str,
        *,
        event_id: str | None = None,
        status: Literal["succeeded", "failed"] | None = None,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[WebhookDelivery]]:
        """Every HTTP attempt to this endpoint, newest first."""
        return RequestSpec(
            "GET",
            path("/v1/webhooks/{}/deliveries", webhook_id),
            model_parser(ListObject[WebhookDelivery]),
            query=page_query(
                limit, starting_after, ending_before, event_id=event_id, status=status
            ),
            options=options,
        )

    @paginated
    def list(
        self,
        *,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[WebhookEndpoint]]:
        return RequestSpec(
            "GET",
            "/v1/webhooks",
            model_parser(ListObject[WebhookEndpoint]),
            query=page_query(limit, starting_after, ending_before),
            options=options,
        )
