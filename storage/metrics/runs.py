"""Gauges of the runs as stored: queue sizes, running executions, paused queues.

One query over the active executions only (the (status, priority, queued_at) index), so its
cost follows the queues' length, not the history's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from peewee import fn

from storage.models import Execution, QueueState
from storage.statuses import PRIORITIES, ExecutionStatus, Priority


@dataclass(frozen=True)
class RunFigures:
    queued: dict[Priority, int]
    paused: dict[Priority, bool]
    running: int


def run_figures() -> RunFigures:
    rows = (
        Execution.select(Execution.status, Execution.priority, fn.COUNT(Execution.id))
        .where(Execution.status.in_((ExecutionStatus.QUEUED, ExecutionStatus.RUNNING)))
        .group_by(Execution.status, Execution.priority)
        .tuples()
    )
    queued = dict.fromkeys(PRIORITIES, 0)
    running = 0
    for status, priority, count in cast("list[tuple[str, str, int]]", rows):
        if status == ExecutionStatus.RUNNING:
            running += count
        elif priority in queued:
            queued[Priority(priority)] = count
    paused = dict.fromkeys(PRIORITIES, False)
    states = QueueState.select(QueueState.name, QueueState.paused).tuples()
    for name, is_paused in cast("list[tuple[str, bool]]", states):
        if name in paused:
            paused[Priority(name)] = bool(is_paused)
    return RunFigures(queued, paused, running)
