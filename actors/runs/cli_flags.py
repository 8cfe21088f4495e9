"""The CLI's command line for one run: print mode, stream-json, and the run's CLI options as the
CLI's own flags. Values go in `--flag=value` form, so none can read as an option of its own."""

from __future__ import annotations

import os
from pathlib import Path

from storage.cli import CliOptions
from storage.runs.running import ExecutionPlan

RUN_FILES = "cli-runs"  # under DATA_DIR: per-run files the CLI reads (its --mcp-config)


class CliSetupError(Exception):
    """Raised when a run's CLI options cannot be applied (a directory outside the project)."""


def cli_argv(
    cli: tuple[str, ...], plan: ExecutionPlan, add_dirs: tuple[str, ...], mcp_config: str | None
) -> tuple[str, ...]:
    """The CLI in print mode; the prompt goes to its standard input, never into argv (where
    `ps` shows it and a leading '-' would read as an option)."""
    argv = (*cli, "-p", "--output-format", "stream-json", "--verbose")
    if plan.resume_session_id:
        argv += ("--resume", plan.resume_session_id)
    return argv + option_flags(plan.cli, add_dirs, mcp_config)


def option_flags(
    options: CliOptions, add_dirs: tuple[str, ...], mcp_config: str | None
) -> tuple[str, ...]:
    """options as flags; add_dirs already resolved (resolve_add_dirs), mcp_config a file."""
    flags: list[str] = []
    single = (
        ("--model", options.model),
        ("--permission-mode", options.permission_mode),
        ("--max-turns", None if options.max_turns is None else str(options.max_turns)),
        ("--append-system-prompt", options.append_system_prompt),
        ("--mcp-config", mcp_config),
    )
    flags += [f"{flag}={value}" for flag, value in single if value is not None]
    flags += [f"--allowedTools={tool}" for tool in options.allowed_tools]
    flags += [f"--disallowedTools={tool}" for tool in options.disallowed_tools]
    flags += [f"--add-dir={directory}" for directory in add_dirs]
    return tuple(flags)


def resolve_add_dirs(
    project_dir: str, workdir: str, directories: tuple[str, ...]
) -> tuple[str, ...]:
    """Each directory (relative to the project's directory, or inside it) as the real path it
    names in workdir (the project's directory, or its worktree), which must be an existing
    directory inside workdir (a symlink out of it is refused): the sandbox shows and lets
    write only there."""
    root = os.path.realpath(workdir)
    resolved = []
    for directory in directories:
        relative = os.path.relpath(os.path.join(project_dir, directory), project_dir)
        path = os.path.realpath(os.path.join(root, relative))
        if os.path.commonpath((path, root)) != root:
            raise CliSetupError(f"add_dirs: {directory!r} leads outside the project's directory")
        if not os.path.isdir(path):
            raise CliSetupError(f"add_dirs: {directory!r} is not a directory of the project")
        resolved.append(path)
    return tuple(resolved)


def write_run_file(data_dir: Path, execution_id: str, name: str, text: str) -> Path:
    """A file of this run's, private to the server's user, that the sandbox shows read-only."""
    directory = data_dir / RUN_FILES / execution_id
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = directory / name
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as file:
        file.write(text)
    return path


def remove_run_files(data_dir: Path, execution_id: str) -> None:
    """Remove what write_run_file wrote for this run (idempotent)."""
    directory = data_dir / RUN_FILES / execution_id
    if directory.is_dir():
        for path in directory.iterdir():
            path.unlink(missing_ok=True)
        directory.rmdir()
