"""The API's models: answers as pydantic models, requests as TypedDicts.

Generated from the OpenAPI document of API 1.0.0 by sdk/python/codegen/generate.py:
do not edit, regenerate."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Literal, Required, TypeAlias, TypedDict

from pydantic import JsonValue

from claude_cli_sdk._base import ApiModel

CommandStatus: TypeAlias = Literal[
    "starting", "running", "completed", "failed", "cancelled", "timeout", "refused"
]

DeliveryStatus: TypeAlias = Literal["pending", "delivering", "delivered", "failed", "cancelled"]

ErrorCode: TypeAlias = Literal[
    "AUTH_TOKEN_INVALID",
    "AUTH_TOKEN_MISSING",
    "AUTH_INVALID_CREDENTIALS",
    "AUTH_INSUFFICIENT_PERMISSIONS",
    "AUTH_ACCOUNT_DISABLED",
    "AUTH_CSRF_TOKEN_INVALID",
    "VALIDATION_ERROR",
    "VALIDATION_REQUIRED_FIELD",
    "VALIDATION_INVALID_FORMAT",
    "VALIDATION_VALUE_TOO_LONG",
    "VALIDATION_VALUE_TOO_SHORT",
    "RESOURCE_NOT_FOUND",
    "RESOURCE_ALREADY_EXISTS",
    "RESOURCE_IN_USE",
    "RESOURCE_LIMIT_EXCEEDED",
    "METHOD_NOT_ALLOWED",
    "PAYLOAD_TOO_LARGE",
    "TASK_NOT_FOUND",
    "TASK_ALREADY_RUNNING",
    "TASK_NOT_RUNNING",
    "TASK_NOT_RETRYABLE",
    "TASK_DEPENDENCY_NOT_MET",
    "TASK_EXECUTION_FAILED",
    "TASK_TIMEOUT",
    "TASK_CANCELLED",
    "TASK_NO_SESSION",
    "PROJECT_NOT_FOUND",
    "PROJECT_ACCESS_DENIED",
    "PROJECT_ARCHIVED",
    "PROJECT_LIMIT_EXCEEDED",
    "PROJECT_NOT_A_REPOSITORY",
    "SESSION_NOT_ACTIVE",
    "COMMAND_UNSAFE",
    "COMMAND_NOT_RUNNING",
    "SANDBOX_UNAVAILABLE",
    "WEBHOOK_URL_REFUSED",
    "WEBHOOK_INACTIVE",
    "SYSTEM_MAINTENANCE",
    "SYSTEM_OVERLOADED",
    "DATABASE_ERROR",
    "QUEUE_FULL",
    "RATE_LIMIT_EXCEEDED",
    "WEBSOCKET_CONNECTION_FAILED",
    "WEBSOCKET_ORIGIN_REFUSED",
    "SUBSCRIPTION_REVOKED",
    "INTERNAL_ERROR",
]

ExecutionStatus: TypeAlias = Literal["queued", "running", "completed", "failed", "cancelled"]

Isolation: TypeAlias = Literal["none", "worktree"]

MessageKind: TypeAlias = Literal[
    "system_init",
    "text",
    "thinking",
    "user_text",
    "tool_use",
    "tool_result",
    "result",
    "event",
    "truncated",
]

Permission: TypeAlias = Literal["read", "write", "execute", "admin"]

PermissionMode: TypeAlias = Literal["default", "acceptEdits", "bypassPermissions", "plan"]

Priority: TypeAlias = Literal["high", "normal", "low"]

ProjectRole: TypeAlias = Literal["owner", "maintainer", "developer", "viewer"]

ProjectStatus: TypeAlias = Literal["active", "archived", "completed"]

Role: TypeAlias = Literal["admin", "developer", "premium", "viewer"]

SessionStatus: TypeAlias = Literal["active", "expired", "closed"]

TaskStatus: TypeAlias = Literal["pending", "queued", "running", "completed", "failed", "cancelled"]

WebhookEvent: TypeAlias = Literal[
    "task.created",
    "task.updated",
    "task.completed",
    "task.failed",
    "project.created",
    "project.updated",
    "system.maintenance",
    "system.alert",
]


class Activity(ApiModel):
    """Part of ProjectDetails."""

    timestamp: dt.datetime
    action: str
    task_id: str
    task_title: str
    user_id: str | None
    user_name: str | None


class Analytics(ApiModel):
    """What project_analytics answers."""

    project_id: str
    period: Literal["7d", "30d", "90d", "1y"]
    start_date: str
    end_date: str
    summary: Summary
    task_trends: Trends
    performance_metrics: PerformanceMetrics
    team_performance: list[TeamMember]
    costs: Costs


class AttemptOut(ApiModel):
    """Part of DeliveryOut."""

    number: int
    status: Literal["succeeded", "failed"]
    response_code: int | None
    duration_ms: int
    error: str | None
    started_at: dt.datetime
    next_attempt_at: dt.datetime | None


class BasicHealth(ApiModel):
    """What health answers."""

    status: Literal["healthy", "unhealthy"]
    timestamp: dt.datetime
    uptime: int
    version: str


class BulkResult(ApiModel):
    """What bulk_tasks answers."""

    operation: Literal[
        "update_status", "assign", "add_tags", "remove_tags", "delete", "set_priority"
    ]
    affected_count: int
    successful: list[str]
    failed: list[str]
    errors: list[TaskFailure]


class Cancelled(ApiModel):
    """What cancel_task answers."""

    task_id: str
    execution_id: str
    status: Literal["cancelled"]
    cancelled_at: dt.datetime | None
    reason: str


class Check(ApiModel):
    """One dependency; the other fields depend on which."""

    status: Literal["healthy", "unhealthy"]
    error: str | None = None
    response_time: float | None = None
    running_executions: int | None = None
    worker_slots: int | None = None
    active_connections: int | None = None
    avg_latency: float | None = None
    latency_of: str | None = None


class Checks(ApiModel):
    """Part of DetailedHealth."""

    database: Check
    actor_system: Check
    websocket: Check
    sandbox: SandboxCheck


class Chunk(ApiModel):
    """One piece of a run's output, in order (`seq`)."""

    seq: int
    timestamp: dt.datetime
    stream: str
    content: str


class Cleared(ApiModel):
    """What clear_queue answers."""

    queue_name: str
    cleared: int


class CommandCancelled(ApiModel):
    """What cancel_command answers."""

    command_id: str
    status: CommandStatus
    cancelled_at: dt.datetime | None
    exit_code: int | None


class CommandDetails(ApiModel):
    """What command_status answers."""

    command_id: str
    command: str
    status: CommandStatus
    user_id: str
    project_id: str | None
    working_directory: str | None
    pid: int | None
    exit_code: int | None
    error: str | None
    forced: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    duration: float | None
    timeout: int | None
    warnings: list[str]
    environment: dict[str, JsonValue]
    output_bytes: int | None
    output_truncated: bool | None
    output: list[Chunk]


class CommandHistory(ApiModel):
    """What command_history answers."""

    commands: list[CommandSummary]
    total: int
    limit: int
    offset: int


class CommandStarted(ApiModel):
    """A command as execute answers: its limits and the safety warnings it was run with."""

    command_id: str
    command: str
    status: CommandStatus
    user_id: str
    project_id: str | None
    working_directory: str | None
    pid: int | None
    exit_code: int | None
    error: str | None
    forced: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    duration: float | None
    timeout: int | None
    warnings: list[str]


class CommandSummary(ApiModel):
    """Part of CommandHistory, RunningCommands."""

    command_id: str
    command: str
    status: CommandStatus
    user_id: str
    project_id: str | None
    working_directory: str | None
    pid: int | None
    exit_code: int | None
    error: str | None
    forced: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    duration: float | None


class Conversation(ApiModel):
    """A task's executions, oldest first: each a turn of the CLI session it continued."""

    task_id: str
    turns: list[ExecutionOut]


class Costs(ApiModel):
    """What the project's CLI runs that ended in the period cost (their total_cost_usd)."""

    cost_usd: float
    tokens: Tokens
    cost_per_day: list[float]
    cost_per_completed_task: float | None


class DashboardLayoutOut(ApiModel):
    """Part of Preferences."""

    widgets: list[str]
    columns: int


class Deleted(ApiModel):
    """A soft delete: the row stays, hidden from every list and lookup."""

    message: str
    id: str
    deleted_at: dt.datetime | None


class DeliveryOut(ApiModel):
    """What get_delivery, redeliver and test_webhook answer."""

    id: str
    webhook_id: str
    event: str
    status: DeliveryStatus
    attempt_count: int
    next_attempt_at: dt.datetime | None
    last_response_code: int | None
    last_error: str | None
    redelivery_of: str | None
    created_at: dt.datetime
    completed_at: dt.datetime | None
    payload: dict[str, JsonValue]
    attempts: list[AttemptOut]


class DeliveryPage(ApiModel):
    """A page of a webhook's deliveries, newest first by default, each with its attempts."""

    items: list[DeliveryOut]
    total: int
    page: int
    page_size: int
    pages: int
    has_next: bool
    has_previous: bool
    pagination: Pagination


class DependencyOut(ApiModel):
    """Part of TaskDetails."""

    id: str
    depends_on_task_id: str
    dependency_type: str
    task: DependencyTask


class DependencyTask(ApiModel):
    """Part of DependencyOut."""

    title: str
    status: TaskStatus


class DetailedHealth(ApiModel):
    """What health_detailed answers."""

    status: Literal["healthy", "unhealthy"]
    timestamp: dt.datetime
    checks: Checks


class DetailedStatistics(ApiModel):
    """Part of ProjectDetails."""

    total_tasks: int
    completed_tasks: int
    pending_tasks: int
    running_tasks: int
    failed_tasks: int
    cancelled_tasks: int
    completion_rate: float
    average_task_duration: str | None


class Diff(ApiModel):
    """
    What an isolated execution changed: the diff from its base commit, capped at
    WORKTREE_DIFF_MAX_BYTES (truncated).
    """

    branch: str
    base_commit: str
    head_commit: str | None
    path: str
    error: str | None
    execution_id: str
    stat: str | None
    patch: str | None
    truncated: bool | None


class ExecutionDetails(ApiModel):
    """An execution with its first output chunks."""

    id: str
    status: ExecutionStatus
    priority: Priority
    attempt: int
    retry_attempts_left: int
    exit_code: int | None
    error: RunError | None
    queued_at: dt.datetime | None
    not_before: dt.datetime | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str | None
    timeout: int | None
    progress_percentage: int | None
    cli_session_id: str | None
    result: str | None
    output_bytes: int | None
    output_truncated: bool | None
    cli: dict[str, JsonValue]
    prompt: str | None
    worktree: WorktreeOut | None
    resume_session_id: str | None
    model: str | None
    cli_init: dict[str, JsonValue] | None
    cost_usd: float | None
    usage: Usage | None
    num_turns: int | None
    duration_ms: int | None
    duration_api_ms: int | None
    result_subtype: str | None
    output: list[Chunk]


class ExecutionList(ApiModel):
    """What list_executions answers."""

    task_id: str
    executions: list[ExecutionOut]


class ExecutionOut(ApiModel):
    """Part of Conversation, ExecutionList."""

    id: str
    status: ExecutionStatus
    priority: Priority
    attempt: int
    retry_attempts_left: int
    exit_code: int | None
    error: RunError | None
    queued_at: dt.datetime | None
    not_before: dt.datetime | None
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str | None
    timeout: int | None
    progress_percentage: int | None
    cli_session_id: str | None
    result: str | None
    output_bytes: int | None
    output_truncated: bool | None
    cli: dict[str, JsonValue]
    prompt: str | None
    worktree: WorktreeOut | None
    resume_session_id: str | None
    model: str | None
    cli_init: dict[str, JsonValue] | None
    cost_usd: float | None
    usage: Usage | None
    num_turns: int | None
    duration_ms: int | None
    duration_api_ms: int | None
    result_subtype: str | None


class ExecutionOutput(ApiModel):
    """What execution_output answers."""

    execution_id: str
    status: ExecutionStatus
    output: list[Chunk]


class Features(ApiModel):
    """Part of SystemInfo."""

    websocket_enabled: bool
    redis_enabled: bool
    monitoring_enabled: bool


class FindingOut(ApiModel):
    """Part of ValidationOut."""

    rule: str
    severity: str
    message: str
    suggestion: str


class HistoryEntry(ApiModel):
    """One change: the flat old/new values, and the same inside details."""

    id: str
    timestamp: dt.datetime
    action: str
    field: str | None
    old_value: JsonValue
    new_value: JsonValue
    user_id: str | None
    user_name: str | None
    details: dict[str, JsonValue]


class Limits(ApiModel):
    """Part of SystemInfo."""

    max_concurrent_tasks: int
    max_output_bytes: int
    max_request_bytes: int


class MaintenanceOut(ApiModel):
    """What maintenance and set_maintenance answer."""

    enabled: bool
    active: bool
    message: str | None
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    updated_at: dt.datetime | None
    updated_by: str | None


class MemberList(ApiModel):
    """What list_members answers."""

    project_id: str
    owner: Person
    members: list[MemberOut]


class MemberOut(ApiModel):
    """What add_member and change_member answer."""

    user_id: str
    username: str
    full_name: str | None
    role: ProjectRole
    added_at: dt.datetime


class MemberRemoved(ApiModel):
    """What remove_member answers."""

    message: str
    project_id: str
    user_id: str


class Message(ApiModel):
    """A confirmation with nothing else to show."""

    message: str


class Meta(ApiModel):
    """Part of ErrorEnvelope."""

    timestamp: dt.datetime
    request_id: str
    version: str


class MetricsOut(ApiModel):
    """What queue_metrics answers."""

    period: str
    since: dt.datetime | None
    queues: QueuesQueueMetrics
    performance: Performance
    usage: UsageTotals


class Moved(ApiModel):
    """What move_tasks answers."""

    priority: Priority
    moved: list[str]
    not_queued: list[str]
    not_found: list[str]
    forbidden: list[str]


class NotificationsOut(ApiModel):
    """Part of Preferences."""

    email: bool
    push: bool
    task_updates: bool
    project_updates: bool


class OpenApiDocument(ApiModel):
    """The document itself (served as is, without the envelope)."""

    openapi: str
    info: dict[str, JsonValue]
    paths: dict[str, JsonValue]
    components: dict[str, JsonValue]


class PageLinks(ApiModel):
    """Part of Pagination."""

    first: str
    previous: str | None
    next: str | None
    last: str


class Pagination(ApiModel):
    """Part of DeliveryPage, ProjectPage, TaskPage, UserPage, WebhookPage."""

    total: int
    page: int
    page_size: int
    pages: int
    links: PageLinks


class PauseState(ApiModel):
    """What pause_queue and resume_queue answer."""

    queue_name: str
    paused: bool
    reason: str | None
    paused_at: dt.datetime | None


class Performance(ApiModel):
    """Part of MetricsOut, QueueStatus."""

    tasks_per_minute: float
    success_rate: float | None
    average_processing_time: str | None


class PerformanceMetrics(ApiModel):
    """Part of Analytics."""

    average_task_duration: str | None
    median_task_duration: str | None
    completion_rate: float | None
    on_time_completion_rate: float | None


class Person(ApiModel):
    """Part of MemberList."""

    user_id: str
    username: str
    full_name: str | None


class Preferences(ApiModel):
    """Every preference, defaults included."""

    theme: str
    language: str
    timezone: str
    notifications: NotificationsOut
    dashboard_layout: DashboardLayoutOut


class PreferencesOut(ApiModel):
    """What update_preferences answers."""

    preferences: Preferences
    updated_at: dt.datetime


class ProfileOut(ApiModel):
    """What get_profile and update_profile answer."""

    id: str
    username: str
    email: str | None
    full_name: str | None
    avatar_url: str | None
    role: Role
    permissions: list[Permission]
    is_active: bool
    created_at: dt.datetime
    last_login: dt.datetime | None
    preferences: Preferences
    statistics: ProfileStatistics


class ProfileStatistics(ApiModel):
    """Part of ProfileOut."""

    tasks_created: int
    tasks_completed: int
    projects_created: int
    total_login_time: str | None


class ProjectDetails(ApiModel):
    """What clone_project, create_project, get_project and update_project answer."""

    id: str
    name: str
    description: str
    status: ProjectStatus
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    working_directory: str
    settings: dict[str, JsonValue]
    resource_limits: dict[str, JsonValue]
    statistics: DetailedStatistics
    your_role: str | None
    recent_activity: list[Activity]


class ProjectOut(ApiModel):
    """Part of ProjectPage."""

    id: str
    name: str
    description: str
    status: ProjectStatus
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    working_directory: str
    settings: dict[str, JsonValue]
    resource_limits: dict[str, JsonValue]
    statistics: Statistics


class ProjectPage(ApiModel):
    """A page of projects, each with its task counts."""

    items: list[ProjectOut]
    total: int
    page: int
    page_size: int
    pages: int
    has_next: bool
    has_previous: bool
    pagination: Pagination


class QueueFigures(ApiModel):
    """Part of QueuesQueueFigures."""

    size: int
    processing: int
    completed_today: int
    paused: bool
    pause_reason: str | None


class QueueMetrics(ApiModel):
    """Part of QueuesQueueMetrics."""

    enqueued: int
    queued: int
    running: int
    completed: int
    failed: int
    cancelled: int
    success_rate: float | None
    wait_time: TimeSummary
    processing_time: TimeSummary


class QueueStatus(ApiModel):
    """What queue_status answers."""

    queues: QueuesQueueFigures
    workers: Workers
    performance: Performance


class Queued(ApiModel):
    """A run request accepted: where it waits and when it should start."""

    task_id: str
    execution_id: str
    status: Literal["queued"]
    retry_attempt: int | None = None
    queue_position: int
    estimated_start_time: dt.datetime


class QueuesQueueFigures(ApiModel):
    """Part of QueueStatus."""

    high_priority: QueueFigures
    normal_priority: QueueFigures
    low_priority: QueueFigures


class QueuesQueueMetrics(ApiModel):
    """Part of MetricsOut."""

    high_priority: QueueMetrics
    normal_priority: QueueMetrics
    low_priority: QueueMetrics


class RestoreResult(ApiModel):
    """What restore_session answers."""

    session_id: str
    restore_point: dt.datetime | None
    settings_restored: bool
    settings: dict[str, JsonValue]
    tasks_restored: list[RestoredTask]


class RestoredTask(ApiModel):
    """Part of RestoreResult."""

    task_id: str
    project_id: str
    changes: dict[str, JsonValue]
    deleted: bool | None
    status: TaskStatus


class RunError(ApiModel):
    """Part of ExecutionDetails, ExecutionOut."""

    code: str
    message: str | None


class RunningCommands(ApiModel):
    """What running_commands answers."""

    commands: list[CommandSummary]
    total_running: int


class SandboxCheck(ApiModel):
    """
    How the runtime confines runs (not part of the overall status: a server the operator runs
    without a sandbox is still up). unknown: the runtime did not answer.
    """

    status: Literal["enabled", "disabled", "unknown"]
    mode: Literal["bwrap", "off"] | None = None
    detail: str | None = None
    cgroup_limits: list[str] | None = None
    command_network: bool | None = None
    unsandboxed_commands: Literal["admins", "everyone"] | None = None


class SessionEntry(ApiModel):
    """Part of SessionHistoryOut."""

    id: str
    action: str
    details: dict[str, JsonValue]
    timestamp: dt.datetime


class SessionHistoryOut(ApiModel):
    """What session_history answers."""

    session_id: str
    history: list[SessionEntry]
    total: int


class SessionList(ApiModel):
    """What list_sessions answers."""

    sessions: list[SessionOut]
    total: int


class SessionOut(ApiModel):
    """What create_session, delete_session, get_session and update_session answer."""

    session_id: str
    project_id: str
    project_name: str
    user_id: str
    status: SessionStatus
    created_at: dt.datetime
    last_accessed: dt.datetime | None
    expires_at: dt.datetime | None
    closed_at: dt.datetime | None
    settings: dict[str, JsonValue]
    connections: int


class Statistics(ApiModel):
    """Part of ProjectOut."""

    total_tasks: int
    completed_tasks: int
    pending_tasks: int
    running_tasks: int
    failed_tasks: int
    cancelled_tasks: int


class SuggestionList(ApiModel):
    """What command_suggestions answers."""

    suggestions: list[SuggestionOut]


class SuggestionOut(ApiModel):
    """Part of SuggestionList."""

    command: str
    description: str
    category: str
    source: Literal["history", "catalog"]
    use_count: int | None = None
    last_used: dt.datetime | None = None


class Summary(ApiModel):
    """Part of Analytics."""

    total_tasks: int
    completed_tasks: int
    average_completion_time: str | None
    productivity_score: float | None


class SystemInfo(ApiModel):
    """What system_info answers."""

    version: str
    environment: str
    features: Features
    limits: Limits
    maintenance: MaintenanceOut


class TaskDetails(ApiModel):
    """What create_task, get_task and update_task answer."""

    id: str
    title: str
    description: str
    project_id: str
    status: TaskStatus
    priority: int
    progress_percentage: int
    estimated_duration: str | None
    actual_duration: str | None
    assigned_to: str | None
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    tags: list[str]
    metadata: dict[str, JsonValue]
    cost_usd: float
    dependencies: list[DependencyOut]
    history: list[HistoryEntry]
    latest_execution: ExecutionDetails | None


class TaskFailure(ApiModel):
    """Part of BulkResult."""

    task_id: str
    code: ErrorCode
    message: str


class TaskHistoryOut(ApiModel):
    """What task_history answers."""

    task_id: str
    history: list[HistoryEntry]


class TaskOut(ApiModel):
    """Part of TaskPage."""

    id: str
    title: str
    description: str
    project_id: str
    status: TaskStatus
    priority: int
    progress_percentage: int
    estimated_duration: str | None
    actual_duration: str | None
    assigned_to: str | None
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    started_at: dt.datetime | None
    completed_at: dt.datetime | None
    tags: list[str]
    metadata: dict[str, JsonValue]
    cost_usd: float


class TaskPage(ApiModel):
    """A page of tasks."""

    items: list[TaskOut]
    total: int
    page: int
    page_size: int
    pages: int
    has_next: bool
    has_previous: bool
    pagination: Pagination


class TeamMember(ApiModel):
    """Part of Analytics."""

    user_id: str | None
    user_name: str | None
    tasks_assigned: int
    tasks_completed: int
    average_duration: str | None
    completion_rate: float | None


class TimeSummary(ApiModel):
    """Seconds."""

    average: float | None
    p50: float | None
    p95: float | None
    max: float | None


class TokenPair(ApiModel):
    """What login and refresh answer."""

    access_token: str
    refresh_token: str | None = None
    token_type: Literal["bearer"]
    expires_in: int
    user: TokenUser


class TokenUser(ApiModel):
    """Part of TokenPair."""

    id: str
    username: str
    email: str | None
    role: Role


class Tokens(ApiModel):
    """Part of Costs, UsageTotals."""

    input_tokens: int
    output_tokens: int
    cache_creation_input_tokens: int
    cache_read_input_tokens: int


class Transcript(ApiModel):
    """What execution_transcript answers."""

    execution_id: str
    status: ExecutionStatus
    messages: list[TranscriptEntry]


class TranscriptEntry(ApiModel):
    """One structured message of the CLI's stream, in order (`seq`); `data` depends on `kind`."""

    seq: int
    timestamp: dt.datetime
    kind: MessageKind
    data: dict[str, JsonValue]


class Trends(ApiModel):
    """Part of Analytics."""

    dates: list[str]
    created_per_day: list[int]
    completed_per_day: list[int]


class Usage(ApiModel):
    """Tokens of a run, as the CLI's result event counts them."""

    input_tokens: int | None
    output_tokens: int | None
    cache_creation_input_tokens: int | None
    cache_read_input_tokens: int | None


class UsageTotals(ApiModel):
    """The summed total_cost_usd and tokens of some executions."""

    cost_usd: float
    tokens: Tokens


class UserOut(ApiModel):
    """What create_user, get_user and update_user answer."""

    id: str
    username: str
    email: str | None
    full_name: str | None
    avatar_url: str | None
    role: Role
    permissions: list[Permission]
    is_active: bool
    created_at: dt.datetime
    last_login: dt.datetime | None


class UserPage(ApiModel):
    """A page of accounts."""

    items: list[UserOut]
    total: int
    page: int
    page_size: int
    pages: int
    has_next: bool
    has_previous: bool
    pagination: Pagination


class ValidationOut(ApiModel):
    """What validate_command answers."""

    valid: bool
    safe: bool | None
    syntax_error: str | None
    warnings: list[str]
    suggestions: list[str]
    findings: list[FindingOut]


class WebhookCreated(ApiModel):
    """What create_webhook answers."""

    id: str
    url: str
    events: list[str]
    active: bool
    description: str
    project_id: str | None
    owner_id: str
    consecutive_failures: int
    created_at: dt.datetime
    updated_at: dt.datetime
    secret: str


class WebhookOut(ApiModel):
    """What get_webhook and update_webhook answer."""

    id: str
    url: str
    events: list[str]
    active: bool
    description: str
    project_id: str | None
    owner_id: str
    consecutive_failures: int
    created_at: dt.datetime
    updated_at: dt.datetime


class WebhookPage(ApiModel):
    """A page of webhooks (never their secrets)."""

    items: list[WebhookOut]
    total: int
    page: int
    page_size: int
    pages: int
    has_next: bool
    has_previous: bool
    pagination: Pagination


class Workers(ApiModel):
    """Part of QueueStatus."""

    active: int
    idle: int
    total: int
    runtime: Literal["connected", "unavailable"]


class WorktreeOut(ApiModel):
    """
    The branch an isolated execution worked on, from which commit, and the commit it made there
    (null: it changed nothing); error: why committing or diffing failed.
    """

    branch: str
    base_commit: str
    head_commit: str | None
    path: str
    error: str | None


class BulkRequestParams(TypedDict, total=False):
    """The fields of BulkRequest."""

    operation: Required[
        Literal["update_status", "assign", "add_tags", "remove_tags", "delete", "set_priority"]
    ]
    task_ids: Required[Sequence[str]]
    data: Mapping[str, JsonValue]


class CancelRequestParams(TypedDict, total=False):
    """The fields of CancelRequest."""

    reason: str


class ClearRequestParams(TypedDict, total=False):
    """The fields of ClearRequest."""

    queue_name: Required[
        Literal["high", "normal", "low", "high_priority", "normal_priority", "low_priority"]
    ]
    confirm: Required[bool]


class CliSettingsParams(TypedDict, total=False):
    """Each field maps to one flag of the CLI; a field left out leaves the CLI's default."""

    model: str
    permission_mode: PermissionMode
    allowed_tools: Sequence[str]
    disallowed_tools: Sequence[str]
    max_turns: int
    append_system_prompt: str
    add_dirs: Sequence[str]
    mcp_config: Mapping[str, JsonValue]
    isolation: Isolation


class CloneRequestParams(TypedDict, total=False):
    """The fields of CloneRequest."""

    name: str
    include_tasks: bool
    include_settings: bool


class CommandRequestParams(TypedDict, total=False):
    """The fields of CommandRequest."""

    command: Required[str]
    working_directory: str | None
    project_id: str | None
    timeout: int | None
    environment: Mapping[str, JsonValue]
    stream_output: bool
    force: bool


class DashboardLayoutParams(TypedDict, total=False):
    """The fields of DashboardLayout."""

    widgets: Sequence[str]
    columns: int


class DependencyParams(TypedDict, total=False):
    """The fields of Dependency."""

    depends_on_task_id: Required[str]
    dependency_type: Literal["blocks", "relates_to"]


ExecuteOptionsParams = TypedDict(
    "ExecuteOptionsParams",
    {
        "timeout": int | None,
        "retry_attempts": int,
        "cli": CliSettingsParams,
        "continue": bool,
        "prompt": str,
    },
    total=False,
)


class ExecuteRequestParams(TypedDict, total=False):
    """The fields of ExecuteRequest."""

    priority: Priority
    options: ExecuteOptionsParams


class LoginRequestParams(TypedDict, total=False):
    """The fields of LoginRequest."""

    username: Required[str]
    password: Required[str]


class MaintenanceRequestParams(TypedDict, total=False):
    """
    The maintenance window: while enabled (and, if given, between starts_at and ends_at), writes by
    non-admins get 503 SYSTEM_MAINTENANCE.
    """

    enabled: Required[bool]
    message: str | None
    starts_at: dt.datetime | str | None
    ends_at: dt.datetime | str | None


class MemberAddParams(TypedDict, total=False):
    """The fields of MemberAdd."""

    user_id: str
    username: str
    role: Required[Literal["viewer", "developer", "maintainer"]]


class MemberUpdateParams(TypedDict, total=False):
    """The fields of MemberUpdate."""

    role: Required[Literal["viewer", "developer", "maintainer"]]


class MoveRequestParams(TypedDict, total=False):
    """The fields of MoveRequest."""

    task_ids: Required[Sequence[str]]
    priority: Required[Priority]


class NotificationsParams(TypedDict, total=False):
    """The fields of Notifications."""

    email: bool
    push: bool
    task_updates: bool
    project_updates: bool


class PauseRequestParams(TypedDict, total=False):
    """The fields of PauseRequest."""

    queue_name: Required[
        Literal["high", "normal", "low", "high_priority", "normal_priority", "low_priority"]
    ]
    reason: str


class PreferencesUpdateParams(TypedDict, total=False):
    """The fields of PreferencesUpdate."""

    theme: Literal["light", "dark", "system"]
    language: Literal["en", "fr", "de", "es", "it", "pt", "nl", "ja", "zh", "ko"]
    timezone: str
    notifications: NotificationsParams
    dashboard_layout: DashboardLayoutParams


class ProfileUpdateParams(TypedDict, total=False):
    """The fields of ProfileUpdate."""

    email: str | None
    full_name: str | None
    avatar_url: str | None
    password: str
    current_password: str


class ProjectCliSettingsParams(TypedDict, total=False):
    """The fields of ProjectCliSettings."""

    model: str
    permission_mode: PermissionMode
    allowed_tools: Sequence[str]
    disallowed_tools: Sequence[str]
    max_turns: int
    append_system_prompt: str
    add_dirs: Sequence[str]
    mcp_config: Mapping[str, JsonValue]
    isolation: Isolation
    allow_bypass_permissions: bool


class ProjectCreateParams(TypedDict, total=False):
    """The fields of ProjectCreate."""

    name: Required[str]
    description: str
    settings: ProjectSettingsParams
    resource_limits: ResourceLimitsParams


class ProjectSettingsParams(TypedDict, total=False):
    """A project's settings: `cli` is checked; any other key is kept as sent."""

    cli: ProjectCliSettingsParams


class ProjectUpdateParams(TypedDict, total=False):
    """The fields of ProjectUpdate."""

    name: str
    description: str
    status: ProjectStatus
    settings: ProjectSettingsParams
    resource_limits: ResourceLimitsParams


class QueueRequestParams(TypedDict, total=False):
    """The fields of QueueRequest."""

    queue_name: Required[
        Literal["high", "normal", "low", "high_priority", "normal_priority", "low_priority"]
    ]


class ResourceLimitsParams(TypedDict, total=False):
    """The fields of ResourceLimits."""

    max_tasks: int | None
    max_concurrent_tasks: int | None
    storage_limit: str | None


class RestoreRequestParams(TypedDict, total=False):
    """The fields of RestoreRequest."""

    restore_point: Required[dt.datetime | str]
    include_tasks: bool
    include_settings: bool


class SessionCreateParams(TypedDict, total=False):
    """The fields of SessionCreate."""

    project_id: Required[str]
    settings: Mapping[str, JsonValue]


class SessionUpdateParams(TypedDict, total=False):
    """The fields of SessionUpdate."""

    settings: Required[Mapping[str, JsonValue]]


class TaskCreateParams(TypedDict, total=False):
    """The fields of TaskCreate."""

    estimated_duration: str | None
    assigned_to: str | None
    tags: Sequence[str]
    metadata: Mapping[str, JsonValue]
    title: Required[str]
    project_id: Required[str]
    description: str
    priority: int
    dependencies: Sequence[DependencyParams]


class TaskUpdateParams(TypedDict, total=False):
    """Only the fields sent change."""

    estimated_duration: str | None
    assigned_to: str | None
    tags: Sequence[str]
    metadata: Mapping[str, JsonValue]
    title: str
    description: str
    priority: int
    dependencies: Sequence[DependencyParams]
    status: Literal["pending", "completed", "failed", "cancelled"]
    progress_percentage: int


class UserCreateParams(TypedDict, total=False):
    """The fields of UserCreate."""

    email: str | None
    full_name: str | None
    avatar_url: str | None
    username: Required[str]
    password: Required[str]
    role: Required[Role]


class UserUpdateParams(TypedDict, total=False):
    """The fields of UserUpdate."""

    email: str | None
    full_name: str | None
    avatar_url: str | None
    role: Role
    is_active: bool
    password: str


class ValidateRequestParams(TypedDict, total=False):
    """The fields of ValidateRequest."""

    command: Required[str]
    check_safety: bool


class WebhookCreateParams(TypedDict, total=False):
    """The fields of WebhookCreate."""

    url: Required[str]
    events: Required[Sequence[WebhookEvent]]
    project_id: str
    active: bool
    description: str


class WebhookUpdateParams(TypedDict, total=False):
    """The fields of WebhookUpdate."""

    url: str
    events: Sequence[WebhookEvent]
    active: bool
    description: str


class CommandHistoryQuery(TypedDict, total=False):
    """The query of command_history: Commands run before, newest first."""

    limit: int
    offset: int


class CommandStatusQuery(TypedDict, total=False):
    """The query of command_status: A command's state and output so far."""

    after_seq: int


class CommandSuggestionsQuery(TypedDict, total=False):
    """The query of command_suggestions: Command suggestions."""

    context: Literal["git", "npm", "pip", "pytest", "make", "docker", "claude", "shell"]
    prefix: str
    limit: int


class ExecutionOutputQuery(TypedDict, total=False):
    """The query of execution_output: Stored output of one execution, in order."""

    after_seq: int
    limit: int


class ExecutionTranscriptQuery(TypedDict, total=False):
    """
    The query of execution_transcript: The CLI's stream of one execution as structured messages, in
    order.
    """

    after_seq: int
    limit: int


class ListAllTasksQuery(TypedDict, total=False):
    """The query of list_all_tasks: List tasks."""

    page: int
    page_size: int
    order: Literal["asc", "desc"]
    status: str | Sequence[str]
    assigned_to: str
    priority: int
    tags: str | Sequence[str]
    tags_match: Literal["all", "any"]
    search: str
    created_after: dt.datetime | str
    created_before: dt.datetime | str
    sort: Literal["created_at", "updated_at", "priority", "title"]
    project_id: str


class ListDeliveriesQuery(TypedDict, total=False):
    """The query of list_deliveries: A webhook's deliveries."""

    page: int
    page_size: int
    order: Literal["asc", "desc"]
    status: DeliveryStatus
    event: str
    sort: Literal["created_at"]


class ListProjectsQuery(TypedDict, total=False):
    """The query of list_projects: List projects."""

    page: int
    page_size: int
    order: Literal["asc", "desc"]
    status: str | Sequence[str]
    created_by: str
    search: str
    created_after: dt.datetime | str
    created_before: dt.datetime | str
    sort: Literal["name", "created_at", "updated_at"]


class ListSessionsQuery(TypedDict, total=False):
    """The query of list_sessions: Your sessions."""

    status: SessionStatus
    project_id: str


class ListUsersQuery(TypedDict, total=False):
    """The query of list_users: List accounts."""

    page: int
    page_size: int
    order: Literal["asc", "desc"]
    role: str | Sequence[str]
    is_active: bool
    search: str
    sort: Literal["username", "created_at", "last_login"]


class ListWebhooksQuery(TypedDict, total=False):
    """The query of list_webhooks: List webhooks."""

    page: int
    page_size: int
    order: Literal["asc", "desc"]
    project_id: str
    active: bool
    sort: Literal["created_at", "updated_at", "url"]


class ProjectAnalyticsQuery(TypedDict, total=False):
    """The query of project_analytics: Project analytics."""

    period: Literal["7d", "30d", "90d", "1y"]


class ProjectTasksQuery(TypedDict, total=False):
    """The query of project_tasks: The project's tasks."""

    page: int
    page_size: int
    order: Literal["asc", "desc"]
    status: str | Sequence[str]
    assigned_to: str
    priority: int
    tags: str | Sequence[str]
    tags_match: Literal["all", "any"]
    search: str
    created_after: dt.datetime | str
    created_before: dt.datetime | str
    sort: Literal["created_at", "updated_at", "priority", "title"]


class QueueMetricsQuery(TypedDict, total=False):
    """The query of queue_metrics: Per-queue counts, wait and processing times."""

    period: Literal["1h", "24h", "7d", "30d"]
