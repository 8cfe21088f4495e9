"""Ad-hoc shell commands: execute, follow, cancel, list, suggest and validate."""

from __future__ import annotations

from storage.formats import utcnow
from storage.roles import Permission
from storage.runs import commands, output
from web.api.schemas.commands import (
    CommandCancelled,
    CommandDetails,
    CommandHistory,
    CommandRequest,
    CommandStarted,
    CommandSummary,
    HistoryQuery,
    RunningCommands,
    StatusQuery,
    SuggestionList,
    SuggestionOut,
    SuggestionsQuery,
    ValidateRequest,
    ValidationOut,
)
from web.api.schemas.executions import Chunk
from web.commands import runs as command_runs
from web.commands import suggestions
from web.commands.safety import validate
from web.http.calls import Call, NoBody
from web.http.routing import Resource

api = Resource(tag="commands")

OUTPUT_IN_STATUS = 1000


@api.post("/api/commands/execute", permission=Permission.EXECUTE)
async def execute_command(call: Call[CommandRequest]) -> CommandStarted:
    """Run a shell command

    Runs `bash -c <command>` in its own process group with stdin closed, in a checked working
    directory with a clean environment. Answers once the process has a pid. Unsafe commands (see
    validate) get 403 COMMAND_UNSAFE with the warnings; 429 RESOURCE_LIMIT_EXCEEDED past
    MAX_COMMANDS_PER_USER; 503 SYSTEM_OVERLOADED (and the command recorded failed) when the runtime
    is down.
    """
    result = await command_runs.execute(call.app, call.user, call.body.sent())
    command, launched = result["command"], result["launched"]
    if launched is None:
        return CommandStarted.of(command)
    return CommandStarted.of(command, status=launched.status, pid=launched.pid)


@api.get("/api/commands/{command_id}/status")
def command_status(call: Call[NoBody, StatusQuery]) -> CommandDetails:
    """A command's state and output so far

    Output chunks in order (at most 1000; pass after_seq to page on).
    """
    command = commands.get_command(call.user, call.path("command_id"))
    chunks = output.output_of(command.id, call.query.after_seq, limit=OUTPUT_IN_STATUS)
    return CommandDetails.of(command, output=[Chunk.of(c) for c in chunks])


@api.post("/api/commands/{command_id}/cancel", permission=Permission.EXECUTE)
async def cancel_command(call: Call) -> CommandCancelled:
    """Cancel a running command

    SIGTERM to the process group, SIGKILL after CANCEL_GRACE_PERIOD; answers once the group is gone
    (exit_code -15 or -9). 409 COMMAND_NOT_RUNNING when it already ended.
    """
    command = await command_runs.cancel(call.app, call.user, call.path("command_id"))
    return CommandCancelled.read(command)


@api.get("/api/commands/running")
def running_commands(call: Call) -> RunningCommands:
    """Commands running now"""
    running = commands.running(call.user)
    return RunningCommands(
        commands=[CommandSummary.of(c) for c in running], total_running=len(running)
    )


@api.get("/api/commands/history")
def command_history(call: Call[NoBody, HistoryQuery]) -> CommandHistory:
    """Commands run before, newest first

    Your own commands; administrators see everyone's.
    """
    query = call.query
    items, total = commands.history(call.user, query.limit, query.offset)
    return CommandHistory(
        commands=[CommandSummary.of(c) for c in items],
        total=total,
        limit=query.limit,
        offset=query.offset,
    )


@api.get("/api/commands/suggestions")
def command_suggestions(call: Call[NoBody, SuggestionsQuery]) -> SuggestionList:
    """Command suggestions

    Your own commands ranked by frequency and recency, then a catalog; both filtered by context and
    prefix.
    """
    query = call.query
    history = commands.frequent(call.user, query.prefix, limit=200)
    found = suggestions.suggest(history, utcnow(), query.context, query.prefix, query.limit)
    return SuggestionList(suggestions=[SuggestionOut.model_validate(s) for s in found])


@api.post("/api/commands/validate")
async def validate_command(call: Call[ValidateRequest]) -> ValidationOut:
    """Check a command's syntax and safety

    valid: execute would accept it; safe: no dangerous finding (null when check_safety is false).
    Each finding has a warning and a safer suggestion.
    """
    body = call.body
    verdict = await validate(body.command, call.settings.command_shell, body.check_safety)
    return ValidationOut.of(verdict)
