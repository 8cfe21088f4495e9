"""rlimits for the limits no per-run cgroup enforces on this host.

Weaker than a cgroup and documented as such: RLIMIT_NPROC counts every process of the server's
user (so the allowance is added to those it already runs) and does not bind root;
RLIMIT_DATA and RLIMIT_CPU hold per process, not for the whole run.
"""

from __future__ import annotations

import os
import resource

from actors.sandbox.cgroups import LimitKind
from actors.sandbox.policy import ResourceLimits

CPU_KILL_AFTER = 5  # seconds of CPU between SIGXCPU (soft limit) and SIGKILL (hard)

Rlimits = tuple[tuple[int, int, int], ...]  # (resource, soft, hard)


def fallback_rlimits(limits: ResourceLimits, by_cgroup: frozenset[LimitKind]) -> Rlimits:
    """The rlimits standing in for the limits not in by_cgroup."""
    wanted: list[tuple[int, int, int]] = []
    if LimitKind.PROCESSES not in by_cgroup:
        allowance = limits.processes + _processes_of(os.getuid())
        wanted.append((resource.RLIMIT_NPROC, allowance, allowance))
    if LimitKind.MEMORY not in by_cgroup:
        wanted.append((resource.RLIMIT_DATA, limits.memory_bytes, limits.memory_bytes))
    if LimitKind.CPU not in by_cgroup:
        seconds = limits.cpu_seconds
        wanted.append((resource.RLIMIT_CPU, seconds, seconds + CPU_KILL_AFTER))
    return tuple(_within_hard(*limit) for limit in wanted)


def apply_rlimits(rlimits: Rlimits) -> None:
    """In the spawned child before exec."""
    for which, soft, hard in rlimits:
        resource.setrlimit(which, (soft, hard))


def _within_hard(which: int, soft: int, hard: int) -> tuple[int, int, int]:
    """An unprivileged process cannot raise its hard limit: stay below the current one."""
    _, current = resource.getrlimit(which)
    if current != resource.RLIM_INFINITY:
        soft, hard = min(soft, current), min(hard, current)
    return which, soft, hard


def _processes_of(uid: int) -> int:
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    count += 1
            except OSError:
                continue
    return count
