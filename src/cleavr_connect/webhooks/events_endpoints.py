"""`GET /v1/events` and `GET /v1/events/{id}`: the events of your platform, account and mode,
kept 30 days, each rendered in the API version of the request."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.clock import as_utc
from cleavr_connect.errors import FieldError, NotFoundError, ValidationError
from cleavr_connect.events.schemas import EventList, EventOut
from cleavr_connect.events.service import EVENT_TYPES, envelope
from cleavr_connect.scopes import Scope
from cleavr_connect.versions import LATEST
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.webhooks import events_repository as repository

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Events"], responses=ERROR_RESPONSES
)

EventsRead = [requires(Scope.WEBHOOKS_READ)]


def _version(request: Request) -> str:
    return str(request.scope.get("state", {}).get("api_version") or LATEST)


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


@router.get("/events", response_model=EventList, dependencies=EventsRead, summary="List events")
async def list_events(
    request: Request,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    page: Page,
    event_type: Annotated[
        str | None,
        Query(alias="type", description="An event type, or a wildcard like `receivable.*`."),
    ] = None,
    created_gte: Annotated[str | None, Query(alias="created[gte]")] = None,
    created_gt: Annotated[str | None, Query(alias="created[gt]")] = None,
    created_lte: Annotated[str | None, Query(alias="created[lte]")] = None,
    created_lt: Annotated[str | None, Query(alias="created[lt]")] = None,
) -> dict[str, Any]:
    """Newest first, with cursor pagination. Only the last 30 days are kept."""
    errors: list[FieldError] = []
    types: list[str] | None = None
    prefix: str | None = None
    if event_type is not None and event_type != "*":
        if event_type in EVENT_TYPES:
            types = [event_type]
        elif event_type.endswith(".*") and any(t.startswith(event_type[:-1]) for t in EVENT_TYPES):
            prefix = event_type[:-1]
        else:
            errors.append(
                FieldError("type", "invalid_event_type", f"{event_type!r} is not an event type.")
            )
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
