# mypy: disable-error-code="empty-body"
"""The API's resources: one method per operation, one iterator per list.

Generated from the OpenAPI document of API 1.0.0 by sdk/python/codegen/generate.py:
do not edit, regenerate."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Unpack

from claude_cli_sdk import models as m
from claude_cli_sdk._endpoints import (
    AfterSeq,
    M,
    Offsets,
    PageNumbers,
    Resource,
    Transport,
    endpoint,
    paged,
)
from claude_cli_sdk._operations import Operation
from claude_cli_sdk._tokens import TokenEffect, TokenUse

LOGIN = Operation(
    "login",
    "POST",
    "/auth/login",
    m.TokenPair,
    body=True,
    token=TokenUse.NONE,
    effect=TokenEffect.ADOPT,
)
REFRESH = Operation(
    "refresh",
    "POST",
    "/auth/refresh",
    m.TokenPair,
    token=TokenUse.REFRESH,
    effect=TokenEffect.ADOPT,
)
LOGOUT = Operation(
    "logout", "POST", "/auth/logout", m.Message, token=TokenUse.REFRESH, effect=TokenEffect.DROP
)
CREATE_TASK = Operation("create_task", "POST", "/tasks/", m.TaskDetails, body=True)
LIST_ALL_TASKS = Operation(
    "list_all_tasks",
    "GET",
    "/tasks/",
    m.TaskPage,
    query=(
        "page",
        "page_size",
        "order",
        "status",
        "assigned_to",
        "priority",
        "tags",
        "tags_match",
        "search",
        "created_after",
        "created_before",
        "sort",
        "project_id",
    ),
    lists=("status", "tags"),
)
GET_TASK = Operation("get_task", "GET", "/tasks/{task_id}", m.TaskDetails, path_params=("task_id",))
UPDATE_TASK = Operation(
    "update_task", "PUT", "/tasks/{task_id}", m.TaskDetails, path_params=("task_id",), body=True
)
DELETE_TASK = Operation(
    "delete_task", "DELETE", "/tasks/{task_id}", m.Deleted, path_params=("task_id",)
)
BULK_TASKS = Operation("bulk_tasks", "POST", "/tasks/bulk", m.BulkResult, body=True)
TASK_HISTORY = Operation(
    "task_history", "GET", "/tasks/{task_id}/history", m.TaskHistoryOut, path_params=("task_id",)
)
EXECUTE_TASK = Operation(
    "execute_task",
    "POST",
    "/tasks/{task_id}/execute",
    m.Queued,
    path_params=("task_id",),
    body=True,
)
CANCEL_TASK = Operation(
    "cancel_task",
    "POST",
    "/tasks/{task_id}/cancel",
    m.Cancelled,
    path_params=("task_id",),
    body=True,
)
RETRY_TASK = Operation(
    "retry_task", "POST", "/tasks/{task_id}/retry", m.Queued, path_params=("task_id",)
)
TASK_CONVERSATION = Operation(
    "task_conversation",
    "GET",
    "/tasks/{task_id}/conversation",
    m.Conversation,
    path_params=("task_id",),
)
LIST_EXECUTIONS = Operation(
    "list_executions",
    "GET",
    "/tasks/{task_id}/executions",
    m.ExecutionList,
    path_params=("task_id",),
)
EXECUTION_OUTPUT = Operation(
    "execution_output",
    "GET",
    "/tasks/{task_id}/executions/{execution_id}/output",
    m.ExecutionOutput,
    path_params=("task_id", "execution_id"),
    query=("after_seq", "limit"),
)
EXECUTION_TRANSCRIPT = Operation(
    "execution_transcript",
    "GET",
    "/tasks/{task_id}/executions/{execution_id}/transcript",
    m.Transcript,
    path_params=("task_id", "execution_id"),
    query=("after_seq", "limit"),
)
EXECUTION_DIFF = Operation(
    "execution_diff",
    "GET",
    "/tasks/{task_id}/executions/{execution_id}/diff",
    m.Diff,
    path_params=("task_id", "execution_id"),
)
CREATE_PROJECT = Operation("create_project", "POST", "/projects/", m.ProjectDetails, body=True)
LIST_PROJECTS = Operation(
    "list_projects",
    "GET",
    "/projects/",
    m.ProjectPage,
    query=(
        "page",
        "page_size",
        "order",
        "status",
        "created_by",
        "search",
        "created_after",
        "created_before",
        "sort",
    ),
    lists=("status",),
)
GET_PROJECT = Operation(
    "get_project", "GET", "/projects/{project_id}", m.ProjectDetails, path_params=("project_id",)
)
UPDATE_PROJECT = Operation(
    "update_project",
    "PUT",
    "/projects/{project_id}",
    m.ProjectDetails,
    path_params=("project_id",),
    body=True,
)
DELETE_PROJECT = Operation(
    "delete_project", "DELETE", "/projects/{project_id}", m.Deleted, path_params=("project_id",)
)
PROJECT_TASKS = Operation(
    "project_tasks",
    "GET",
    "/projects/{project_id}/tasks",
    m.TaskPage,
    path_params=("project_id",),
    query=(
        "page",
        "page_size",
        "order",
        "status",
        "assigned_to",
        "priority",
        "tags",
        "tags_match",
        "search",
        "created_after",
        "created_before",
        "sort",
    ),
    lists=("status", "tags"),
)
CLONE_PROJECT = Operation(
    "clone_project",
    "POST",
    "/projects/{project_id}/clone",
    m.ProjectDetails,
    path_params=("project_id",),
    body=True,
)
PROJECT_ANALYTICS = Operation(
    "project_analytics",
    "GET",
    "/projects/{project_id}/analytics",
    m.Analytics,
    path_params=("project_id",),
    query=("period",),
)
LIST_MEMBERS = Operation(
    "list_members",
    "GET",
    "/projects/{project_id}/members",
    m.MemberList,
    path_params=("project_id",),
)
ADD_MEMBER = Operation(
    "add_member",
    "POST",
    "/projects/{project_id}/members",
    m.MemberOut,
    path_params=("project_id",),
    body=True,
)
CHANGE_MEMBER = Operation(
    "change_member",
    "PUT",
    "/projects/{project_id}/members/{user_id}",
    m.MemberOut,
    path_params=("project_id", "user_id"),
    body=True,
)
REMOVE_MEMBER = Operation(
    "remove_member",
    "DELETE",
    "/projects/{project_id}/members/{user_id}",
    m.MemberRemoved,
    path_params=("project_id", "user_id"),
)
EXECUTE_COMMAND = Operation(
    "execute_command", "POST", "/commands/execute", m.CommandStarted, body=True
)
COMMAND_STATUS = Operation(
    "command_status",
    "GET",
    "/commands/{command_id}/status",
    m.CommandDetails,
    path_params=("command_id",),
    query=("after_seq",),
)
CANCEL_COMMAND = Operation(
    "cancel_command",
    "POST",
    "/commands/{command_id}/cancel",
    m.CommandCancelled,
    path_params=("command_id",),
)
RUNNING_COMMANDS = Operation("running_commands", "GET", "/commands/running", m.RunningCommands)
COMMAND_HISTORY = Operation(
    "command_history", "GET", "/commands/history", m.CommandHistory, query=("limit", "offset")
)
COMMAND_SUGGESTIONS = Operation(
    "command_suggestions",
    "GET",
    "/commands/suggestions",
    m.SuggestionList,
    query=("context", "prefix", "limit"),
)
VALIDATE_COMMAND = Operation(
    "validate_command", "POST", "/commands/validate", m.ValidationOut, body=True
)
CREATE_SESSION = Operation("create_session", "POST", "/sessions/", m.SessionOut, body=True)
LIST_SESSIONS = Operation(
    "list_sessions", "GET", "/sessions/", m.SessionList, query=("status", "project_id")
)
GET_SESSION = Operation(
    "get_session", "GET", "/sessions/{session_id}", m.SessionOut, path_params=("session_id",)
)
UPDATE_SESSION = Operation(
    "update_session",
    "PUT",
    "/sessions/{session_id}",
    m.SessionOut,
    path_params=("session_id",),
    body=True,
)
DELETE_SESSION = Operation(
    "delete_session", "DELETE", "/sessions/{session_id}", m.SessionOut, path_params=("session_id",)
)
SESSION_HISTORY = Operation(
    "session_history",
    "GET",
    "/sessions/{session_id}/history",
    m.SessionHistoryOut,
    path_params=("session_id",),
)
RESTORE_SESSION = Operation(
    "restore_session",
    "POST",
    "/sessions/{session_id}/restore",
    m.RestoreResult,
    path_params=("session_id",),
    body=True,
)
QUEUE_STATUS = Operation("queue_status", "GET", "/queues/status", m.QueueStatus)
PAUSE_QUEUE = Operation("pause_queue", "POST", "/queues/pause", m.PauseState, body=True)
RESUME_QUEUE = Operation("resume_queue", "POST", "/queues/resume", m.PauseState, body=True)
CLEAR_QUEUE = Operation("clear_queue", "DELETE", "/queues/clear", m.Cleared, body=True)
QUEUE_METRICS = Operation(
    "queue_metrics", "GET", "/queues/metrics", m.MetricsOut, query=("period",)
)
MOVE_TASKS = Operation("move_tasks", "POST", "/queues/priority", m.Moved, body=True)
GET_PROFILE = Operation("get_profile", "GET", "/users/profile", m.ProfileOut)
UPDATE_PROFILE = Operation("update_profile", "PUT", "/users/profile", m.ProfileOut, body=True)
UPDATE_PREFERENCES = Operation(
    "update_preferences", "PUT", "/users/preferences", m.PreferencesOut, body=True
)
LIST_USERS = Operation(
    "list_users",
    "GET",
    "/users/",
    m.UserPage,
    query=("page", "page_size", "order", "role", "is_active", "search", "sort"),
    lists=("role",),
)
CREATE_USER = Operation("create_user", "POST", "/users/", m.UserOut, body=True)
GET_USER = Operation("get_user", "GET", "/users/{user_id}", m.UserOut, path_params=("user_id",))
UPDATE_USER = Operation(
    "update_user", "PUT", "/users/{user_id}", m.UserOut, path_params=("user_id",), body=True
)
CREATE_WEBHOOK = Operation("create_webhook", "POST", "/webhooks/", m.WebhookCreated, body=True)
LIST_WEBHOOKS = Operation(
    "list_webhooks",
    "GET",
    "/webhooks/",
    m.WebhookPage,
    query=("page", "page_size", "order", "project_id", "active", "sort"),
)
GET_WEBHOOK = Operation(
    "get_webhook", "GET", "/webhooks/{webhook_id}", m.WebhookOut, path_params=("webhook_id",)
)
UPDATE_WEBHOOK = Operation(
    "update_webhook",
    "PUT",
    "/webhooks/{webhook_id}",
    m.WebhookOut,
    path_params=("webhook_id",),
    body=True,
)
DELETE_WEBHOOK = Operation(
    "delete_webhook", "DELETE", "/webhooks/{webhook_id}", m.Deleted, path_params=("webhook_id",)
)
TEST_WEBHOOK = Operation(
    "test_webhook",
    "POST",
    "/webhooks/{webhook_id}/test",
    m.DeliveryOut,
    path_params=("webhook_id",),
)
LIST_DELIVERIES = Operation(
    "list_deliveries",
    "GET",
    "/webhooks/{webhook_id}/deliveries",
    m.DeliveryPage,
    path_params=("webhook_id",),
    query=("page", "page_size", "order", "status", "event", "sort"),
)
GET_DELIVERY = Operation(
    "get_delivery",
    "GET",
    "/webhooks/{webhook_id}/deliveries/{delivery_id}",
    m.DeliveryOut,
    path_params=("webhook_id", "delivery_id"),
)
REDELIVER = Operation(
    "redeliver",
    "POST",
    "/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver",
    m.DeliveryOut,
    path_params=("webhook_id", "delivery_id"),
)
HEALTH = Operation("health", "GET", "/health/", m.BasicHealth, token=TokenUse.NONE)
HEALTH_DETAILED = Operation(
    "health_detailed", "GET", "/health/detailed", m.DetailedHealth, token=TokenUse.NONE
)
SYSTEM_INFO = Operation("system_info", "GET", "/system/info", m.SystemInfo)
MAINTENANCE = Operation("maintenance", "GET", "/system/maintenance", m.MaintenanceOut)
SET_MAINTENANCE = Operation(
    "set_maintenance", "POST", "/system/maintenance", m.MaintenanceOut, body=True
)
OPENAPI_JSON = Operation(
    "openapi_json",
    "GET",
    "/openapi.json",
    m.OpenApiDocument,
    root=True,
    enveloped=False,
    token=TokenUse.NONE,
)


class Auth(Resource[M]):
    """Logins: tokens from a username and password, refreshed, ended."""

    @endpoint(LOGIN)
    def login(self, **body: Unpack[m.LoginRequestParams]) -> m.TokenPair:
        """Exchange username and password for tokens

        Failed attempts are throttled per client address and per username (RATE_LIMIT_LOGIN, windows
        of growing length): while one is full every attempt answers 429 `RATE_LIMIT_EXCEEDED` with
        `Retry-After`, before the password is checked. A successful login clears its username's
        count.
        """

    @endpoint(REFRESH)
    def refresh(self) -> m.TokenPair:
        """Get a new access token with an access token, or rotate a refresh token

        With `Authorization: Bearer <access_token>` (API.md, Authentication Flow): a new access
        token for the same login while the one sent is still valid; no refresh token comes back.
        Each new token keeps the `iat` of the login it descends from, so a password change refuses
        every descendant, and a login can be extended this way for REFRESH_TOKEN_TTL at most (then
        log in again).

        With the refresh token from login (`Authorization: Bearer <refresh_token>` or
        `{"refresh_token": ...}`): a new token pair. Each refresh token works once; replaying a used
        one revokes every token of that login.
        """

    @endpoint(LOGOUT)
    def logout(self) -> m.Message:
        """End a login: revoke its refresh tokens

        Send the refresh token as for /api/auth/refresh. Every refresh token of that login (its
        family) is revoked; logging out twice is harmless. Access tokens already issued stay valid
        until they expire (ACCESS_TOKEN_TTL).
        """


class Tasks(Resource[M]):
    """Tasks: create, list, change, run, cancel, retry; their history."""

    @endpoint(CREATE_TASK)
    def create(self, **body: Unpack[m.TaskCreateParams]) -> m.TaskDetails:
        """Create a task

        Needs write access to the project (its owner, a maintainer or developer member, or an
        admin). 409 PROJECT_LIMIT_EXCEEDED past resource_limits.max_tasks, 409 PROJECT_ARCHIVED in
        an archived project.
        """

    @endpoint(LIST_ALL_TASKS)
    def list(self, **query: Unpack[m.ListAllTasksQuery]) -> m.TaskPage:
        """List tasks

        Only tasks of projects the caller may see. Filters combine with AND.
        """

    @paged(LIST_ALL_TASKS, PageNumbers("items"))
    def iterate(self, **query: Unpack[m.ListAllTasksQuery]) -> Iterator[m.TaskOut]:
        """Every item of list(), page after page."""

    @endpoint(GET_TASK)
    def get(self, task_id: str, /) -> m.TaskDetails:
        """Task details with history and latest execution"""

    @endpoint(UPDATE_TASK)
    def update(self, task_id: str, /, **body: Unpack[m.TaskUpdateParams]) -> m.TaskDetails:
        """Update a task

        Changes only the fields sent; each change is recorded in the history. status may be set to
        pending, completed, failed or cancelled; a task that is queued or running keeps its status
        (409 TASK_ALREADY_RUNNING; cancel it instead).
        """

    @endpoint(DELETE_TASK)
    def delete(self, task_id: str, /) -> m.Deleted:
        """Delete a task (soft, audited)

        The task disappears from every list and lookup; its row and history stay. 409
        TASK_ALREADY_RUNNING while queued or running.
        """

    @endpoint(BULK_TASKS)
    def bulk(self, **body: Unpack[m.BulkRequestParams]) -> m.BulkResult:
        """Apply one operation to many tasks

        Each task is changed on its own, with the same rules and history as a single update: ids
        that fail (not a UUID: `VALIDATION_INVALID_FORMAT`; not found; no write access; queued or
        running; archived project) are listed in `failed` and `errors` with their error code; the
        others succeed and the answer is 200. Only a malformed request as a whole (unknown
        operation, no `task_ids`, invalid `data` for the operation) is refused (422).
        """

    @endpoint(TASK_HISTORY)
    def history(self, task_id: str, /) -> m.TaskHistoryOut:
        """The task's change history"""

    @endpoint(EXECUTE_TASK)
    def execute(self, task_id: str, /, **body: Unpack[m.ExecuteRequestParams]) -> m.Queued:
        """Queue the task for execution

        Writes a queued execution, then notifies the runtime; the execution survives a runtime
        restart. 409 TASK_ALREADY_RUNNING while queued or running. `options.retry_attempts` re-
        queues a failure up to N more times, waiting RETRY_BACKOFF_SECONDS × 2^(attempt-1) (at most
        300 s) before each retry. `options.cli` sets this run's CLI settings over the project's
        `settings.cli` (403 AUTH_INSUFFICIENT_PERMISSIONS for bypassPermissions where it is not
        allowed); the execution's `cli` shows what it used. `options.continue` resumes the CLI
        session of the task's last execution (`--resume`; default: the task's
        `metadata.continue_session`; 409 TASK_NO_SESSION when none has one) and `options.prompt`
        sends a follow-up instead of the task's text.
        """

    @endpoint(CANCEL_TASK)
    def cancel(self, task_id: str, /, **body: Unpack[m.CancelRequestParams]) -> m.Cancelled:
        """Cancel the queued or running execution

        A queued execution leaves its queue; a running one gets SIGTERM to its process group and
        SIGKILL after CANCEL_GRACE_PERIOD. The cancellation is recorded at once; the exit code
        follows when the process is gone. 409 TASK_NOT_RUNNING when nothing is queued or running.
        """

    @endpoint(RETRY_TASK)
    def retry(self, task_id: str, /) -> m.Queued:
        """Run a failed or cancelled task again

        A new execution with the last priority and timeout, numbered `retry_attempt` = previous
        attempt + 1, without automatic retries (execute again with options for those). 409
        TASK_NOT_RETRYABLE unless failed or cancelled.
        """

    @endpoint(TASK_CONVERSATION)
    def conversation(self, task_id: str, /) -> m.Conversation:
        """The task's conversation: its executions oldest first, each with its prompt (null: the

        task's text), the session it continued and the result
        """


class Executions(Resource[M]):
    """A task's runs: their output, transcript and diff."""

    @endpoint(LIST_EXECUTIONS)
    def list(self, task_id: str, /) -> m.ExecutionList:
        """Every attempt to run the task, newest first"""

    @endpoint(EXECUTION_OUTPUT)
    def output(
        self, task_id: str, execution_id: str, /, **query: Unpack[m.ExecutionOutputQuery]
    ) -> m.ExecutionOutput:
        """Stored output of one execution, in order"""

    @paged(EXECUTION_OUTPUT, AfterSeq("output"))
    def iterate_output(
        self, task_id: str, execution_id: str, /, **query: Unpack[m.ExecutionOutputQuery]
    ) -> Iterator[m.Chunk]:
        """Every item of output(), page after page."""

    @endpoint(EXECUTION_TRANSCRIPT)
    def transcript(
        self, task_id: str, execution_id: str, /, **query: Unpack[m.ExecutionTranscriptQuery]
    ) -> m.Transcript:
        """The CLI's stream of one execution as structured messages, in order

        Assistant text, thinking, tool use (name, input), tool result (content, is_error), the
        session's init and the final result, each with its `seq` and time; an event of a type not
        known here is kept verbatim (`event`). Page with `after_seq`. WebSocket subscribers of the
        execution's output get the same messages live as `transcript_message`.
        """

    @paged(EXECUTION_TRANSCRIPT, AfterSeq("messages"))
    def iterate_transcript(
        self, task_id: str, execution_id: str, /, **query: Unpack[m.ExecutionTranscriptQuery]
    ) -> Iterator[m.TranscriptEntry]:
        """Every item of transcript(), page after page."""

    @endpoint(EXECUTION_DIFF)
    def diff(self, task_id: str, execution_id: str, /) -> m.Diff:
        """What an execution isolated in a git worktree changed

        Its branch (`claude/<short task id>-<attempt>`), the commit it started from, the commit of
        its changes on that branch, and the diff between them (stat and patch, capped at
        WORKTREE_DIFF_MAX_BYTES). 404 RESOURCE_NOT_FOUND for an execution that ran without a
        worktree; stat and patch are null while it runs.
        """


class Projects(Resource[M]):
    """Projects: create, list, change, clone; their tasks, analytics."""

    @endpoint(CREATE_PROJECT)
    def create(self, **body: Unpack[m.ProjectCreateParams]) -> m.ProjectDetails:
        """Create a project

        The project gets its own working directory under WORKSPACE_ROOT; the caller is its owner.
        """

    @endpoint(LIST_PROJECTS)
    def list(self, **query: Unpack[m.ListProjectsQuery]) -> m.ProjectPage:
        """List projects

        Projects the caller owns or is a member of (all for admins).
        """

    @paged(LIST_PROJECTS, PageNumbers("items"))
    def iterate(self, **query: Unpack[m.ListProjectsQuery]) -> Iterator[m.ProjectOut]:
        """Every item of list(), page after page."""

    @endpoint(GET_PROJECT)
    def get(self, project_id: str, /) -> m.ProjectDetails:
        """Project details"""

    @endpoint(UPDATE_PROJECT)
    def update(self, project_id: str, /, **body: Unpack[m.ProjectUpdateParams]) -> m.ProjectDetails:
        """Update a project

        Owner, maintainer members and admins. Changes only the fields sent; settings and
        resource_limits are replaced whole. An archived project is read-only: it accepts only a new
        status (409 PROJECT_ARCHIVED otherwise), and has no live streams (its subscriptions end).
        """

    @endpoint(DELETE_PROJECT)
    def delete(self, project_id: str, /) -> m.Deleted:
        """Delete a project (soft)

        Owner, maintainer members and admins. Hides the project and its tasks; the working directory
        stays on disk; its live subscriptions end. 409 RESOURCE_IN_USE while a task is queued or
        running.
        """

    @endpoint(PROJECT_TASKS)
    def tasks(self, project_id: str, /, **query: Unpack[m.ProjectTasksQuery]) -> m.TaskPage:
        """The project's tasks

        The filters, sorting and pagination of GET /api/tasks/.
        """

    @paged(PROJECT_TASKS, PageNumbers("items"))
    def iterate_tasks(
        self, project_id: str, /, **query: Unpack[m.ProjectTasksQuery]
    ) -> Iterator[m.TaskOut]:
        """Every item of tasks(), page after page."""

    @endpoint(CLONE_PROJECT)
    def clone(self, project_id: str, /, **body: Unpack[m.CloneRequestParams]) -> m.ProjectDetails:
        """Clone a project

        Anyone who can read the project may clone it into a new project of their own.
        include_settings copies settings and resource_limits; include_tasks copies live tasks as new
        pending, unassigned tasks with their tags, metadata and dependencies. Members, files and
        executions are not copied.
        """

    @endpoint(PROJECT_ANALYTICS)
    def analytics(
        self, project_id: str, /, **query: Unpack[m.ProjectAnalyticsQuery]
    ) -> m.Analytics:
        """Project analytics

        Over the last N UTC days including today. summary.total_tasks: created in the period;
        completed_tasks: completed in it; average_completion_time: creation to completion;
        productivity_score: completed / finished (completed, failed, cancelled). Durations are
        actual run times of completed tasks. completion_rate: share of the period's tasks now
        completed; on_time_completion_rate: completed tasks with actual_duration ≤
        estimated_duration. team_performance groups by assignee (the author when unassigned). Rates
        without data are null. costs: the total_cost_usd and tokens of the executions that ended in
        the period, per day, and per completed task.
        """


class Members(Resource[M]):
    """The members of a project and their roles."""

    @endpoint(LIST_MEMBERS)
    def list(self, project_id: str, /) -> m.MemberList:
        """The project's owner and members"""

    @endpoint(ADD_MEMBER)
    def add(self, project_id: str, /, **body: Unpack[m.MemberAddParams]) -> m.MemberOut:
        """Add a member

        Needs the manage right in the project (owner, maintainer member or admin). Give exactly one
        of user_id or username. 409 RESOURCE_ALREADY_EXISTS for an existing member or the owner.
        """

    @endpoint(CHANGE_MEMBER)
    def update(
        self, project_id: str, user_id: str, /, **body: Unpack[m.MemberUpdateParams]
    ) -> m.MemberOut:
        """Change a member's role

        Needs the manage right in the project (owner, maintainer member or admin). The member's live
        subscriptions are checked again.
        """

    @endpoint(REMOVE_MEMBER)
    def remove(self, project_id: str, user_id: str, /) -> m.MemberRemoved:
        """Remove a member

        Needs the manage right in the project (owner, maintainer member or admin). Any member may
        remove themselves (leave the project). The member's live subscriptions to the project end.
        """


class Commands(Resource[M]):
    """Ad-hoc commands: validate, run, follow, cancel; suggestions."""

    @endpoint(EXECUTE_COMMAND)
    def execute(self, **body: Unpack[m.CommandRequestParams]) -> m.CommandStarted:
        """Run a shell command

        Runs `bash -c <command>` in its own process group with stdin closed, in a checked working
        directory with a clean environment. Answers once the process has a pid. Unsafe commands (see
        validate) get 403 COMMAND_UNSAFE with the warnings; 429 RESOURCE_LIMIT_EXCEEDED past
        MAX_COMMANDS_PER_USER; 503 SYSTEM_OVERLOADED (and the command recorded failed) when the
        runtime is down.
        """

    @endpoint(COMMAND_STATUS)
    def status(self, command_id: str, /, **query: Unpack[m.CommandStatusQuery]) -> m.CommandDetails:
        """A command's state and output so far

        Output chunks in order (at most 1000; pass after_seq to page on).
        """

    @endpoint(CANCEL_COMMAND)
    def cancel(self, command_id: str, /) -> m.CommandCancelled:
        """Cancel a running command

        SIGTERM to the process group, SIGKILL after CANCEL_GRACE_PERIOD; answers once the group is
        gone (exit_code -15 or -9). 409 COMMAND_NOT_RUNNING when it already ended.
        """

    @endpoint(RUNNING_COMMANDS)
    def running(self) -> m.RunningCommands:
        """Commands running now"""

    @endpoint(COMMAND_HISTORY)
    def history(self, **query: Unpack[m.CommandHistoryQuery]) -> m.CommandHistory:
        """Commands run before, newest first

        Your own commands; administrators see everyone's.
        """

    @paged(COMMAND_HISTORY, Offsets("commands"))
    def iterate_history(self, **query: Unpack[m.CommandHistoryQuery]) -> Iterator[m.CommandSummary]:
        """Every item of history(), page after page."""

    @endpoint(COMMAND_SUGGESTIONS)
    def suggestions(self, **query: Unpack[m.CommandSuggestionsQuery]) -> m.SuggestionList:
        """Command suggestions

        Your own commands ranked by frequency and recency, then a catalog; both filtered by context
        and prefix.
        """

    @endpoint(VALIDATE_COMMAND)
    def validate(self, **body: Unpack[m.ValidateRequestParams]) -> m.ValidationOut:
        """Check a command's syntax and safety

        valid: execute would accept it; safe: no dangerous finding (null when check_safety is
        false). Each finding has a warning and a safer suggestion.
        """


class Sessions(Resource[M]):
    """Sessions (what a WebSocket connects to) and their history."""

    @endpoint(CREATE_SESSION)
    def create(self, **body: Unpack[m.SessionCreateParams]) -> m.SessionOut:
        """Create a session on a project you can read

        expires_at = now + SESSION_TTL, moved forward on each use (updates, restores, and while a
        WebSocket is connected to it).
        """

    @endpoint(LIST_SESSIONS)
    def list(self, **query: Unpack[m.ListSessionsQuery]) -> m.SessionList:
        """Your sessions"""

    @endpoint(GET_SESSION)
    def get(self, session_id: str, /) -> m.SessionOut:
        """Session details"""

    @endpoint(UPDATE_SESSION)
    def update(self, session_id: str, /, **body: Unpack[m.SessionUpdateParams]) -> m.SessionOut:
        """Update session settings

        409 SESSION_NOT_ACTIVE for an expired or closed session.
        """

    @endpoint(DELETE_SESSION)
    def delete(self, session_id: str, /) -> m.SessionOut:
        """Close a session for good

        The session stays listed as closed, with its history; its sockets close (4409).
        """

    @endpoint(SESSION_HISTORY)
    def history(self, session_id: str, /) -> m.SessionHistoryOut:
        """Session activity"""

    @endpoint(RESTORE_SESSION)
    def restore(
        self, session_id: str, /, **body: Unpack[m.RestoreRequestParams]
    ) -> m.RestoreResult:
        """Restore settings and tasks to a moment

        restore_point is taken at the precision written: a time as the API shows it (seconds, such
        as the session's `created_at`) stands for that whole second. include_settings: the settings
        as they were at restore_point. include_tasks: every task of the session's project back to
        its state then, from the task history (later changes reverted, later tasks deleted, later
        deletions undone; a task queued or running then becomes pending); each revert is recorded.
        Needs write access; 409 TASK_ALREADY_RUNNING while an affected task is queued or running.
        """


class Queues(Resource[M]):
    """The execution queues: status, metrics, pause, resume, clear, move."""

    @endpoint(QUEUE_STATUS)
    def status(self) -> m.QueueStatus:
        """Queue sizes, workers and performance

        Per queue: size (queued), processing (running), completed_today (UTC), paused. workers come
        from the live Supervisor (active = running executions); performance covers the last hour.
        """

    @endpoint(PAUSE_QUEUE)
    def pause(self, **body: Unpack[m.PauseRequestParams]) -> m.PauseState:
        """Pause a queue: nothing new starts from it

        Running executions continue. The pause is stored and survives restarts.
        """

    @endpoint(RESUME_QUEUE)
    def resume(self, **body: Unpack[m.QueueRequestParams]) -> m.PauseState:
        """Resume a paused queue"""

    @endpoint(CLEAR_QUEUE)
    def clear(self, **body: Unpack[m.ClearRequestParams]) -> m.Cleared:
        """Cancel every queued execution of a queue

        Requires `confirm: true`. Queued executions become cancelled (reason 'queue cleared');
        running ones are not touched.
        """

    @endpoint(QUEUE_METRICS)
    def metrics(self, **query: Unpack[m.QueueMetricsQuery]) -> m.MetricsOut:
        """Per-queue counts, wait and processing times

        Computed from executions queued within the period (1h, 24h, 7d, 30d). Times are seconds;
        usage sums their total_cost_usd and tokens.
        """

    @endpoint(MOVE_TASKS)
    def set_priority(self, **body: Unpack[m.MoveRequestParams]) -> m.Moved:
        """Move queued tasks to another priority queue

        Each task's queued execution moves, keeping its age; tasks that are not queued or not
        visible are reported, not failed.
        """


class Users(Resource[M]):
    """Your profile and preferences; accounts (admins)."""

    @endpoint(GET_PROFILE)
    def profile(self) -> m.ProfileOut:
        """The caller's profile"""

    @endpoint(UPDATE_PROFILE)
    def update_profile(self, **body: Unpack[m.ProfileUpdateParams]) -> m.ProfileOut:
        """Update the caller's profile

        email, full_name, avatar_url; a new password needs current_password and ends the caller's
        logins: refresh tokens revoked, access tokens issued before refused (401), sockets closed
        (4401) on every server process; log in again with the new password. Role and activity are
        set by admins only (422 here).
        """

    @endpoint(UPDATE_PREFERENCES)
    def update_preferences(self, **body: Unpack[m.PreferencesUpdateParams]) -> m.PreferencesOut:
        """Update the caller's preferences

        Merged into the stored preferences (objects key by key); unknown keys are refused (422). The
        response shows every preference, defaults included.
        """

    @endpoint(LIST_USERS)
    def list(self, **query: Unpack[m.ListUsersQuery]) -> m.UserPage:
        """List accounts"""

    @paged(LIST_USERS, PageNumbers("items"))
    def iterate(self, **query: Unpack[m.ListUsersQuery]) -> Iterator[m.UserOut]:
        """Every item of list(), page after page."""

    @endpoint(CREATE_USER)
    def create(self, **body: Unpack[m.UserCreateParams]) -> m.UserOut:
        """Create an account

        409 RESOURCE_ALREADY_EXISTS when the username is taken.
        """

    @endpoint(GET_USER)
    def get(self, user_id: str, /) -> m.UserOut:
        """An account"""

    @endpoint(UPDATE_USER)
    def update(self, user_id: str, /, **body: Unpack[m.UserUpdateParams]) -> m.UserOut:
        """Change an account

        Role, activity, password, profile fields. Disabling an account or setting its password ends
        its logins: its refresh tokens are revoked, access tokens issued before are refused (401)
        and its sockets close (4401) on every server process; a disabled account gets 403
        AUTH_ACCOUNT_DISABLED. A new role re-checks the live subscriptions of its sockets. The last
        active admin cannot be demoted or disabled (409 RESOURCE_IN_USE). Accounts are disabled,
        never deleted, so their history keeps its authors.
        """


class Webhooks(Resource[M]):
    """Webhooks and their deliveries."""

    @endpoint(CREATE_WEBHOOK)
    def create(self, **body: Unpack[m.WebhookCreateParams]) -> m.WebhookCreated:
        """Create a webhook

        Its `secret` is in this answer only: every delivery is signed with it (X-Signature-256 and
        the Standard Webhooks webhook-signature). A URL that is not http(s), or whose host resolves
        to a loopback, private, link-local, multicast, reserved or metadata address, is refused with
        422 WEBHOOK_URL_REFUSED (details.field = url), unless its host is in WEBHOOK_ALLOWED_HOSTS.
        A project's webhook (project_id) needs the project's manage right.
        """

    @endpoint(LIST_WEBHOOKS)
    def list(self, **query: Unpack[m.ListWebhooksQuery]) -> m.WebhookPage:
        """List webhooks

        Your own, and those of the projects you manage (admins: all).
        """

    @paged(LIST_WEBHOOKS, PageNumbers("items"))
    def iterate(self, **query: Unpack[m.ListWebhooksQuery]) -> Iterator[m.WebhookOut]:
        """Every item of list(), page after page."""

    @endpoint(GET_WEBHOOK)
    def get(self, webhook_id: str, /) -> m.WebhookOut:
        """Webhook details (never its secret)"""

    @endpoint(UPDATE_WEBHOOK)
    def update(self, webhook_id: str, /, **body: Unpack[m.WebhookUpdateParams]) -> m.WebhookOut:
        """Update a webhook

        Changes only the fields sent; a new url is checked as at creation. Deactivating cancels the
        deliveries not yet made (redeliver them once it is active again).
        """

    @endpoint(DELETE_WEBHOOK)
    def delete(self, webhook_id: str, /) -> m.Deleted:
        """Delete a webhook (soft)

        Its deliveries stay readable for the record; those not yet made are cancelled.
        """

    @endpoint(TEST_WEBHOOK)
    def test(self, webhook_id: str, /) -> m.DeliveryOut:
        """Send a test delivery

        A `webhook.test` event to this webhook alone, signed like any other; follow it in its
        deliveries. 409 WEBHOOK_INACTIVE for an inactive webhook.
        """

    @endpoint(LIST_DELIVERIES)
    def deliveries(
        self, webhook_id: str, /, **query: Unpack[m.ListDeliveriesQuery]
    ) -> m.DeliveryPage:
        """A webhook's deliveries

        Each with its status (pending, delivering, delivered, failed, cancelled) and every attempt:
        its outcome, response code, duration, error and when the next one is due.
        """

    @paged(LIST_DELIVERIES, PageNumbers("items"))
    def iterate_deliveries(
        self, webhook_id: str, /, **query: Unpack[m.ListDeliveriesQuery]
    ) -> Iterator[m.DeliveryOut]:
        """Every item of deliveries(), page after page."""

    @endpoint(GET_DELIVERY)
    def delivery(self, webhook_id: str, delivery_id: str, /) -> m.DeliveryOut:
        """One delivery with its attempts"""

    @endpoint(REDELIVER)
    def redeliver(self, webhook_id: str, delivery_id: str, /) -> m.DeliveryOut:
        """Redeliver a delivery

        A new delivery (its own delivery_id, redelivery_of the original) of the same event and data.
        409 RESOURCE_IN_USE while the original has not ended, WEBHOOK_INACTIVE for an inactive
        webhook.
        """


class Health(Resource[M]):
    """Whether the server and its dependencies are up (no login needed)."""

    @endpoint(HEALTH)
    def check(self) -> m.BasicHealth:
        """Basic health status"""

    @endpoint(HEALTH_DETAILED)
    def detailed(self) -> m.DetailedHealth:
        """Health of each dependency (503 when one is down)"""


class System(Resource[M]):
    """System information, the maintenance window, the OpenAPI document."""

    @endpoint(SYSTEM_INFO)
    def info(self) -> m.SystemInfo:
        """Version, features and limits"""

    @endpoint(MAINTENANCE)
    def maintenance(self) -> m.MaintenanceOut:
        """The maintenance window"""

    @endpoint(SET_MAINTENANCE)
    def set_maintenance(self, **body: Unpack[m.MaintenanceRequestParams]) -> m.MaintenanceOut:
        """Start, schedule or end maintenance

        While enabled (from starts_at, default now, until ends_at, default until disabled), every
        write to the API by a non-admin gets 503 SYSTEM_MAINTENANCE with the message (and Retry-
        After when ends_at is set); reads, signing in and admins are not affected. Every socket gets
        a `notification` when it is set, when a scheduled window begins, and when it ends; other web
        processes see the change within seconds.
        """

    @endpoint(OPENAPI_JSON)
    def openapi(self) -> m.OpenApiDocument:
        """The OpenAPI document of this server"""


class Resources(Generic[M]):
    """The API's resources as a client's attributes, bound to its transport."""

    def __init__(self, transport: Transport) -> None:
        self.auth: Auth[M] = Auth(transport)
        self.tasks: Tasks[M] = Tasks(transport)
        self.executions: Executions[M] = Executions(transport)
        self.projects: Projects[M] = Projects(transport)
        self.members: Members[M] = Members(transport)
        self.commands: Commands[M] = Commands(transport)
        self.sessions: Sessions[M] = Sessions(transport)
        self.queues: Queues[M] = Queues(transport)
        self.users: Users[M] = Users(transport)
        self.webhooks: Webhooks[M] = Webhooks(transport)
        self.health: Health[M] = Health(transport)
        self.system: System[M] = System(transport)
