"""The OAuth back-channel calls (RFC 6749 §4.1.3 and §6, RFC 7009) as request specs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import httpx

from cleavr._constants import REVOKE_PATH, TOKEN_PATH
from cleavr._request import RequestOptions, RequestSpec, none_parser
from cleavr.tokens import Token


def _token_parser(clock: Callable[[], datetime]) -> Callable[[httpx.Response], Token]:
    def parse(response: httpx.Response) -> Token:
        body: dict[str, Any] = response.json()
        return Token.from_response(body, clock())

    return parse


def exchange(
    clock: Callable[[], datetime],
    *,
    code: str,
    redirect_uri: str,
    code_verifier: str | None,
    options: RequestOptions,
) -> RequestSpec[Token]:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    if code_verifier is not None:
        form["code_verifier"] = code_verifier
    return RequestSpec(
        "POST", TOKEN_PATH, _token_parser(clock), form=form, auth="client", options=options
    )


def refresh(
    clock: Callable[[], datetime], refresh_token: str, scope: str | None = None
) -> RequestSpec[Token]:
    form = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    if scope is not None:
        form["scope"] = scope
    return RequestSpec("POST", TOKEN_PATH, _token_parser(clock), form=form, auth="client")


def revoke(token: str, token_type_hint: str | None, options: RequestOptions) -> RequestSpec[None]:
    form = {"token": token}
    if token_type_hint is not None:
        form["token_type_hint"] = token_type_hint
    return RequestSpec("POST", REVOKE_PATH, none_parser, form=form, auth="client", options=options)
