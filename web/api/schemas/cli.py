"""CLI settings (API.md, CLI settings): a project's `settings.cli` and a run's `options.cli`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, JsonValue, model_validator

from storage.cli import ALLOW_BYPASS, Isolation, PermissionMode
from web.http.models import Body, JsonObject, invalid_format, without_nul

# A tool in the CLI's own syntax (`Read`, `Bash(git diff:*)`, `mcp__server__tool`); it starts
# with a letter, so it can never read as an option.
Tool = Annotated[str, Field(min_length=1, max_length=200, pattern=r"^[A-Za-z][^\n\r]*$")]
Directory = Annotated[str, Field(min_length=1, max_length=4096, pattern=r"^[^\n\r]+$")]


class CliSettings(Body):
    """Each field maps to one flag of the CLI; a field left out leaves the CLI's default."""

    model: str | None = Field(
        None,
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:\[\]-]*$",
        description="--model: an alias (`sonnet`, `opus`) or a full model name",
    )
    permission_mode: PermissionMode | None = Field(
        None,
        description="--permission-mode; bypassPermissions only for admins or on a project where "
        f"an admin set {ALLOW_BYPASS}",
    )
    allowed_tools: list[Tool] | None = Field(
        None, max_length=100, description="--allowedTools, e.g. `Bash(git diff:*)`, `Edit`"
    )
    disallowed_tools: list[Tool] | None = Field(
        None, max_length=100, description="--disallowedTools, same syntax"
    )
    max_turns: int | None = Field(None, ge=1, le=1000, description="--max-turns")
    append_system_prompt: str | None = Field(
        None, min_length=1, max_length=20_000, description="--append-system-prompt"
    )
    add_dirs: list[Directory] | None = Field(
        None,
        max_length=20,
        description="--add-dir, each relative to (or inside) the project's directory",
    )
    mcp_config: JsonObject | None = Field(
        None, description="--mcp-config: this JSON object, written to a file for each run"
    )
    isolation: Isolation | None = Field(
        None,
        description="none: run in the project's directory; worktree: in a git worktree of its "
        "own on a new branch claude/<short task id>-<attempt> (409 PROJECT_NOT_A_REPOSITORY "
        "unless the project's directory is a git repository)",
    )


class ProjectCliSettings(CliSettings):
    allow_bypass_permissions: bool | None = Field(
        None, description="admins only: lets this project's runs use bypassPermissions"
    )


class ProjectSettings(Body):
    """A project's settings: `cli` is checked; any other key is kept as sent."""

    model_config = ConfigDict(strict=True, extra="allow", regex_engine="rust-regex")

    __pydantic_extra__: dict[str, JsonValue] = Field(init=False)

    cli: ProjectCliSettings | None = None

    @model_validator(mode="after")
    def _extra_without_nul(self) -> ProjectSettings:
        if not without_nul(self.model_extra):
            raise invalid_format("must not contain a NUL character")
        return self

    def sent(self) -> dict[str, Any]:
        return {**(self.model_extra or {}), **super().sent()}
