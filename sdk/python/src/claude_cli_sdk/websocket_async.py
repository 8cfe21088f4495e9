"""The async client's WebSocket: `async with client.websocket.connect(session_id) as ws:`.

It only performs the steps of the shared flows (`_socket_flow`) with websockets' asyncio
client, as `websocket` does with the sync one.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any, cast

from websockets.asyncio.client import ClientConnection, connect

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
from claude_cli_sdk._transport import AsyncTransport
from claude_cli_sdk.live import Performance, Pong, ServerMessage, SubscribedData, TaskQueuedData
from claude_cli_sdk.websocket import MAX_MESSAGE_BYTES, Priority


class AsyncWebSocket:
    """One session's socket (async): authenticated on connect, its subscriptions renewed (with
    replay from the last seq seen) whenever it reconnects."""

    def __init__(
        self, transport: AsyncTransport, session_id: str, reconnect: ReconnectPolicy
    ) -> None:
        self._transport = transport
        self._url = transport.session.config.socket_url(session_id)
        self._state = SocketState(reconnect, transport.session.config.timeout)
        self._socket: ClientConnection | None = None
        self._connection_scope = contextlib.AsyncExitStack()
        self._closed_here = False

    async def __aenter__(self) -> AsyncWebSocket:
        await self.open()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.close()

    async def open(self) -> None:
        """Connect and authenticate."""
        await self._run(self._state.opening())

    async def close(self) -> None:
        self._closed_here = self._state.closed = True
        self._socket = None
        await self._connection_scope.aclose()

    async def subscribe(
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
        return cast(SubscribedData, await self._run(self._state.subscribe(channel, since, targets)))

    async def unsubscribe(
        self,
        channel: str,
        *,
        project_id: str | None = None,
        task_id: str | None = None,
        command_id: str | None = None,
    ) -> None:
        targets = {"project_id": project_id, "task_id": task_id, "command_id": command_id}
        await self._run(self._state.unsubscribe(channel, targets))

    async def execute_task(self, task_id: str, priority: Priority | None = None) -> TaskQueuedData:
        """Queue a task; its updates and its execution's output then come on this socket."""
        return cast(TaskQueuedData, await self._run(self._state.execute_task(task_id, priority)))

    async def get_metrics(self, metrics: list[str] | None = None) -> Performance:
        return cast(Performance, await self._run(self._state.get_metrics(metrics)))

    async def ping(self) -> Pong:
        return cast(Pong, await self._run(self._state.ping(time.time() * 1000)))

    async def receive(self, timeout: float | None = None) -> ServerMessage:
        """The next message (TimeoutError after timeout seconds without one)."""
        return cast(ServerMessage, await self._run(self._state.receive(timeout)))

    async def listen(self, idle_timeout: float | None = None) -> AsyncIterator[ServerMessage]:
        """Every message as it comes, until the socket is closed (or idle_timeout seconds
        pass without one)."""
        while not self._state.closed:
            try:
                yield await self.receive(idle_timeout)
            except TimeoutError:
                return
            except WebSocketClosed:
                if self._closed_here:
                    return
                raise

    async def _run(self, flow: SocketFlow) -> Any:
        result: Any = None
        failure: Exception | None = None
        while True:
            try:
                step = flow.throw(failure) if failure is not None else flow.send(result)
            except StopIteration as done:
                return done.value
            result, failure = None, None
            try:
                result = await self._perform(step)
            except Exception as exc:
                failure = lost(exc, step)

    async def _perform(self, step: Step) -> Any:
        if isinstance(step, Read):
            async with asyncio.timeout(step.timeout):
                return await self._connection().recv()
        if isinstance(step, Transmit):
            return await self._connection().send(step.text)
        if isinstance(step, Open):
            self._socket = None
            await self._connection_scope.aclose()  # the previous connection, if any
            config = self._transport.session.config
            opening = connect(
                self._url,
                open_timeout=config.timeout,
                user_agent_header=config.user_agent,
                max_size=MAX_MESSAGE_BYTES,
            )
            self._socket = await self._connection_scope.enter_async_context(opening)
        elif isinstance(step, Pause):
            await asyncio.sleep(step.seconds)
        elif isinstance(step, Token):
            return await self._transport.access_token()
        elif isinstance(step, RenewToken):
            await self._transport.renew(step.generation)
        return None

    def _connection(self) -> ClientConnection:
        if self._socket is None:
            raise Lost(None, "not connected")
        return self._socket


class AsyncWebSockets:
    """`client.websocket` of the async client: opens its sockets."""

    def __init__(self, transport: AsyncTransport) -> None:
        self._transport = transport

    def connect(
        self, session_id: str, *, reconnect: ReconnectPolicy | None = None
    ) -> AsyncWebSocket:
        """A socket of the session: an async context manager (connects on enter)."""
        return AsyncWebSocket(self._transport, session_id, reconnect or ReconnectPolicy())
