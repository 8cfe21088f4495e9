"""SessionActor: the control plane of one WebSocket (auth state, grants, requests, expiry).

Created by a SessionHost (as its child) once the web has verified a token and recorded the
socket joining its session; it answers the socket's requests, keeps the session alive while
the socket is open, and tells the web process to close the socket when its token expires or
its session ends. Events never pass through it: the web
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

from actors import messages
from actors.base import Actor, ActorExitRequest, WakeupMessage
from actors.live.session_storage import SessionOperation
from actors.names import ActorAddress
from config import Settings, current_settings
from storage.error_codes import ErrorCode
from storage.errors import Conflict, StorageError
from storage.live.protocol import CloseCode, EventKind, ServerMessage

log = logging.getLogger(__name__)
TOKEN_WARNING_SECONDS = 60.0
CHECK_EVERY_SECONDS = 60.0
Then = Callable[[Any], None]  # what to do with a storage call's value
Otherwise = Callable[[messages.SessionStorageAnswer], None]  # ... or with its refusal


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
    """One per socket; child of a SessionHost, whose SessionStore runs its storage calls."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.opened: messages.OpenSession | None = None
        self.settings: Settings | None = None
        self.events: ActorAddress | None = None
        self.supervisor: ActorAddress | None = None
        self.store: ActorAddress | None = None
        self.project_id = ""
        self.token_expires_at = 0.0
        self.grants: dict[str, Held] = {}  # by fan-out key
        self.serial = 0
        self.closed = False
        self.calls = 0
        self.waiting: dict[int, tuple[Then, Otherwise]] = {}  # storage calls, by call id

    # --- lifecycle --------------------------------------------------------------------------

    def receiveMsg_StartSession(self, msg: messages.StartSession, sender: ActorAddress) -> None:
        """The web has checked the session and recorded the connection: starting touches no
        storage."""
        if self.opened is not None:
            return
        request = msg.request
        self.opened, self.settings, self.events, self.supervisor, self.store = (
            request,
            current_settings(),
            msg.events,
            msg.supervisor or sender,
            msg.store,
        )
        self.project_id = request.project_id
        self._expire_token_at(request.token_expires_at)
        self.wakeupAfter(self._check_period(), payload=SessionCheck())
        self.wakeupAfter(self._grant_check_period(), payload=GrantCheck())
        opened = messages.SessionOpened(request.correlation_id, self.myAddress, os.getpid())
        self._to_web(request.reply_to, opened)

    def receiveMsg_CloseSession(self, msg: messages.CloseSession, sender: ActorAddress) -> None:
        self._stop()  # the web records the disconnection: it saw the socket go

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if self.closed or self.opened is None:
            return
        payload = msg.payload
        if isinstance(payload, SessionCheck):
            self._keep_alive(self.opened)
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

    def receiveMsg_SessionStoreMoved(
        self, msg: messages.SessionStoreMoved, sender: ActorAddress
    ) -> None:
        self.store = msg.address

    def receiveMsg_SessionStorageAnswer(
        self, msg: messages.SessionStorageAnswer, sender: ActorAddress
    ) -> None:
        then, otherwise = self.waiting.pop(msg.call_id, (None, None))
        if then is None or otherwise is None or self.closed:
            return
        if msg.error is None:
            then(msg.value)
        else:
            otherwise(msg)

    # --- requests ---------------------------------------------------------------------------

    def receiveMsg_Reauthenticate(self, msg: messages.Reauthenticate, sender: ActorAddress) -> None:
        if self.opened is not None and msg.user_id != self.opened.user_id:
            refused = Conflict(ErrorCode.AUTH_TOKEN_INVALID, "The token is for another user")
            self._reply(msg, messages.SessionAnswer(msg.correlation_id, error=refused))
            return

        def reauthenticated(_: None) -> dict[str, Any]:
            self._expire_token_at(msg.token_expires_at)
            return {"expires_at": msg.token_expires_at}

        self._answer(msg, SessionOperation.CHECK_USER, (msg.user_id,), reauthenticated)

    def receiveMsg_Subscribe(self, msg: messages.Subscribe, sender: ActorAddress) -> None:
        def granted(grant: dict[str, Any]) -> dict[str, Any]:
            self.serial += 1
            self.grants[grant["key"]] = Held(msg.channel, msg.object_id, self.serial)
            return {**grant, "serial": self.serial}

        arguments = (self._user_id(), msg.channel, msg.object_id, self.project_id)
        self._answer(msg, SessionOperation.AUTHORISE, arguments, granted)

    def receiveMsg_Unsubscribe(self, msg: messages.Unsubscribe, sender: ActorAddress) -> None:
        self.grants.pop(msg.key, None)

    def receiveMsg_RecheckGrants(self, msg: messages.RecheckGrants, sender: ActorAddress) -> None:
        if not self.closed and self.opened is not None:
            self._recheck_grants()

    def receiveMsg_ExecuteTask(self, msg: messages.ExecuteTask, sender: ActorAddress) -> None:
        def queued(answer: dict[str, Any]) -> dict[str, Any]:
            """The notice and the stored event side by side (actors/live/queued.py)."""
            event, notice = answer.pop("event"), answer.pop("notice")
            if self.supervisor is not None:
                self.send(self.supervisor, notice)
            hub = self.events or self.supervisor  # the Supervisor passes it to the hub
            if hub is not None:
                self.send(hub, event)
            return answer

        assert self.opened is not None
        arguments = (self._user_id(), self.opened.session_id, msg.task_id, msg.priority)
        self._answer(msg, SessionOperation.EXECUTE, arguments, queued)

    def receiveMsg_GetMetrics(self, msg: messages.GetMetrics, sender: ActorAddress) -> None:
        arguments = (msg.metrics, msg.active_connections)
        self._answer(msg, SessionOperation.METRICS, arguments, lambda figures: figures)

    # --- internals --------------------------------------------------------------------------

    def _store(
        self,
        operation: SessionOperation,
        arguments: tuple[Any, ...],
        then: Then,
        otherwise: Otherwise,
    ) -> None:
        """Ask the store to run a storage operation; then(value) or otherwise(answer) follows
        when it answers (nothing, if this session has closed meanwhile)."""
        assert self.store is not None
        self.calls += 1
        self.waiting[self.calls] = (then, otherwise)
        self.send(self.store, messages.SessionStorageCall(self.calls, operation, arguments))

    def _answer(
        self,
        msg: messages.Request,
        operation: SessionOperation,
        arguments: tuple[Any, ...],
        then: Callable[[Any], dict[str, Any]],
    ) -> None:
        """A socket's request: the storage operation, then(value) is the answer's data; a
        refusal travels back as the answer's error."""
        if self.closed or self.opened is None:
            return

        def answered(value: Any) -> None:
            self._reply(msg, messages.SessionAnswer(msg.correlation_id, data=then(value)))

        def refused(answer: messages.SessionStorageAnswer) -> None:
            self._reply(msg, messages.SessionAnswer(msg.correlation_id, error=answer.error))

        self._store(operation, arguments, answered, refused)

    def _reply(self, msg: messages.Request, answer: messages.SessionAnswer) -> None:
        self._to_web(msg.reply_to, answer)

    def _keep_alive(self, opened: messages.OpenSession) -> None:
        """Still active and its user still enabled? A connected socket keeps it alive."""

        def checked(_: None) -> None:
            self.wakeupAfter(self._check_period(), payload=SessionCheck())

        def refused(answer: messages.SessionStorageAnswer) -> None:
            if answer.database_failed:  # not a verdict: check again later
                checked(None)
                return
            error = answer.error
            code = getattr(error, "code", ErrorCode.SESSION_NOT_ACTIVE)
            self._close(CloseCode.SESSION_NOT_ACTIVE, _message(error), code)

        arguments = (opened.user_id, opened.session_id, self._ttl())
        self._store(SessionOperation.KEEP_ALIVE, arguments, checked, refused)

    def _recheck_grants(self) -> None:
        """Withdraw each grant the user as stored now may no longer hold, telling the web."""
        assert self.opened is not None
        if not self.grants:
            return
        checked = dict(self.grants)
        held = tuple((key, h.channel, h.object_id) for key, h in checked.items())
        opened = self.opened

        def withdraw(refusals: dict[str, StorageError]) -> None:
            for key, error in refusals.items():
                if self.grants.get(key) != checked[key]:
                    continue  # unsubscribed or given again since: not what was checked
                held = self.grants.pop(key)
                revoked = messages.GrantRevoked(
                    opened.connection_id, key, held.serial, held.channel, held.object_id, error
                )
                self._to_web(opened.reply_to, revoked)

        def refused(answer: messages.SessionStorageAnswer) -> None:
            if answer.database_failed:
                log.warning("session %s: database error; grants kept", opened.session_id)
                return
            error = answer.error
            self._close(CloseCode.AUTH_FAILED, _message(error), getattr(error, "code", ""))

        arguments = (opened.user_id, held, self.project_id)
        self._store(SessionOperation.RECHECK, arguments, withdraw, refused)

    def _user_id(self) -> str:
        assert self.opened is not None
        return self.opened.user_id

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


def _message(error: Exception | None) -> str:
    return getattr(error, "message", None) or str(error)
