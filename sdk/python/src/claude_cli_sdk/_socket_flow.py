"""What a live socket does, written once for the sync and the async socket: generators that
yield the steps they need (open a connection, send, read, pause, get or renew the token) and
get their results back, like the HTTP calls' flows (`_flow`).

The state they share: the subscriptions the socket holds (renewed after a reconnect), the last
`seq` seen on each stream (the `since` of each renewed subscription: the server replays what
came after, so nothing is missed and nothing comes twice) and the messages read while waiting
for an answer.
"""

from __future__ import annotations

import itertools
import json
import random
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from typing import Any

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from claude_cli_sdk._errors import RequestTimeout, TransportError, WebSocketClosed
from claude_cli_sdk._failures import from_message
from claude_cli_sdk.errors import AuthTokenInvalid
from claude_cli_sdk.live import Error, ServerMessage, other, parse_message

# close codes after which reconnecting cannot help (README, WebSocket protocol)
FINAL_CLOSES = {
    1000: "closed",
    4404: "session not found",
    4409: "session expired or closed",
    4429: "too many sockets for this user",
}
AUTH_FAILED = 4401
RETRYABLE_HANDSHAKE = frozenset({429, 500, 502, 503, 504})
ANSWERS = {
    "authenticate": "authenticated",
    "subscribe": "subscribed",
    "unsubscribe": "unsubscribed",
    "execute_task": "task_queued",
    "get_metrics": "performance_data",
    "ping": "pong",
}
TARGETS = ("project_id", "task_id", "command_id")
Key = tuple[str, str | None]


@dataclass(frozen=True)
class ReconnectPolicy:
    """Reconnects after a socket drops: at most `attempts` in a row, `backoff` × 2^n seconds
    apart (jittered, at most `max_delay`); 0 attempts: never reconnect."""

    attempts: int = 8
    backoff: float = 0.25
    max_delay: float = 10.0

    def delays(self) -> Iterator[float]:
        for attempt in range(self.attempts):
            wait = min(self.max_delay, self.backoff * 2**attempt)
            yield wait * (0.5 + random.random() / 2)


class Lost(Exception):
    """The connection dropped (or never opened); `code` is the close code the server sent."""

    def __init__(self, code: int | None, reason: str = "", retryable: bool = True) -> None:
        super().__init__(f"{code} {reason}".strip())
        self.code = code
        self.reason = reason
        self.retryable = retryable


def lost(exc: Exception, step: Step) -> Exception:
    """What an error performing step means to the flows: Lost (the connection is gone, or
    could not open), or the error itself (a Read's TimeoutError: nothing came in time)."""
    if isinstance(exc, TimeoutError) and isinstance(step, Read):
        return exc
    if isinstance(exc, ConnectionClosed):
        frame = exc.rcvd
        return Lost(frame.code if frame else None, frame.reason if frame else "")
    if isinstance(exc, InvalidStatus):
        status = exc.response.status_code
        return Lost(None, f"handshake answered {status}", status in RETRYABLE_HANDSHAKE)
    if isinstance(exc, OSError | InvalidHandshake | TransportError):
        return Lost(None, str(exc))
    return exc


@dataclass(frozen=True)
class Open:
    """Open a new connection (the previous one, if any, is gone)."""


@dataclass(frozen=True)
class Transmit:
    text: str


@dataclass(frozen=True)
class Read:
    """The next frame's text (TimeoutError thrown in after timeout seconds; Lost when the
    connection drops)."""

    timeout: float | None


@dataclass(frozen=True)
class Pause:
    seconds: float


@dataclass(frozen=True)
class Token:
    """The client's access token (renewed first when it is about to expire)."""


@dataclass(frozen=True)
class RenewToken:
    generation: int


Step = Open | Transmit | Read | Pause | Token | RenewToken
SocketFlow = Generator[Step, Any, Any]


@dataclass
class Subscription:
    """A subscription as the client asked for it, and where its stream stood."""

    channel: str
    target: dict[str, str]
    since: int | None = None  # as asked (None: from now on)
    stream: str | None = None  # from the server's `subscribed`
    head: int | None = None  # the stream's last seq when it started

    @property
    def key(self) -> Key:
        return self.channel, next(iter(self.target.values()), None)


@dataclass
class SocketState:
    reconnect: ReconnectPolicy
    answer_timeout: float | None
    subscriptions: dict[Key, Subscription] = field(default_factory=dict)
    seen: dict[str, int] = field(default_factory=dict)  # stream -> last seq received
    pending: deque[ServerMessage] = field(default_factory=deque)  # read before their turn
    closed: bool = False
    generation: int = 0  # of the token the socket authenticated with
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))

    # -- the flows

    def connect(self, renewing: bool = False) -> SocketFlow:
        """Open, authenticate and (after a drop) renew every subscription."""
        token, self.generation = yield Token()
        yield Open()
        yield from self.ask(self.request("authenticate", token=token), recover=False)
        if renewing:
            for subscription in list(self.subscriptions.values()):
                message = self.subscribe_message(subscription, renewing=True)
                answer = yield from self.ask(message, recover=False)
                self.held(subscription, answer)

    def ask(self, request: dict[str, Any], recover: bool = True) -> SocketFlow:
        """Send a request, return its answer (or raise its error); what comes meanwhile waits
        for receive(). A drop reconnects first when recover (and sends it again, but for
        execute_task, which may have been queued)."""
        while True:
            try:
                yield Transmit(json.dumps(request, separators=(",", ":")))
                while True:
                    try:
                        message = self.parse((yield Read(self.answer_timeout)))
                    except TimeoutError:
                        wait = f"{self.answer_timeout} s"
                        raise RequestTimeout(f"no answer to {request['type']} in {wait}") from None
                    if self.answers(request, message):
                        return self.result(message)
                    self.pending.append(message)
            except Lost as drop:
                if not recover:
                    raise
                yield from self.recover(drop)
                if request["type"] == "execute_task":
                    raise WebSocketClosed("the socket dropped before the task was queued") from None

    def receive(self, timeout: float | None) -> SocketFlow:
        """The next message, reconnecting as often as the policy allows."""
        if self.pending:
            return self.pending.popleft()
        while True:
            try:
                return self.parse((yield Read(timeout)))
            except Lost as drop:
                yield from self.recover(drop)

    def recover(self, drop: Lost) -> SocketFlow:
        """Reconnect after a drop (renewing the token on 4401), or raise WebSocketClosed."""
        self.after_close(drop.code, drop.reason)
        if drop.code == AUTH_FAILED:
            yield RenewToken(self.generation)
        failure: Exception = drop
        renewed = drop.code == AUTH_FAILED
        for delay in self.reconnect.delays():
            yield Pause(delay)
            try:
                yield from self.connect(renewing=True)
                return
            except AuthTokenInvalid as exc:
                failure = exc
                if renewed:
                    break
                yield RenewToken(self.generation)
                renewed = True
            except Lost as exc:
                failure = exc
                if not exc.retryable or exc.code in FINAL_CLOSES:
                    break
            except RequestTimeout as exc:  # connected, but authenticating took too long
                failure = exc
        self.closed = True
        raise WebSocketClosed(f"could not reconnect: {failure}", drop.code) from failure

    def opening(self) -> SocketFlow:
        """The first connect (a refused token renewed once): a failure is WebSocketClosed, or
        the API error the server answered."""
        try:
            try:
                yield from self.connect()
            except AuthTokenInvalid:
                yield RenewToken(self.generation)
                yield from self.connect()
        except Lost as drop:
            self.closed = True
            raise WebSocketClosed(f"could not connect: {drop}", drop.code) from None

    def subscribe(
        self, channel: str, since: int | None, targets: dict[str, str | None]
    ) -> SocketFlow:
        subscription = self.subscription(channel, since, targets)
        answer = yield from self.ask(self.subscribe_message(subscription, renewing=False))
        self.held(subscription, answer)
        return answer.data

    def unsubscribe(self, channel: str, targets: dict[str, str | None]) -> SocketFlow:
        subscription = self.subscription(channel, None, targets)
        message = self.request("unsubscribe", channel=subscription.channel, **subscription.target)
        yield from self.ask(message)
        self.dropped(subscription.key)

    def execute_task(self, task_id: str, priority: str | None) -> SocketFlow:
        answer = yield from self.ask(
            self.request("execute_task", task_id=task_id, priority=priority)
        )
        return answer.data

    def get_metrics(self, metrics: list[str] | None) -> SocketFlow:
        return (yield from self.ask(self.request("get_metrics", metrics=metrics)))

    def ping(self, timestamp: float) -> SocketFlow:
        return (yield from self.ask(self.request("ping", timestamp=timestamp)))

    # -- the state

    def request(self, kind: str, **fields: Any) -> dict[str, Any]:
        """A client message with a request id of its own (the server echoes it)."""
        body = {"type": kind, "request_id": f"sdk-{next(self._ids)}"}
        body.update({name: value for name, value in fields.items() if value is not None})
        return body

    def subscription(
        self, channel: str, since: int | None, targets: dict[str, str | None]
    ) -> Subscription:
        """What subscribe(channel, **targets) asks for. The API document's
        `subscribe("task_updates", project_id=…)` (every task update of a project) is the
        server's `project_updates` channel of that project."""
        target = {name: value for name, value in targets.items() if value is not None}
        if channel == "task_updates" and "task_id" not in target and "project_id" in target:
            channel = "project_updates"
        return Subscription(channel, target, since)

    def subscribe_message(self, subscription: Subscription, renewing: bool) -> dict[str, Any]:
        since = self.resume_from(subscription) if renewing else subscription.since
        return self.request(
            "subscribe", channel=subscription.channel, since=since, **subscription.target
        )

    def resume_from(self, subscription: Subscription) -> int | None:
        """Where a renewed subscription starts: after the last seq seen on its stream, else
        where it started (so what came while the socket was away is replayed)."""
        if subscription.stream is None:
            return subscription.since
        seen = self.seen.get(subscription.stream)
        if seen is not None:
            return seen
        return subscription.since if subscription.since is not None else subscription.head

    def held(self, subscription: Subscription, ack: ServerMessage) -> None:
        data = getattr(ack, "data", None)
        subscription.stream = getattr(data, "stream", None)
        subscription.head = getattr(data, "last_seq", None)
        self.subscriptions[subscription.key] = subscription

    def dropped(self, key: Key) -> None:
        self.subscriptions.pop(key, None)

    def parse(self, text: str | bytes) -> ServerMessage:
        """A received frame as its model; sequenced messages move their stream's mark, and a
        revoked subscription is no longer renewed."""
        try:
            value = json.loads(text)
        except ValueError:
            return other("invalid", str(text))
        if not isinstance(value, dict):
            return other("invalid", value)
        message = parse_message(value)
        if message.stream is not None and message.seq is not None:
            self.seen[message.stream] = max(message.seq, self.seen.get(message.stream, -1))
        if isinstance(message, Error) and message.data.code == "SUBSCRIPTION_REVOKED":
            data = message.data
            target = next((getattr(data, name) for name in TARGETS if getattr(data, name)), None)
            self.dropped((data.channel or "", target))
        return message

    def answers(self, request: dict[str, Any], message: ServerMessage) -> bool:
        """Whether message answers request: by its echoed request id (the first authenticate,
        answered before the socket's session is open, is answered without one)."""
        if message.type not in (ANSWERS[request["type"]], "error"):
            return False
        first = request["type"] == "authenticate" and message.request_id is None
        return first or message.request_id == request["request_id"]

    @staticmethod
    def result(message: ServerMessage) -> ServerMessage:
        """The answer, or its error raised as the exception of its code."""
        if isinstance(message, Error):
            raise from_message(message.data.model_dump())
        return message

    def after_close(self, code: int | None, reason: str = "") -> None:
        """Raise WebSocketClosed when reconnecting after this close cannot help."""
        if self.closed:
            raise WebSocketClosed("the socket was closed", code)
        if code in FINAL_CLOSES or self.reconnect.attempts == 0:
            self.closed = True
            what = FINAL_CLOSES.get(code or 0, "connection lost")
            raise WebSocketClosed(f"{what} ({code} {reason})".strip(), code)
