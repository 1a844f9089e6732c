from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from cleavr_connect.events.payloads import describe


class Me(BaseModel):
    platform_id: str = Field(description="The platform (OAuth client) the token was issued to.")
    account_id: str = Field(description="The Cleavr account that granted access.")
    livemode: bool = Field(description="False for test-mode credentials.")
    scopes: list[str] = Field(description="The scopes the token carries.")


class GrantOut(BaseModel):
    """The access an account gave a platform, as `grant.revoked` carries it."""

    id: str
    object: Literal["grant"] = "grant"
    platform_id: str = Field(description="Your platform (OAuth client).")
    account_id: str = Field(description="The Cleavr account that disconnected your platform.")
    scopes: list[str] = Field(description="What the grant allowed.")
    revoked_at: str = Field(description="When the account revoked it; its tokens died then.")


describe(GrantOut, "grant.revoked")
