"""Supervisor ↔ QueueActor, and the web's notices that stored queue state changed."""

from __future__ import annotations

from dataclasses import dataclass

from storage.runs.queues import QueuedEntry
from storage.statuses import Priority


@dataclass(frozen=True)
class QueuesChanged:
    """Web → Supervisor: stored queue state changed (pause, clear, moves, cancels): reload."""

    priorities: tuple[Priority, ...]


@dataclass(frozen=True)
class LoadQueue:
    """Supervisor → QueueActor: own this priority; load it from storage."""

    priority: Priority
    head_size: int


@dataclass(frozen=True)
class Enqueue:
    execution_id: str


@dataclass(frozen=True)
class ReloadQueue:
    pass


@dataclass(frozen=True)
class Taken:
    """Supervisor → QueueActor: these executions were claimed; drop them."""

    execution_ids: tuple[str, ...]


@dataclass(frozen=True)
class QueueSnapshot:
    """QueueActor → Supervisor: pause state and the head of the queue, in order."""

    priority: Priority
    paused: bool
    entries: tuple[QueuedEntry, ...]
    pid: int
    whole: bool = True  # the entries are the whole queue (none waits behind the head)
    reloads: int = 0  # ReloadQueue messages handled before this snapshot
