"""SessionActor: the control plane of one WebSocket (auth state, grants, requests, expiry).

Created by the Supervisor (as its child) once the web has verified a token; it checks the
session in storage, answers the socket's requests, and tells the web process to close the
socket when its token expires or its session ends. Events never pass through it: the web
process fans them out to the sockets whose grants this actor gave.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from typing import Any

from peewee import DatabaseError
from thespian.actors import ActorExitRequest, ActorTypeDispatcher, WakeupMessage

from actors.live import metrics
from actors.live.hub import task_status_event
from actors.messages import (
    CloseSession,
    ExecuteTask,
    ExecutionQueued,
    GetMetrics,
    Reauthenticate,
    Request,
    SessionAnswer,
    SessionNotice,
    SessionOpened,
    StartSession,
    Subscribe,
    Unsubscribe,
)
from config import Settings
from storage import sessions, tasks
from storage.accounts.users import get_active_user
from storage.database import open_database
from storage.errors import Conflict, StorageError
from storage.formats import iso
from storage.live import channels
from storage.models import Session, User
from storage.runs import executions

log = logging.getLogger(__name__)
TOKEN_EXPIRED, SESSION_ENDED = 4401, 4409
TOKEN_WARNING_SECONDS = 60.0
CHECK_EVERY_SECONDS = 60.0
_WARN, _EXPIRE, _CHECK = "token-warning", "token-expired", "session-check"


def render_session(session: Session) -> dict[str, Any]:
    return {
        "session_id": session.id,
        "project_id": session.project_id,
        "user_id": session.user_id,
        "status": session.status,
        "expires_at": iso(session.expires_at),
    }


class SessionActor(ActorTypeDispatcher):
    """One per socket; child of the Supervisor."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened: Any = None
        self.settings: Settings | None = None
        self.events: Any = None
        self.supervisor: Any = None
        self.user: User | None = None
        self.project_id = ""
        self.token_expires_at = 0.0
        self.grants: set[str] = set()
        self.closed = False

    # --- lifecycle --------------------------------------------------------------------------

    def receiveMsg_StartSession(self, msg: StartSession, sender: Any) -> None:
        if self.opened is not None:
            return
        request = msg.request
        self.opened, self.settings, self.events, self.supervisor = (
            request,
            msg.settings,
            msg.events,
            sender,
        )
        open_database(msg.settings.database_url)
        metrics.host_figures()  # the CPU figure is measured from here on
        try:
            self.user = get_active_user(request.user_id)
            session = sessions.touch(request.user_id, request.session_id, self._ttl())
        except StorageError as exc:
            self.send(request.reply_to, SessionOpened(request.correlation_id, error=exc))
            self._stop()
            return
        self.project_id = session.project_id
        sessions.record(session.id, "connected", connection_id=request.connection_id)
        self._expire_token_at(request.token_expires_at)
        self.wakeupAfter(self._check_period(), payload=_CHECK)
        opened = SessionOpened(
            request.correlation_id, self.myAddress, os.getpid(), render_session(session)
        )
        self.send(request.reply_to, opened)

    def receiveMsg_CloseSession(self, msg: CloseSession, sender: Any) -> None:
        if not self.closed and self.opened is not None and self.user is not None:
            sessions.record(
                self.opened.session_id,
                "disconnected",
                connection_id=self.opened.connection_id,
                reason=msg.reason,
            )
        self._stop()

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: Any) -> None:
        if self.closed or self.opened is None:
            return
        kind, *rest = msg.payload if isinstance(msg.payload, tuple) else (msg.payload,)
        if kind == _CHECK:
            self._check_session()
        elif rest and rest[0] != self.token_expires_at:
            return  # a timer of a token that was replaced
        elif kind == _WARN:
            self._notify("warning", "Token expiring", "Authenticate again to stay connected")
        elif kind == _EXPIRE:
            self._close(TOKEN_EXPIRED, "token expired", "AUTH_TOKEN_INVALID")

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: Any) -> None:
        self.closed = True

    # --- requests ---------------------------------------------------------------------------

    def receiveMsg_Reauthenticate(self, msg: Reauthenticate, sender: Any) -> None:
        def reauthenticate() -> dict[str, Any]:
            assert self.user is not None
            if msg.user_id != self.user.id:
                raise Conflict("AUTH_TOKEN_INVALID", "The token is for another user")
            self.user = get_active_user(msg.user_id)
            self._expire_token_at(msg.token_expires_at)
            return {"expires_at": msg.token_expires_at}

        self._answer(msg, reauthenticate)

    def receiveMsg_Subscribe(self, msg: Subscribe, sender: Any) -> None:
        def subscribe() -> dict[str, Any]:
            assert self.user is not None
            grant = channels.authorise(self.user, msg.channel, msg.object_id, self.project_id)
            self.grants.add(grant.key)
            return vars(grant)

        self._answer(msg, subscribe)

    def receiveMsg_Unsubscribe(self, msg: Unsubscribe, sender: Any) -> None:
        self.grants.discard(msg.key)

    def receiveMsg_ExecuteTask(self, msg: ExecuteTask, sender: Any) -> None:
        def execute() -> dict[str, Any]:
            task = tasks.get_task(self.user, msg.task_id, "execute")  # type: ignore[arg-type]
            execution = executions.enqueue(task, self.user, msg.priority, None, 0)
            self.send(self.supervisor, ExecutionQueued(execution.id, execution.priority))
            event = task_status_event(task.id, task.project_id, "queued", execution.id)
            if self.events is not None:
                self.send(self.events, event)
            sessions.record(
                self.opened.session_id,
                "task_executed",
                task_id=task.id,
                execution_id=execution.id,
                priority=execution.priority,
            )
            return {
                "task_id": task.id,
                "execution_id": execution.id,
                "status": "queued",
                "priority": execution.priority,
                "queue_position": executions.queue_position(execution),
            }

        self._answer(msg, execute)

    def receiveMsg_GetMetrics(self, msg: GetMetrics, sender: Any) -> None:
        self._answer(msg, lambda: metrics.metrics(msg.metrics, msg.active_connections))

    # --- internals --------------------------------------------------------------------------

    def _answer(self, msg: Request, work: Callable[[], dict[str, Any]]) -> None:
        """Run a request for an open session; storage errors travel back as the answer."""
        if self.closed or self.user is None:
            return
        try:
            answer = SessionAnswer(msg.correlation_id, data=work())
        except StorageError as exc:
            answer = SessionAnswer(msg.correlation_id, error=exc)
        except DatabaseError:
            log.exception("session %s: database error", self.opened.session_id)
            error = Conflict("DATABASE_ERROR", "Database operation failed")
            answer = SessionAnswer(msg.correlation_id, error=error)
        self.send(msg.reply_to, answer)

    def _check_session(self) -> None:
        """Still active and its user still enabled? A connected socket keeps it alive."""
        try:
            self.user = get_active_user(self.opened.user_id)
            sessions.touch(self.opened.user_id, self.opened.session_id, self._ttl())
        except StorageError as exc:
            self._close(SESSION_ENDED, exc.message, getattr(exc, "code", "SESSION_NOT_ACTIVE"))
            return
        self.wakeupAfter(self._check_period(), payload=_CHECK)

    def _expire_token_at(self, expires_at: float) -> None:
        self.token_expires_at = expires_at
        left = expires_at - time.time()
        if left > TOKEN_WARNING_SECONDS:
            self.wakeupAfter(
                dt.timedelta(seconds=left - TOKEN_WARNING_SECONDS), payload=(_WARN, expires_at)
            )
        self.wakeupAfter(dt.timedelta(seconds=max(0.0, left)), payload=(_EXPIRE, expires_at))

    def _notify(self, level: str, title: str, message: str) -> None:
        notice = {"level": level, "title": title, "message": message, "actions": []}
        self.send(
            self.opened.reply_to,
            SessionNotice(self.opened.connection_id, {"type": "notification", "data": notice}),
        )

    def _close(self, code: int, reason: str, error_code: str) -> None:
        error = {"type": "error", "data": {"code": error_code, "message": reason}}
        self.send(
            self.opened.reply_to,
            SessionNotice(self.opened.connection_id, error, close_code=code, reason=reason),
        )

    def _ttl(self) -> int:
        assert self.settings is not None
        return self.settings.session_ttl

    def _check_period(self) -> dt.timedelta:
        return dt.timedelta(seconds=min(CHECK_EVERY_SECONDS, self._ttl() / 3))

    def _stop(self) -> None:
        self.closed = True
        self.send(self.myAddress, ActorExitRequest())
