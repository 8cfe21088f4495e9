"""The state every part of the Supervisor shares, and how it announces what it wrote."""

from __future__ import annotations

import logging

from peewee import PeeweeException

from actors.base import Actor
from actors.live.hub import task_status_event
from actors.names import ActorAddress
from actors.sandbox import Sandbox
from config import Settings
from storage import metrics
from storage.metrics import Counted
from storage.runs import running
from storage.statuses import ExecutionStatus, TaskStatus

log = logging.getLogger(__name__)


class SupervisorBase(Actor):
    """Settings and sandbox once booted, the EventHub, and whether the runtime is shutting
    down."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.settings: Settings | None = None
        self.sandbox: Sandbox | None = None
        self.events: ActorAddress | None = None
        self.stopping = False
        self.stopping_for: ActorAddress | None = None  # who asked for the shutdown

    def _booted(self) -> Settings:
        assert self.settings is not None, "the Supervisor has not booted"
        return self.settings

    def _announce(self, execution_id: str, status: ExecutionStatus, **extra: object) -> None:
        """A task_update for a change the Supervisor wrote (watchers hear of it like others)."""
        if self.events is None:
            return
        ids = running.task_and_project(execution_id)
        if ids is not None:
            self.send(
                self.events,
                task_status_event(ids[0], ids[1], TaskStatus(status), execution_id, **extra),
            )

    def _count(self, name: Counted, amount: float = 1, **labels: str) -> None:
        """Add to a counter in storage (restarts, expiries, recoveries); one that cannot be
        written is logged, never fails the handler (a retried handler would act twice)."""
        try:
            metrics.add(name, amount, **labels)
        except PeeweeException:
            log.warning("could not count %s %s", name, labels, exc_info=True)

    def _dispatch(self) -> None:
        """Start what may start now (ExecutionSlots)."""
        raise NotImplementedError

    def _free_slots(self) -> int:
        """Worker slots no execution holds (ExecutionSlots)."""
        raise NotImplementedError

    def _holds(self, execution_id: str) -> bool:
        """The execution has a slot (ExecutionSlots)."""
        raise NotImplementedError
