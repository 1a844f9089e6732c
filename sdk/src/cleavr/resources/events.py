"""`client.events` (SPEC §10)."""

from __future__ import annotations

from typing import Unpack

import httpx

from cleavr._encoding import compact
from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint, paginated
from cleavr.models.events import AnyEvent, parse_event
from cleavr.models.webhooks import Event, EventResend
from cleavr.pagination import ListObject
from cleavr.params import RangeFilter
from cleavr.resources._common import page_query, path


class Events(Resource[M]):
    @endpoint
    def retrieve(self, event_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[AnyEvent]:
        """The typed event of its type (`ReceivableCreated`, …), as `unwrap` gives it."""
        return RequestSpec("GET", path("/v1/events/{}", event_id), _typed_event, options=options)

    @endpoint
    def resend(
        self, event_id: str, *, webhook_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> RequestSpec[EventResend]:
        """Delivers the event again, with a fresh retry schedule: to `webhook_id`, or to every
        enabled endpoint that subscribes to its type."""
        return RequestSpec(
            "POST",
            path("/v1/events/{}/resend", event_id),
            model_parser(EventResend),
            json=compact({"webhook_id": webhook_id}),
            options=options,
        )

    @paginated
    def list(
        self,
        *,
        type: str | None = None,  # noqa: A002 - the API's filter name
        created: RangeFilter | None = None,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[Event]]:
        """Events of the last 30 days, newest first; `type` may be a wildcard
        (`receivable.*`)."""
        return RequestSpec(
            "GET",
            "/v1/events",
            model_parser(ListObject[Event]),
            query=page_query(limit, starting_after, ending_before, type=type, created=created),
            options=options,
        )


def _typed_event(response: httpx.Response) -> AnyEvent:
    event = parse_event(response.content)
    event._request_id = response.headers.get("request-id")
    return event
