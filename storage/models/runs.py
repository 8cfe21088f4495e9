"""Runs: executions of tasks, queue state, output chunks, ad-hoc commands."""

from __future__ import annotations

from peewee import (
    BigAutoField,
    BigIntegerField,
    BooleanField,
    CharField,
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
from storage.models.tasks import Task
from storage.statuses import CommandStatus, ExecutionStatus, Priority


class Execution(BaseModel):
    """One attempt to run a task; written before its actor exists."""

    task = ForeignKeyField(Task, backref="executions", on_delete="CASCADE")
    task_id: str
    status = CharField(max_length=16, default=ExecutionStatus.QUEUED)
    priority = CharField(max_length=8, default=Priority.NORMAL)
    attempt = IntegerField(default=1)
    retry_attempts = IntegerField(default=0)
    timeout = IntegerField(null=True)
    created_by = ForeignKeyField(User, null=True)
    created_by_id: str | None
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
    cli_options = JSONField(null=True)  # the CLI options the run used (storage.cli)
    prompt = TextField(null=True)  # a follow-up message sent instead of the task's text
    resume_session_id = CharField(max_length=100, null=True)  # the CLI session it continues
    # worktree isolation (actors.runs.worktrees): where it ran, and what it changed there
    worktree_branch = CharField(max_length=200, null=True)
    worktree_base_commit = CharField(max_length=64, null=True)
    worktree_head_commit = CharField(max_length=64, null=True)
    worktree_path = TextField(null=True)
    diff_stat = TextField(null=True)
    diff_patch = TextField(null=True)
    diff_truncated = BooleanField(null=True)
    worktree_error = TextField(null=True)
    # what the CLI reported (storage.runs.usage): its init event, then its result event
    model = CharField(max_length=100, null=True)
    cli_init = JSONField(null=True)
    cost_usd = DoubleField(null=True)
    input_tokens = BigIntegerField(null=True)
    output_tokens = BigIntegerField(null=True)
    cache_creation_input_tokens = BigIntegerField(null=True)
    cache_read_input_tokens = BigIntegerField(null=True)
    num_turns = IntegerField(null=True)
    duration_ms = BigIntegerField(null=True)
    duration_api_ms = BigIntegerField(null=True)
    result_subtype = CharField(max_length=64, null=True)

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


class TranscriptMessage(Model):
    """One structured message of an execution's CLI stream, numbered per execution."""

    id = BigAutoField()
    execution_id = CharField(max_length=36)
    seq = IntegerField()
    kind = CharField(max_length=16)
    data = JSONField()
    created_at = DateTimeField(default=utcnow)

    class Meta:
        database = database
        legacy_table_names = False
        indexes = ((("execution_id", "seq"), True),)


class Command(BaseModel):
    """An ad-hoc shell command run from the web; written (status starting) before its actor."""

    user = ForeignKeyField(User, backref="commands")
    user_id: str
    project = ForeignKeyField(Project, null=True, backref="commands")
    project_id: str | None
    command = TextField()
    working_directory = TextField()
    environment = JSONField(default=dict)
    status = CharField(max_length=16, default=CommandStatus.RUNNING, index=True)
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
