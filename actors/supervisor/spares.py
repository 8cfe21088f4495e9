"""Pre-started TaskActors: each is forked, reads its settings, opens the database and starts
its CommandActor before an execution is its own, so starting one forks nothing. Each still
serves exactly one execution and exits; the Supervisor forks a replacement once the
execution that took a spare reports its CLI running (RunnerStarted), or REPLENISH_AT_LATEST
after it took it: never inside the dispatch, and not while that CLI starts (on two cores the
fork and the new spare's start-up slowed the CLI's start by ~4 ms at p50)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from actors.base import ActorExitRequest, PoisonMessage
from actors.messages import PrepareRun
from actors.names import ActorAddress, ActorClass
from actors.supervisor.base import SupervisorBase

log = logging.getLogger(__name__)
MAX_SPARES = 3  # an idle start needs one; a burst is bound by forking, not by the spares
REPLENISH_AT_LATEST = dt.timedelta(seconds=1)  # when no RunnerStarted comes (a failed start)


@dataclass(frozen=True)
class Replenish:
    """Wakeup payload: fork the spare TaskActors that dispatch used."""


class SpareRunners(SupervisorBase):
    """Keeps up to MAX_SPARES (at most the worker slots) prepared TaskActors."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.spares: list[ActorAddress] = []
        self.replenishing = False

    def _runner(self) -> ActorAddress:
        """A TaskActor for the next execution: a prepared spare when there is one."""
        if self.spares:
            actor = self.spares.pop(0)
            self._replenish_soon()
            return actor
        return self.createActor(ActorClass.TASK)

    def _replenish_soon(self, after: dt.timedelta = REPLENISH_AT_LATEST) -> None:
        if not self.replenishing and not self.stopping:
            self.replenishing = True
            self.wakeupAfter(after, payload=Replenish())

    def _replenish_due(self) -> None:
        """A started execution's CLI runs: fork the spares it and others took, now."""
        if self.replenishing:
            self._replenish()

    def _replenish(self) -> None:
        self.replenishing = False
        wanted = min(MAX_SPARES, self.settings.max_concurrent_tasks if self.settings else 0)
        while not self.stopping and len(self.spares) < wanted:
            spare = self.createActor(ActorClass.TASK)
            self.send(spare, PrepareRun())
            self.spares.append(spare)

    def _spare_exited(self, address: ActorAddress) -> bool:
        """A spare died before it had work: forget it, fork another. The report may be a late
        one of an exited actor whose port this spare was given: stopped too, then, so no
        forgotten spare lingers."""
        count = len(self.spares)
        self.spares = [spare for spare in self.spares if spare != address]
        if len(self.spares) < count:
            self.send(address, ActorExitRequest())
            self._replenish_soon(dt.timedelta(0))
            return True
        return False

    def _spare_poisoned(self, msg: PoisonMessage, sender: ActorAddress) -> bool:
        """A spare that could not prepare is stopped (and so replaced)."""
        if not isinstance(msg.poisonMessage, PrepareRun):
            return False
        log.error("a pre-started TaskActor could not prepare: %s", msg.details)
        self.send(sender, ActorExitRequest())
        self._spare_exited(sender)
        return True

    def _stop_spares(self) -> None:
        for spare in self.spares:
            self.send(spare, ActorExitRequest())
        self.spares = []
