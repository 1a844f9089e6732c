"""Events as `GET /v1/events` lists them and webhooks send them (SPEC §10)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class EventOut(BaseModel):
    id: str
    object: Literal["event"] = "event"
    type: str
    created_at: str
    api_version: str
    livemode: bool
    data: dict[str, Any] = Field(
        description="2026-01-02: `object` (and `previous_attributes` on updates); "
        "2025-08-28: a flat summary of the object."
    )


class EventList(BaseModel):
    object: Literal["list"] = "list"
    data: list[EventOut]
    has_more: bool
    url: str
