from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AdvanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(ge=1, le=3650)
