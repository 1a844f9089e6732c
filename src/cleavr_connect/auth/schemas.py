from __future__ import annotations

from pydantic import BaseModel, Field


class Me(BaseModel):
    platform_id: str = Field(description="The platform (OAuth client) the token was issued to.")
    account_id: str = Field(description="The Cleavr account that granted access.")
    livemode: bool = Field(description="False for test-mode credentials.")
    scopes: list[str] = Field(description="The scopes the token carries.")
