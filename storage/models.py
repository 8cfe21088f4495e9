"""Peewee models of the whole domain; ids are UUID strings, times are naive UTC."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from peewee import (
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    CompositeKey,
    DatabaseProxy,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class JSONField(TextField):
    """JSON kept as text, identical on SQLite and PostgreSQL."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, separators=(",", ":"))

    def python_value(self, value: Any) -> Any:
        return None if value is None else json.loads(value)


class BaseModel(Model):
    id = CharField(primary_key=True, max_length=36, default=new_id)

    class Meta:
        database = database
        legacy_table_names = False


class User(BaseModel):
    username = CharField(max_length=64, unique=True)
    email = CharField(max_length=254, null=True)
    full_name = CharField(max_length=200, null=True)
    avatar_url = CharField(max_length=500, null=True)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=16, default="developer")
    is_active = BooleanField(default=True)
    preferences = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    last_login = DateTimeField(null=True)


class RefreshToken(BaseModel):
    """One issued refresh token (id = its jti); a family shares one login."""

    user = ForeignKeyField(User, backref="refresh_tokens", on_delete="CASCADE")
    family_id = CharField(max_length=36, index=True)
    expires_at = DateTimeField()
    revoked_at = DateTimeField(null=True)
    replaced_by = CharField(max_length=36, null=True)
    created_at = DateTimeField(default=utcnow)


class Project(BaseModel):
    name = CharField(max_length=200)
    description = TextField(default="")
    status = CharField(max_length=16, default="active", index=True)
    created_by = ForeignKeyField(User, backref="projects")
    working_directory = TextField()
    settings = JSONField(default=dict)
    resource_limits = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)
    deleted_at = DateTimeField(null=True)


class ProjectMember(BaseModel):
    project = ForeignKeyField(Project, backref="members", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    role = CharField(max_length=16, default="developer")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("project", "user"), True),)


class Task(BaseModel):
    project = ForeignKeyField(Project, backref="tasks", index=True)
    title = CharField(max_length=500)
    description = TextField(default="")
    status = CharField(max_length=16, default="pending", index=True)
    priority = IntegerField(default=0)
    progress_percentage = IntegerField(default=0)
    estimated_duration = IntegerField(null=True)
    actual_duration = IntegerField(null=True)
    assigned_to = ForeignKeyField(User, null=True, backref="assigned_tasks")
    created_by = ForeignKeyField(User, backref="created_tasks")
    tags = JSONField(default=list)
    metadata = JSONField(default=dict)
    cli_session_id = CharField(max_length=100, null=True)
    created_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)
    started_at = DateTimeField(null=True)
    completed_at = DateTimeField(null=True)
    deleted_at = DateTimeField(null=True)


class TaskTag(Model):
    """One tag of a task, normalized out of Task.tags so tag filters use an index."""

    task = ForeignKeyField(Task, backref="tag_rows", on_delete="CASCADE")
    tag = CharField(max_length=64)

    class Meta:
        database = database
        legacy_table_names = False
        primary_key = CompositeKey("task", "tag")
        indexes = ((("tag", "task"), False),)


class TaskHistory(BaseModel):
    task = ForeignKeyField(Task, backref="history", on_delete="CASCADE")
    user = ForeignKeyField(User, null=True)
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
    depends_on = ForeignKeyField(Task, backref="dependents", on_delete="CASCADE")
    dependency_type = CharField(max_length=16, default="blocks")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("task", "depends_on"), True),)


class Execution(BaseModel):
    """One attempt to run a task; written before its actor exists."""

    task = ForeignKeyField(Task, backref="executions", on_delete="CASCADE")
    status = CharField(max_length=16, default="queued")
    priority = CharField(max_length=8, default="normal")
    attempt = IntegerField(default=1)
    retry_attempts = IntegerField(default=0)
    timeout = IntegerField(null=True)
    created_by = ForeignKeyField(User, null=True)
    queued_at = DateTimeField(default=utcnow)
    started_at = DateTimeField(null=True)
    completed_at = DateTimeField(null=True)
    lease_expires_at = DateTimeField(null=True)
    pid = IntegerField(null=True)
    pgid = IntegerField(null=True)
    process_started = CharField(max_length=32, null=True)
    exit_code = IntegerField(null=True)
    error_code = CharField(max_length=64, null=True)
    error_message = TextField(null=True)
    progress_percentage = IntegerField(default=0)
    cli_session_id = CharField(max_length=100, null=True)
    result_text = TextField(null=True)
    output_bytes = BigIntegerField(default=0)
    output_truncated = BooleanField(default=False)
    cancel_reason = TextField(null=True)
    cancelled_at = DateTimeField(null=True)
    not_before = DateTimeField(null=True)

    class Meta:
        indexes = (
            (("status", "priority", "queued_at"), False),
            (("task", "attempt"), False),
            (("status", "completed_at"), False),
        )


class QueueState(Model):
    """Pause state of one priority queue; a missing row means running."""

    name = CharField(primary_key=True, max_length=8)
    paused = BooleanField(default=False)
    reason = TextField(null=True)
    paused_at = DateTimeField(null=True)
    paused_by = CharField(max_length=36, null=True)

    class Meta:
        database = database
        legacy_table_names = False


class OutputChunk(Model):
    """Ordered output of an execution or a command (stream_id), numbered per stream_id."""

    id = BigAutoField()
    stream_id = CharField(max_length=36)
    seq = IntegerField()
    stream = CharField(max_length=8)
    content = TextField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        database = database
        legacy_table_names = False
        indexes = ((("stream_id", "seq"), True),)


class Command(BaseModel):
    """An ad-hoc shell command run from the web; written (status 'starting') before its actor."""

    user = ForeignKeyField(User, backref="commands")
    project = ForeignKeyField(Project, null=True, backref="commands")
    command = TextField()
    working_directory = TextField()
    environment = JSONField(default=dict)
    status = CharField(max_length=16, default="running", index=True)
    timeout = IntegerField(null=True)
    forced = BooleanField(default=False)
    pid = IntegerField(null=True)
    pgid = IntegerField(null=True)
    process_started = CharField(max_length=32, null=True)
    exit_code = IntegerField(null=True)
    error_message = TextField(null=True)
    created_at = DateTimeField(default=utcnow)
    started_at = DateTimeField(null=True)
    completed_at = DateTimeField(null=True)
    cancelled_at = DateTimeField(null=True)
    output_bytes = BigIntegerField(default=0)
    output_truncated = BooleanField(default=False)
    stream_output = BooleanField(default=True)
    lease_expires_at = DateTimeField(null=True)
    warnings = JSONField(null=True)

    class Meta:
        indexes = ((("user", "created_at"), False),)


class Session(BaseModel):
    user = ForeignKeyField(User, backref="sessions")
    project = ForeignKeyField(Project, backref="sessions")
    status = CharField(max_length=16, default="active", index=True)
    settings = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)
    last_accessed = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    closed_at = DateTimeField(null=True)


class SessionHistory(BaseModel):
    session = ForeignKeyField(Session, backref="history", on_delete="CASCADE")
    action = CharField(max_length=32)
    details = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)


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


ALL_MODELS: tuple[type[Model], ...] = (
    User,
    RefreshToken,
    Project,
    ProjectMember,
    Task,
    TaskTag,
    TaskHistory,
    TaskDependency,
    Execution,
    QueueState,
    OutputChunk,
    Command,
    Session,
    SessionHistory,
    TaskEvent,
)
