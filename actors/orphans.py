"""Thespian does not tell a child that its parent died: children notice it themselves."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from thespian.actors import ActorExitRequest, WakeupMessage

CHECK_EVERY = dt.timedelta(seconds=2)
_CHECK = "parent-check"


class ExitsWhenOrphaned:
    """Mixin for long-lived children of the Supervisor: when their parent process is gone
    (it was killed and replaced), they exit instead of lingering unseen."""

    def watch_parent(self: Any) -> None:
        self._parent_pid = os.getppid()
        self.wakeupAfter(CHECK_EVERY, payload=_CHECK)

    def receiveMsg_WakeupMessage(self: Any, msg: WakeupMessage, sender: Any) -> None:
        if msg.payload != _CHECK:
            return
        if os.getppid() != self._parent_pid:
            self.send(self.myAddress, ActorExitRequest())
        else:
            self.wakeupAfter(CHECK_EVERY, payload=_CHECK)
