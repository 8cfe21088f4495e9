"""Web → Supervisor → TaskActor and back: one execution's start, stop and end."""

from __future__ import annotations

from dataclasses import dataclass

from actors.messages.lifecycle import ChildStart
from actors.sandbox.state import Sandbox
from storage.runs.queues import QueuedEntry
from storage.runs.running import ExecutionPlan, Requeued
from storage.statuses import ExecutionStatus, Priority


@dataclass(frozen=True)
class ExecutionQueued:
    """Web or SessionActor → Supervisor → QueueActor: a queued execution row was written;
    `entry`, what the dispatcher needs of it, read where it was written."""

    entry: QueuedEntry
    priority: Priority

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
