"""State of the whole installation: the maintenance window."""

from storage.system.maintenance import MaintenanceWindow, read_maintenance, save_maintenance

__all__ = ["MaintenanceWindow", "read_maintenance", "save_maintenance"]
