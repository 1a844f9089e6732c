"""`client.oauth`: the authorization-code flow with PKCE S256 (RFC 6749, RFC 7636, RFC 9207),
refresh (RFC 6749 §6) and revocation (RFC 7009).

    auth = client.oauth.authorization_url(redirect_uri, ["users:read", "users:write"])
    # keep auth.state and auth.code_verifier in the person's session, redirect to auth.url
    token = client.oauth.exchange_code(code, state, auth.state, auth.code_verifier,
                                       redirect_uri, grant_key="merchant-42")
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Unpack
from urllib.parse import parse_qsl, urlencode, urlsplit

from cleavr import _oauth_specs
from cleavr._constants import AUTHORIZE_PATH
from cleavr._engine import AsyncEngine, SyncEngine
from cleavr._request import ClientConfig, RequestOptions, RequestSpec
from cleavr.errors import AuthorizationDeniedError, StateMismatchError
from cleavr.tokens import Token


@dataclass(frozen=True, repr=False)
class AuthorizationRequest:
    """What `authorization_url` made: send the person to `url`; keep `state` and
    `code_verifier` server-side (in their session) until the callback."""

    url: str
    state: str
    code_verifier: str | None
    redirect_uri: str
    scopes: tuple[str, ...]

    def __repr__(self) -> str:
        return f"AuthorizationRequest(url={self.url!r}, state=…, code_verifier=…)"


def pkce_challenge(verifier: str) -> str:
    """RFC 7636 §4.2: BASE64URL(SHA256(verifier)) without padding."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def callback_params(callback: str | Mapping[str, str]) -> dict[str, str]:
    """The query of the redirect back to you, from the full URL or an already parsed mapping."""
    if isinstance(callback, str):
        return dict(parse_qsl(urlsplit(callback).query))
    return dict(callback)


class _OAuthBase:
    def __init__(self, config: ClientConfig, issuer: str, grant_key: str) -> None:
        self._config = config
        self._issuer = issuer
        self._grant_key = grant_key

    def authorization_url(
        self,
        redirect_uri: str,
        scopes: Sequence[str],
        *,
        state: str | None = None,
        pkce: bool = True,
        prompt: str | None = None,
    ) -> AuthorizationRequest:
        """The URL to send the person to, with a fresh 256-bit `state` and a PKCE S256
        verifier (unless `pkce=False`)."""
        state = state or secrets.token_urlsafe(32)
        params = {
            "client_id": self._config.client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": " ".join(scopes),
            "state": state,
        }
        verifier: str | None = None
        if pkce:
            verifier = secrets.token_urlsafe(64)  # 86 characters, within RFC 7636's 43..128
            params["code_challenge"] = pkce_challenge(verifier)
            params["code_challenge_method"] = "S256"
        if prompt is not None:
            params["prompt"] = prompt
        url = f"{self._config.base_url.rstrip('/')}{AUTHORIZE_PATH}?{urlencode(params)}"
        return AuthorizationRequest(url, state, verifier, redirect_uri, tuple(scopes))

    def _exchange_spec(
        self,
        code: str,
        state: str | None,
        expected_state: str,
        code_verifier: str | None,
        redirect_uri: str,
        iss: str | None,
        options: RequestOptions,
    ) -> RequestSpec[Token]:
        # Constant time: the comparison must not tell an attacker how much of a forged state
        # was right (RFC 6749 §10.12 CSRF protection).
        if state is None or not hmac.compare_digest(state.encode(), expected_state.encode()):
            raise StateMismatchError(
                "The callback's state does not match the one of your authorization request: "
                "refuse it (possible CSRF). Nothing was sent to Cleavr."
            )
        if iss is not None and not hmac.compare_digest(iss.encode(), self._issuer.encode()):
            raise StateMismatchError(
                f"The callback's iss {iss!r} is not {self._issuer!r} (RFC 9207 mix-up "
                "protection). Nothing was sent to Cleavr."
            )
        return _oauth_specs.exchange(
            self._config.clock,
            code=code,
            redirect_uri=redirect_uri,
            code_verifier=code_verifier,
            options=options,
        )

    @staticmethod
    def _callback(
        callback: str | Mapping[str, str],
    ) -> tuple[str, str | None, str | None]:
        params = callback_params(callback)
        if "error" in params:
            raise AuthorizationDeniedError(params["error"], params.get("error_description"))
        if "code" not in params:
            raise AuthorizationDeniedError("invalid_request", "The callback carries no code.")
        return params["code"], params.get("state"), params.get("iss")


class OAuth(_OAuthBase):
    def __init__(self, engine: SyncEngine, issuer: str) -> None:
        super().__init__(engine.config, issuer, engine.grant_key)
        self._engine = engine

    def exchange_code(
        self,
        code: str,
        state: str | None,
        expected_state: str,
        code_verifier: str | None,
        redirect_uri: str,
        *,
        iss: str | None = None,
        grant_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Token:
        """Checks `state` (and `iss` when given) against your authorization request, exchanges
        the code, and stores the token under `grant_key` (default: this client's)."""
        spec = self._exchange_spec(
            code, state, expected_state, code_verifier, redirect_uri, iss, options
        )
        token = self._engine.run(spec)
        self._engine.store.save(grant_key or self._grant_key, token)
        return token

    def handle_callback(
        self,
        callback: str | Mapping[str, str],
        request: AuthorizationRequest,
        *,
        grant_key: str | None = None,
    ) -> Token:
        """`exchange_code` from the callback URL (or its parsed query): raises
        `AuthorizationDeniedError` when the person said no."""
        code, state, iss = self._callback(callback)
        return self.exchange_code(
            code,
            state,
            request.state,
            request.code_verifier,
            request.redirect_uri,
            iss=iss,
            grant_key=grant_key,
        )

    def token(self) -> Token | None:
        """The stored token of this client's grant."""
        return self._engine.store.load(self._grant_key)

    def refresh(self, *, scope: str | None = None) -> Token:
        """Refreshes now (single-flight with every other caller of this grant)."""
        return self._engine.refresh(force=True, scope=scope)

    def revoke(
        self,
        token: str | None = None,
        *,
        token_type_hint: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Revokes `token`, or by default this grant's refresh token — which ends the whole
        grant — and forgets the stored token."""
        if token is None:
            stored = self.token()
            if stored is None:
                return
            token = stored.refresh_token or stored.access_token
            self._engine.run(_oauth_specs.revoke(token, token_type_hint, options))
            self._engine.store.delete(self._grant_key)
            return
        self._engine.run(_oauth_specs.revoke(token, token_type_hint, options))


class AsyncOAuth(_OAuthBase):
    def __init__(self, engine: AsyncEngine, issuer: str) -> None:
        super().__init__(engine.config, issuer, engine.grant_key)
        self._engine = engine

    async def exchange_code(
        self,
        code: str,
        state: str | None,
        expected_state: str,
        code_verifier: str | None,
        redirect_uri: str,
        *,
        iss: str | None = None,
        grant_key: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> Token:
        spec = self._exchange_spec(
            code, state, expected_state, code_verifier, redirect_uri, iss, options
        )
        token = await self._engine.run(spec)
        await self._engine.store_call(self._engine.store.save, grant_key or self._grant_key, token)
        return token

    async def handle_callback(
        self,
        callback: str | Mapping[str, str],
        request: AuthorizationRequest,
        *,
        grant_key: str | None = None,
    ) -> Token:
        code, state, iss = self._callback(callback)
        return await self.exchange_code(
            code,
            state,
            request.state,
            request.code_verifier,
            request.redirect_uri,
            iss=iss,
            grant_key=grant_key,
        )

    async def token(self) -> Token | None:
        return await self._engine.store_call(self._engine.store.load, self._grant_key)

    async def refresh(self, *, scope: str | None = None) -> Token:
        return await self._engine.refresh(force=True, scope=scope)

    async def revoke(
        self,
        token: str | None = None,
        *,
        token_type_hint: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> None:
        if token is None:
            stored = await self.token()
            if stored is None:
                return
            token = stored.refresh_token or stored.access_token
            await self._engine.run(_oauth_specs.revoke(token, token_type_hint, options))
            await self._engine.store_call(self._engine.store.delete, self._grant_key)
            return
        await self._engine.run(_oauth_specs.revoke(token, token_type_hint, options))
