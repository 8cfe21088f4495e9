"""While the maintenance window is active, writes to the API (and the Web UI's form posts,
which call its operations) by anyone but an admin get 503 SYSTEM_MAINTENANCE (with
Retry-After when it has an end). Reads, signing in and out, and admins' requests go through,
so an admin can always end it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

from aiohttp import web

from storage.error_codes import ErrorCode
from storage.formats import iso, utcnow
from storage.roles import Role
from storage.system import MaintenanceWindow
from web.http.auth import bearer_claims
from web.http.errors import ApiError
from web.keys import maintenance_key
from web.maintenance.watch import DEFAULT_MESSAGE

READS = frozenset({"GET", "HEAD", "OPTIONS"})
OPEN_PATHS = ("/api/auth/", "/sign-in", "/sign-out")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def maintenance_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    window = request.app[maintenance_key].window
    now = utcnow()
    if window.active_at(now) and _refused(request):
        raise refusal(window, now)
    return await handler(request)


def refusal(window: MaintenanceWindow, now: dt.datetime) -> ApiError:
    """503 SYSTEM_MAINTENANCE with the window's message and end (REST and sockets alike)."""
    headers = {}
    if window.ends_at is not None:
        headers["Retry-After"] = str(max(1, int((window.ends_at - now).total_seconds())))
    return ApiError(
        window.message or DEFAULT_MESSAGE,
        {"ends_at": iso(window.ends_at)},
        code=ErrorCode.SYSTEM_MAINTENANCE,
        headers=headers,
    )


def _refused(request: web.Request) -> bool:
    """A write by anyone but an admin (by the verified token's or page session's role claim)."""
    if request.method in READS:
        return False
    if request.path.startswith(OPEN_PATHS):
        return False
    claims = bearer_claims(request)
    return claims is None or claims.get("role") != Role.ADMIN
