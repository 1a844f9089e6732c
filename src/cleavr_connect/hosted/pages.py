"""Rendering hosted pages: templates, security headers, CSRF and the session cookie."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from cleavr_connect.runtime import Runtime

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]))

CSRF_COOKIE = "clv_csrf"
SESSION_COOKIE = "clv_session"

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    # No inline scripts or styles; and never framed (clickjacking of the consent button).
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}


def _csrf_key(rt: Runtime) -> bytes:
    return rt.keys.derive(b"csrf")


class Page:
    """One hosted-page request: knows the CSRF cookie it has or will set."""

    def __init__(self, request: Request, rt: Runtime) -> None:
        self.request = request
        self.rt = rt
        existing = request.cookies.get(CSRF_COOKIE)
        self._new_cookie = None if existing else secrets.token_urlsafe(32)
        self._cookie_value = existing or self._new_cookie

    @property
    def csrf_token(self) -> str:
        return hmac.new(
            _csrf_key(self.rt), (self._cookie_value or "").encode(), hashlib.sha256
        ).hexdigest()

    def csrf_ok(self, submitted: str | None) -> bool:
        """Double-submit check: the form token must be derived from this browser's cookie."""
        if not submitted or self._new_cookie is not None:
            return False
        return hmac.compare_digest(submitted, self.csrf_token)

    def _finish(self, response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers[name] = value
        if self._new_cookie:
            response.set_cookie(
                CSRF_COOKIE,
                self._new_cookie,
                httponly=True,
                samesite="lax",
                secure=self.rt.settings.secure_cookies,
                path="/",
            )
        return response

    def render(self, template: str, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("csrf_token", self.csrf_token)
        html = _env.get_template(template).render(**context)
        return self._finish(HTMLResponse(html, status_code=status_code))

    def error(self, title: str, message: str, status_code: int = 400) -> Response:
        return self.render(
            "error.html",
            status_code=status_code,
            title=title,
            message=message,
            request_id=self.request.scope.get("state", {}).get("request_id"),
        )

    def redirect(self, url: str) -> Response:
        return self._finish(RedirectResponse(url, status_code=303))

    def set_session(self, response: Response, token: str) -> None:
        response.set_cookie(
            SESSION_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=self.rt.settings.secure_cookies,
            path="/",
            max_age=14 * 24 * 3600,
        )

    @property
    def session_token(self) -> str | None:
        return self.request.cookies.get(SESSION_COOKIE)


def render_error_page(request: Request, rt: Runtime, status_code: int, message: str) -> Response:
    return Page(request, rt).error("Something went wrong", message, status_code)


def safe_next(value: str | None) -> str:
    """Only our own pages: an open redirect here would turn sign-in into a phishing tool."""
    default = "/account/connections"
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if value.startswith("/oauth/authorize?") or value.startswith("/account/"):
        return value
    return default
