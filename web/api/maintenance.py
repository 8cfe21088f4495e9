"""The maintenance window (admin)."""

from __future__ import annotations

from storage.roles import Permission
from storage.system import MaintenanceWindow, read_maintenance, save_maintenance
from web.api.schemas.system import MaintenanceOut, MaintenanceRequest
from web.http.calls import Call
from web.http.errors import ValidationFailed
from web.http.routing import Resource
from web.keys import maintenance_key

api = Resource(tag="system")


@api.get("/api/system/maintenance")
def maintenance(call: Call) -> MaintenanceOut:
    """The maintenance window"""
    return MaintenanceOut.of(read_maintenance())


@api.post("/api/system/maintenance", permission=Permission.ADMIN)
async def set_maintenance(call: Call[MaintenanceRequest]) -> MaintenanceOut:
    """Start, schedule or end maintenance

    While enabled (from starts_at, default now, until ends_at, default until disabled), every
    write to the API by a non-admin gets 503 SYSTEM_MAINTENANCE with the message (and
    Retry-After when ends_at is set); reads, signing in and admins are not affected. Every
    socket gets a `notification` when it is set, when a scheduled window begins, and when it
    ends; other web processes see the change within seconds.
    """
    body = call.body
    if body.starts_at and body.ends_at and body.ends_at <= body.starts_at:
        raise ValidationFailed(
            "ends_at must be after starts_at", {"field": "ends_at", "issue": "before starts_at"}
        )

    def save() -> MaintenanceWindow:
        return save_maintenance(body.enabled, body.message, body.starts_at, body.ends_at, call.user)

    await call.off_loop(save)
    return MaintenanceOut.of(await call.app[maintenance_key].refresh())
