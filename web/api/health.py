"""Health and system information."""

from __future__ import annotations

from actors.sandbox import Sandbox
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
    SandboxCheck,
    SystemInfo,
)
from web.http.calls import Call, Reply
from web.http.routing import PUBLIC, Resource
from web.keys import bridge_key, maintenance_key, sockets_key, started_key
from web.runtime.ping import runtime_pong

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
    actor_system, sandbox = await _actor_check(call)
    checks = Checks(
        database=await _database_check(call),
        actor_system=actor_system,
        websocket=Check(**call.app[sockets_key].health()),
        sandbox=sandbox,
    )
    healthy = all(c.status == "healthy" for c in (checks.database, actor_system, checks.websocket))
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
        features=Features(websocket_enabled=True, redis_enabled=False, monitoring_enabled=True),
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


async def _actor_check(call: Call) -> tuple[Check, SandboxCheck]:
    """The actor system's health and the sandbox its runs get (both from one Ping)."""
    pong = await runtime_pong(call.app[bridge_key], ACTOR_PING_SECONDS)
    if pong is None:
        down = Check(status="unhealthy", error="the actor system does not answer")
        return down, SandboxCheck(status="unknown")
    check = Check(
        status="healthy" if pong.booted else "unhealthy",
        running_executions=pong.running,
        worker_slots=pong.slots,
    )
    return check, _sandbox_check(pong.sandbox)


def _sandbox_check(sandbox: Sandbox | None) -> SandboxCheck:
    if sandbox is None:
        return SandboxCheck(status="unknown")
    if sandbox.enabled:
        return SandboxCheck(
            status="enabled",
            mode="bwrap",
            detail=sandbox.detail,
            cgroup_limits=list(sandbox.cgroup_limits),
            command_network=sandbox.command_network,
        )
    return SandboxCheck(
        status="disabled",
        mode="off",
        detail=sandbox.detail,
        unsandboxed_commands="everyone" if sandbox.allow_unsandboxed else "admins",
    )
