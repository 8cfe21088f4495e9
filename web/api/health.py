"""Health and system information."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from actors.messages import Ping
from config import VERSION
from storage.database import ping as ping_database
from storage.formats import iso, utcnow
from storage.models import database
from web.http.envelope import ok
from web.http.routing import PUBLIC, endpoint
from web.keys import bridge_key, settings_key, sockets_key, started_key
from web.runtime.bridge import ActorSystemUnavailable

ACTOR_PING_SECONDS = 2.0


@endpoint("GET", "/api/health/", "Basic health status", tag="health", permission=PUBLIC)
async def health(request: web.Request) -> Any:
    now = utcnow()
    return {
        "status": "healthy",
        "timestamp": iso(now),
        "uptime": int((now - request.app[started_key]).total_seconds()),
        "version": VERSION,
    }


@endpoint(
    "GET",
    "/api/health/detailed",
    "Health of each dependency (503 when one is down)",
    tag="health",
    permission=PUBLIC,
)
async def health_detailed(request: web.Request) -> web.Response:
    checks = {
        "database": await _database_check(),
        "actor_system": await _actor_check(request),
        "websocket": request.app[sockets_key].health(),
    }
    healthy = all(check["status"] == "healthy" for check in checks.values())
    data = {
        "status": "healthy" if healthy else "unhealthy",
        "timestamp": iso(utcnow()),
        "checks": checks,
    }
    return ok(request, data, 200 if healthy else 503)


@endpoint("GET", "/api/system/info", "Version, features and limits", tag="system")
async def system_info(request: web.Request) -> Any:
    settings = request.app[settings_key]
    return {
        "version": VERSION,
        "environment": settings.environment,
        "features": {
            "websocket_enabled": True,
            "redis_enabled": False,
            "monitoring_enabled": False,
        },
        "limits": {
            "max_concurrent_tasks": settings.max_concurrent_tasks,
            "max_output_bytes": settings.max_output_bytes,
            "max_request_bytes": settings.max_request_bytes,
        },
    }


async def _database_check() -> dict[str, Any]:
    loop = asyncio.get_running_loop()
    try:
        elapsed = await loop.run_in_executor(None, ping_database, database.obj)
    except Exception as exc:
        return {"status": "unhealthy", "error": type(exc).__name__}
    return {"status": "healthy", "response_time": round(elapsed, 2)}


async def _actor_check(request: web.Request) -> dict[str, Any]:
    bridge = request.app[bridge_key]
    try:
        pong = await bridge.ask(lambda cid, to: Ping(cid, to), ACTOR_PING_SECONDS)
    except (ActorSystemUnavailable, TimeoutError):
        return {"status": "unhealthy", "error": "the actor system does not answer"}
    return {
        "status": "healthy" if pong.booted else "unhealthy",
        "running_executions": pong.running,
        "worker_slots": pong.slots,
    }
