"""The Supervisor's worker slots: what starts (plan_dispatch), each execution's TaskActor,
and failing an execution whose runner died, stopped renewing its lease or was shut down."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from dataclasses import dataclass

from actors import processes
from actors.base import ActorExitRequest, PoisonMessage
from actors.messages import (
    CancelExecution,
    ClaimSettled,
    ExecutionEnded,
    ExecutionQueued,
    LentStart,
    PermitTerms,
    RunnerStarted,
    ShutdownComplete,
    StartExecution,
    StopExecution,
    Taken,
)
from actors.names import ActorAddress
from actors.queues.dispatch import plan_dispatch
from actors.supervisor.permits import RunnerPermits
from actors.supervisor.queues import QueueOwner
from actors.supervisor.recovery import kill_runner
from storage.error_codes import ErrorCode
from storage.metrics import Counted, RunKind
from storage.runs import running
from storage.runs.queues import QueuedEntry
from storage.statuses import PRIORITIES, ExecutionStatus, Priority

log = logging.getLogger(__name__)
LEASE_EXPIRED = "the task runner stopped renewing its lease"
RUNNER_DIED = "the task runner exited unexpectedly"
EXIT_RECHECK = dt.timedelta(milliseconds=100)
EXIT_RECHECKS = 10


@dataclass(frozen=True)
class RunnerExitCheck:
    """Wakeup payload: is the runner whose exit was reported still running?"""

    address: ActorAddress
    checks: int


@dataclass
class Running:
    """An execution in a slot: its TaskActor, that actor's pid and start marker once it
    reported them, and its project's cap when it started."""

    actor: ActorAddress
    project_id: str
    priority: Priority
    pid: int | None = None
    marker: str | None = None
    project_cap: int | None = None


class ExecutionSlots(QueueOwner, RunnerPermits):
    """Starts queued executions into free slots and frees a slot exactly once per execution."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.running: dict[str, Running] = {}
        self.lent_starts: dict[str, LentStart] = {}  # being admitted: started by a web process

    def receiveMsg_ExecutionQueued(self, msg: ExecutionQueued, sender: ActorAddress) -> None:
        """A start a web process made on a lent runner is claimed there when the execution is
        admitted now, else that runner is stopped and the execution waits as any other."""
        lent = msg.lent
        if lent is not None and self._returned(lent):
            self.lent_starts[msg.execution_id] = lent
        super().receiveMsg_ExecutionQueued(msg, sender)
        refused = self.lent_starts.pop(msg.execution_id, None)
        if refused is not None:
            self._refuse_lent(refused)
        self._offer_permits()

    def receiveMsg_CancelExecution(self, msg: CancelExecution, sender: ActorAddress) -> None:
        slot = self.running.get(msg.execution_id)
        if slot is not None:
            self.send(slot.actor, StopExecution(msg.reason, status=ExecutionStatus.CANCELLED))

    def receiveMsg_RunnerStarted(self, msg: RunnerStarted, sender: ActorAddress) -> None:
        slot = self.running.get(msg.execution_id)
        if slot is not None:
            slot.pid, slot.marker = msg.pid, msg.marker
        self._replenish_due()

    def receiveMsg_ExecutionEnded(self, msg: ExecutionEnded, sender: ActorAddress) -> None:
        self.send(sender, ActorExitRequest())  # read: the TaskActor may go (orphans.py)
        self.running.pop(msg.execution_id, None)
        self._notify_requeued(msg.requeued)
        self._maybe_shutdown_complete()
        self._dispatch()

    def _slots(self) -> int:
        return self.settings.max_concurrent_tasks if self.settings else 0

    def _free_slots(self) -> int:
        return self._slots() - len(self.running)

    def _holds(self, execution_id: str) -> bool:
        return execution_id in self.running

    def _dispatch(self) -> None:
        self._start_what_may()
        self._offer_permits()

    def _start_what_may(self) -> None:
        if self.settings is None or self.sandbox is None or self.stopping:
            return
        if len(self.views) < len(PRIORITIES):
            return
        views = [self.views[p] for p in PRIORITIES]
        picked = plan_dispatch(
            views,
            self._free_slots(),
            self._running_per_project(),
            time.time(),
            frozenset(self.running),
        )
        taken: dict[Priority, list[str]] = {}
        for priority, entry in picked:
            taken.setdefault(priority, []).append(entry.execution_id)
            self._start(priority, entry)
        for priority, ids in taken.items():
            view = self.views[priority]
            left = tuple(e for e in view.entries if e.execution_id not in ids)
            self.views[priority] = dataclasses.replace(view, entries=left)
            self.send(self.queues[priority], Taken(tuple(ids)))

    def _running_per_project(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for slot in self.running.values():
            counts[slot.project_id] = counts.get(slot.project_id, 0) + 1
        return counts

    def _permit_terms(self) -> PermitTerms | None:
        """A new execution of these priorities and projects would start at once (a free slot,
        its queue taking new entries, its project under its cap); None when none would."""
        if self.settings is None or self.stopping or self._free_slots() <= 0:
            return None
        if len(self.views) < len(PRIORITIES):
            return None
        priorities = frozenset(p for p, v in self.views.items() if v.admits and not v.paused)
        if not priorities:
            return None
        counts = self._running_per_project()
        full = frozenset(
            slot.project_id
            for slot in self.running.values()
            if slot.project_cap is not None and counts[slot.project_id] >= slot.project_cap
        )
        return PermitTerms(priorities, full)

    def _reload_queues(self, priorities: tuple[Priority, ...]) -> None:
        super()._reload_queues(priorities)
        self._offer_permits()  # a pause, clear or move: new terms until the reload is done

    def _start(self, priority: Priority, entry: QueuedEntry) -> None:
        """Send a TaskActor the plan (a web process did already, for a lent start), then
        claim: its CLI starts while the claim is written, and it records nothing until it
        hears how the claim settled (ClaimSettled)."""
        assert self.settings is not None and self.sandbox is not None
        execution_id = entry.execution_id
        lent = self.lent_starts.pop(execution_id, None)
        if lent is not None:
            plan, actor = lent.plan, lent.runner
        else:
            planned = running.plan(execution_id)
            if planned is None:
                return  # cancelled or moved meanwhile: the queue's next snapshot shows it
            plan, actor = planned, self._runner()
            self.send(actor, StartExecution(plan=plan, sandbox=self.sandbox, events=self.events))
        self.running[execution_id] = Running(
            actor, entry.project_id, priority, project_cap=entry.project_cap
        )
        claimed = False
        try:  # a claim that raises still settles; Thespian retries the handler, which plans again
            claimed = running.claim(plan, self.settings.execution_lease_seconds)
        finally:
            self.send(actor, ClaimSettled(execution_id, claimed))
            if not claimed:  # cancelled meanwhile, or not written: it stops, unrecorded
                del self.running[execution_id]
                self.send(actor, ActorExitRequest())

    def _expire_leases(self) -> None:
        """A runner that stopped renewing its lease is stuck or gone: stop it and fail it."""
        for execution_id in running.expired_leases():
            self._fail(execution_id, LEASE_EXPIRED, kill=True)
            self._count(Counted.LEASE_EXPIRIES, kind=RunKind.EXECUTION)

    def _runner_exited(self, address: ActorAddress, checks: int = 0) -> None:
        """A TaskActor's exit was reported: fail its execution, unless its process still runs.

        Thespian may report one exit twice, and a new child can be given the port (so the
        address) of one that exited: a late report can name a live runner, even one that has
        not reported its pid yet (it does once its CLI runs). The report can also come moments
        before the process is gone, so a live runner, or one whose pid is not known yet, is
        looked at again a few times before the report is taken for a stale one (or, the pid
        still unknown, for a runner that died before it could report)."""
        for execution_id, slot in list(self.running.items()):
            if slot.actor != address:
                continue
            gone = slot.pid is not None and not processes.same_process(slot.pid, slot.marker)
            if gone or (slot.pid is None and checks >= EXIT_RECHECKS):
                self._fail(execution_id, RUNNER_DIED, kill=True)
            elif checks < EXIT_RECHECKS:
                self.wakeupAfter(EXIT_RECHECK, payload=RunnerExitCheck(address, checks + 1))
            else:
                log.warning("a stale exit report for the runner of %s: ignored", execution_id)

    def _start_poisoned(self, msg: PoisonMessage) -> bool:
        """A TaskActor that could not start its execution: fail it and free the slot."""
        poisoned = msg.poisonMessage
        if not isinstance(poisoned, StartExecution):
            return False
        execution_id = poisoned.plan.execution_id
        if execution_id in self.running:
            log.error("TaskActor failed to start %s: %s", execution_id, msg.details)
            self._fail(execution_id, f"{RUNNER_DIED} (could not start)", kill=True)
            self._dispatch()
        return True

    def _fail(self, execution_id: str, reason: str, kill: bool = False) -> None:
        """Record the execution as failed (retrying if allowed); with kill, first make sure
        neither its actor process nor its CLI process group lives on."""
        settings = self._booted()
        slot = self.running.pop(execution_id, None)
        if kill:
            if slot is not None:
                self.send(slot.actor, ActorExitRequest())
                kill_runner(execution_id, slot.pid, slot.marker)
            else:
                kill_runner(execution_id)
        requeued = running.finish(
            execution_id,
            ExecutionStatus.FAILED,
            None,
            ErrorCode.TASK_EXECUTION_FAILED,
            reason,
            settings.retry_backoff_seconds,
        )
        self._announce(execution_id, ExecutionStatus.FAILED, error=reason)
        self._notify_requeued(requeued)

    def _maybe_shutdown_complete(self) -> None:
        if self.stopping and self.stopping_for is not None and not self.running:
            self.send(self.stopping_for, ShutdownComplete(cancelled=0))
            self.stopping_for = None
