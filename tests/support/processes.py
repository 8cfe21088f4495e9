"""Which processes still run: the checks tests use to prove nothing outlived its owner."""

from __future__ import annotations

import os

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


def living_descendants() -> list[int]:
    """This process's descendants that still run, after reaping its finished children."""
    reap_children()
    return [pid for pid in descendants(os.getpid()) if alive(pid)]
