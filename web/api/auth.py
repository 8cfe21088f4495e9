"""Login, token refresh and logout."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from storage.accounts import refresh_tokens, users
from web.http.errors import TokenInvalid, TokenMissing
from web.http.jwt_tokens import REFRESH, decode, issue_access, issue_refresh
from web.http.routing import PUBLIC, endpoint, read_json
from web.http.validation import Field, Schema
from web.keys import body_key, settings_key

LOGIN = Schema(
    Field("username", required=True, min_length=1, max_length=64),
    Field("password", required=True, min_length=1, max_length=1024),
)


@endpoint(
    "POST",
    "/api/auth/login",
    "Exchange username and password for tokens",
    tag="auth",
    permission=PUBLIC,
    body=LOGIN,
)
async def login(request: web.Request) -> Any:
    body = request[body_key]
    loop = asyncio.get_running_loop()
    # scrypt is deliberately slow: keep it off the event loop
    user = await loop.run_in_executor(None, users.authenticate, body["username"], body["password"])
    return _token_pair(
        request, user, refresh_tokens.issue(user, request.app[settings_key].refresh_token_ttl)
    )


@endpoint(
    "POST",
    "/api/auth/refresh",
    "Rotate a refresh token for a new token pair",
    tag="auth",
    permission=PUBLIC,
    description="Send the refresh token from login as "
    '`Authorization: Bearer <refresh_token>` or as `{"refresh_token": ...}`. Each refresh '
    "token works once; replaying a used one revokes every token of that login.",
)
async def refresh(request: web.Request) -> Any:
    settings = request.app[settings_key]
    claims = decode(settings, await _refresh_token_of(request), REFRESH)
    successor = refresh_tokens.rotate(claims["jti"], settings.refresh_token_ttl)
    user = users.get_active_user(successor.user_id)
    return _token_pair(request, user, successor)


@endpoint(
    "POST",
    "/api/auth/logout",
    "End a login: revoke its refresh tokens",
    tag="auth",
    permission=PUBLIC,
    description="Send the refresh token as for /api/auth/refresh. Every refresh token of that "
    "login (its family) is revoked; logging out twice is harmless. Access tokens already "
    "issued stay valid until they expire (ACCESS_TOKEN_TTL).",
)
async def logout(request: web.Request) -> Any:
    settings = request.app[settings_key]
    claims = decode(settings, await _refresh_token_of(request), REFRESH)
    family = refresh_tokens.family_of(claims["jti"])
    if family is not None:
        refresh_tokens.revoke_family(family)
    return {"message": "Logged out"}


async def _refresh_token_of(request: web.Request) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    body = await read_json(request)
    if isinstance(body, dict) and isinstance(body.get("refresh_token"), str):
        return body["refresh_token"]
    if request.headers.get("Authorization"):
        raise TokenInvalid("Authorization header must be 'Bearer <refresh_token>'")
    raise TokenMissing("A refresh token is required")


def _token_pair(request: web.Request, user: Any, refresh_row: Any) -> dict[str, Any]:
    settings = request.app[settings_key]
    return {
        "access_token": issue_access(settings, user),
        "refresh_token": issue_refresh(settings, refresh_row),
        "token_type": "bearer",
        "expires_in": settings.access_token_ttl,
        "user": {"id": user.id, "username": user.username, "email": user.email, "role": user.role},
    }
