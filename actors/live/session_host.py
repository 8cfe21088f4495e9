"""SessionHost: the parent of a few hundred SessionActors, so that no socket per WebSocket
lands in the Supervisor's transport (whose every loop turn walks all its open sockets).

Its sessions' storage calls run in its SessionStore child (actors.live.session_storage), so
neither the sessions nor the host ever open a database connection. Forked lean: before its
first child the host reads the settings every session needs (config.current_settings) and
freezes its heap (gc.freeze), so the SessionActors it forks share those pages instead of each
making or copying them.
It stops the sessions of web bridges the Supervisor found silent, and tells the Supervisor
which connections' sessions have exited (coalesced).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from dataclasses import dataclass

from actors.base import ActorExitRequest, ChildActorExited, WakeupMessage
from actors.messages import BridgesSilent, SessionsClosed, SessionStoreMoved, StartSession
from actors.names import ActorAddress, ActorClass
from actors.orphans import ExitsWhenOrphaned
from config import current_settings

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
        self.store: ActorAddress | None = None
        self.hosted: list[_Hosted] = []
        self.exited: list[str] = []
        self.report_due = False

    def receiveMsg_StartSession(self, msg: StartSession, sender: ActorAddress) -> None:
        if self.supervisor is None:
            self.supervisor = sender
            self.watch_parent()
            current_settings()
            self.store = self.createActor(ActorClass.SESSION_STORE)
            gc.freeze()
        actor = self.createActor(ActorClass.SESSION)
        request = msg.request
        self.hosted.append(_Hosted(actor, request.reply_to, request.connection_id))
        self.send(actor, dataclasses.replace(msg, store=self.store))

    def receiveMsg_BridgesSilent(self, msg: BridgesSilent, sender: ActorAddress) -> None:
        for hosted in self.hosted:
            if any(hosted.bridge == bridge for bridge in msg.bridges):
                self.send(hosted.actor, ActorExitRequest())

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: ActorAddress) -> None:
        if msg.childAddress == self.store:  # its sessions' calls go to a new one from now on
            self.store = self.createActor(ActorClass.SESSION_STORE)
            for hosted in self.hosted:
                self.send(hosted.actor, SessionStoreMoved(self.store))
            return
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
