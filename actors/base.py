"""Thespian's classes as this runtime uses them, with types (Thespian ships none).

Under mypy the names below are small declarations of the members the actors call; at run time
they are Thespian's own classes.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from actors.names import ActorAddress

if TYPE_CHECKING:

    class _CreatesActors:
        def createActor(
            self,
            actorClass: str,
            targetActorRequirements: object = None,
            globalName: str | None = None,
        ) -> ActorAddress: ...

    class Actor(_CreatesActors):
        """ActorTypeDispatcher: calls receiveMsg_<MessageClass> for each message."""

        myAddress: ActorAddress

        def __init__(self, *args: object, **kwargs: object) -> None: ...
        def receiveMessage(self, message: object, sender: ActorAddress) -> object: ...
        def send(self, targetAddr: ActorAddress, msg: object) -> None: ...
        def wakeupAfter(self, timePeriod: dt.timedelta, payload: object = None) -> None: ...

    class ActorSystem(_CreatesActors):
        """A handle on an actor system, from outside any actor."""

        def __init__(
            self,
            systemBase: object = None,
            capabilities: dict[str, object] | None = None,
            logDefs: object = None,
            transientUnique: bool = False,
        ) -> None: ...
        def ask(
            self, actorAddr: ActorAddress, msg: object, timeout: float | None = None
        ) -> object: ...
        def tell(self, actorAddr: ActorAddress, msg: object) -> None: ...
        def listen(self, timeout: float | dt.timedelta | None = None) -> object: ...
        def private(self) -> ActorSystem: ...
        def shutdown(self) -> None: ...

    class ActorExitRequest:
        """Asks an actor to exit; its handler runs first."""

    class ChildActorExited:
        childAddress: ActorAddress

    class PoisonMessage:
        """A message whose handler failed twice, returned to its sender."""

        poisonMessage: object
        details: object

    class WakeupMessage:
        payload: object

    class WatchMessage:
        ready: list[int]

    class ThespianWatch:
        def __init__(self, filenos: list[int]) -> None: ...

else:
    from thespian.actors import (
        ActorExitRequest,
        ActorSystem,
        ChildActorExited,
        PoisonMessage,
        ThespianWatch,
        WakeupMessage,
        WatchMessage,
    )
    from thespian.actors import ActorTypeDispatcher as Actor

__all__ = [
    "Actor",
    "ActorExitRequest",
    "ActorSystem",
    "ChildActorExited",
    "PoisonMessage",
    "ThespianWatch",
    "WakeupMessage",
    "WatchMessage",
]
