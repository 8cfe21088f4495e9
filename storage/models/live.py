"""The task event log watchers replay from."""

from __future__ import annotations

from peewee import BigAutoField, BigIntegerField, CharField, DateTimeField, Model

from storage.models.base import JSONField, database, utcnow


class TaskEvent(Model):
    """A task event as announced to watchers, numbered per project (its stream) without gaps."""

    id = BigAutoField()
    project_id = CharField(max_length=36)
    seq = BigIntegerField()
    task_id = CharField(max_length=36)
    kind = CharField(max_length=32)
    data = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        database = database
        legacy_table_names = False
        indexes = ((("project_id", "seq"), True),)
