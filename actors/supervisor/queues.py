"""The Supervisor's QueueActors: one per priority, restarted from storage when they fail."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from dataclasses import dataclass

from actors.base import ActorExitRequest, PoisonMessage
from actors.messages import (
    Enqueue,
    ExecutionQueued,
    LoadQueue,
    QueuesChanged,
    QueueSnapshot,
    ReloadQueue,
)
from actors.names import ActorAddress, ActorClass
from actors.queues.dispatch import QueueView
from actors.supervisor.base import SupervisorBase
from storage.metrics import Counted, RestartedActor
from storage.runs.running import Requeued
from storage.statuses import ExecutionStatus, Priority

log = logging.getLogger(__name__)
RESTART_DELAY = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class RestartQueue:
    """Wakeup payload: start the QueueActor of this priority again (its load failed)."""

    priority: Priority


@dataclass(frozen=True)
class BackoffEnds:
    """Wakeup payload: a retry's backoff is over; it may start now."""


class QueueOwner(SupervisorBase):
    """Owns the QueueActors and what each last reported of its queue."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.queues: dict[Priority, ActorAddress] = {}
        self.views: dict[Priority, QueueView] = {}
        self.queue_pids: dict[Priority, int] = {}
        self.reloads: dict[Priority, int] = {}  # ReloadQueue sent to each QueueActor

    def receiveMsg_ExecutionQueued(self, msg: ExecutionQueued, sender: ActorAddress) -> None:
        if msg.priority in self.queues:
            self._admit(msg)
            if not self._holds(msg.execution_id):  # started: its queue need not know
                self.send(self.queues[msg.priority], Enqueue(msg.execution_id))

    def _admit(self, msg: ExecutionQueued) -> None:
        """Start a new execution without waiting for its QueueActor's next snapshot, when a
        slot is free and the view shows it may start first (QueueView.admitting). Only one
        that did not start goes to its QueueActor (which reads it, then adds it as usual): a
        started one would cost that actor a read and the Supervisor a snapshot while the run
        starts."""
        view = self.views.get(msg.priority)
        if view is None or not self._free_slots():
            return
        admitted = view.admitting(msg.entry)
        if admitted is not None:
            self.views[msg.priority] = admitted
            self._dispatch()

    def receiveMsg_QueuesChanged(self, msg: QueuesChanged, sender: ActorAddress) -> None:
        self._reload_queues(msg.priorities)

    def _reload_queues(self, priorities: tuple[Priority, ...]) -> None:
        """Each QueueActor reads its queue again; the view waits for that snapshot."""
        for priority in priorities:
            if priority in self.queues:
                self.send(self.queues[priority], ReloadQueue())
                self.reloads[priority] = self.reloads.get(priority, 0) + 1
            view = self.views.get(priority)
            if view is not None:  # stale (paused, say) until the reload's snapshot
                self.views[priority] = dataclasses.replace(view, admits=False)

    def receiveMsg_QueueSnapshot(self, msg: QueueSnapshot, sender: ActorAddress) -> None:
        if sender != self.queues.get(msg.priority):
            return  # from a queue actor that was replaced
        # current once it answers every reload asked for (one sent before may still arrive)
        current = msg.reloads == self.reloads.get(msg.priority, 0)
        admits = msg.whole and current
        self.views[msg.priority] = QueueView(msg.priority, msg.paused, msg.entries, admits)
        self.queue_pids[msg.priority] = msg.pid
        self._dispatch()

    def _start_queue(self, priority: Priority) -> None:
        settings = self._booted()
        self.views.pop(priority, None)
        self.reloads[priority] = 0
        self.queues[priority] = self.createActor(ActorClass.QUEUE)
        head = max(100, 4 * settings.max_concurrent_tasks)
        self.send(self.queues[priority], LoadQueue(priority, head))

    def _restart_queue(self, wakeup: RestartQueue) -> None:
        if not self.stopping:
            self._count(Counted.ACTOR_RESTARTS, actor=RestartedActor.QUEUE)
            self._start_queue(wakeup.priority)

    def _queue_exited(self, address: ActorAddress) -> None:
        for priority, queue in list(self.queues.items()):
            if queue == address and not self.stopping:
                log.warning("queue %s exited; restarting it from storage", priority)
                self._restart_queue(RestartQueue(priority))

    def _queue_poisoned(self, msg: PoisonMessage, sender: ActorAddress) -> bool:
        """A queue that could not load is stopped and started again a little later."""
        poisoned = msg.poisonMessage
        if not isinstance(poisoned, LoadQueue):
            return False
        log.error("queue %s could not load (%s); retrying", poisoned.priority, msg.details)
        self.queues.pop(poisoned.priority, None)
        self.send(sender, ActorExitRequest())
        self.wakeupAfter(RESTART_DELAY, payload=RestartQueue(poisoned.priority))
        return True

    def _notify_requeued(self, requeued: Requeued | None) -> None:
        """Announce an automatic retry and hand it to its queue (waking when backoff ends)."""
        if requeued is not None:
            self._announce(requeued.execution_id, ExecutionStatus.QUEUED, retry=True)
        if requeued is not None and requeued.priority in self.queues and not self.stopping:
            self.send(self.queues[requeued.priority], Enqueue(requeued.execution_id))
            if requeued.not_before is not None:
                wait = requeued.not_before.replace(tzinfo=dt.UTC).timestamp() - time.time()
                self.wakeupAfter(dt.timedelta(seconds=max(0.0, wait)), payload=BackoffEnds())
