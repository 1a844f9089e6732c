"""The shared request builder: what a call is (a `RequestSpec`) and the one function that turns
it into an `httpx.Request`. Resources only describe calls; the sync and async clients only
execute them.
"""

from __future__ import annotations

import platform
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypedDict, TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import BaseModel

from cleavr._constants import API_PREFIX, API_VERSION, DEFAULT_TIMEOUT, SDK_VERSION
from cleavr._encoding import encode_json, flatten_query

T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)

Auth = Literal["bearer", "client", "none"]
# A multipart file part, already in memory so that a retry can send it again.
FilePart = tuple[str, bytes, str]


class RequestOptions(TypedDict, total=False):
    """Per-call overrides, accepted by every resource method as keyword arguments."""

    cleavr_version: str
    """The API version for this call instead of the SDK's pinned one."""
    idempotency_key: str
    """For a POST: your own key instead of the one the SDK generates."""
    timeout: float | httpx.Timeout
    max_retries: int
    extra_headers: Mapping[str, str]


@dataclass(frozen=True)
class ClientConfig:
    base_url: str
    client_id: str
    client_secret: str | None
    api_version: str = API_VERSION
    timeout: httpx.Timeout = field(default_factory=lambda: DEFAULT_TIMEOUT)
    max_retries: int = 2
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    @property
    def user_agent(self) -> str:
        return (
            f"cleavr-python/{SDK_VERSION} python/{platform.python_version()} "
            f"httpx/{httpx.__version__}"
        )


@dataclass(frozen=True)
class RequestSpec(Generic[T]):
    """One API call, described once: the method, the path, the parameters, how to read the
    answer, and whether replaying it is safe."""

    method: str
    path: str
    parse: Callable[[httpx.Response], T]
    query: Mapping[str, Any] | None = None
    json: Any = None
    form: Mapping[str, str] | None = None
    files: Sequence[tuple[str, FilePart]] | None = None
    auth: Auth = "bearer"
    options: RequestOptions = field(default_factory=lambda: RequestOptions())
    # One multipart boundary per logical call: every retry sends byte-identical bodies, which
    # the server's Idempotency-Key fingerprint requires.
    boundary: str = field(default_factory=lambda: secrets.token_hex(16))

    @property
    def replay_safe(self) -> bool:
        """OAuth grants are single use (codes, rotated refresh tokens); every /v1 call is safe
        to replay because POSTs carry an Idempotency-Key."""
        return self.auth != "client"

    @property
    def needs_idempotency_key(self) -> bool:
        return self.method == "POST" and self.path.startswith(API_PREFIX)

    def with_query(self, **changes: Any) -> RequestSpec[T]:
        return replace(self, query={**(self.query or {}), **changes})


def model_parser(model: type[M]) -> Callable[[httpx.Response], M]:
    def parse(response: httpx.Response) -> M:
        obj = model.model_validate_json(response.content)
        if hasattr(obj, "_request_id"):
            obj._request_id = response.headers.get("request-id")
        return obj

    return parse


class RawResponse(Generic[T]):
    """An answer as it came (`with_raw_response`): status, headers, body; `parse()` gives the
    object the plain call would have returned."""

    def __init__(self, http_response: httpx.Response, parse: Callable[[httpx.Response], T]):
        self.http_response = http_response
        self._parse = parse

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        found: str | None = self.http_response.headers.get("request-id")
        return found

    @property
    def content(self) -> bytes:
        return self.http_response.content

    def parse(self) -> T:
        return self._parse(self.http_response)

    def __repr__(self) -> str:
        return f"<RawResponse {self.status_code} request_id={self.request_id!r}>"


def raw(spec: RequestSpec[T]) -> RequestSpec[RawResponse[T]]:
    """The same call, answering with the `RawResponse` instead of the parsed object."""
    parse = spec.parse
    return replace(spec, parse=lambda response: RawResponse(response, parse))  # type: ignore[arg-type, return-value]


def text_parser(response: httpx.Response) -> str:
    return response.text


def none_parser(response: httpx.Response) -> None:
    return None


def _timeout(config: ClientConfig, spec: RequestSpec[Any]) -> httpx.Timeout:
    given = spec.options.get("timeout")
    if given is None:
        return config.timeout
    return given if isinstance(given, httpx.Timeout) else httpx.Timeout(given)


def build_request(
    config: ClientConfig,
    spec: RequestSpec[Any],
    *,
    access_token: str | None = None,
    idempotency_key: str | None = None,
) -> httpx.Request:
    """Method, URL, headers and body of one attempt, built the same way for both clients."""
    headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
    if spec.path.startswith(API_PREFIX):
        headers["Cleavr-Version"] = spec.options.get("cleavr_version") or config.api_version
    if spec.auth == "bearer" and access_token is not None:
        headers["Authorization"] = f"Bearer {access_token}"
    if idempotency_key is not None:
        headers["Idempotency-Key"] = idempotency_key
    headers.update(spec.options.get("extra_headers") or {})

    content: bytes | None = None
    data: dict[str, Any] | None = None
    files: list[tuple[str, FilePart]] | None = None
    if spec.form is not None:
        form = dict(spec.form)
        if spec.auth == "client":
            # client_secret_post, as on the public Authentication page; public clients send
            # their client_id alone (and must use PKCE).
            form["client_id"] = config.client_id
            if config.client_secret is not None:
                form["client_secret"] = config.client_secret
        content = urlencode(form).encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    elif spec.files is not None:
        files = list(spec.files)
        headers["Content-Type"] = f"multipart/form-data; boundary={spec.boundary}"
        data = {k: str(v) for k, v in (spec.json or {}).items() if v is not None}
    elif spec.json is not None:
        content = encode_json(spec.json)
        headers["Content-Type"] = "application/json"

    query: list[tuple[str, str | int | float | bool | None]] | None = None
    if spec.query:
        query = list(flatten_query(spec.query))
    return httpx.Request(
        spec.method,
        config.base_url.rstrip("/") + spec.path,
        params=query,
        headers=headers,
        content=content,
        data=data,
        files=files,
        extensions={"timeout": _timeout(config, spec).as_dict()},
    )
