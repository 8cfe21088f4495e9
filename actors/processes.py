"""Process-group helpers: death with the parent, identity checks, and group signals."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1
_PR_SET_CHILD_SUBREAPER = 36
_libc = ctypes.CDLL(None, use_errno=True)


def die_with_parent() -> None:
    """In a forked child before exec: receive SIGKILL when the parent thread dies."""
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def become_subreaper() -> None:
    """Orphaned descendants (the daemonized Thespian admin and its actors) reparent to us."""
    _libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first); None if gone."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rpartition(")")[2].split()
    except OSError:
        return None
    return fields if len(fields) > _START_TIME else None


_START_TIME = 19  # the field after the command name that holds the start time
_EXITED = ("Z", "X")  # a zombie has exited


def start_marker(pid: int) -> str | None:
    """The kernel's start time of pid (clock ticks since boot): tells a reused pid apart."""
    fields = _stat(pid)
    return fields[_START_TIME] if fields else None


def same_process(pid: int, marker: str | None) -> bool:
    """Whether pid still names the running process whose start marker was recorded (pids are
    reused, on a busy host soon: pid_max is 32,768 here). Without a marker, any running
    process of that pid counts, as kill_recorded_group does with a group's."""
    fields = _stat(pid)
    return (
        fields is not None
        and fields[0] not in _EXITED
        and (marker is None or fields[_START_TIME] == marker)
    )


def kill_recorded_process(pid: int, marker: str | None) -> bool:
    """SIGKILL a process recorded earlier, unless its pid now names another one (or none)."""
    if not same_process(pid, marker):
        return False
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    return True


def signal_group(pgid: int, sig: int) -> bool:
    """Send sig to every process of the group; False if the group is already gone."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    return True


def kill_recorded_group(pgid: int, marker: str | None) -> bool:
    """SIGKILL a process group recorded earlier, unless its leader's pid now names another
    process. (A pid still in use as a group id is never handed out again, so while members
    remain the group is the one recorded.)"""
    current = start_marker(pgid)
    if current is not None and marker and current != marker:
        return False
    return signal_group(pgid, signal.SIGKILL)


def running(pid: int) -> bool:
    """Whether process pid exists and has not exited (a zombie has)."""
    return same_process(pid, None)


def reap_children() -> None:
    """Collect exit statuses of finished children so they do not linger as zombies."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def descendants(pid: int, below: int = 0) -> list[int]:
    """Every living descendant of pid, read from /proc; below=1 leaves out its children (those
    of the grandchildren on), and so on."""
    children = _children()
    found: list[int] = []
    stack = [(pid, 0)]
    while stack:
        parent, depth = stack.pop()
        for child in children.get(parent, []):
            if depth >= below:
                found.append(child)
            stack.append((child, depth + 1))
    return found


def _children() -> dict[int, list[int]]:
    """Each pid's children, read from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                parent = int(handle.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(int(entry))
    return children


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
