"""The live protocol's vocabulary, shared by every layer: event kinds, WebSocket message types,
subscription channels, the topics events are routed by, and close codes."""

from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum, StrEnum


class EventKind(StrEnum):
    """Events the runtime and the web publish; each is also the WebSocket message type."""

    TASK_UPDATE = "task_update"
    TASK_COMPLETED = "task_completed"
    COMMAND_OUTPUT = "command_output"
    COMMAND_COMPLETED = "command_completed"
    TRANSCRIPT_MESSAGE = "transcript_message"  # an execution's structured CLI messages
    NOTIFICATION = "notification"
    PERFORMANCE_DATA = "performance_data"


TASK_KINDS = (EventKind.TASK_UPDATE, EventKind.TASK_COMPLETED)  # sequenced in the task event log
# routed by their output stream only: its grant (task readable; a command's owner or an admin)
COMMAND_KINDS = (
    EventKind.COMMAND_OUTPUT,
    EventKind.COMMAND_COMPLETED,
    EventKind.TRANSCRIPT_MESSAGE,
)


class ClientMessage(StrEnum):
    """Message types a client sends."""

    AUTHENTICATE = "authenticate"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    EXECUTE_TASK = "execute_task"
    GET_METRICS = "get_metrics"
    PING = "ping"


class ServerMessage(StrEnum):
    """Message types the server sends besides the events (EventKind)."""

    AUTHENTICATED = "authenticated"
    SUBSCRIBED = "subscribed"
    UNSUBSCRIBED = "unsubscribed"
    TASK_QUEUED = "task_queued"
    METRICS = "metrics"
    PONG = "pong"
    ERROR = "error"


class Channel(StrEnum):
    """What a socket may subscribe to."""

    PROJECT_UPDATES = "project_updates"
    TASK_UPDATES = "task_updates"
    COMMAND_OUTPUT = "command_output"
    PERFORMANCE = "performance"
    NOTIFICATIONS = "notifications"


class TopicKind(StrEnum):
    """Events are routed by topic, "<kind>:<id>": who may receive them."""

    PROJECT = "project"
    TASK = "task"
    COMMAND = "command"
    OUTPUT = "output"  # an output stream's chunks: an execution's or a command's
    NOTIFICATIONS = "notifications"  # the notifications of a session's project


def topic(kind: TopicKind, object_id: str) -> str:
    return f"{kind}:{object_id}"


def topic_id(kind: TopicKind, topics: Iterable[str]) -> str | None:
    """The id of the first topic of that kind among topics (an event's channels), if any."""
    prefix = f"{kind}:"
    return next((t[len(prefix) :] for t in topics if t.startswith(prefix)), None)


class AccessChange(StrEnum):
    """A change that may withdraw live grants, published to every web process."""

    MEMBERSHIP = "membership"  # a member removed, or their project role changed
    PROJECT_STATE = "project_state"  # a project archived (or back), or deleted
    ACCOUNT_ROLE = "account_role"  # an account's role changed
    LOGINS_ENDED = "logins_ended"  # a new password or a disabled account: its sockets close


class CloseCode(IntEnum):
    """WebSocket close codes: the standard ones used here and the application's 4xxx."""

    GOING_AWAY = 1001  # server shutdown
    SESSION_ACTOR_LOST = 1011
    TRY_AGAIN_LATER = 1013  # the client did not read fast enough, or the database is busy
    AUTH_FAILED = 4401  # authentication failed, timed out or the token expired
    SESSION_NOT_FOUND = 4404
    SESSION_NOT_ACTIVE = 4409  # expired or closed (also when closed while connected)
    TOO_MANY_CONNECTIONS = 4429
