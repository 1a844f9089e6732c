"""Rendering hosted pages: language, templates, security headers, CSRF and the session cookie."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cleavr_connect import i18n
from cleavr_connect.runtime import Runtime
from cleavr_connect.web.handlers import PORTAL_PATH

CSRF_COOKIE = "clv_csrf"
SESSION_COOKIE = "clv_session"
# The language the person picked with the switch; it outlives the session (one year).
LANG_COOKIE = "clv_lang"
LANG_COOKIE_AGE = 365 * 24 * 3600

# No inline scripts or styles; never framed (clickjacking of the consent button) unless a page
# names the origins that may frame it (a platform embedding its users' onboarding).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "base-uri 'none'; frame-ancestors {ancestors}"
)
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": CSP.format(ancestors="'none'"),
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
        # Origins allowed to frame this response (`frame-ancestors`); none by default.
        self.frame_origins: list[str] = []
        self._chosen_lang = i18n.parse_locale(request.query_params.get("lang"))
        self.locale: i18n.Locale = i18n.choose(
            query=request.query_params.get("lang"),
            cookie=request.cookies.get(LANG_COOKIE),
            accept_language=request.headers.get("accept-language"),
        )

    def cookie_options(self) -> dict[str, Any]:
        """Inside a platform's frame the site is the platform's: cookies must be `SameSite=None`
        (and so `Secure`), partitioned per top-level site (CHIPS) so they track nobody."""
        secure = self.rt.settings.secure_cookies
        framed = bool(self.frame_origins) and secure
        return {
            "httponly": True,
            "samesite": "none" if framed else "lax",
            "secure": secure,
            "partitioned": framed,
            "path": "/",
        }

    def gettext(self, message: str, **values: Any) -> str:
        return i18n.gettext(self.locale, message, **values)

    def language_links(self) -> list[dict[str, str]]:
        """The switch: this very page in each other language."""
        query = [(k, v) for k, v in self.request.query_params.multi_items() if k != "lang"]
        links = []
        for other in i18n.LOCALES:
            if other != self.locale:
                href = self.request.url.path + "?" + urlencode([*query, ("lang", other)])
                links.append({"lang": other, "href": href, "name": i18n.LANGUAGE_NAMES[other]})
        return links

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
        if self.frame_origins:
            # X-Frame-Options cannot name origins: frame-ancestors alone decides.
            del response.headers["X-Frame-Options"]
            response.headers["Content-Security-Policy"] = CSP.format(
                ancestors=" ".join(self.frame_origins)
            )
        if self._new_cookie:
            response.set_cookie(CSRF_COOKIE, self._new_cookie, **self.cookie_options())
        if self._chosen_lang and self._chosen_lang != self.request.cookies.get(LANG_COOKIE):
            response.set_cookie(
                LANG_COOKIE,
                self._chosen_lang,
                max_age=LANG_COOKIE_AGE,
                samesite="lax",
                secure=self.rt.settings.secure_cookies,
                path="/",
            )
        return response

    def render(self, template: str, status_code: int = 200, **context: Any) -> Response:
        context.setdefault("csrf_token", self.csrf_token)
        context.setdefault("language_links", self.language_links())
        context.setdefault("legal", legal_context(self.rt))
        html = i18n.render(template, self.locale, **context)
        return self._finish(HTMLResponse(html, status_code=status_code))

    def error(self, title: str, message: str, status_code: int = 400, **context: Any) -> Response:
        """An error page; `title` and `message` are English msgids, translated here."""
        return self.render(
            "error.html",
            status_code=status_code,
            title=self.gettext(title),
            message=self.gettext(message),
            **context,
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


def legal_context(rt: Runtime) -> dict[str, str]:
    settings = rt.settings
    return {
        "entity": settings.legal_entity,
        "address": settings.legal_address,
        "registration": settings.legal_registration,
        "help_email": settings.help_email,
    }


def render_error_page(request: Request, rt: Runtime, status_code: int, message: str) -> Response:
    page = Page(request, rt)
    # A debtor portal page names its language in its path: `/en/d/…`.
    portal = PORTAL_PATH.match(request.url.path)
    if portal and (locale := i18n.parse_locale(portal["lang"])) is not None:
        page.locale = locale
    if status_code == 404:
        return page.error(i18n.N_("Page not found"), message, 404)
    return page.error(i18n.N_("Something went wrong"), message, status_code)


def safe_next(value: str | None) -> str:
    """Only our own pages: an open redirect here would turn sign-in into a phishing tool."""
    default = "/account/connections"
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return default
    if value.startswith("/oauth/authorize?") or value.startswith("/account/"):
        return value
    return default
