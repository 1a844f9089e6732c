"""Cleavr Connect for Python.

from cleavr import CleavrConnect, AsyncCleavrConnect
"""

from cleavr import errors, models, params
from cleavr._constants import API_VERSION, SDK_VERSION
from cleavr._request import RawResponse
from cleavr.client import AsyncCleavrConnect, CleavrConnect
from cleavr.errors import (
    APIConnectionError,
    APIError,
    APIServerError,
    APITimeoutError,
    AuthenticationError,
    AuthorizationDeniedError,
    AuthorizationRequiredError,
    CleavrError,
    ConflictError,
    GrantRevokedError,
    InvalidRequestError,
    InvalidWebhookSignatureError,
    NotFoundError,
    NoTokenError,
    OAuthError,
    PermissionDeniedError,
    RateLimitError,
    StateMismatchError,
    TokenStoreError,
    UnprocessableEntityError,
)
from cleavr.oauth import AuthorizationRequest
from cleavr.pagination import AsyncPage, AsyncPager, SyncPage
from cleavr.stores import FileTokenStore, generate_key
from cleavr.tokens import LockingTokenStore, MemoryTokenStore, Token, TokenStore

__version__ = SDK_VERSION

__all__ = [
    "RawResponse",
    "API_VERSION",
    "APIConnectionError",
    "APIError",
    "APIServerError",
    "APITimeoutError",
    "AsyncCleavrConnect",
    "AsyncPage",
    "AsyncPager",
    "AuthenticationError",
    "AuthorizationDeniedError",
    "AuthorizationRequest",
    "AuthorizationRequiredError",
    "CleavrConnect",
    "CleavrError",
    "ConflictError",
    "FileTokenStore",
    "GrantRevokedError",
    "InvalidRequestError",
    "InvalidWebhookSignatureError",
    "LockingTokenStore",
    "MemoryTokenStore",
    "NoTokenError",
    "NotFoundError",
    "OAuthError",
    "PermissionDeniedError",
    "RateLimitError",
    "StateMismatchError",
    "SyncPage",
    "Token",
    "TokenStore",
    "TokenStoreError",
    "UnprocessableEntityError",
    "errors",
    "generate_key",
    "models",
    "params",
]
