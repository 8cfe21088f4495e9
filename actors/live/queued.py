"""A queued execution's announcement: its `queued` event, stored in the transaction that queues
it, and the Supervisor's notice.

The event is the next of its project's stream before anything can start the run, so whatever
the run publishes is sequenced after it; the publisher (the web, or a SessionActor) then sends
the notice to the Supervisor and the event to the EventHub side by side, neither waiting for
the other. The hub sends an execution's `queued` ahead of its run's events (EventHub._in_order),
so a watcher still sees `queued` first when the run's `running` reaches the hub before it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from actors.live.hub import stored_event, task_status_event
from actors.messages import Event, ExecutionQueued
from storage.database import write_transaction
from storage.models import Execution
from storage.runs import queues, running
from storage.runs.running import ExecutionPlan
from storage.statuses import Priority, TaskStatus


@dataclass(frozen=True)
class Announcement:
    """A queued execution, its stored `queued` event (for the hub), its notice (for the
    Supervisor; the queue entry lets a free slot start it without a read) and its plan (for a
    runner lent to the web, web/runtime/announce.py)."""

    execution: Execution
    event: Event
    notice: ExecutionQueued
    plan: ExecutionPlan


def announced(enqueue: Callable[[], Execution]) -> Announcement:
    """Run enqueue (it writes a queued execution) and store its task's `queued` event in the
    same transaction."""
    with write_transaction():
        execution = enqueue()
        project_id = execution.task.project_id
        queued = task_status_event(execution.task_id, project_id, TaskStatus.QUEUED, execution.id)
        event = stored_event(queued)
    notice = ExecutionQueued(queues.entry_of(execution), Priority(execution.priority))
    return Announcement(execution, event, notice, running.plan_of(execution))
