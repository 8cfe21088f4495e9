"""The browser's page session: an HttpOnly, SameSite=Strict cookie over a login of its own.

Signing in on the page is a login like POST /api/auth/login: it issues a refresh-token row
(storage.accounts.refresh_tokens), and the cookie carries a signed token of kind `page` naming
that row (`jti`) and its family. The row is checked on every use, so signing out (its family
revoked), a new password or a disabled account (every row revoked) ends the page session like
any other login. The cookie never reaches page scripts; writes also need the session's CSRF
token, an HMAC of the row id that the page shows in `<meta name="csrf-token">` and form fields.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from aiohttp import web

from config import Settings
from storage.error_codes import ErrorCode
from web.http.errors import ApiError
from web.http.jwt_tokens import PAGE, REFRESH, decode, issue_page
from web.http.proxies import trusted_peer
from web.keys import settings_key

COOKIE = "claude_session"
SIGN_IN_COOKIE = "claude_sign_in"  # a pre-session nonce: the sign-in form's CSRF token
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfRefused(ApiError):
    """Raised when a write with the page-session cookie lacks the session's CSRF token."""

    code = ErrorCode.AUTH_CSRF_TOKEN_INVALID


def cookie_claims(request: web.Request) -> dict[str, Any] | None:
    """The verified claims of the request's page-session cookie, None without one (CPU only:
    the row behind it is checked with the account, web.http.auth.current_user)."""
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    return decode(request.app[settings_key], token, PAGE)


def csrf_token(settings: Settings, claims: dict[str, Any]) -> str:
    """The CSRF token of a page session: bound to its login row, unguessable without the key."""
    return _mac(settings, "csrf:" + str(claims["jti"]))


def require_csrf(request: web.Request, claims: dict[str, Any], offered: str | None) -> None:
    """Refuse a state-changing request whose CSRF token (header, else `offered`) is not the
    session's."""
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER) or offered or ""
    expected = csrf_token(request.app[settings_key], claims)
    if not hmac.compare_digest(given.encode(), expected.encode()):
        raise CsrfRefused(
            "This request needs the page's CSRF token (X-CSRF-Token header or csrf_token field)",
            {"header": CSRF_HEADER, "field": CSRF_FIELD},
        )


def start(
    request: web.Request, response: web.StreamResponse, refresh_token: str, role: str
) -> None:
    """Set the cookie of a new page session over a login (its refresh token, which the browser
    never sees) on response."""
    settings = request.app[settings_key]
    token = issue_page(settings, decode(settings, refresh_token, REFRESH), role)
    response.set_cookie(COOKIE, token, max_age=settings.refresh_token_ttl, **_cookie_flags(request))
    response.del_cookie(SIGN_IN_COOKIE, path="/")


def end(request: web.Request, response: web.StreamResponse) -> None:
    """Drop the session cookie (the login itself is revoked by the caller)."""
    response.del_cookie(COOKIE, path="/", **_deletion_flags(request))


def sign_in_nonce(request: web.Request) -> tuple[str, str]:
    """The sign-in form's nonce (the request's, else a new one) and its CSRF token, an HMAC
    of it: the form posts the token, the nonce cookie (keep_sign_in_nonce) must match."""
    nonce = request.cookies.get(SIGN_IN_COOKIE) or secrets.token_urlsafe(24)
    return nonce, _mac(request.app[settings_key], "sign-in:" + nonce)


def keep_sign_in_nonce(request: web.Request, response: web.StreamResponse, nonce: str) -> None:
    if request.cookies.get(SIGN_IN_COOKIE) != nonce:
        response.set_cookie(SIGN_IN_COOKIE, nonce, **_cookie_flags(request))


def require_sign_in_nonce(request: web.Request, offered: str | None) -> None:
    """Refuse a sign-in whose form token does not match its nonce cookie (login CSRF)."""
    nonce = request.cookies.get(SIGN_IN_COOKIE, "")
    expected = _mac(request.app[settings_key], "sign-in:" + nonce)
    if not nonce or not hmac.compare_digest((offered or "").encode(), expected.encode()):
        raise CsrfRefused("The sign-in form has expired: load it again", {"field": CSRF_FIELD})


def is_https(request: web.Request) -> bool:
    """Whether the browser reached us over https: directly, or through a trusted proxy that
    says so (X-Forwarded-Proto)."""
    if request.secure:
        return True
    forwarded = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return forwarded == "https" and trusted_peer(request)


def own_origin(request: web.Request) -> str:
    """The origin the browser sees this server at (scheme and host, as a trusted proxy names
    them when there is one)."""
    host = request.host
    if trusted_peer(request) and request.headers.get("X-Forwarded-Host"):
        host = request.headers["X-Forwarded-Host"].split(",")[0].strip()
    return f"{'https' if is_https(request) else 'http'}://{host}".lower()


def same_origin(request: web.Request) -> bool:
    """Whether the request's Origin header is this server's own origin."""
    origin = request.headers.get("Origin", "")
    return bool(origin) and origin.rstrip("/").lower() == own_origin(request)


def _cookie_flags(request: web.Request) -> dict[str, Any]:
    return {"path": "/", "httponly": True, "samesite": "Strict", "secure": is_https(request)}


def _deletion_flags(request: web.Request) -> dict[str, Any]:
    return {"httponly": True, "samesite": "Strict", "secure": is_https(request)}


def _mac(settings: Settings, message: str) -> str:
    digest = hmac.new(settings.jwt_secret.encode(), message.encode(), hashlib.sha256)
    return digest.hexdigest()
