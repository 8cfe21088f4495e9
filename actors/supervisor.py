"""Supervisor: the root of the actor tree. Owns the worker slots and the children's lives.

QueueActors (one per priority) tell it the head of each queue; it decides what starts with
`plan_dispatch`, claims each execution in storage, and starts a TaskActor for it. It restarts
crashed children, fails executions whose runner died or whose lease expired, and at boot
recovers what a dead runtime left behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import time
from dataclasses import dataclass
from typing import Any

from thespian.actors import (
    ActorExitRequest,
    ActorTypeDispatcher,
    ChildActorExited,
    PoisonMessage,
    WakeupMessage,
)

from actors.live.hub import task_status_event
from actors.live.registry import SessionRegistry
from actors.messages import (
    AdhocCommandEnded,
    Boot,
    Booted,
    CancelExecution,
    CommandLaunched,
    CommandStopped,
    ConfigureEvents,
    Enqueue,
    Event,
    ExecutionEnded,
    ExecutionQueued,
    LaunchCommand,
    LoadQueue,
    OpenSession,
    Ping,
    Pong,
    QueuesChanged,
    QueueSnapshot,
    RegisterBridge,
    ReloadQueue,
    RunnerStarted,
    Shutdown,
    ShutdownComplete,
    StartCommand,
    StartExecution,
    StartSession,
    StopCommand,
    StopExecution,
    Taken,
)
from actors.processes import kill_recorded_group
from actors.queues.dispatch import QueueView, plan_dispatch
from config import Settings
from storage.database import open_database
from storage.runs import commands, executions
from storage.runs.executions import PRIORITIES, Requeued

log = logging.getLogger(__name__)
SUPERVISOR_NAME = "supervisor"
INTERRUPTED = "interrupted by service disruption"
SHUTDOWN = "interrupted by service shutdown"
LEASE_EXPIRED = "the task runner stopped renewing its lease"
RUNNER_DIED = "the task runner exited unexpectedly"
COMMAND_RUNNER_DIED = "the command runner exited unexpectedly"
_TICK, _BACKOFF_ENDS, _SHUTDOWN_DEADLINE = "tick", "backoff-ends", "shutdown-deadline"
_RESTART_QUEUE = "restart-queue"


@dataclass
class Running:
    actor: Any
    project_id: str
    priority: str
    pid: int | None = None


class Supervisor(ActorTypeDispatcher):
    """The root actor (global name 'supervisor')."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings: Settings | None = None
        self.events: Any = None
        self.queues: dict[str, Any] = {}
        self.views: dict[str, QueueView] = {}
        self.queue_pids: dict[str, int] = {}
        self.running: dict[str, Running] = {}
        self.stopping_for: Any = None
        self.stopping = False
        self.commands: dict[str, Any] = {}  # ad-hoc command id → its AdhocCommandActor
        self.sessions = SessionRegistry()

    # --- lifecycle ----------------------------------------------------------------------

    def receiveMsg_Boot(self, msg: Boot, sender: Any) -> None:
        if self.settings is None:
            self.settings = msg.settings
            open_database(msg.settings.database_url)
            self._start_event_hub()
            self._recover()
            for priority in PRIORITIES:
                self._start_queue(priority)
            self.wakeupAfter(self._tick_interval(), payload=_TICK)
        self.send(sender, Booted(running=len(self.running), slots=self._slots()))

    def receiveMsg_Shutdown(self, msg: Shutdown, sender: Any) -> None:
        """Start nothing more; stop running executions (recorded as interrupted, retried)."""
        self.stopping, self.stopping_for = True, sender
        for running in self.running.values():
            self.send(running.actor, StopExecution(f"interrupted by {msg.reason}"))
        grace = self.settings.cancel_grace_period if self.settings else 0
        self.wakeupAfter(dt.timedelta(seconds=grace + 2), payload=_SHUTDOWN_DEADLINE)
        self._maybe_shutdown_complete()

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: Any) -> None:
        if msg.payload == _SHUTDOWN_DEADLINE and self.stopping:
            for execution_id in list(self.running):
                self._fail(execution_id, SHUTDOWN)
            self._maybe_shutdown_complete()
        elif msg.payload == _TICK and self.settings is not None and not self.stopping:
            self.wakeupAfter(self._tick_interval(), payload=_TICK)  # first: a failure below
            self._stop_orphan_sessions()
            self._expire_leases()  # must not end the ticks
            self._dispatch()
        elif msg.payload == _BACKOFF_ENDS:
            self._dispatch()
        elif (
            isinstance(msg.payload, tuple)
            and msg.payload[0] == _RESTART_QUEUE
            and not self.stopping
        ):
            self._start_queue(msg.payload[1])

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: Any) -> None:
        log.info("supervisor exiting with %d running executions", len(self.running))

    # --- requests from the web ---------------------------------------------------------

    def receiveMsg_ExecutionQueued(self, msg: ExecutionQueued, sender: Any) -> None:
        if msg.priority in self.queues:
            self.send(self.queues[msg.priority], Enqueue(msg.execution_id))

    def receiveMsg_QueuesChanged(self, msg: QueuesChanged, sender: Any) -> None:
        for priority in msg.priorities:
            if priority in self.queues:
                self.send(self.queues[priority], ReloadQueue())

    def receiveMsg_CancelExecution(self, msg: CancelExecution, sender: Any) -> None:
        running = self.running.get(msg.execution_id)
        if running is not None:
            self.send(running.actor, StopExecution(msg.reason, status="cancelled"))

    def receiveMsg_Ping(self, msg: Ping, sender: Any) -> None:
        processes = {f"queue:{p}": pid for p, pid in self.queue_pids.items()}
        processes.update({f"execution:{eid}": r.pid for eid, r in self.running.items() if r.pid})
        processes.update(self.sessions.processes())
        processes["supervisor"] = os.getpid()
        pong = Pong(
            msg.correlation_id,
            self.settings is not None,
            len(self.running),
            self._slots(),
            processes,
        )
        self.send(msg.reply_to or sender, pong)

    def receiveMsg_RegisterBridge(self, msg: RegisterBridge, sender: Any) -> None:
        self.sessions.bridge_alive(sender)
        if self.events is not None:
            self.send(self.events, RegisterBridge(address=sender))

    # --- ad-hoc commands (each owned by an AdhocCommandActor) ------------------------------

    def receiveMsg_StartCommand(self, msg: StartCommand, sender: Any) -> None:
        """A written command from the web: its own AdhocCommandActor runs it and answers."""
        command_id = msg.spec.command_id
        if self.settings is None or self.stopping:
            refusal = "the runtime is starting or stopping"
            reply = CommandLaunched(
                msg.correlation_id, command_id=command_id, status="refused", error=refusal
            )
            self.send(msg.reply_to or sender, reply)
        elif command_id not in self.commands:
            actor = self.createActor("actors.runs.adhoc.AdhocCommandActor")
            self.commands[command_id] = actor
            self.send(actor, LaunchCommand(request=msg, settings=self.settings, events=self.events))

    def receiveMsg_StopCommand(self, msg: StopCommand, sender: Any) -> None:
        actor = self.commands.get(msg.command_id)
        if actor is None:
            reply = CommandStopped(msg.correlation_id, command_id=msg.command_id, known=False)
            self.send(msg.reply_to or sender, reply)
        else:
            self.send(actor, msg)

    def receiveMsg_AdhocCommandEnded(self, msg: AdhocCommandEnded, sender: Any) -> None:
        self.commands.pop(msg.command_id, None)

    def receiveMsg_OpenSession(self, msg: OpenSession, sender: Any) -> None:
        """A SessionActor per socket, as a child (its death is heard and counted)."""
        if self.settings is None or self.stopping:
            return  # the web's ask times out and the socket is closed
        actor = self.createActor("actors.live.session.SessionActor")
        self.sessions.opened(actor, msg.reply_to, msg.connection_id)
        self.send(actor, StartSession(msg, self.settings, self.events))

    def receiveMsg_Event(self, msg: Event, sender: Any) -> None:
        """An event written by the web (queued, cancelled, ...): the hub sequences it."""
        if self.events is not None:
            self.send(self.events, msg)

    # --- children ------------------------------------------------------------------------

    def receiveMsg_QueueSnapshot(self, msg: QueueSnapshot, sender: Any) -> None:
        if sender != self.queues.get(msg.priority):
            return  # from a queue actor that was replaced
        self.views[msg.priority] = QueueView(msg.priority, msg.paused, msg.entries)
        self.queue_pids[msg.priority] = msg.pid
        self._dispatch()

    def receiveMsg_RunnerStarted(self, msg: RunnerStarted, sender: Any) -> None:
        running = self.running.get(msg.execution_id)
        if running is not None:
            running.pid = msg.pid

    def receiveMsg_ExecutionEnded(self, msg: ExecutionEnded, sender: Any) -> None:
        self.running.pop(msg.execution_id, None)
        self._notify_requeued(msg.requeued)
        self._maybe_shutdown_complete()
        self._dispatch()

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: Any) -> None:
        address = msg.childAddress
        if self.sessions.exited(address):
            return
        if address == self.events and not self.stopping:
            self._start_event_hub()
        for priority, queue in list(self.queues.items()):
            if queue == address and not self.stopping:
                log.warning("queue %s exited; restarting it from storage", priority)
                self._start_queue(priority)
        for execution_id, running in list(self.running.items()):
            if running.actor == address:
                self._fail(execution_id, RUNNER_DIED, kill=True)
        for command_id, actor in list(self.commands.items()):
            if actor == address:
                del self.commands[command_id]
                for pgid, marker in commands.fail_active(COMMAND_RUNNER_DIED, [command_id]):
                    kill_recorded_group(pgid, marker)
        self._maybe_shutdown_complete()
        self._dispatch()

    def receiveMsg_PoisonMessage(self, msg: PoisonMessage, sender: Any) -> None:
        poisoned = msg.poisonMessage
        if isinstance(poisoned, LoadQueue):
            log.error("queue %s could not load (%s); retrying", poisoned.priority, msg.details)
            self.queues.pop(poisoned.priority, None)
            self.send(sender, ActorExitRequest())
            self.wakeupAfter(dt.timedelta(seconds=1), payload=(_RESTART_QUEUE, poisoned.priority))
            return
        if isinstance(poisoned, StartExecution) and poisoned.plan.execution_id in self.running:
            log.error("TaskActor failed to start %s: %s", poisoned.plan.execution_id, msg.details)
            self._fail(poisoned.plan.execution_id, f"{RUNNER_DIED} (could not start)", kill=True)
            self._dispatch()

    # --- internals -----------------------------------------------------------------------

    def _slots(self) -> int:
        return self.settings.max_concurrent_tasks if self.settings else 0

    def _tick_interval(self) -> dt.timedelta:
        assert self.settings is not None
        return dt.timedelta(seconds=min(1.0, self.settings.execution_lease_seconds / 3))

    def _start_event_hub(self) -> None:
        assert self.settings is not None
        self.events = self.createActor("actors.live.hub.EventHub")
        self.send(self.events, ConfigureEvents(self.settings))

    def _stop_orphan_sessions(self) -> None:
        for actor in self.sessions.orphans():
            self.send(actor, ActorExitRequest())

    def _start_queue(self, priority: str) -> None:
        assert self.settings is not None
        self.views.pop(priority, None)
        self.queues[priority] = self.createActor("actors.queues.queue.QueueActor")
        head = max(100, 4 * self.settings.max_concurrent_tasks)
        self.send(self.queues[priority], LoadQueue(priority, head, self.settings))

    def _recover(self) -> None:
        """Kill what a dead runtime left running (if still ours), fail it, retry where allowed."""
        assert self.settings is not None
        interrupted = executions.running_processes()
        for execution_id, pgid, marker in interrupted:
            if pgid and kill_recorded_group(pgid, marker):
                log.warning("killed the leftover process group %d of %s", pgid, execution_id)
        requeued = executions.fail_running(INTERRUPTED, self.settings.retry_backoff_seconds)
        for execution_id, _, _ in interrupted:
            self._announce(execution_id, "failed", error=INTERRUPTED)
        for retry in requeued:
            self._announce(retry.execution_id, "queued", retry=True)
        for pgid, marker in commands.fail_active(INTERRUPTED):
            kill_recorded_group(pgid, marker)

    def _dispatch(self) -> None:
        if self.settings is None or self.stopping or len(self.views) < len(PRIORITIES):
            return
        views = [self.views[p] for p in PRIORITIES]
        per_project: dict[str, int] = {}
        for running in self.running.values():
            per_project[running.project_id] = per_project.get(running.project_id, 0) + 1
        now = time.time()
        picked = plan_dispatch(
            views, self._slots() - len(self.running), per_project, now, frozenset(self.running)
        )
        taken: dict[str, list[str]] = {}
        for priority, entry in picked:
            taken.setdefault(priority, []).append(entry.execution_id)
            plan = executions.claim(entry.execution_id, self.settings.execution_lease_seconds)
            if plan is None:
                continue  # cancelled or moved meanwhile: the queue's next snapshot shows it
            actor = self.createActor("actors.runs.task.TaskActor")
            self.running[entry.execution_id] = Running(actor, entry.project_id, priority)
            self.send(actor, StartExecution(plan=plan, settings=self.settings, events=self.events))
        for priority, ids in taken.items():
            view = self.views[priority]
            self.views[priority] = QueueView(
                priority, view.paused, tuple(e for e in view.entries if e.execution_id not in ids)
            )
            self.send(self.queues[priority], Taken(tuple(ids)))

    def _expire_leases(self) -> None:
        """A runner that stopped renewing its lease is stuck or gone: stop it and fail it."""
        for execution_id in executions.expired_leases():
            self._fail(execution_id, LEASE_EXPIRED, kill=True)

    def _fail(self, execution_id: str, reason: str, kill: bool = False) -> None:
        """Record the execution as failed (retrying if allowed); with kill, first make sure
        neither its actor process nor its CLI process group lives on."""
        assert self.settings is not None
        running = self.running.pop(execution_id, None)
        if kill:
            if running is not None:
                self.send(running.actor, ActorExitRequest())
                if running.pid:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(running.pid, signal.SIGKILL)
            pgid, marker = executions.process_of(execution_id)
            if pgid:
                kill_recorded_group(pgid, marker)
        requeued = executions.finish(
            execution_id,
            "failed",
            None,
            "TASK_EXECUTION_FAILED",
            reason,
            self.settings.retry_backoff_seconds,
        )
        self._announce(execution_id, "failed", error=reason)
        self._notify_requeued(requeued)

    def _announce(self, execution_id: str, status: str, **extra: Any) -> None:
        """A task_update for a change the Supervisor wrote (watchers hear of it like others)."""
        ids = executions.task_and_project(execution_id) if self.events is not None else None
        if ids is not None:
            self.send(self.events, task_status_event(ids[0], ids[1], status, execution_id, **extra))

    def _notify_requeued(self, requeued: Requeued | None) -> None:
        if requeued is not None:
            self._announce(requeued.execution_id, "queued", retry=True)
        if requeued is not None and requeued.priority in self.queues and not self.stopping:
            self.send(self.queues[requeued.priority], Enqueue(requeued.execution_id))
            if requeued.not_before is not None:
                wait = requeued.not_before.replace(tzinfo=dt.UTC).timestamp() - time.time()
                self.wakeupAfter(dt.timedelta(seconds=max(0.0, wait)), payload=_BACKOFF_ENDS)

    def _maybe_shutdown_complete(self) -> None:
        if self.stopping and self.stopping_for is not None and not self.running:
            self.send(self.stopping_for, ShutdownComplete(cancelled=0))
            self.stopping_for = None
