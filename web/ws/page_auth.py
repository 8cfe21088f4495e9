"""A socket opened by the web pages: the page-session cookie stands in for a token.

The handshake's cookie counts only when the handshake's Origin is this server's own, so a
page elsewhere can never borrow a browser's session (WS_ALLOWED_ORIGINS may admit other
origins; those authenticate with a token). `{"type": "authenticate"}` without a token then
authenticates the socket as the cookie's user, with the checks REST makes (the login is live,
the account active).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from config import Settings
from web.http.errors import TokenInvalid, TokenMissing
from web.http.jwt_tokens import ACCESS, decode
from web.http.page_session import COOKIE, cookie_claims, same_origin


@dataclass(frozen=True)
class PageSession:
    """What the handshake's cookie offers: its verified claims, or why it offers none."""

    claims: dict[str, Any] | None
    refusal: str | None


def handshake_page_session(request: web.Request) -> PageSession:
    if COOKIE not in request.cookies:
        return PageSession(None, None)
    if not same_origin(request):
        return PageSession(None, "the page session authenticates sockets of this server's pages")
    try:
        return PageSession(cookie_claims(request), None)
    except TokenInvalid as exc:
        return PageSession(None, exc.message)


def socket_claims(settings: Settings, token: str | None, page: PageSession) -> dict[str, Any]:
    """The claims a socket authenticates with: the token's, else the page session's."""
    if token is not None:
        return decode(settings, token, ACCESS)
    if page.claims is not None:
        return page.claims
    if page.refusal is not None:
        raise TokenInvalid(f"Refused: {page.refusal}")
    raise TokenMissing("Authenticate with a token (or from this server's pages, signed in)")
