"""What the OpenAPI document cannot say: the SDK's name of each operation (`client.tasks.list`
for `list_all_tasks`), how its lists are walked, and what auth does to the client's tokens.

Every operation of the document must be named here (or be a page: docs, metrics, the
WebSocket upgrade), and every name must be an operation of the document: the generator
refuses either mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Name:
    resource: str
    method: str
    pager: str | None = None  # PageNumbers | Offsets | AfterSeq (claude_cli_sdk._endpoints)
    items: str = "items"  # the answer's field holding a page's items
    token: str | None = None  # TokenUse member; default: ACCESS when the document asks for one
    effect: str = "NONE"  # TokenEffect member: NONE | ADOPT | DROP


# resource attribute -> (class name, docstring)
RESOURCES: dict[str, tuple[str, str]] = {
    "auth": ("Auth", "Logins: tokens from a username and password, refreshed, ended."),
    "tasks": ("Tasks", "Tasks: create, list, change, run, cancel, retry; their history."),
    "executions": ("Executions", "A task's runs: their output, transcript and diff."),
    "projects": ("Projects", "Projects: create, list, change, clone; their tasks, analytics."),
    "members": ("Members", "The members of a project and their roles."),
    "commands": ("Commands", "Ad-hoc commands: validate, run, follow, cancel; suggestions."),
    "sessions": ("Sessions", "Sessions (what a WebSocket connects to) and their history."),
    "queues": ("Queues", "The execution queues: status, metrics, pause, resume, clear, move."),
    "users": ("Users", "Your profile and preferences; accounts (admins)."),
    "webhooks": ("Webhooks", "Webhooks and their deliveries."),
    "health": ("Health", "Whether the server and its dependencies are up (no login needed)."),
    "system": ("System", "System information, the maintenance window, the OpenAPI document."),
}

OPERATIONS: dict[str, Name] = {
    # auth
    "login": Name("auth", "login", effect="ADOPT"),
    "refresh": Name("auth", "refresh", token="REFRESH", effect="ADOPT"),
    "logout": Name("auth", "logout", token="REFRESH", effect="DROP"),
    # tasks
    "create_task": Name("tasks", "create"),
    "list_all_tasks": Name("tasks", "list", pager="PageNumbers"),
    "get_task": Name("tasks", "get"),
    "update_task": Name("tasks", "update"),
    "delete_task": Name("tasks", "delete"),
    "bulk_tasks": Name("tasks", "bulk"),
    "task_history": Name("tasks", "history"),
    "execute_task": Name("tasks", "execute"),
    "cancel_task": Name("tasks", "cancel"),
    "retry_task": Name("tasks", "retry"),
    "task_conversation": Name("tasks", "conversation"),
    # executions
    "list_executions": Name("executions", "list"),
    "execution_output": Name("executions", "output", pager="AfterSeq", items="output"),
    "execution_transcript": Name("executions", "transcript", pager="AfterSeq", items="messages"),
    "execution_diff": Name("executions", "diff"),
    # projects
    "create_project": Name("projects", "create"),
    "list_projects": Name("projects", "list", pager="PageNumbers"),
    "get_project": Name("projects", "get"),
    "update_project": Name("projects", "update"),
    "delete_project": Name("projects", "delete"),
    "project_tasks": Name("projects", "tasks", pager="PageNumbers"),
    "clone_project": Name("projects", "clone"),
    "project_analytics": Name("projects", "analytics"),
    # members
    "list_members": Name("members", "list"),
    "add_member": Name("members", "add"),
    "change_member": Name("members", "update"),
    "remove_member": Name("members", "remove"),
    # commands
    "execute_command": Name("commands", "execute"),
    "command_status": Name("commands", "status"),
    "cancel_command": Name("commands", "cancel"),
    "running_commands": Name("commands", "running"),
    "command_history": Name("commands", "history", pager="Offsets", items="commands"),
    "command_suggestions": Name("commands", "suggestions"),
    "validate_command": Name("commands", "validate"),
    # sessions
    "create_session": Name("sessions", "create"),
    "list_sessions": Name("sessions", "list"),
    "get_session": Name("sessions", "get"),
    "update_session": Name("sessions", "update"),
    "delete_session": Name("sessions", "delete"),
    "session_history": Name("sessions", "history"),
    "restore_session": Name("sessions", "restore"),
    # queues
    "queue_status": Name("queues", "status"),
    "pause_queue": Name("queues", "pause"),
    "resume_queue": Name("queues", "resume"),
    "clear_queue": Name("queues", "clear"),
    "queue_metrics": Name("queues", "metrics"),
    "move_tasks": Name("queues", "set_priority"),
    # users
    "get_profile": Name("users", "profile"),
    "update_profile": Name("users", "update_profile"),
    "update_preferences": Name("users", "update_preferences"),
    "list_users": Name("users", "list", pager="PageNumbers"),
    "create_user": Name("users", "create"),
    "get_user": Name("users", "get"),
    "update_user": Name("users", "update"),
    # webhooks
    "create_webhook": Name("webhooks", "create"),
    "list_webhooks": Name("webhooks", "list", pager="PageNumbers"),
    "get_webhook": Name("webhooks", "get"),
    "update_webhook": Name("webhooks", "update"),
    "delete_webhook": Name("webhooks", "delete"),
    "test_webhook": Name("webhooks", "test"),
    "list_deliveries": Name("webhooks", "deliveries", pager="PageNumbers"),
    "get_delivery": Name("webhooks", "delivery"),
    "redeliver": Name("webhooks", "redeliver"),
    # health and system
    "health": Name("health", "check"),
    "health_detailed": Name("health", "detailed"),
    "system_info": Name("system", "info"),
    "maintenance": Name("system", "maintenance"),
    "set_maintenance": Name("system", "set_maintenance"),
    "openapi_json": Name("system", "openapi"),
}

# Not API operations: HTML and text pages, the collections (documents about the API) and the
# WebSocket upgrade (client.websocket).
PAGES = frozenset(
    {"docs_page", "metrics", "websocket", "postman_collection", "insomnia_collection"}
)


def iterator_name(method: str) -> str:
    """The iterator beside a paginated method: list -> iterate, tasks -> iterate_tasks."""
    return "iterate" if method == "list" else f"iterate_{method}"
