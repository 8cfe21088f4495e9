"""Login, token refresh and logout."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from storage.accounts import refresh_tokens, users
from storage.models import RefreshToken, User, utcnow
from storage.roles import Permission
from web.api.schemas.accounts import LoginRequest, TokenPair, TokenUser
from web.http.auth import authorised_user
from web.http.calls import Call
from web.http.errors import TokenInvalid, TokenMissing
from web.http.jwt_tokens import ACCESS, REFRESH, decode, granted_at, issue_access, issue_refresh
from web.http.models import Body, Message
from web.http.routing import PUBLIC, Resource
from web.http.validation import json_of
from web.ratelimits import login_attempt

api = Resource(tag="auth")


@api.post("/api/auth/login", permission=PUBLIC)
async def login(call: Call[LoginRequest]) -> TokenPair:
    """Exchange username and password for tokens

    Failed attempts are throttled per client address and per username (RATE_LIMIT_LOGIN, windows
    of growing length): while one is full every attempt answers 429 `RATE_LIMIT_EXCEEDED` with
    `Retry-After`, before the password is checked. A successful login clears its username's count.
    """
    body = call.body

    def grant() -> TokenPair:
        user = users.authenticate(body.username, body.password)  # scrypt: slow on purpose
        return _token_pair(call, user, refresh_tokens.issue(user, call.settings.refresh_token_ttl))

    async with login_attempt(call.request, body.username):
        return await call.off_loop(grant)


@api.post("/api/auth/refresh", permission=PUBLIC)
async def refresh(call: Call) -> TokenPair:
    """Get a new access token with an access token, or rotate a refresh token

    With `Authorization: Bearer <access_token>` (API.md, Authentication Flow): a new access token
    for the same login while the one sent is still valid; no refresh token comes back. Each new
    token keeps the `iat` of the login it descends from, so a password change refuses every
    descendant, and a login can be extended this way for REFRESH_TOKEN_TTL at most (then log in
    again).

    With the refresh token from login (`Authorization: Bearer <refresh_token>` or
    `{"refresh_token": ...}`): a new token pair. Each refresh token works once; replaying a used
    one revokes every token of that login.
    """
    token, in_header = await _bearer_or_body_token(call.request)
    claims = decode(call.settings, token, *((ACCESS, REFRESH) if in_header else (REFRESH,)))
    if claims["typ"] == ACCESS:
        return await call.off_loop(_renew_access, call, claims)

    def rotate() -> TokenPair:
        successor = refresh_tokens.rotate(claims["jti"], call.settings.refresh_token_ttl)
        return _token_pair(call, users.get_active_user(successor.user_id), successor)

    return await call.off_loop(rotate)


def _renew_access(call: Call, claims: dict[str, Any]) -> TokenPair:
    """A successor of a valid access token, dated like it; refused once its login is older than
    REFRESH_TOKEN_TTL, or issued before the account's password or status changed."""
    user = authorised_user(claims, Permission.READ)
    granted = granted_at(claims)
    if utcnow() - granted > dt.timedelta(seconds=call.settings.refresh_token_ttl):
        raise TokenInvalid("This login is older than the longest a refresh may extend it: log in")
    return TokenPair(
        access_token=issue_access(call.settings, user, issued_at=granted),
        token_type="bearer",
        expires_in=call.settings.access_token_ttl,
        user=TokenUser.read(user),
    )


@api.post("/api/auth/logout", permission=PUBLIC)
async def logout(call: Call) -> Message:
    """End a login: revoke its refresh tokens

    Send the refresh token as for /api/auth/refresh. Every refresh token of that login (its family)
    is revoked; logging out twice is harmless. Access tokens already issued stay valid until they
    expire (ACCESS_TOKEN_TTL).
    """
    claims = await _refresh_claims(call)

    def revoke() -> None:
        family = refresh_tokens.family_of(claims["jti"])
        if family is not None:
            refresh_tokens.revoke_family(family)

    await call.off_loop(revoke)
    return Message(message="Logged out")


async def _refresh_claims(call: Call) -> dict[str, Any]:
    """The claims of the refresh token the request carries (header or body), checked."""
    token, _ = await _bearer_or_body_token(call.request)
    return decode(call.settings, token, REFRESH)


async def _bearer_or_body_token(request: web.Request) -> tuple[str, bool]:
    """The bearer token, or the body's refresh_token; and whether it came in the header."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip(), True
    body = json_of(await request.read())
    if isinstance(body, dict) and isinstance(body.get("refresh_token"), str):
        return str(body["refresh_token"]), False
    if request.headers.get("Authorization"):
        raise TokenInvalid("Authorization header must be 'Bearer <refresh_token>'")
    raise TokenMissing("A refresh token is required")


def _token_pair(call: Call[Body], user: User, refresh_row: RefreshToken) -> TokenPair:
    settings = call.settings
    return TokenPair(
        # dated by the refresh row, written under the account's share lock: see refresh_tokens
        access_token=issue_access(settings, user, issued_at=refresh_row.created_at),
        refresh_token=issue_refresh(settings, refresh_row),
        token_type="bearer",
        expires_in=settings.access_token_ttl,
        user=TokenUser.read(user),
    )
