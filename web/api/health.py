"""Health and system information."""

from __future__ import annotations

from actors.messages import Ping
from config import VERSION
from storage.database import ping as ping_database
from storage.formats import utcnow
from storage.models import database
from web.api.schemas.system import (
    BasicHealth,
    Check,
    Checks,
    DetailedHealth,
    Features,
    Limits,
    MaintenanceOut,
    SystemInfo,
)
from web.http.calls import Call, Reply
from web.http.routing import PUBLIC, Resource
from web.keys import bridge_key, maintenance_key, sockets_key, started_key
from web.runtime.bridge import ActorSystemUnavailable

health_api = Resource(tag="health")
system_api = Resource(tag="system")

ACTOR_PING_SECONDS = 2.0


@health_api.get("/api/health/", permission=PUBLIC, inline=True)
def health(call: Call) -> BasicHealth:
    """Basic health status"""
    now = utcnow()
    return BasicHealth(
        status="healthy",
        timestamp=now,
        uptime=int((now - call.app[started_key]).total_seconds()),
        version=VERSION,
    )


@health_api.get("/api/health/detailed", permission=PUBLIC)
async def health_detailed(call: Call) -> Reply[DetailedHealth]:
    """Health of each dependency (503 when one is down)"""
    checks = Checks(
        database=await _database_check(call),
        actor_system=await _actor_check(call),
        websocket=Check(**call.app[sockets_key].health()),
    )
    healthy = all(check.status == "healthy" for _, check in checks)
    data = DetailedHealth(
        status="healthy" if healthy else "unhealthy", timestamp=utcnow(), checks=checks
    )
    return Reply(data, 200 if healthy else 503)


@system_api.get("/api/system/info")
def system_info(call: Call) -> SystemInfo:
    """Version, features and limits"""
    settings = call.settings
    return SystemInfo(
        version=VERSION,
        environment=settings.environment,
        features=Features(websocket_enabled=True, redis_enabled=False, monitoring_enabled=False),
        limits=Limits(
            max_concurrent_tasks=settings.max_concurrent_tasks,
            max_output_bytes=settings.max_output_bytes,
            max_request_bytes=settings.max_request_bytes,
        ),
        maintenance=MaintenanceOut.of(call.app[maintenance_key].window),
    )


async def _database_check(call: Call) -> Check:
    try:
        elapsed = await call.off_loop(ping_database, database.obj)
    except Exception as exc:
        return Check(status="unhealthy", error=type(exc).__name__)
    return Check(status="healthy", response_time=round(elapsed, 2))


async def _actor_check(call: Call) -> Check:
    try:
        pong = await call.app[bridge_key].ask(lambda cid, to: Ping(cid, to), ACTOR_PING_SECONDS)
    except (ActorSystemUnavailable, TimeoutError):
        return Check(status="unhealthy", error="the actor system does not answer")
    return Check(
        status="healthy" if pong.booted else "unhealthy",
        running_executions=pong.running,
        worker_slots=pong.slots,
    )
