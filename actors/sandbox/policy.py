"""One run's confinement as a typed policy, and the bubblewrap command line it becomes.

What a sandboxed run sees: the system paths read-only, the program's own directory read-only,
(CLI runs) the configured read and write paths, a private /tmp and HOME, and its working
directory, the only place it writes that outlives it. Nothing else of the host exists inside.
Should a configured path hold one of the server's private directories (DATA_DIR, WORKSPACE_ROOT,
the server's code), that directory is covered by an empty tmpfs; the working directory is
mounted after, so it stays visible even when it lies below one of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from actors.sandbox.cgroups import Controller, LimitKind


class RunKind(StrEnum):
    """What runs: the CLI (sees the CLI's read/write paths, always has network) or an ad-hoc
    command (system paths only; network as configured)."""

    CLI = "cli"
    COMMAND = "command"


@dataclass(frozen=True)
class ResourceLimits:
    processes: int
    memory_bytes: int
    cpu_seconds: int

    def of(self, kind: LimitKind) -> int:
        return {
            LimitKind.PROCESSES: self.processes,
            LimitKind.MEMORY: self.memory_bytes,
            LimitKind.CPU: self.cpu_seconds,
        }[kind]


@dataclass(frozen=True)
class SandboxPolicy:
    """Everything bubblewrap and the run's cgroups need for one run."""

    bwrap: str
    workdir: str
    system_paths: tuple[str, ...]
    read_paths: tuple[str, ...]
    write_paths: tuple[str, ...]
    hidden: tuple[str, ...]  # the server's private directories
    home: str | None  # gets a private, empty tmpfs, or home_source
    home_source: str | None  # the project's own home (CLI runs), bound writable at home
    network: bool
    limits: ResourceLimits
    controllers: tuple[Controller, ...]
    cgroup_prefix: str  # the runtime's: its runs' cgroups, and those a crash left, start so
    run_id: str

    @property
    def cgroup_name(self) -> str:
        return self.cgroup_prefix + self.run_id


class _Rank(IntEnum):
    """Order of mounts at the same depth: binds, then covers, then the working directory."""

    BIND = 0
    COVER = 1
    WORKDIR = 2


@dataclass(frozen=True, order=True)
class _Mount:
    depth: int
    rank: _Rank
    dest: str
    args: tuple[str, ...]


NAMESPACES = (
    "--die-with-parent",
    "--new-session",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--unshare-cgroup-try",
    "--cap-drop",
    "ALL",
)


def bwrap_argv(policy: SandboxPolicy, program: str, args: tuple[str, ...]) -> tuple[str, ...]:
    """bwrap's command line running program (a resolved path) with args under policy."""
    network = () if policy.network else ("--unshare-net",)
    mounts = [arg for mount in sorted(_mounts(policy, program)) for arg in mount.args]
    tail = ("--remount-ro", "/", "--chdir", policy.workdir, "--", program, *args)
    return (policy.bwrap, *NAMESPACES, *network, *mounts, *tail)


def _mounts(policy: SandboxPolicy, program: str) -> list[_Mount]:
    mounts = [_mount("--proc", "/proc"), _mount("--dev", "/dev"), _mount("--tmpfs", "/tmp")]
    if policy.home and os.path.isabs(policy.home) and policy.home != "/":
        if policy.home_source is not None:
            mounts.append(_mount("--bind", policy.home_source, policy.home))
        else:
            mounts.append(_mount("--tmpfs", policy.home))
    binds = [(path, "--ro-bind-try") for path in policy.system_paths]
    binds += [(path, "--ro-bind-try") for path in policy.read_paths]
    binds += [(path, "--bind-try") for path in policy.write_paths]
    binds.append((os.path.dirname(program), "--ro-bind-try"))
    seen: list[str] = []
    for path, option in binds:
        link = _symlink_within(path, policy.system_paths)
        if link is not None:
            mounts.append(_mount("--symlink", link, path))
        else:
            mounts.append(_mount(option, path, path))
            seen.append(os.path.realpath(path))
    seen.append(os.path.realpath(policy.workdir))
    for hidden in policy.hidden:
        if any(_inside(os.path.realpath(hidden), source) for source in seen):
            mounts.append(_mount("--tmpfs", hidden, rank=_Rank.COVER))
    mounts.append(_mount("--bind", policy.workdir, policy.workdir, rank=_Rank.WORKDIR))
    return mounts


def _mount(option: str, *paths: str, rank: _Rank = _Rank.BIND) -> _Mount:
    dest = os.path.normpath(paths[-1])
    return _Mount(len(dest.strip("/").split("/")), rank, dest, (option, *paths))


def _symlink_within(path: str, system_paths: tuple[str, ...]) -> str | None:
    """A system path that is a symlink into another system path (/bin → usr/bin) is made
    the same symlink inside; its link text, else None (bind it, following the link)."""
    if not os.path.islink(path):
        return None
    target = os.path.realpath(path)
    others = (os.path.realpath(p) for p in system_paths if p != path and not os.path.islink(p))
    return os.readlink(path) if any(_inside(target, other) for other in others) else None


def _inside(path: str, root: str) -> bool:
    return os.path.commonpath((path, root)) == root
