"""State of the whole installation, one row each."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, IntegerField, Model, TextField

from storage.models.base import database, utcnow

MAINTENANCE_ROW = 1


class Maintenance(Model):
    """The maintenance window: writes by non-admins are refused while it is active."""

    id = IntegerField(primary_key=True, default=MAINTENANCE_ROW)
    enabled = BooleanField(default=False)
    message = TextField(null=True)
    starts_at = DateTimeField(null=True)  # None: from when it was enabled
    ends_at = DateTimeField(null=True)  # None: until it is disabled
    updated_at = DateTimeField(default=utcnow)
    updated_by = CharField(max_length=36, null=True)

    class Meta:
        database = database
        legacy_table_names = False
