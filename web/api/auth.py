"""Login, token refresh and logout."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage.accounts import refresh_tokens, users
from storage.models import RefreshToken, User
from web.api.schemas.accounts import LoginRequest, TokenPair, TokenUser
from web.http.calls import Call
from web.http.errors import TokenInvalid, TokenMissing
from web.http.jwt_tokens import REFRESH, decode, issue_access, issue_refresh
from web.http.models import Body, Message
from web.http.routing import PUBLIC, Resource
from web.http.validation import json_of

api = Resource(tag="auth")


@api.post("/api/auth/login", permission=PUBLIC)
def login(call: Call[LoginRequest]) -> TokenPair:
    """Exchange username and password for tokens"""
    user = users.authenticate(call.body.username, call.body.password)  # scrypt: slow on purpose
    return _token_pair(call, user, refresh_tokens.issue(user, call.settings.refresh_token_ttl))


@api.post("/api/auth/refresh", permission=PUBLIC)
async def refresh(call: Call) -> TokenPair:
    """Rotate a refresh token for a new token pair

    Send the refresh token from login as `Authorization: Bearer <refresh_token>` or as
    `{"refresh_token": ...}`. Each refresh token works once; replaying a used one revokes every
    token of that login.
    """
    claims = await _refresh_claims(call)

    def rotate() -> TokenPair:
        successor = refresh_tokens.rotate(claims["jti"], call.settings.refresh_token_ttl)
        return _token_pair(call, users.get_active_user(successor.user_id), successor)

    return await call.off_loop(rotate)


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
    return decode(call.settings, await _refresh_token_of(call.request), REFRESH)


async def _refresh_token_of(request: web.Request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    body = json_of(await request.read())
    if isinstance(body, dict) and isinstance(body.get("refresh_token"), str):
        return str(body["refresh_token"])
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
