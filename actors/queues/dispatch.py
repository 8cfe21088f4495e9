"""Which queued executions start now: a pure function of queues, slots and project caps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from storage.runs.queues import QueuedEntry
from storage.statuses import Priority


@dataclass(frozen=True)
class QueueView:
    """What the Supervisor last heard from one QueueActor.

    admits: a newly queued execution may join this view before its QueueActor hears of it,
    because the view shows the whole queue (the QueueActor holds only the head of a long one,
    and older entries behind it must start first) and no reload has been asked for since (a
    pause, clear or move makes the view stale until the QueueActor's next snapshot)."""

    priority: Priority
    paused: bool
    entries: tuple[QueuedEntry, ...]
    admits: bool = True

    def admitting(self, entry: QueuedEntry) -> QueueView | None:
        """This view with a newly queued entry at its end, where it may start at once: the
        view admits new entries, its queue is not paused, and the entry is not in it yet.
        None otherwise (the QueueActor's next snapshot brings it)."""
        if self.paused or not self.admits:
            return None
        if any(e.execution_id == entry.execution_id for e in self.entries):
            return None
        return replace(self, entries=(*self.entries, entry))


def plan_dispatch(
    queues: Sequence[QueueView],
    free_slots: int,
    running_per_project: Mapping[str, int],
    now: float,
    excluded: frozenset[str] = frozenset(),
) -> list[tuple[Priority, QueuedEntry]]:
    """Executions to start, highest priority first, oldest first within a priority.

    A paused queue starts nothing; an entry in retry backoff (not_before > now) or whose
    project already runs its `max_concurrent_tasks` waits without blocking the entries
    behind it; `excluded` (already starting) is never picked again.
    """
    running = dict(running_per_project)
    picked: list[tuple[Priority, QueuedEntry]] = []
    for queue in queues:
        if queue.paused:
            continue
        for entry in queue.entries:
            if len(picked) >= free_slots:
                return picked
            if entry.execution_id in excluded:
                continue
            if entry.not_before is not None and entry.not_before > now:
                continue
            if (
                entry.project_cap is not None
                and running.get(entry.project_id, 0) >= entry.project_cap
            ):
                continue
            picked.append((queue.priority, entry))
            running[entry.project_id] = running.get(entry.project_id, 0) + 1
    return picked


def next_wakeup(queues: Sequence[QueueView], now: float) -> float | None:
    """Seconds until the earliest retry backoff ends in a non-paused queue, if any."""
    waits = [
        e.not_before - now
        for q in queues
        if not q.paused
        for e in q.entries
        if e.not_before is not None and e.not_before > now
    ]
    return min(waits) if waits else None
