"""The maintenance window: stored once for every web process, which each read it again every
few seconds (web/maintenance/)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from storage.database import write_transaction
from storage.formats import iso
from storage.models import User, utcnow
from storage.models.system import MAINTENANCE_ROW, Maintenance
from storage.webhooks import notify

TOLD = ("enabled", "message", "starts_at", "ends_at")  # a change of these is system.maintenance


@dataclass(frozen=True)
class MaintenanceWindow:
    enabled: bool = False
    message: str | None = None
    starts_at: dt.datetime | None = None
    ends_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    updated_by: str | None = None

    def active_at(self, moment: dt.datetime) -> bool:
        """Whether writes are refused at moment (naive UTC): enabled and within its times."""
        return (
            self.enabled
            and (self.starts_at is None or self.starts_at <= moment)
            and (self.ends_at is None or moment < self.ends_at)
        )

    @property
    def active(self) -> bool:
        return self.active_at(utcnow())

    def shown(self) -> dict[str, object]:
        """The window as /api/system/maintenance shows it (and system.maintenance carries it)."""
        return {
            "enabled": self.enabled,
            "active": self.active,
            "message": self.message,
            "starts_at": iso(self.starts_at),
            "ends_at": iso(self.ends_at),
            "updated_at": iso(self.updated_at),
            "updated_by": self.updated_by,
        }


def read_maintenance() -> MaintenanceWindow:
    row = Maintenance.get_or_none(Maintenance.id == MAINTENANCE_ROW)
    return MaintenanceWindow() if row is None else _window(row)


def save_maintenance(
    enabled: bool,
    message: str | None,
    starts_at: dt.datetime | None,
    ends_at: dt.datetime | None,
    user: User | None,
) -> MaintenanceWindow:
    values = {
        "enabled": enabled,
        "message": message,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "updated_at": utcnow(),
        "updated_by": None if user is None else user.id,
    }
    with write_transaction():
        before = read_maintenance()
        Maintenance.insert(id=MAINTENANCE_ROW, **values).on_conflict(
            conflict_target=[Maintenance.id], update=values
        ).execute()
        window = read_maintenance()
        if any(getattr(before, name) != getattr(window, name) for name in TOLD):
            notify.maintenance_changed(window.shown())
    return window


def _window(row: Maintenance) -> MaintenanceWindow:
    return MaintenanceWindow(**{f.name: getattr(row, f.name) for f in fields(MaintenanceWindow)})
