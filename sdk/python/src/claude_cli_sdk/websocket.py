"""The sync client's WebSocket: `with client.websocket.connect(session_id) as ws:`.

It only performs the steps of the shared flows (`_socket_flow`) with websockets' sync client;
what to send, what answers a request and when to reconnect is decided there.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from types import TracebackType
from typing import Any, Literal, cast

from websockets.sync.client import ClientConnection, connect

from claude_cli_sdk._errors import WebSocketClosed
from claude_cli_sdk._socket_flow import (
    Lost,
    Open,
    Pause,
    Read,
    ReconnectPolicy,
    RenewToken,
    SocketFlow,
    SocketState,
    Step,
    Token,
    Transmit,
    lost,
)
from claude_cli_sdk._transport import SyncTransport
from claude_cli_sdk.live import Performance, Pong, ServerMessage, SubscribedData, TaskQueuedData

MAX_MESSAGE_BYTES = 16 * 2**20
Priority = Literal["high", "normal", "low"]


class WebSocket:
    """One session's socket: authenticated on connect, its subscriptions renewed (with replay
    from the last seq seen) whenever it reconnects."""

    def __init__(
        self, transport: SyncTransport, session_id: str, reconnect: ReconnectPolicy
    ) -> None:
        self._transport = transport
        self._url = transport.session.config.socket_url(session_id)
        self._state = SocketState(reconnect, transport.session.config.timeout)
        self._socket: ClientConnection | None = None
        self._connection_scope = contextlib.ExitStack()
        self._closed_here = False

    def __enter__(self) -> WebSocket:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        """Connect and authenticate."""
        self._run(self._state.opening())

    def close(self) -> None:
        self._closed_here = self._state.closed = True
        self._socket = None
        self._connection_scope.close()

    def subscribe(
        self,
        channel: str,
        *,
        project_id: str | None = None,
        task_id: str | None = None,
        command_id: str | None = None,
        since: int | None = None,
    ) -> SubscribedData:
        """Follow a channel (project_updates, task_updates, command_output, performance,
        notifications); `since`: replay what came after that seq (0 or -1: everything)."""
        targets = {"project_id": project_id, "task_id": task_id, "command_id": command_id}
        return cast(SubscribedData, self._run(self._state.subscribe(channel, since, targets)))

    def unsubscribe(
        self,
        channel: str,
        *,
        project_id: str | None = None,
        task_id: str | None = None,
        command_id: str | None = None,
    ) -> None:
        targets = {"project_id": project_id, "task_id": task_id, "command_id": command_id}
        self._run(self._state.unsubscribe(channel, targets))

    def execute_task(self, task_id: str, priority: Priority | None = None) -> TaskQueuedData:
        """Queue a task; its updates and its execution's output then come on this socket."""
        return cast(TaskQueuedData, self._run(self._state.execute_task(task_id, priority)))

    def get_metrics(self, metrics: list[str] | None = None) -> Performance:
        return cast(Performance, self._run(self._state.get_metrics(metrics)))

    def ping(self) -> Pong:
        return cast(Pong, self._run(self._state.ping(time.time() * 1000)))

    def receive(self, timeout: float | None = None) -> ServerMessage:
        """The next message (TimeoutError after timeout seconds without one)."""
        return cast(ServerMessage, self._run(self._state.receive(timeout)))

    def listen(self, idle_timeout: float | None = None) -> Iterator[ServerMessage]:
        """Every message as it comes, until the socket is closed (or idle_timeout seconds
        pass without one)."""
        while not self._state.closed:
            try:
                yield self.receive(idle_timeout)
            except TimeoutError:
                return
            except WebSocketClosed:
                if self._closed_here:
                    return
                raise

    def _run(self, flow: SocketFlow) -> Any:
        result: Any = None
        failure: Exception | None = None
        while True:
            try:
                step = flow.throw(failure) if failure is not None else flow.send(result)
            except StopIteration as done:
                return done.value
            result, failure = None, None
            try:
                result = self._perform(step)
            except Exception as exc:
                failure = lost(exc, step)

    def _perform(self, step: Step) -> Any:
        if isinstance(step, Read):
            return self._connection().recv(step.timeout)
        if isinstance(step, Transmit):
            return self._connection().send(step.text)
        if isinstance(step, Open):
            self._socket = None
            self._connection_scope.close()  # the previous connection, if any
            config = self._transport.session.config
            opening = connect(
                self._url,
                open_timeout=config.timeout,
                user_agent_header=config.user_agent,
                max_size=MAX_MESSAGE_BYTES,
            )
            self._socket = self._connection_scope.enter_context(opening)
        elif isinstance(step, Pause):
            time.sleep(step.seconds)
        elif isinstance(step, Token):
            return self._transport.access_token()
        elif isinstance(step, RenewToken):
            self._transport.renew(step.generation)
        return None

    def _connection(self) -> ClientConnection:
        if self._socket is None:
            raise Lost(None, "not connected")
        return self._socket


class WebSockets:
    """`client.websocket`: opens the client's sockets."""

    def __init__(self, transport: SyncTransport) -> None:
        self._transport = transport

    def connect(self, session_id: str, *, reconnect: ReconnectPolicy | None = None) -> WebSocket:
        """A socket of the session: a context manager that connects on enter, closes on exit."""
        return WebSocket(self._transport, session_id, reconnect or ReconnectPolicy())
