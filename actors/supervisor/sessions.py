"""The Supervisor's SessionHosts: each new WebSocket session goes to the least loaded host (a
new one past SESSIONS_PER_HOST), and the sessions of silent web bridges are stopped there."""

from __future__ import annotations

import logging

from actors.live.registry import SessionRegistry
from actors.messages import BridgesSilent, OpenSession, SessionsClosed, StartSession
from actors.names import ActorAddress, ActorClass
from actors.supervisor.base import SupervisorBase

log = logging.getLogger(__name__)


class SessionHosting(SupervisorBase):
    """Routes OpenSession to a SessionHost; hears back only which sessions have exited."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.sessions = SessionRegistry()

    def receiveMsg_OpenSession(self, msg: OpenSession, sender: ActorAddress) -> None:
        if self.settings is None or self.stopping:
            return  # the web's ask times out and the socket is closed
        host = self.sessions.host_with_room()
        if host is None:
            host = self.createActor(ActorClass.SESSION_HOST)
            self.sessions.add_host(host)
        bridge = msg.reply_to or sender
        self.sessions.opened(host, bridge, msg.connection_id)
        self.send(host, StartSession(request=msg, events=self.events, supervisor=self.myAddress))

    def receiveMsg_SessionsClosed(self, msg: SessionsClosed, sender: ActorAddress) -> None:
        self.sessions.closed(msg.connection_ids)

    def _session_host_exited(self, address: ActorAddress) -> bool:
        if not self.sessions.host_exited(address):
            return False
        if not self.stopping:  # its SessionActors notice and exit; a new socket gets a new host
            log.warning("a session host exited; its sockets' sessions are gone")
        return True

    def _stop_orphan_sessions(self) -> None:
        silent = self.sessions.silent_bridges()
        if silent:
            for host in self.sessions.host_addresses():
                self.send(host, BridgesSilent(silent))
