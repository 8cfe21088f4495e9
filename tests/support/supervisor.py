"""A Supervisor driven by hand: its sends are noted, not sent, and its storage calls are the
test's to replace (monkeypatch running.plan and running.claim)."""

from __future__ import annotations

import types

from actors.queues.dispatch import QueueView
from actors.sandbox.state import Sandbox
from actors.supervisor import Supervisor
from storage.statuses import PRIORITIES


class NotingSupervisor(Supervisor):  # type: ignore[misc]  # Thespian's classes are untyped
    """Booted with `slots` worker slots, every queue loaded empty, spares named "spare-N";
    `sent` holds (target, message) in order."""

    def __init__(self, slots: int = 2) -> None:
        super().__init__()
        self.settings = types.SimpleNamespace(
            execution_lease_seconds=30, max_concurrent_tasks=slots, cancel_grace_period=1
        )
        self.sandbox = Sandbox(bwrap=None, detail="off")
        self.sent: list[tuple[object, object]] = []
        self.forked = 0
        for priority in PRIORITIES:
            self.queues[priority] = f"queue-{priority}"
            self.views[priority] = QueueView(priority, paused=False, entries=())
        self.spares = ["spare-1", "spare-2"]

    def send(self, target: object, message: object) -> None:
        self.sent.append((target, message))

    def wakeupAfter(self, period: object, payload: object = None) -> None:
        pass

    def createActor(self, actor_class: object, **kwargs: object) -> str:
        self.forked += 1
        return f"forked-{self.forked}"

    def names(self) -> list[tuple[object, str]]:
        """What was sent, as (target, message class name)."""
        return [(target, type(message).__name__) for target, message in self.sent]
