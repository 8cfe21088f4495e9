"""Web → Supervisor → TaskActor and back: one execution's start, stop and end."""

from __future__ import annotations

from dataclasses import dataclass

from actors.messages.lifecycle import ChildStart
from actors.names import ActorAddress
from actors.sandbox.state import Sandbox
from storage.runs.queues import QueuedEntry
from storage.runs.running import ExecutionPlan, Requeued
from storage.statuses import ExecutionStatus, Priority


@dataclass(frozen=True)
class LentStart:
    """What a web process started on a lent runner (Permit): the runner and the plan it sent."""

    runner: ActorAddress
    plan: ExecutionPlan


@dataclass(frozen=True)
class ExecutionQueued:
    """Web or SessionActor → Supervisor → QueueActor: a queued execution row was written;
    `entry`, what the dispatcher needs of it, read where it was written; `lent`, the runner
    the web already sent its plan to (the Supervisor claims it there, or stops that runner)."""

    entry: QueuedEntry
    priority: Priority
    lent: LentStart | None = None

    @property
    def execution_id(self) -> str:
        return self.entry.execution_id


@dataclass(frozen=True)
class CancelExecution:
    """Web → Supervisor → TaskActor: the execution was cancelled in storage; stop its process."""

    execution_id: str
    reason: str


@dataclass(frozen=True)
class StopExecution:
    """Supervisor → TaskActor: end the process; record `status` unless storage already did."""

    reason: str
    status: ExecutionStatus = ExecutionStatus.FAILED


@dataclass(frozen=True)
class RunnerStarted:
    """TaskActor → Supervisor: the OS process running this execution's actor, and its start
    marker (actors.processes.start_marker), which tells that process apart from a later one
    given the same pid."""

    execution_id: str
    pid: int
    marker: str | None = None


@dataclass(frozen=True)
class PrepareRun:
    """Supervisor → a pre-started TaskActor (→ its CommandActor): get ready (settings, database,
    the CommandActor) before any execution is yours, so a start forks nothing."""


@dataclass(frozen=True)
class StartExecution(ChildStart):
    """Supervisor → TaskActor: run this queued execution (in sandbox); its claim follows
    (ClaimSettled), and nothing of the run is recorded before it."""

    plan: ExecutionPlan
    sandbox: Sandbox


@dataclass(frozen=True)
class ClaimSettled:
    """Supervisor → TaskActor, after StartExecution: whether the execution was claimed (moved
    to running in storage); an unclaimed one (cancelled meanwhile) is stopped unrecorded."""

    execution_id: str
    claimed: bool


@dataclass(frozen=True)
class ExecutionEnded:
    """TaskActor → Supervisor: the execution reached a final state; its slot is free."""

    execution_id: str
    status: ExecutionStatus
    requeued: Requeued | None = None


@dataclass(frozen=True)
class PermitTerms:
    """Which newly queued executions a lent runner may start: of these priorities (queues that
    take new entries at once: loaded whole, not paused, no reload pending), of a project not
    among full_projects (those running their max_concurrent_tasks). Under these terms the
    Supervisor admits the execution at once, so the start is refused only in a race."""

    priorities: frozenset[Priority]
    full_projects: frozenset[str] = frozenset()

    def allow(self, priority: Priority, project_id: str) -> bool:
        return priority in self.priorities and project_id not in self.full_projects


@dataclass(frozen=True)
class Permit:
    """Supervisor → web bridge: a prepared TaskActor lent to this web process while a slot is
    free. The web may start one newly queued execution on it itself (StartExecution to the
    runner, then ExecutionQueued naming it), without the Supervisor's hop, while `terms`
    allow; sent again with new terms when they change."""

    runner: ActorAddress
    sandbox: Sandbox
    events: ActorAddress | None
    terms: PermitTerms


@dataclass(frozen=True)
class PermitRecalled:
    """Supervisor → web bridge: the runner is lent no more (no slot is free, or the runtime is
    stopping); the Supervisor stops it, so a start sent to it meanwhile starts normally."""

    runner: ActorAddress
