"""Which processes still run: the checks tests use to prove nothing outlived its owner."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psutil

from actors.processes import descendants, reap_children


def _stat_fields(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name, or None once pid is gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    """True while pid runs (a zombie waiting to be reaped counts as gone)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def parent_of(pid: int) -> int:
    """The parent pid of a running process."""
    fields = _stat_fields(pid)
    assert fields is not None, f"process {pid} is gone"
    return int(fields[1])


def group_alive(pgid: int) -> bool:
    """Whether any live process still belongs to the process group."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None and int(fields[2]) == pgid and fields[0] != "Z":
                return True
    return False


def host_pid(pid_inside: int, root: int) -> int:
    """The pid, as seen here, of the process of root's tree (root included) that knows itself
    as pid_inside: a pid printed inside a sandbox's PID namespace (`$!`), or unsandboxed the
    same pid."""
    for pid in [root, *descendants(root)]:
        try:
            with open(f"/proc/{pid}/status") as handle:
                status = handle.read()
        except OSError:
            continue
        line = next(line for line in status.splitlines() if line.startswith("NSpid:"))
        if int(line.split()[-1]) == pid_inside:
            return pid
    raise AssertionError(f"no process of {root}'s tree is {pid_inside} in its namespace")


def unique_nap() -> str:
    """A `sleep` duration no other test uses, so `running(["sleep", nap])` finds only ours."""
    return f"300.{uuid.uuid4().int % 10**9:09d}"


def running(argv: list[str]) -> list[int]:
    """Every live process on the host whose command line is argv (psutil, zombies excluded)."""
    found = []
    for process in psutil.process_iter(["cmdline", "status"]):
        if process.info["cmdline"] == argv and process.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(process.pid)
    return found


def living_descendants() -> list[int]:
    """This process's descendants that still run, after reaping its finished children (but
    for those kept alive on purpose: keep_alive)."""
    reap_children()
    kept = _kept()
    return [pid for pid in descendants(os.getpid()) if alive(pid) and pid not in kept]


_KEPT: set[int] = set()


@contextlib.contextmanager
def keep_alive(*pids: int) -> Iterator[None]:
    """While inside, these processes and their descendants are expected to live on (the
    session's browser)."""
    _KEPT.update(pids)
    try:
        yield
    finally:
        _KEPT.difference_update(pids)


def _kept() -> set[int]:
    kept = set(_KEPT)
    for pid in _KEPT:
        kept.update(descendants(pid))
    return kept
