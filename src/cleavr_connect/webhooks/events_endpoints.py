"""`GET /v1/events` and `GET /v1/events/{id}`: the events of your platform, account and mode,
kept 30 days, each rendered in the API version of the request."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import WithJsonSchema

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.clock import as_utc
from cleavr_connect.errors import FieldError, NotFoundError, ValidationError
from cleavr_connect.events.schemas import EventList, EventOut
from cleavr_connect.events.service import envelope
from cleavr_connect.scopes import Scope
from cleavr_connect.versions import LATEST
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.webhooks import events_repository as repository
from cleavr_connect.webhooks import filters

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Events"], responses=ERROR_RESPONSES
)

EventsRead = [requires(Scope.WEBHOOKS_READ)]


def _version(request: Request) -> str:
    return str(request.scope.get("state", {}).get("api_version") or LATEST)


# What `_timestamp` reads, as the document says it: an RFC 3339 time with its offset, a date, or
# Unix seconds. Years 1900–2999 and ten digits of seconds keep every value clear of the limits of
# `datetime` (a year-1 time with a positive offset has no UTC instant).
_DAY = r"(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = (
    r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])"
)
TIMESTAMP_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "format": "date-time", "pattern": f"^{_DAY}T{_TIME}$"},
        {"type": "string", "format": "date", "pattern": f"^{_DAY}$"},
        {"type": "string", "pattern": "^[0-9]{1,10}$"},
    ],
    "description": "ISO-8601 (`2026-01-15T09:00:00Z`), a date (its midnight UTC) or Unix seconds.",
}


def _timestamp(raw: str | None, param: str, errors: list[FieldError]) -> datetime | None:
    """ISO-8601 (`2026-01-15T09:00:00Z`), a date (its midnight UTC) or Unix seconds."""
    if raw is None:
        return None
    value = raw.strip()
    try:
        if value.isdigit():
            return datetime.fromtimestamp(int(value), UTC)
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), UTC)
        return as_utc(datetime.fromisoformat(value.replace("Z", "+00:00")))
    except (ValueError, OverflowError, OSError):
        errors.append(
            FieldError(param, "invalid_timestamp", "Use ISO-8601, a date or Unix seconds.")
        )
        return None


Created = Annotated[str | None, WithJsonSchema(TIMESTAMP_SCHEMA)]


@router.get("/events", response_model=EventList, dependencies=EventsRead, summary="List events")
async def list_events(
    request: Request,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    page: Page,
    event_type: Annotated[
        str | None,
        WithJsonSchema(filters.PATTERN_SCHEMA),
        Query(alias="type", description="An event type, or a wildcard like `receivable.*`."),
    ] = None,
    created_gte: Annotated[Created, Query(alias="created[gte]")] = None,
    created_gt: Annotated[Created, Query(alias="created[gt]")] = None,
    created_lte: Annotated[Created, Query(alias="created[lte]")] = None,
    created_lt: Annotated[Created, Query(alias="created[lt]")] = None,
) -> dict[str, Any]:
    """Newest first, with cursor pagination. Only the last 30 days are kept."""
    errors: list[FieldError] = []
    types: list[str] | None = None
    prefix: str | None = None
    if event_type is not None and event_type != filters.WILDCARD:
        refused = filters.pattern_error(event_type, "type")
        if refused is not None:
            errors.append(refused)
        elif event_type.endswith(".*"):
            prefix = event_type[:-1]
        else:
            types = [event_type]
    bounds = {
        name: _timestamp(raw, f"created[{name}]", errors)
        for name, raw in (
            ("gte", created_gte),
            ("gt", created_gt),
            ("lte", created_lte),
            ("lt", created_lt),
        )
    }
    if errors:
        raise ValidationError(errors)
    result = await repository.list_page(
        session,
        owner,
        page,
        now=rt.clock.now(),
        types=types,
        prefix=prefix,
        created_gte=bounds["gte"],
        created_gt=bounds["gt"],
        created_lte=bounds["lte"],
        created_lt=bounds["lt"],
    )
    version = _version(request)
    return result.as_list("/v1/events", lambda event: envelope(event, version))


@router.get(
    "/events/{event_id}", response_model=EventOut, dependencies=EventsRead, summary="Get an event"
)
async def get_event(
    request: Request, event_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """One event of your platform, account and mode, from the last 30 days."""
    event = await repository.get(session, owner, event_id, now=rt.clock.now())
    if event is None:
        raise NotFoundError(f"No such event: {event_id!r}.", param="id")
    return envelope(event, _version(request))
