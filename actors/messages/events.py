"""Events for watchers: published once to every web process bridge by the EventHub."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.live.protocol import AccessChange, EventKind


@dataclass(frozen=True)
class Event:
    """Something a watcher may want to see, published once to every web process bridge.

    kind is also the WebSocket message type; channels are the topics ("project:<id>",
    "task:<id>", "command:<id>") that say who may receive it; seq orders the events of one
    stream (e.g. output chunks) so a reconnecting client can resume. data is the JSON payload.
    """

    kind: EventKind
    data: dict[str, Any]
    channels: tuple[str, ...]
    stream: str | None = None
    seq: int | None = None


@dataclass(frozen=True)
class Events:
    """EventHub → every web bridge: the events of one burst, in the order they arrived (one
    message instead of one each: Thespian sends a destination one message at a time, each
    waiting for its acknowledgement)."""

    events: tuple[Event, ...]


@dataclass(frozen=True)
class ConfigureEvents:
    """Supervisor → EventHub: open storage and sequence task events there."""


@dataclass(frozen=True)
class AccessChanged:
    """Web → Supervisor → EventHub → every web bridge: access may have changed (committed).

    Each web process asks the SessionActors of the sockets concerned to check their grants
    again (the user's sockets when user_id is set, else those holding grants on project_id),
    or closes the user's sockets when their logins ended. origin names the web process that
    published it (it has applied the change already and skips its own echo).
    """

    change: AccessChange
    project_id: str | None = None
    user_id: str | None = None
    origin: str = ""
