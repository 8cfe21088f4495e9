"""What SessionActors ask of storage, run by their host's SessionStore on one connection.

A SessionActor keeps a socket's state (grants, timers, token expiry) and decides; the reads
and writes behind its decisions run in the SessionStore, a child of its SessionHost, so a
session never opens a database connection, loads the schema or compiles a query of its own
(on SQLite that was 2 MiB of private memory per session for the connection and as much again
for the first queries; on PostgreSQL a server connection per socket). The store is a process
of its own so that the host, which forks the sessions, never runs a query either: a fork
copies each page its child touches, and a host that had run queries left each session it
forked 1.6 MiB more. Each operation takes plain values and returns plain values or raises a
StorageError, which travels back as the answer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from peewee import DatabaseError

from actors.live import metrics
from actors.live.queued import announced
from actors.messages import SessionStorageAnswer, SessionStorageCall
from actors.names import ActorAddress
from actors.orphans import ExitsWhenOrphaned
from config import current_settings
from storage import sessions, tasks
from storage.accounts.users import get_active_user
from storage.database import open_database
from storage.error_codes import ErrorCode
from storage.errors import Conflict, StorageError
from storage.live import channels
from storage.roles import ProjectPermission
from storage.runs import executions
from storage.statuses import Priority, TaskStatus

log = logging.getLogger(__name__)
DATABASE_FAILED = "Database operation failed"


class SessionOperation(StrEnum):
    CHECK_USER = "check_user"
    AUTHORISE = "authorise"
    RECHECK = "recheck"
    EXECUTE = "execute"
    KEEP_ALIVE = "keep_alive"
    METRICS = "metrics"


def check_user(user_id: str) -> None:
    """The account is still there and enabled (AccountDisabled, NotFound)."""
    get_active_user(user_id)


def authorise(user_id: str, channel: str, object_id: str | None, project_id: str) -> dict[str, Any]:
    """The grant of channel on object_id for the user as stored now (storage.live.channels)."""
    grant = channels.authorise(get_active_user(user_id), channel, object_id, project_id)
    return vars(grant)


def recheck(
    user_id: str, held: tuple[tuple[str, str, str | None], ...], project_id: str
) -> dict[str, StorageError]:
    """Of the grants held (key, channel, object id), those the user may no longer hold, with
    why. A grant whose check fails on a database error is kept: the next check decides. The
    user disabled: AccountDisabled (the session's verdict, raised)."""
    user = get_active_user(user_id)
    refused: dict[str, StorageError] = {}
    for key, channel, object_id in held:
        try:
            channels.authorise(user, channel, object_id, project_id)
        except StorageError as exc:
            refused[key] = exc
        except DatabaseError:
            log.exception("database error checking a grant of user %s; kept", user_id)
    return refused


def execute(user_id: str, session_id: str, task_id: str, priority: Priority) -> dict[str, Any]:
    """Queue the task for the user (its project's execute right) and record it in the
    session's history; the answer the socket gets, with the task's project."""
    user = get_active_user(user_id)
    task = tasks.get_task(user, task_id, ProjectPermission.EXECUTE)
    announcement = announced(lambda: executions.enqueue(task, user, priority, None, 0))
    execution = announcement.execution
    sessions.record(
        session_id,
        "task_executed",
        task_id=task.id,
        execution_id=execution.id,
        priority=execution.priority,
    )
    return {
        "task_id": task.id,
        "execution_id": execution.id,
        "status": TaskStatus.QUEUED,
        "priority": execution.priority,
        "queue_position": executions.queue_position(execution),
        "event": announcement.event,  # for the EventHub, the notice for the Supervisor:
        "notice": announcement.notice,  # neither for the socket
    }


def keep_alive(user_id: str, session_id: str, ttl: int) -> None:
    """A connected socket keeps its session alive; its user must still be enabled (raises
    AccountDisabled, or Conflict when the session has ended)."""
    get_active_user(user_id)
    sessions.touch(user_id, session_id, ttl)


OPERATIONS: dict[SessionOperation, Callable[..., Any]] = {
    SessionOperation.CHECK_USER: check_user,
    SessionOperation.AUTHORISE: authorise,
    SessionOperation.RECHECK: recheck,
    SessionOperation.EXECUTE: execute,
    SessionOperation.KEEP_ALIVE: keep_alive,
    SessionOperation.METRICS: metrics.metrics,
}


def answer(call: SessionStorageCall) -> SessionStorageAnswer:
    """Run one call; a storage refusal or a database failure is the answer's error."""
    try:
        value = OPERATIONS[SessionOperation(call.operation)](*call.arguments)
        return SessionStorageAnswer(call.call_id, value=value)
    except StorageError as exc:
        return SessionStorageAnswer(call.call_id, error=exc)
    except DatabaseError:
        log.exception("session storage: database error in %s", call.operation)
        failed = Conflict(ErrorCode.DATABASE_ERROR, DATABASE_FAILED)
        return SessionStorageAnswer(call.call_id, error=failed, database_failed=True)


class SessionStore(ExitsWhenOrphaned):
    """Child of a SessionHost: answers its sessions' SessionStorageCalls, one at a time."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.ready = False

    def receiveMsg_SessionStorageCall(self, msg: SessionStorageCall, sender: ActorAddress) -> None:
        if not self.ready:
            self.ready = True
            self.watch_parent()
            open_database(current_settings().database_url)
            metrics.host_figures()  # get_metrics' CPU figure is measured from here on
        self.send(sender, answer(msg))
