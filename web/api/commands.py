"""Ad-hoc shell commands: execute, follow, cancel, list, suggest and validate."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage.formats import iso, iso_ms, utcnow
from storage.models import Command
from storage.runs import commands, output
from web.commands import runs as command_runs
from web.commands import suggestions
from web.commands.safety import validate
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, query_key, settings_key, user_key

MAX_COMMAND_CHARS = 16 * 1024
OUTPUT_IN_STATUS = 1000

EXECUTE = Schema(
    Field("command", required=True, min_length=1, max_length=MAX_COMMAND_CHARS),
    Field(
        "working_directory",
        nullable=True,
        max_length=4096,
        description="absolute, or relative to the project's directory; must resolve (after "
        "symlinks) inside a project directory you can access (admins: inside WORKSPACE_ROOT)",
    ),
    Field(
        "project_id",
        "uuid",
        nullable=True,
        description="the project to run in; default: the project of your latest command, "
        "else your newest project",
    ),
    Field(
        "timeout",
        "integer",
        minimum=1,
        nullable=True,
        description="seconds; default DEFAULT_COMMAND_TIMEOUT, at most MAX_COMMAND_TIMEOUT",
    ),
    Field("environment", "object", description="string variables added to a clean base"),
    Field("stream_output", "boolean", default=True, description="publish command_output events"),
    Field("force", "boolean", default=False, description="admins: run despite safety warnings"),
)
STATUS = Schema(Field("after_seq", "integer", minimum=-1, default=-1))
HISTORY = Schema(
    Field("limit", "integer", minimum=1, maximum=100, default=50),
    Field("offset", "integer", minimum=0, default=0),
)
SUGGESTIONS = Schema(
    Field("context", choices=suggestions.CONTEXTS),
    Field("prefix", max_length=200, default=""),
    Field("limit", "integer", minimum=1, maximum=100, default=20),
)
VALIDATE = Schema(
    Field("command", required=True, min_length=1, max_length=MAX_COMMAND_CHARS),
    Field("check_safety", "boolean", default=True),
)


def render_summary(command: Command) -> dict[str, Any]:
    end = command.completed_at or utcnow()
    return {
        "command_id": command.id,
        "command": command.command,
        "status": command.status,
        "user_id": command.user_id,
        "project_id": command.project_id,
        "working_directory": command.working_directory,
        "pid": command.pid,
        "exit_code": command.exit_code,
        "error": command.error_message,
        "forced": command.forced,
        "created_at": iso(command.created_at),
        "started_at": iso(command.started_at),
        "completed_at": iso(command.completed_at),
        "cancelled_at": iso(command.cancelled_at),
        "duration": (
            round((end - command.started_at).total_seconds(), 3) if command.started_at else None
        ),
    }


def render_details(command: Command, after_seq: int) -> dict[str, Any]:
    chunks = output.output_of(command.id, after_seq, limit=OUTPUT_IN_STATUS)
    return {
        **render_summary(command),
        "timeout": command.timeout,
        "environment": command.environment,
        "warnings": command.warnings or [],
        "output_bytes": command.output_bytes,
        "output_truncated": command.output_truncated,
        "output": [
            {
                "seq": c.seq,
                "timestamp": iso_ms(c.created_at),
                "stream": c.stream,
                "content": c.content,
            }
            for c in chunks
        ],
    }


@endpoint(
    "POST",
    "/api/commands/execute",
    "Run a shell command",
    tag="commands",
    permission="execute",
    body=EXECUTE,
    description="Runs `bash -c <command>` in its own process group with stdin closed, in a "
    "checked working directory with a clean environment. Answers once the process has a pid. "
    "Unsafe commands (see validate) get 403 COMMAND_UNSAFE with the warnings; 429 "
    "RESOURCE_LIMIT_EXCEEDED past MAX_COMMANDS_PER_USER; 503 SYSTEM_OVERLOADED (and the "
    "command recorded failed) when the runtime is down.",
)
async def execute_command(request: web.Request) -> Any:
    result = await command_runs.execute(request.app, request[user_key], request[body_key])
    command, launched = result["command"], result["launched"]
    return {
        **render_summary(command),
        "status": launched.status if launched else command.status,
        "pid": launched.pid if launched else command.pid,
        "timeout": command.timeout,
        "warnings": command.warnings or [],
    }


@endpoint(
    "GET",
    "/api/commands/{command_id}/status",
    "A command's state and output so far",
    tag="commands",
    query=STATUS,
    description="Output chunks in order (at most 1000; pass after_seq to page on).",
)
async def command_status(request: web.Request) -> Any:
    command = commands.get_command(request[user_key], request.match_info["command_id"])
    return render_details(command, request[query_key]["after_seq"])


@endpoint(
    "POST",
    "/api/commands/{command_id}/cancel",
    "Cancel a running command",
    tag="commands",
    permission="execute",
    description="SIGTERM to the process group, SIGKILL after CANCEL_GRACE_PERIOD; answers once "
    "the group is gone (exit_code -15 or -9). 409 COMMAND_NOT_RUNNING when it already ended.",
)
async def cancel_command(request: web.Request) -> Any:
    command = await command_runs.cancel(
        request.app, request[user_key], request.match_info["command_id"]
    )
    return {
        "command_id": command.id,
        "status": command.status,
        "cancelled_at": iso(command.cancelled_at),
        "exit_code": command.exit_code,
    }


@endpoint("GET", "/api/commands/running", "Commands running now", tag="commands")
async def running_commands(request: web.Request) -> Any:
    running = commands.running(request[user_key])
    return {"commands": [render_summary(c) for c in running], "total_running": len(running)}


@endpoint(
    "GET",
    "/api/commands/history",
    "Commands run before, newest first",
    tag="commands",
    query=HISTORY,
    description="Your own commands; administrators see everyone's.",
)
async def command_history(request: web.Request) -> Any:
    query = request[query_key]
    items, total = commands.history(request[user_key], query["limit"], query["offset"])
    return {
        "commands": [render_summary(c) for c in items],
        "total": total,
        "limit": query["limit"],
        "offset": query["offset"],
    }


@endpoint(
    "GET",
    "/api/commands/suggestions",
    "Command suggestions",
    tag="commands",
    query=SUGGESTIONS,
    description="Your own commands ranked by frequency and recency, then a catalog; both "
    "filtered by context and prefix.",
)
async def command_suggestions(request: web.Request) -> Any:
    query = request[query_key]
    history = commands.frequent(request[user_key], query["prefix"], limit=200)
    found = suggestions.suggest(
        history, utcnow(), query.get("context"), query["prefix"], query["limit"]
    )
    return {"suggestions": found}


@endpoint(
    "POST",
    "/api/commands/validate",
    "Check a command's syntax and safety",
    tag="commands",
    body=VALIDATE,
    description="valid: execute would accept it; safe: no dangerous finding (null when "
    "check_safety is false). Each finding has a warning and a safer suggestion.",
)
async def validate_command(request: web.Request) -> Any:
    body = request[body_key]
    verdict = await validate(
        body["command"], request.app[settings_key].command_shell, body["check_safety"]
    )
    return {
        "valid": verdict.valid,
        "safe": verdict.safe,
        "syntax_error": verdict.syntax_error,
        "warnings": verdict.warnings,
        "suggestions": verdict.suggestions,
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "suggestion": f.suggestion,
            }
            for f in verdict.findings
        ],
    }
