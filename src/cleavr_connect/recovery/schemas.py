from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cleavr_connect.api.validation import WholeNumber


class AdvanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: WholeNumber = Field(ge=1, le=3650)
