"""Typed keys of the application's state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from config import Settings

if TYPE_CHECKING:
    from web.http.errors import ApiError
    from web.http.offload import Reads, Writes
    from web.maintenance import MaintenanceWatch
    from web.metrics import WebFigures
    from web.ratelimits import Limiter, LoginThrottle, Verdict
    from web.runtime.bridge import ActorBridge
    from web.ws.sockets import Sockets

settings_key = web.AppKey("settings", Settings)
bridge_key: web.AppKey[ActorBridge] = web.AppKey("bridge")
started_key = web.AppKey("started", dt.datetime)
sockets_key: web.AppKey[Sockets] = web.AppKey("sockets")
database_executor_key: web.AppKey[Reads] = web.AppKey("database_executor")
write_executor_key: web.AppKey[Writes] = web.AppKey("write_executor")
limiter_key: web.AppKey[Limiter] = web.AppKey("limiter")
login_throttle_key: web.AppKey[LoginThrottle] = web.AppKey("login_throttle")
maintenance_key: web.AppKey[MaintenanceWatch] = web.AppKey("maintenance")
metrics_key: web.AppKey[WebFigures] = web.AppKey("metrics")
# (request, error) → the web pages' rendering of an error on a page's path, else None
page_errors_key: web.AppKey[Callable[[web.Request, ApiError], web.Response | None]] = web.AppKey(
    "page_errors"
)

request_id_key = web.RequestKey("request_id", str)
caller_key = web.RequestKey("caller", str)  # the user id of a verified access token
claims_key: web.RequestKey[dict[str, Any]] = web.RequestKey("claims")
verdict_key: web.RequestKey[Verdict] = web.RequestKey("rate_limit_verdict")
prepared_key = web.RequestKey("prepared_response", web.StreamResponse)  # its headers are sent
