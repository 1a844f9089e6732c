"""Which resource each event type carries under `data.object` (API version 2026-01-02).

Each domain names its own (`describe(ReceivableOut, "receivable.created", …)` beside the model
in its schemas.py). The OpenAPI document's `webhooks` section is built from this, and a test
checks every stored event's object against it, so an event payload cannot drift from the
resource the API returns.
"""

from __future__ import annotations

from pydantic import BaseModel

from cleavr_connect.events.service import EVENT_TYPES

PAYLOADS: dict[str, type[BaseModel]] = {}


def describe(model: type[BaseModel], *event_types: str) -> None:
    for event_type in event_types:
        if event_type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {event_type!r}")
        PAYLOADS[event_type] = model
