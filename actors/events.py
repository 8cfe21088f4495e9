"""EventHub: each event goes once to each registered web process bridge, never per socket."""

from __future__ import annotations

import time
from typing import Any

from thespian.actors import ActorTypeDispatcher

from actors.messages import BridgeRegistered, Event, RegisterBridge
from actors.orphans import ExitsWhenOrphaned

BRIDGE_SILENCE_SECONDS = 30.0  # a bridge re-registers every few seconds while alive


class EventHub(ExitsWhenOrphaned, ActorTypeDispatcher):
    """Child of the Supervisor; bridges register here (via the Supervisor) and get every event."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bridges: list[tuple[Any, float]] = []
        self.watching = False

    def receiveMsg_RegisterBridge(self, msg: RegisterBridge, sender: Any) -> None:
        if not self.watching:
            self.watching = True
            self.watch_parent()
        self._register(msg.address or sender)

    def receiveMsg_Event(self, msg: Event, sender: Any) -> None:
        now = time.monotonic()
        self.bridges = [
            (b, seen) for b, seen in self.bridges if now - seen < BRIDGE_SILENCE_SECONDS
        ]
        for bridge, _ in self.bridges:
            self.send(bridge, msg)

    def _register(self, bridge: Any) -> None:
        self.bridges = [(b, seen) for b, seen in self.bridges if b != bridge]
        self.bridges.append((bridge, time.monotonic()))
        self.send(bridge, BridgeRegistered(address=bridge))
