"""SessionHost: the parent of a few hundred SessionActors, so that no socket per WebSocket
lands in the Supervisor's transport (whose every loop turn walks all its open sockets).

Forked lean: the host freezes what it inherited (gc.freeze) before its first child, so the
SessionActors it forks share those pages instead of copying them when the collector runs.
It stops the sessions of web bridges the Supervisor found silent, and tells the Supervisor
which connections' sessions have exited (coalesced).
"""

from __future__ import annotations

import datetime as dt
import gc
from dataclasses import dataclass

from actors.base import ActorExitRequest, ChildActorExited, WakeupMessage
from actors.messages import BridgesSilent, SessionsClosed, StartSession
from actors.names import ActorAddress, ActorClass
from actors.orphans import ExitsWhenOrphaned

REPORT_AFTER = dt.timedelta(milliseconds=100)


@dataclass(frozen=True)
class ReportDue:
    """Wakeup payload: tell the Supervisor the sessions that exited since the last report."""


@dataclass
class _Hosted:
    actor: ActorAddress
    bridge: ActorAddress | None
    connection_id: str


class SessionHost(ExitsWhenOrphaned):
    """Child of the Supervisor; creates one SessionActor per StartSession."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.supervisor: ActorAddress | None = None
        self.hosted: list[_Hosted] = []
        self.exited: list[str] = []
        self.report_due = False

    def receiveMsg_StartSession(self, msg: StartSession, sender: ActorAddress) -> None:
        if self.supervisor is None:
            self.supervisor = sender
            self.watch_parent()
            gc.freeze()
        actor = self.createActor(ActorClass.SESSION)
        request = msg.request
        self.hosted.append(_Hosted(actor, request.reply_to, request.connection_id))
        self.send(actor, msg)

    def receiveMsg_BridgesSilent(self, msg: BridgesSilent, sender: ActorAddress) -> None:
        for hosted in self.hosted:
            if any(hosted.bridge == bridge for bridge in msg.bridges):
                self.send(hosted.actor, ActorExitRequest())

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: ActorAddress) -> None:
        gone = [h for h in self.hosted if h.actor == msg.childAddress]
        if not gone:
            return
        self.hosted = [h for h in self.hosted if h.actor != msg.childAddress]
        self.exited.extend(h.connection_id for h in gone)
        if not self.report_due:
            self.report_due = True
            self.wakeupAfter(REPORT_AFTER, payload=ReportDue())

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if not isinstance(msg.payload, ReportDue):
            super().receiveMsg_WakeupMessage(msg, sender)
            return
        self.report_due = False
        if self.exited and self.supervisor is not None:
            self.send(self.supervisor, SessionsClosed(tuple(self.exited)))
        self.exited = []
