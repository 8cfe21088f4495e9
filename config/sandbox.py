"""Sandbox settings: how CLI runs and ad-hoc commands are confined (bubblewrap, limits).

Read by config.settings from the environment like every other setting; the runtime turns them
into one policy per run (actors/sandbox/).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol, TypeVar

T = TypeVar("T")

# Read-only in every sandbox: programs, libraries, and the few files of /etc that name
# resolution, TLS, users and the dynamic loader need (not /etc as a whole: a server run as
# root could read /etc/shadow and other root-owned secrets there).
DEFAULT_SYSTEM_PATHS = (
    "/usr,/bin,/sbin,/lib,/lib32,/lib64,/libx32,"
    "/etc/alternatives,/etc/ssl,/etc/ca-certificates,/etc/ca-certificates.conf,/etc/pki,"
    "/etc/passwd,/etc/group,/etc/hosts,/etc/resolv.conf,/etc/nsswitch.conf,/etc/host.conf,"
    "/etc/gai.conf,/etc/localtime,/etc/timezone,/etc/ld.so.cache,/etc/ld.so.conf,"
    "/etc/ld.so.conf.d,/etc/mime.types,/etc/protocols,/etc/services,/etc/os-release,"
    "/etc/gitconfig,/etc/bash.bashrc,/etc/profile,/etc/inputrc,/etc/terminfo"
)
# Nothing shared is writable by default: the state the real Claude CLI writes under its HOME
# (~/.claude, ~/.claude.json: settings, hooks, session transcripts for --resume) lives in a home
# of each project's own (actors.sandbox.state.project_home), so no project's run can read
# another's transcripts or plant hooks that another project's runs execute.
DEFAULT_WRITE_PATHS = ""


class SandboxMode(StrEnum):
    """SANDBOX: bubblewrap when it works (auto), always (bwrap: no start without it), never."""

    AUTO = "auto"
    BWRAP = "bwrap"
    OFF = "off"


@dataclass(frozen=True)
class SandboxSettings:
    """What a sandboxed run may see and use; paths are absolute, `~` expanded."""

    mode: SandboxMode = SandboxMode.AUTO
    system_paths: tuple[str, ...] = ()
    read_paths: tuple[str, ...] = ()  # CLI runs only: its install, credentials, config
    write_paths: tuple[str, ...] = ()  # CLI runs only: the state the CLI writes
    command_network: bool = True
    max_processes: int = 1024
    max_memory_mb: int = 4096
    max_cpu_seconds: int = 7200
    allow_unsandboxed: bool = False


class Reader(Protocol):
    def get(self, name: str, default: T, cast: Callable[[str], T]) -> T: ...


def read_sandbox_settings(
    reader: Reader,
    env: Mapping[str, str],
    positive_int: Callable[[str], int],
    private: tuple[Path, ...],
) -> SandboxSettings:
    """SANDBOX_* and ALLOW_UNSANDBOXED; a read or write path inside a private directory
    (DATA_DIR, WORKSPACE_ROOT) is refused: it would show every run the server's secrets or
    other projects."""
    home = env.get("HOME", "")
    paths, defaults = _path_list(home, private, strict=True), _path_list(home, private)
    return SandboxSettings(
        mode=reader.get("SANDBOX", SandboxMode.AUTO, _mode),
        system_paths=reader.get("SANDBOX_SYSTEM_PATHS", defaults(DEFAULT_SYSTEM_PATHS), paths),
        read_paths=reader.get("SANDBOX_READ_PATHS", (), paths),
        write_paths=reader.get("SANDBOX_WRITE_PATHS", defaults(DEFAULT_WRITE_PATHS), paths),
        command_network=reader.get("SANDBOX_COMMAND_NETWORK", True, flag),
        max_processes=reader.get("SANDBOX_MAX_PROCESSES", 1024, positive_int),
        max_memory_mb=reader.get("SANDBOX_MAX_MEMORY_MB", 4096, positive_int),
        max_cpu_seconds=reader.get("SANDBOX_MAX_CPU_SECONDS", 7200, positive_int),
        allow_unsandboxed=reader.get("ALLOW_UNSANDBOXED", False, flag),
    )


def _mode(raw: str) -> SandboxMode:
    try:
        return SandboxMode(raw.strip().lower())
    except ValueError:
        raise ValueError(f"expected one of auto, bwrap, off, got {raw!r}") from None


def flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def _path_list(
    home: str, private: tuple[Path, ...], strict: bool = False
) -> Callable[[str], tuple[str, ...]]:
    """A cast of comma-separated paths: `~` is the server's HOME; each must be absolute and
    outside the private directories (strict: refused; else, for defaults, left out)."""

    def cast(raw: str) -> tuple[str, ...]:
        paths = []
        for item in (part.strip() for part in raw.split(",")):
            if not item:
                continue
            path = home + item[1:] if item == "~" or item.startswith("~/") else item
            if not os.path.isabs(path):
                raise ValueError(f"expected absolute paths, got {item!r}")
            path = os.path.normpath(path)
            hidden = [d for d in private if _inside(os.path.realpath(path), os.path.realpath(d))]
            if hidden and strict:
                raise ValueError(f"{item!r} is inside {hidden[0]}, which runs must not see")
            if not hidden:
                paths.append(path)
        return tuple(paths)

    return cast


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath((path, root)) == root
