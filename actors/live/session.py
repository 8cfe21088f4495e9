"""SessionActor: the control plane of one WebSocket (auth state, grants, requests, expiry).

Created by a SessionHost (as its child) once the web has verified a token; it checks the
session in storage, answers the socket's requests, and tells the web process to close the
socket when its token expires or its session ends. Events never pass through it: the web
process fans them out to the sockets whose grants this actor gave. It checks those grants
again when the web says access may have changed (RecheckGrants) and, as a backstop, every
WS_GRANT_RECHECK seconds; a grant no longer allowed is withdrawn (GrantRevoked).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from peewee import DatabaseError

from actors import messages
from actors.base import Actor, ActorExitRequest, WakeupMessage
from actors.live import metrics
from actors.live.hub import task_status_event
from actors.names import ActorAddress
from config import Settings, load_settings
from storage import sessions, tasks
from storage.accounts.users import get_active_user
from storage.database import open_database
from storage.error_codes import ErrorCode
from storage.errors import Conflict, StorageError
from storage.live import channels
from storage.live.protocol import CloseCode, EventKind, ServerMessage
from storage.models import User
from storage.roles import ProjectPermission
from storage.runs import executions
from storage.sessions import render_session
from storage.statuses import Priority, TaskStatus

log = logging.getLogger(__name__)
TOKEN_WARNING_SECONDS = 60.0
CHECK_EVERY_SECONDS = 60.0


@dataclass(frozen=True)
class SessionCheck:
    """Wakeup: time to check that the session is still active and its user still enabled."""


@dataclass(frozen=True)
class GrantCheck:
    """Wakeup: time to check the socket's grants again (the backstop of RecheckGrants)."""


@dataclass(frozen=True)
class Held:
    """A grant this socket holds: what was asked for, and the serial it was given with."""

    channel: str
    object_id: str | None
    serial: int


@dataclass(frozen=True)
class TokenTimer:
    """Wakeup for the token of expires_at: it runs out soon (a warning), or it has run out."""

    expires_at: float
    expired: bool


class SessionActor(Actor):
    """One per socket; child of a SessionHost."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.opened: messages.OpenSession | None = None
        self.settings: Settings | None = None
        self.events: ActorAddress | None = None
        self.supervisor: ActorAddress | None = None
        self.user: User | None = None
        self.project_id = ""
        self.token_expires_at = 0.0
        self.grants: dict[str, Held] = {}  # by fan-out key
        self.serial = 0
        self.closed = False

    # --- lifecycle --------------------------------------------------------------------------

    def receiveMsg_StartSession(self, msg: messages.StartSession, sender: ActorAddress) -> None:
        if self.opened is not None:
            return
        request = msg.request
        self.opened, self.settings, self.events, self.supervisor = (
            request,
            load_settings(),
            msg.events,
            msg.supervisor or sender,
        )
        open_database(self.settings.database_url)
        metrics.host_figures()  # the CPU figure is measured from here on
        try:
            self.user = get_active_user(request.user_id)
            session = sessions.connected(
                request.user_id, request.session_id, self._ttl(), request.connection_id
            )
        except StorageError as exc:
            self._to_web(
                request.reply_to, messages.SessionOpened(request.correlation_id, error=exc)
            )
            self._stop()
            return
        self.project_id = session.project_id
        self._expire_token_at(request.token_expires_at)
        self.wakeupAfter(self._check_period(), payload=SessionCheck())
        self.wakeupAfter(self._grant_check_period(), payload=GrantCheck())
        opened = messages.SessionOpened(
            request.correlation_id, self.myAddress, os.getpid(), render_session(session)
        )
        self._to_web(request.reply_to, opened)

    def receiveMsg_CloseSession(self, msg: messages.CloseSession, sender: ActorAddress) -> None:
        if not self.closed and self.opened is not None and self.user is not None:
            sessions.record(
                self.opened.session_id,
                "disconnected",
                connection_id=self.opened.connection_id,
                reason=msg.reason,
            )
        self._stop()

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if self.closed or self.opened is None:
            return
        payload = msg.payload
        if isinstance(payload, SessionCheck):
            self._check_session(self.opened)
        elif isinstance(payload, GrantCheck):
            self.wakeupAfter(self._grant_check_period(), payload=GrantCheck())
            self._recheck_grants()
        elif not isinstance(payload, TokenTimer) or payload.expires_at != self.token_expires_at:
            return  # not this actor's, or a timer of a token that was replaced
        elif payload.expired:
            self._close(CloseCode.AUTH_FAILED, "token expired", ErrorCode.AUTH_TOKEN_INVALID)
        else:
            self._notify("warning", "Token expiring", "Authenticate again to stay connected")

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: ActorAddress) -> None:
        self.closed = True

    # --- requests ---------------------------------------------------------------------------

    def receiveMsg_Reauthenticate(self, msg: messages.Reauthenticate, sender: ActorAddress) -> None:
        def reauthenticate() -> dict[str, Any]:
            assert self.user is not None
            if msg.user_id != self.user.id:
                raise Conflict(ErrorCode.AUTH_TOKEN_INVALID, "The token is for another user")
            self.user = get_active_user(msg.user_id)
            self._expire_token_at(msg.token_expires_at)
            return {"expires_at": msg.token_expires_at}

        self._answer(msg, reauthenticate)

    def receiveMsg_Subscribe(self, msg: messages.Subscribe, sender: ActorAddress) -> None:
        def subscribe() -> dict[str, Any]:
            user = self._fresh_user()
            grant = channels.authorise(user, msg.channel, msg.object_id, self.project_id)
            self.serial += 1
            self.grants[grant.key] = Held(msg.channel, msg.object_id, self.serial)
            return {**vars(grant), "serial": self.serial}

        self._answer(msg, subscribe)

    def receiveMsg_Unsubscribe(self, msg: messages.Unsubscribe, sender: ActorAddress) -> None:
        self.grants.pop(msg.key, None)

    def receiveMsg_RecheckGrants(self, msg: messages.RecheckGrants, sender: ActorAddress) -> None:
        if not self.closed and self.opened is not None and self.user is not None:
            self._recheck_grants()

    def receiveMsg_ExecuteTask(self, msg: messages.ExecuteTask, sender: ActorAddress) -> None:
        def execute() -> dict[str, Any]:
            assert self.opened is not None
            user = self._fresh_user()
            task = tasks.get_task(user, msg.task_id, ProjectPermission.EXECUTE)
            execution = executions.enqueue(task, user, msg.priority, None, 0)
            assert self.supervisor is not None
            event = task_status_event(task.id, task.project_id, TaskStatus.QUEUED, execution.id)
            if self.events is not None:  # first: the hub has it before anything the run publishes
                self.send(self.events, event)
            self.send(
                self.supervisor,
                messages.ExecutionQueued(execution.id, Priority(execution.priority)),
            )
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
                "status": TaskStatus.QUEUED,
                "priority": execution.priority,
                "queue_position": executions.queue_position(execution),
            }

        self._answer(msg, execute)

    def receiveMsg_GetMetrics(self, msg: messages.GetMetrics, sender: ActorAddress) -> None:
        self._answer(msg, lambda: metrics.metrics(msg.metrics, msg.active_connections))

    # --- internals --------------------------------------------------------------------------

    def _answer(self, msg: messages.Request, work: Callable[[], dict[str, Any]]) -> None:
        """Run a request for an open session; storage errors travel back as the answer."""
        if self.closed or self.user is None or self.opened is None:
            return
        try:
            answer = messages.SessionAnswer(msg.correlation_id, data=work())
        except StorageError as exc:
            answer = messages.SessionAnswer(msg.correlation_id, error=exc)
        except DatabaseError:
            log.exception("session %s: database error", self.opened.session_id)
            error = Conflict(ErrorCode.DATABASE_ERROR, "Database operation failed")
            answer = messages.SessionAnswer(msg.correlation_id, error=error)
        self._to_web(msg.reply_to, answer)

    def _check_session(self, opened: messages.OpenSession) -> None:
        """Still active and its user still enabled? A connected socket keeps it alive."""
        try:
            self.user = get_active_user(opened.user_id)
            sessions.touch(opened.user_id, opened.session_id, self._ttl())
        except StorageError as exc:
            code = getattr(exc, "code", ErrorCode.SESSION_NOT_ACTIVE)
            self._close(CloseCode.SESSION_NOT_ACTIVE, exc.message, code)
            return
        self.wakeupAfter(self._check_period(), payload=SessionCheck())

    def _recheck_grants(self) -> None:
        """Withdraw each grant the user as stored now may no longer hold, telling the web."""
        assert self.opened is not None
        if not self.grants:
            return
        try:
            user = self._fresh_user()
        except StorageError as exc:  # disabled: the periodic session check's verdict, now
            self._close(CloseCode.AUTH_FAILED, exc.message, exc.code)
            return
        except DatabaseError:
            log.exception("session %s: database error; grants kept", self.opened.session_id)
            return
        for key, held in list(self.grants.items()):
            try:
                channels.authorise(user, held.channel, held.object_id, self.project_id)
            except StorageError as exc:
                del self.grants[key]
                revoked = messages.GrantRevoked(
                    self.opened.connection_id, key, held.serial, held.channel, held.object_id, exc
                )
                self._to_web(self.opened.reply_to, revoked)
            except DatabaseError:  # kept: the next check decides
                log.exception("session %s: database error checking a grant", self.opened.session_id)

    def _fresh_user(self) -> User:
        """The account as stored now (its role may have changed); disabled: AccountDisabled."""
        assert self.opened is not None
        self.user = get_active_user(self.opened.user_id)
        return self.user

    def _expire_token_at(self, expires_at: float) -> None:
        self.token_expires_at = expires_at
        left = expires_at - time.time()
        if left > TOKEN_WARNING_SECONDS:
            warn_in = dt.timedelta(seconds=left - TOKEN_WARNING_SECONDS)
            self.wakeupAfter(warn_in, payload=TokenTimer(expires_at, expired=False))
        expire_in = dt.timedelta(seconds=max(0.0, left))
        self.wakeupAfter(expire_in, payload=TokenTimer(expires_at, expired=True))

    def _notify(self, level: str, title: str, message: str) -> None:
        notice = {"level": level, "title": title, "message": message, "actions": []}
        self._tell_socket({"type": EventKind.NOTIFICATION, "data": notice})

    def _close(self, code: CloseCode, reason: str, error_code: str) -> None:
        error = {"type": ServerMessage.ERROR, "data": {"code": error_code, "message": reason}}
        self._tell_socket(error, close_code=code, reason=reason)

    def _tell_socket(
        self, message: dict[str, Any], close_code: CloseCode | None = None, reason: str = ""
    ) -> None:
        """A message for this actor's socket (and a close, when close_code is set), via its web."""
        assert self.opened is not None
        notice = messages.SessionNotice(self.opened.connection_id, message, close_code, reason)
        self._to_web(self.opened.reply_to, notice)

    def _to_web(self, bridge: ActorAddress | None, message: object) -> None:
        """Answers and notices go to the web bridge that opened this session."""
        if bridge is None:
            log.warning("session actor: no web bridge to tell %s", type(message).__name__)
            return
        self.send(bridge, message)

    def _ttl(self) -> int:
        assert self.settings is not None
        return self.settings.session_ttl

    def _check_period(self) -> dt.timedelta:
        return dt.timedelta(seconds=min(CHECK_EVERY_SECONDS, self._ttl() / 3))

    def _grant_check_period(self) -> dt.timedelta:
        assert self.settings is not None
        return dt.timedelta(seconds=self.settings.ws_grant_recheck)

    def _stop(self) -> None:
        self.closed = True
        self.send(self.myAddress, ActorExitRequest())
