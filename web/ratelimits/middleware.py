"""Every request counted against its caller's limit; every response shows the figures.

The caller is the verified access token's user (no database: the signature and the token's
`role` claim say who and which tier) or, without a valid token, the client address. A refused
request is 429 RATE_LIMIT_EXCEEDED; the X-RateLimit-* headers (and Retry-After on a refusal) are
written just before any response is sent, WebSocket handshakes and framework errors included.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web

from config.rate_limits import Limits, RateLimitSettings
from storage.roles import Role
from web.http.auth import bearer_claims
from web.http.errors import RateLimited
from web.keys import limiter_key, login_throttle_key, metrics_key, settings_key, verdict_key
from web.metrics import RateLimit
from web.ratelimits.clients import client_address
from web.ratelimits.limiter import Limiter
from web.ratelimits.login import LoginThrottle

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def rate_limits(app: web.Application) -> None:
    """Install the limits of the app's settings (nothing when RATE_LIMITS=off), inside the
    middlewares installed before (so a refusal leaves in the envelope)."""
    if not app[settings_key].rate_limits.enabled:
        return
    app.middlewares.append(rate_limit_middleware)
    app.on_response_prepare.append(_headers)
    app.cleanup_ctx.append(_limiter)


async def _limiter(app: web.Application) -> AsyncIterator[None]:
    settings = app[settings_key].rate_limits
    limiter = Limiter(settings)
    app[limiter_key] = limiter
    app[login_throttle_key] = LoginThrottle(limiter, settings.login)
    yield
    await limiter.close()


@dataclass(frozen=True)
class Caller:
    """Whom a request is counted against: the limits that apply, which they are, the key."""

    limits: Limits
    tier: RateLimit
    key: str


@web.middleware
async def rate_limit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    who = caller(request, request.app[settings_key].rate_limits)
    verdict = await request.app[limiter_key].hit(who.limits, who.key)
    if verdict is not None:
        request[verdict_key] = verdict
        if not verdict.allowed:
            request.app[metrics_key].refused(who.tier)
            raise RateLimited(verdict)
    try:
        return await handler(request)
    except RateLimited as exc:  # the login throttle's: its window's figures are shown
        request[verdict_key] = exc.verdict
        request.app[metrics_key].refused(RateLimit.LOGIN)
        raise


def caller(request: web.Request, settings: RateLimitSettings) -> Caller:
    """The limits that apply to the request and the key they are counted under."""
    claims = bearer_claims(request)
    if claims is None:
        address = client_address(request, settings.trusted_proxies)
        return Caller(settings.anonymous, RateLimit.ANONYMOUS, "ip:" + address)
    if claims.get("role") == Role.PREMIUM:
        return Caller(settings.premium, RateLimit.PREMIUM, f"user:{claims['sub']}")
    return Caller(settings.user, RateLimit.USER, f"user:{claims['sub']}")


async def _headers(request: web.Request, response: web.StreamResponse) -> None:
    if verdict_key in request:
        response.headers.update(request[verdict_key].headers(time.time()))
