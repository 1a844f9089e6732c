"""`GET /v1/events` and `GET /v1/events/{id}`: the events of your platform, account and mode,
kept 30 days, each rendered in the API version of the request."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import WithJsonSchema

from cleavr_connect.api.created import Created
from cleavr_connect.api.deps import OwnerDep
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
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


@router.get("/events", response_model=EventList, dependencies=EventsRead, summary="List events")
async def list_events(
    request: Request,
    owner: OwnerDep,
    session: SessionDep,
    rt: RuntimeDep,
    page: Page,
    created: Created,
    event_type: Annotated[
        str | None,
        WithJsonSchema(filters.PATTERN_SCHEMA),
        Query(alias="type", description="An event type, or a wildcard like `receivable.*`."),
    ] = None,
) -> dict[str, Any]:
    """Newest first, with cursor pagination. Only the last 30 days are kept. `created[gte]`,
    `created[gt]`, `created[lte]` and `created[lt]` take ISO-8601, a date (the whole UTC day)
    or Unix seconds; a value that is none of them is refused (`invalid_timestamp`)."""
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
    errors += created.errors
    if errors:
        raise ValidationError(errors)
    result = await repository.list_page(
        session,
        owner,
        page,
        now=rt.clock.now(),
        types=types,
        prefix=prefix,
        created=created.range,
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
