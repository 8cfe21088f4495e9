"""Tasks, their tags, history and dependencies."""

from __future__ import annotations

from peewee import (
    CharField,
    CompositeKey,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from storage.models.accounts import User
from storage.models.base import BaseModel, JSONField, database, utcnow
from storage.models.projects import Project
from storage.statuses import TaskStatus


class Task(BaseModel):
    project = ForeignKeyField(Project, backref="tasks", index=True)
    project_id: str
    title = CharField(max_length=500)
    description = TextField(default="")
    status = CharField(max_length=16, default=TaskStatus.PENDING, index=True)
    priority = IntegerField(default=0)
    progress_percentage = IntegerField(default=0)
    estimated_duration = IntegerField(null=True)
    actual_duration = IntegerField(null=True)
    assigned_to = ForeignKeyField(User, null=True, backref="assigned_tasks")
    assigned_to_id: str | None
    created_by = ForeignKeyField(User, backref="created_tasks")
    created_by_id: str
    tags = JSONField(default=list)
    metadata = JSONField(default=dict)
    cli_session_id = CharField(max_length=100, null=True)
    cost_usd = DoubleField(default=0, null=True)  # the sum of its executions' costs
    created_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)
    started_at = DateTimeField(null=True)
    completed_at = DateTimeField(null=True)
    deleted_at = DateTimeField(null=True)


class TaskTag(Model):
    """One tag of a task, normalized out of Task.tags so tag filters use an index."""

    task = ForeignKeyField(Task, backref="tag_rows", on_delete="CASCADE")
    task_id: str
    tag = CharField(max_length=64)

    class Meta:
        database = database
        legacy_table_names = False
        primary_key = CompositeKey("task", "tag")
        indexes = ((("tag", "task"), False),)


class TaskCount(Model):
    """How many live tasks a project has per status and priority (migration 0009 keeps it with
    triggers; on PostgreSQL a key may have several rows, so read it only through SUM(n))."""

    project = ForeignKeyField(Project, field=Project.id, column_name="project_id")
    project_id: str
    status = CharField(max_length=16)
    priority = IntegerField()
    n = IntegerField()

    class Meta:
        database = database
        legacy_table_names = False
        primary_key = False


class TaskHistory(BaseModel):
    task = ForeignKeyField(Task, backref="history", on_delete="CASCADE")
    task_id: str
    user = ForeignKeyField(User, null=True)
    user_id: str | None
    action = CharField(max_length=32)
    field = CharField(max_length=64, null=True)
    old_value = JSONField(null=True)
    new_value = JSONField(null=True)
    details = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("task", "created_at"), False),)


class TaskDependency(BaseModel):
    task = ForeignKeyField(Task, backref="dependencies", on_delete="CASCADE")
    task_id: str
    depends_on = ForeignKeyField(Task, backref="dependents", on_delete="CASCADE")
    depends_on_id: str
    dependency_type = CharField(max_length=16, default="blocks")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("task", "depends_on"), True),)
