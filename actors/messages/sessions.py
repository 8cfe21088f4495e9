"""Web ↔ SessionActor: one WebSocket's authentication, grants, requests and notices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actors.messages.bridge import Reply, Request
from actors.messages.lifecycle import ChildStart
from actors.names import ActorAddress
from storage.errors import StorageError
from storage.live.protocol import CloseCode
from storage.statuses import Priority


@dataclass(frozen=True)
class OpenSession(Request):
    """Web → Supervisor: create a SessionActor (its child) for one authenticated socket.

    token_expires_at is the access token's expiry (unix time), checked by the web's JWT module;
    the web has checked the session (of project_id) and recorded the connection.
    """

    connection_id: str = ""
    session_id: str = ""
    user_id: str = ""
    token_expires_at: float = 0.0
    project_id: str = ""


@dataclass(frozen=True)
class StartSession(ChildStart):
    """Supervisor → SessionHost → a new SessionActor: the web's request to answer (supervisor:
    where the session sends what the Supervisor must hear, such as queued executions)."""

    request: OpenSession
    supervisor: ActorAddress | None = None
    store: ActorAddress | None = None  # the SessionStore that runs the session's storage calls


@dataclass(frozen=True)
class SessionsClosed:
    """SessionHost → Supervisor: these connections' SessionActors have exited."""

    connection_ids: tuple[str, ...]


@dataclass(frozen=True)
class BridgesSilent:
    """Supervisor → SessionHosts: these web bridges stopped registering; stop their sessions."""

    bridges: tuple[ActorAddress, ...]


@dataclass(frozen=True)
class SessionOpened(Reply):
    """SessionActor → web: the session's actor is ready."""

    address: ActorAddress | None = None
    pid: int = 0


@dataclass(frozen=True)
class SessionStorageCall:
    """SessionActor → its host's SessionStore: run one storage operation for it (the store
    holds the one database connection of the host's sessions; actors.live.session_storage)."""

    call_id: int
    operation: str  # a SessionOperation
    arguments: tuple[Any, ...]


@dataclass(frozen=True)
class SessionStoreMoved:
    """SessionHost → its SessionActors: their SessionStore was replaced (the old one died)."""

    address: ActorAddress


@dataclass(frozen=True)
class SessionStorageAnswer:
    """SessionStore → SessionActor: the value of a SessionStorageCall, or the storage error
    that refused it (database_failed: a database failure, not a verdict on the session)."""

    call_id: int
    value: Any = None
    error: Exception | None = None
    database_failed: bool = False


@dataclass(frozen=True)
class SessionAnswer(Reply):
    """SessionActor → web: the outcome of one request; error is a storage error, or None."""

    data: dict[str, Any] | None = None
    error: Exception | None = None


@dataclass(frozen=True)
class Reauthenticate(Request):
    """Web → SessionActor: a fresh token for the same user; moves the expiry."""

    user_id: str = ""
    token_expires_at: float = 0.0


@dataclass(frozen=True)
class Subscribe(Request):
    """Web → SessionActor: may this socket hold channel (project_updates, ...) on object_id?"""

    channel: str = ""
    object_id: str | None = None


@dataclass(frozen=True)
class RecheckGrants:
    """Web → SessionActor: access may have changed; check every grant again, now."""


@dataclass(frozen=True)
class GrantRevoked:
    """SessionActor → web bridge: the grant with this fan-out key (given as `serial`) is
    withdrawn; error (a storage error) says why. The web stops its stream and tells the client.
    """

    connection_id: str
    key: str
    serial: int
    channel: str
    object_id: str | None
    error: StorageError


@dataclass(frozen=True)
class Unsubscribe:
    """Web → SessionActor: the socket dropped the grant with this fan-out key."""

    key: str


@dataclass(frozen=True)
class ExecuteTask(Request):
    task_id: str = ""
    priority: Priority = Priority.NORMAL


@dataclass(frozen=True)
class GetMetrics(Request):
    metrics: tuple[str, ...] = ()
    active_connections: int = 0


@dataclass(frozen=True)
class CloseSession:
    """Web → SessionActor: the socket is gone (closed, dead peer); record it and stop."""

    reason: str = "disconnected"


@dataclass(frozen=True)
class SessionNotice:
    """SessionActor → web bridge: send `message` to the socket; close it when close_code is set."""

    connection_id: str
    message: dict[str, Any] | None = None
    close_code: CloseCode | None = None
    reason: str = ""
