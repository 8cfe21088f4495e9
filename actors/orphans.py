"""Thespian does not tell a child that its parent died: children notice it themselves."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from actors.base import Actor, ActorExitRequest, WakeupMessage
from actors.names import ActorAddress

CHECK_EVERY = dt.timedelta(seconds=2)


@dataclass(frozen=True)
class ParentCheck:
    """Wakeup payload: time to see whether the parent process is still ours."""


class ExitsWhenOrphaned(Actor):
    """Base of long-lived children of the Supervisor: when their parent process is gone
    (it was killed and replaced), they exit instead of lingering unseen."""

    _parent_pid: int

    def watch_parent(self) -> None:
        self._parent_pid = os.getppid()
        self.wakeupAfter(CHECK_EVERY, payload=ParentCheck())

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if not isinstance(msg.payload, ParentCheck):
            return
        if os.getppid() != self._parent_pid:
            self.send(self.myAddress, ActorExitRequest())
        else:
            self.wakeupAfter(CHECK_EVERY, payload=ParentCheck())


STOP_EXPECTED_WITHIN = dt.timedelta(seconds=10)


@dataclass(frozen=True)
class StopExpected:
    """Wakeup payload: this actor reported its end long ago and its parent never stopped it
    (the parent died meanwhile): it exits by itself.

    A child that reports its end and exits at once can have its exit reach the parent before
    the report; so the parent stops the child once it has read the report, and this is the
    fallback."""


def expect_stop(actor: Actor) -> None:
    """After reporting its end: exit if the parent has not stopped us in good time."""
    actor.wakeupAfter(STOP_EXPECTED_WITHIN, payload=StopExpected())
