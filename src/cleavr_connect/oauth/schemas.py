"""What the OAuth endpoints answer, for the OpenAPI document (RFC 6749, 7009, 7662, 8414)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class TokenOut(BaseModel):
    """RFC 6749 §5.1, with `Cache-Control: no-store`."""

    access_token: str = Field(description="`clv_tok_…`: send it as `Authorization: Bearer`.")
    token_type: Literal["Bearer"] = Field(description="Always `Bearer`.")
    expires_in: int = Field(description="Seconds the access token lives (3600).")
    refresh_token: str = Field(
        description="`clv_ref_…`: rotated on every refresh; a rotated one presented again "
        "revokes the whole grant."
    )
    scope: str = Field(description="The scopes granted, space-separated.")


class OAuthErrorOut(BaseModel):
    """RFC 6749 §5.2; 401 with `WWW-Authenticate: Basic` for `invalid_client` under Basic."""

    error: Literal[
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
    ] = Field(description="The RFC 6749 error code.")
    error_description: str = Field(description="What was wrong, for a developer.")
    error_uri: str = Field(description="This error's entry in `/docs/errors`.")


class RevokedOut(BaseModel):
    """RFC 7009 §2.2: an empty object, whether or not the token existed."""


class IntrospectionOut(BaseModel):
    """RFC 7662 §2.2. An inactive, unknown or foreign token is `{"active": false}` only."""

    active: bool = Field(description="Whether the token is valid now.")
    scope: str | None = Field(None, description="Its scopes, space-separated.")
    client_id: str | None = Field(None, description="The platform it was issued to.")
    token_type: str | None = Field(None, description="access_token or refresh_token.")
    exp: int | None = Field(None, description="Expiry, Unix seconds.")
    iat: int | None = Field(None, description="Issue time, Unix seconds.")
    sub: str | None = Field(None, description="The account that granted access.")
    iss: str | None = Field(None, description="The issuer.")
    livemode: bool | None = Field(None, description="False for test-mode credentials.")
    grant_id: str | None = Field(None, description="The grant the token belongs to.")


class MetadataOut(BaseModel):
    """RFC 8414: what this authorization server enforces."""

    issuer: str = Field(description="The issuer (`iss` of every authorization response).")
    authorization_endpoint: str = Field(description="Where to send the person.")
    token_endpoint: str = Field(description="Where to exchange codes and refresh tokens.")
    revocation_endpoint: str = Field(description="RFC 7009 revocation.")
    introspection_endpoint: str = Field(description="RFC 7662 introspection.")
    response_types_supported: list[str] = Field(description="`code` only.")
    response_modes_supported: list[str] = Field(description="`query` only.")
    grant_types_supported: list[str] = Field(description="authorization_code, refresh_token.")
    code_challenge_methods_supported: list[str] = Field(description="`S256` only.")
    token_endpoint_auth_methods_supported: list[str] = Field(
        description="client_secret_post, client_secret_basic, none (public clients)."
    )
    revocation_endpoint_auth_methods_supported: list[str] = Field(
        description="As for the token endpoint."
    )
    introspection_endpoint_auth_methods_supported: list[str] = Field(
        description="Confidential clients only."
    )
    scopes_supported: list[str] = Field(description="Every scope a platform may ask for.")
    authorization_response_iss_parameter_supported: bool = Field(description="RFC 9207: true.")
    service_documentation: str = Field(description="The API reference.")
    op_policy_uri: str = Field(description="The error reference.")


def documented(ok: type[BaseModel], *, client_auth: bool = True) -> dict[int | str, Any]:
    """`responses=` of an OAuth route: its answer and, for client-authenticated ones, errors."""
    responses: dict[int | str, Any] = {200: {"model": ok, "description": ok.__doc__ or "OK"}}
    if client_auth:
        responses[400] = {"model": OAuthErrorOut, "description": "An RFC 6749 error."}
        responses[401] = {"model": OAuthErrorOut, "description": "`invalid_client`."}
        responses[429] = {"description": "Too many failed client authentications: Retry-After."}
    return responses
