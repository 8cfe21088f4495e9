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
