"""Who is calling: the bearer token of a request (or, without one, the browser's page-session
cookie), its account, and the endpoint's permission."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage import errors as storage_errors
from storage.accounts.refresh_tokens import is_live
from storage.accounts.users import get_active_user, permissions_of
from storage.models import User
from web.http.errors import Forbidden, TokenInvalid, TokenMissing
from web.http.jwt_tokens import ACCESS, PAGE, decode, issued_before
from web.http.page_session import cookie_claims
from web.keys import claims_key, settings_key


def access_claims(request: web.Request) -> dict[str, Any]:
    """The verified claims of the request's access token (no database: CPU only; once).

    Without an Authorization header, the page-session cookie's claims (kind `page`) stand in
    for them; their writes need the CSRF token too (routing checks it).
    """
    if claims_key in request:
        return request[claims_key]
    page = None if "Authorization" in request.headers else cookie_claims(request)
    claims = page or decode(request.app[settings_key], bearer_token(request), ACCESS)
    request[claims_key] = claims
    return claims


def bearer_token(request: web.Request) -> str:
    """The token of the request's `Authorization: Bearer <token>` header."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if not header:
        raise TokenMissing("Authorization header missing")
    if scheme.lower() != "bearer" or not token.strip():
        raise TokenInvalid("Authorization header must be 'Bearer <token>'")
    return token.strip()


def bearer_claims(request: web.Request) -> dict[str, Any] | None:
    """access_claims, or None when the request carries no valid access token."""
    try:
        return access_claims(request)
    except (TokenMissing, TokenInvalid):
        return None


def current_user(claims: dict[str, Any]) -> User:
    """The token's active account (blocking: a lookup); REST requests and sockets alike.

    A token issued before the account's logins were ended (new password) is refused, and a
    disabled account is AccountDisabled.
    """
    try:
        user = get_active_user(claims["sub"])
    except storage_errors.NotFound:
        raise TokenInvalid("Token subject no longer exists") from None
    if issued_before(claims, user.tokens_valid_after):
        raise TokenInvalid("Token was issued before the account's password or status changed")
    if claims["typ"] == PAGE and not is_live(claims["jti"]):
        raise TokenInvalid("The page session has ended: sign in again")
    return user


def authorised_user(claims: dict[str, Any], permission: str) -> User:
    """The token's current account (see current_user), if its role grants `permission`."""
    return permitted(current_user(claims), permission)


def permitted(user: User, permission: str) -> User:
    """The account, if its role grants `permission` (403 AUTH_INSUFFICIENT_PERMISSIONS)."""
    if permission not in permissions_of(user.role):
        raise Forbidden(
            f"This operation needs the '{permission}' permission",
            {"required": permission, "role": user.role},
        )
    return user
