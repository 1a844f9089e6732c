from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class CleavrObject(BaseModel):
    """Every object the API returns. Unknown fields are kept (`obj.model_extra`), so a field the
    server adds later never breaks an older SDK; enumerations are plain strings for the same
    reason."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Deleted(CleavrObject):
    id: str
    object: str | None = None
    deleted: bool = True
