"""The maintenance window in this web process: its state, kept current, and the refusal of
writes by non-admins while it is active."""

from web.maintenance.middleware import maintenance_middleware, refusal
from web.maintenance.watch import MaintenanceWatch, watch_maintenance

__all__ = ["MaintenanceWatch", "maintenance_middleware", "refusal", "watch_maintenance"]
