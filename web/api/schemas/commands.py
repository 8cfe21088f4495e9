"""Ad-hoc commands (API.md, Command Execution): run, follow, cancel, list, suggest, validate."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field, field_validator

from storage.formats import utcnow
from storage.models import Command
from storage.statuses import CommandStatus
from web.api.schemas.executions import Chunk
from web.commands import suggestions
from web.commands.safety import Verdict
from web.http.models import Body, JsonObject, Nullable, Out, Timestamp, Uuid, invalid_format
from web.http.validation import Query

MAX_COMMAND_CHARS = 16 * 1024


class CommandRequest(Body):
    command: str = Field(min_length=1, max_length=MAX_COMMAND_CHARS)
    working_directory: Nullable[str] = Field(
        None,
        max_length=4096,
        description="absolute, or relative to the project's directory; must resolve (after "
        "symlinks) inside a project directory you can access (admins: inside WORKSPACE_ROOT)",
    )
    project_id: Nullable[Uuid] = Field(
        None,
        description="the project to run in; default: the project of your latest command, "
        "else your newest project",
    )
    timeout: Nullable[int] = Field(
        None,
        ge=1,
        description="seconds; default DEFAULT_COMMAND_TIMEOUT, at most MAX_COMMAND_TIMEOUT",
    )
    environment: JsonObject | None = Field(
        None, description="string variables added to a clean base"
    )
    stream_output: bool = Field(True, description="publish command_output events")
    force: bool = Field(False, description="admins: run despite safety warnings")


class StatusQuery(Query):
    after_seq: int = Field(-1, ge=-1)


class HistoryQuery(Query):
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0)


class SuggestionsQuery(Query):
    context: str | None = Field(None, json_schema_extra={"enum": list(suggestions.CONTEXTS)})
    prefix: str = Field("", max_length=200)
    limit: int = Field(20, ge=1, le=100)

    @field_validator("context")
    @classmethod
    def _known_context(cls, value: str | None) -> str | None:
        if value is not None and value not in suggestions.CONTEXTS:
            raise invalid_format("must be one of " + ", ".join(suggestions.CONTEXTS))
        return value


class ValidateRequest(Body):
    command: str = Field(min_length=1, max_length=MAX_COMMAND_CHARS)
    check_safety: bool = True


class CommandSummary(Out):
    command_id: str = Field(validation_alias="id")
    command: str
    status: CommandStatus
    user_id: str
    project_id: str | None
    working_directory: str | None
    pid: int | None
    exit_code: int | None
    error: str | None = Field(validation_alias="error_message")
    forced: bool
    created_at: Timestamp
    started_at: Timestamp | None
    completed_at: Timestamp | None
    cancelled_at: Timestamp | None
    duration: float | None = Field(description="seconds, so far while it runs")

    @classmethod
    def of(cls, command: Command, **given: Any) -> Self:
        end = command.completed_at or utcnow()
        seconds = (end - command.started_at).total_seconds() if command.started_at else None
        return cls.read(command, duration=seconds and round(seconds, 3), **given)


class CommandStarted(CommandSummary):
    """A command as execute answers: its limits and the safety warnings it was run with."""

    timeout: int | None
    warnings: list[str]

    @classmethod
    def of(cls, command: Command, **given: Any) -> Self:
        return super().of(command, warnings=command.warnings or [], **given)


class CommandDetails(CommandStarted):
    environment: JsonObject
    output_bytes: int | None
    output_truncated: bool | None
    output: list[Chunk]


class CommandCancelled(Out):
    command_id: str = Field(validation_alias="id")
    status: CommandStatus
    cancelled_at: Timestamp | None
    exit_code: int | None


class RunningCommands(Out):
    commands: list[CommandSummary]
    total_running: int


class CommandHistory(Out):
    commands: list[CommandSummary]
    total: int
    limit: int
    offset: int


class SuggestionOut(Out):
    command: str
    description: str
    category: str
    source: Literal["history", "catalog"]
    use_count: int | None = None
    last_used: Timestamp | None = None


class SuggestionList(Out):
    suggestions: list[SuggestionOut]


class FindingOut(Out):
    rule: str
    severity: str
    message: str
    suggestion: str


class ValidationOut(Out):
    valid: bool
    safe: bool | None
    syntax_error: str | None
    warnings: list[str]
    suggestions: list[str]
    findings: list[FindingOut]

    @classmethod
    def of(cls, verdict: Verdict) -> Self:
        return cls(
            valid=verdict.valid,
            safe=verdict.safe,
            syntax_error=verdict.syntax_error,
            warnings=verdict.warnings,
            suggestions=verdict.suggestions,
            findings=[
                FindingOut(
                    rule=f.rule, severity=f.severity, message=f.message, suggestion=f.suggestion
                )
                for f in verdict.findings
            ],
        )
