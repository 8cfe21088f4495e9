"""What a dead runtime left behind, dealt with at boot: kill its process groups if they are
still the ones recorded, fail its executions (retrying where attempts remain) and commands."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from actors.processes import kill_recorded_group, kill_recorded_process
from storage.runs import commands, running
from storage.runs.running import Requeued

log = logging.getLogger(__name__)
INTERRUPTED = "interrupted by service disruption"


@dataclass(frozen=True)
class Recovered:
    """Executions failed at boot, the retries queued for them, and how many commands failed."""

    failed: tuple[str, ...]
    requeued: tuple[Requeued, ...]
    commands: int


def recover(backoff_seconds: float) -> Recovered:
    """Kill what a dead runtime left running (if still ours), fail it, retry where allowed."""
    interrupted = running.running_processes()
    for process in interrupted:
        if process.pgid and kill_recorded_group(process.pgid, process.marker):
            log.warning(
                "killed the leftover process group %d of %s", process.pgid, process.execution_id
            )
    requeued = running.fail_running(INTERRUPTED, backoff_seconds)
    failed = commands.fail_active(INTERRUPTED)
    for pgid, marker in failed.groups:
        kill_recorded_group(pgid, marker)
    return Recovered(tuple(p.execution_id for p in interrupted), tuple(requeued), failed.count)


def kill_runner(execution_id: str, pid: int | None = None, marker: str | None = None) -> None:
    """Make sure neither an execution's actor process (pid, if it is still the process of that
    start marker) nor its CLI process group lives on."""
    if pid:
        kill_recorded_process(pid, marker)
    process = running.process_of(execution_id)
    if process.pgid:
        kill_recorded_group(process.pgid, process.marker)
