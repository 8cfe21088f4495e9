"""Supervisor: the root of the actor tree. Owns the worker slots and the children's lives.

QueueActors (one per priority) tell it the head of each queue; it decides what starts with
`plan_dispatch`, claims each execution in storage, and starts a TaskActor for it. It restarts
crashed children, fails executions whose runner died or whose lease expired, and at boot
recovers what a dead runtime left behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass

from actors import wire
from actors.base import ActorExitRequest, ChildActorExited, PoisonMessage, WakeupMessage
from actors.messages import (
    AccessChanged,
    Boot,
    Booted,
    ConfigureEvents,
    Event,
    Ping,
    Pong,
    RegisterBridge,
    Shutdown,
    StopExecution,
)
from actors.names import ActorAddress, ActorClass
from actors.supervisor.commands import AdhocCommands
from actors.supervisor.queues import BackoffEnds, RestartQueue
from actors.supervisor.recovery import INTERRUPTED, recover
from actors.supervisor.sessions import SessionHosting
from actors.supervisor.slots import ExecutionSlots, RunnerExitCheck
from actors.supervisor.spares import Replenish
from actors.supervisor.webhooks import RestartWebhooks, WebhookOwner
from config import current_settings
from storage.database import open_database
from storage.metrics import Counted, RestartedActor, RunKind
from storage.runs.leases import renewal_period
from storage.statuses import PRIORITIES, ExecutionStatus

log = logging.getLogger(__name__)
SHUTDOWN = "interrupted by service shutdown"
SHUTDOWN_SLACK_SECONDS = 2
MAX_TICK = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class Tick:
    """Wakeup payload: the periodic check (orphan sessions, expired leases, dispatch)."""


@dataclass(frozen=True)
class ShutdownDeadline:
    """Wakeup payload: the grace period for running executions to stop is over."""


class Supervisor(ExecutionSlots, AdhocCommands, WebhookOwner, SessionHosting):
    """The root actor (global name 'supervisor')."""

    # --- lifecycle ----------------------------------------------------------------------

    def receiveMsg_Boot(self, msg: Boot, sender: ActorAddress) -> None:
        if self.settings is None:
            self.settings, self.sandbox = current_settings(), msg.sandbox
            open_database(self.settings.database_url)
            self._start_event_hub()
            if msg.recreated:
                self._count(Counted.ACTOR_RESTARTS, actor=RestartedActor.SUPERVISOR)
            self._start_webhooks()
            recovered = recover(self.settings.retry_backoff_seconds)
            self._count_recovered(len(recovered.failed), recovered.commands)
            for execution_id in recovered.failed:
                self._announce(execution_id, ExecutionStatus.FAILED, error=INTERRUPTED)
            for retry in recovered.requeued:
                self._announce(retry.execution_id, ExecutionStatus.QUEUED, retry=True)
            for priority in PRIORITIES:
                self._start_queue(priority)
            self._replenish()
            self.wakeupAfter(self._tick_interval(), payload=Tick())
        self.send(sender, Booted(running=len(self.running), slots=self._slots()))

    def receiveMsg_Shutdown(self, msg: Shutdown, sender: ActorAddress) -> None:
        """Start nothing more; stop running executions (recorded as interrupted, retried)."""
        self.stopping, self.stopping_for = True, sender
        self._recall_all()
        self._stop_spares()
        for slot in self.running.values():
            self.send(slot.actor, StopExecution(f"interrupted by {msg.reason}"))
        grace = self.settings.cancel_grace_period if self.settings else 0
        deadline = dt.timedelta(seconds=grace + SHUTDOWN_SLACK_SECONDS)
        self.wakeupAfter(deadline, payload=ShutdownDeadline())
        self._maybe_shutdown_complete()

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        wakeup = msg.payload
        if isinstance(wakeup, ShutdownDeadline) and self.stopping:
            for execution_id in list(self.running):
                self._fail(execution_id, SHUTDOWN)
            self._maybe_shutdown_complete()
        elif isinstance(wakeup, Tick) and self.settings is not None and not self.stopping:
            self.wakeupAfter(self._tick_interval(), payload=Tick())  # first: a failure below
            self._stop_orphan_sessions()
            self._forget_silent_bridges()
            self._expire_leases()  # must not end the ticks
            self._dispatch()
        elif isinstance(wakeup, Replenish):
            self._replenish()
        elif isinstance(wakeup, BackoffEnds):
            self._dispatch()
        elif isinstance(wakeup, RestartQueue):
            self._restart_queue(wakeup)
        elif isinstance(wakeup, RestartWebhooks):
            self._start_webhooks()
        elif isinstance(wakeup, RunnerExitCheck):
            self._runner_exited(wakeup.address, wakeup.checks)
            self._dispatch()

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: ActorAddress) -> None:
        log.info("supervisor exiting with %d running executions", len(self.running))

    # --- the web's bridges and sessions -------------------------------------------------

    def receiveMsg_Ping(self, msg: Ping, sender: ActorAddress) -> None:
        processes = {f"queue:{p}": pid for p, pid in self.queue_pids.items()}
        processes.update({f"execution:{eid}": r.pid for eid, r in self.running.items() if r.pid})
        processes.update(self.sessions.processes())
        if self.webhooks_pid is not None:
            processes["webhooks"] = self.webhooks_pid
        processes["supervisor"] = os.getpid()
        pong = Pong(
            msg.correlation_id,
            self.settings is not None,
            len(self.running),
            self._slots(),
            processes,
            wire.rejected_frames(),
            self.sandbox,
        )
        self.send(msg.reply_to or sender, pong)

    def receiveMsg_RegisterBridge(self, msg: RegisterBridge, sender: ActorAddress) -> None:
        self.sessions.bridge_alive(sender)
        if self.events is not None:
            self.send(self.events, RegisterBridge(address=sender))
        self._bridge_registered(sender)

    def receiveMsg_Event(self, msg: Event, sender: ActorAddress) -> None:
        """An event of a web process or SessionActor that does not know the hub yet (queued,
        cancelled, ...): to the hub."""
        if self.events is not None:
            self.send(self.events, msg)

    def receiveMsg_AccessChanged(self, msg: AccessChanged, sender: ActorAddress) -> None:
        """A web process changed who may see what: the hub tells every web process."""
        if self.events is not None:
            self.send(self.events, msg)

    # --- children -----------------------------------------------------------------------

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: ActorAddress) -> None:
        address = msg.childAddress
        if (
            self._session_host_exited(address)
            or self._spare_exited(address)
            or self._lent_exited(address)
        ):
            return
        if address == self.events and not self.stopping:
            self._count(Counted.ACTOR_RESTARTS, actor=RestartedActor.EVENT_HUB)
            self._start_event_hub()
        self._queue_exited(address)
        self._webhooks_exited(address)
        self._runner_exited(address)
        self._command_owner_exited(address)
        self._maybe_shutdown_complete()
        self._dispatch()

    def receiveMsg_PoisonMessage(self, msg: PoisonMessage, sender: ActorAddress) -> None:
        handled = (
            self._queue_poisoned(msg, sender)
            or self._webhooks_poisoned(msg, sender)
            or self._spare_poisoned(msg, sender)
        )
        if not handled:
            self._start_poisoned(msg)

    # --- internals ----------------------------------------------------------------------

    def _tick_interval(self) -> dt.timedelta:
        return min(MAX_TICK, renewal_period(self._booted().execution_lease_seconds))

    def _count_recovered(self, executions: int, commands: int) -> None:
        """What this boot found left running by a runtime that died, and failed."""
        self._count(Counted.BOOT_RECOVERIES, executions, kind=RunKind.EXECUTION)
        self._count(Counted.BOOT_RECOVERIES, commands, kind=RunKind.COMMAND)

    def _start_event_hub(self) -> None:
        self.events = self.createActor(ActorClass.EVENT_HUB)
        self.send(self.events, ConfigureEvents())
        self._offer_permits()  # a lent runner publishes to the new hub
