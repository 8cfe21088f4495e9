"""What an authenticated socket may ask; each answer comes from its SessionActor (or is local)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from actors.messages import ExecuteTask, GetMetrics, Reauthenticate, Subscribe, Unsubscribe
from storage.error_codes import ErrorCode
from storage.errors import StorageError
from storage.live.channels import ID_FIELDS
from storage.live.protocol import ClientMessage, EventKind, ServerMessage
from storage.statuses import Priority
from web.http.errors import ApiError
from web.http.jwt_tokens import ACCESS, decode
from web.http.middlewares import storage_error
from web.keys import settings_key
from web.ws import protocol
from web.ws.control import SessionControl
from web.ws.fanout import Connection
from web.ws.protocol import METRICS
from web.ws.sockets import Sockets

Message = dict[str, Any]


class Requests:
    """Dispatch by message type; storage and validation errors become `error` messages."""

    def __init__(
        self,
        connection: Connection,
        control: SessionControl,
        sockets: Sockets,
        app: web.Application,
    ) -> None:
        self.connection = connection
        self.control = control
        self.sockets = sockets
        self.app = app
        self.handlers: dict[str, Callable[[Message], Awaitable[Message | None]]] = {
            ClientMessage.AUTHENTICATE: self.authenticate,
            ClientMessage.SUBSCRIBE: self.subscribe,
            ClientMessage.UNSUBSCRIBE: self.unsubscribe,
            ClientMessage.EXECUTE_TASK: self.execute_task,
            ClientMessage.GET_METRICS: self.get_metrics,
            ClientMessage.PING: self.ping,
        }

    async def handle(self, text: str) -> None:
        message: Message | None = None
        try:
            message = protocol.parse(text)
            answer = await self.handlers[message["type"]](message)
        except StorageError as exc:
            answer = protocol.error(storage_error(exc), message)
        except ApiError as exc:
            answer = protocol.error(exc, message)
        if answer is not None:
            self.connection.send_message(answer)

    async def authenticate(self, message: Message) -> Message:
        """A fresh token for the same user moves the socket's expiry."""
        claims = decode(self.app[settings_key], message["token"], ACCESS)
        data = await self.control.request(
            lambda cid, to: Reauthenticate(cid, to, claims["sub"], claims["exp"])
        )
        return _reply(ServerMessage.AUTHENTICATED, data, message)

    async def subscribe(self, message: Message) -> Message | None:
        channel = message["channel"]
        object_id = _target(message)
        grant = await self.control.request(lambda cid, to: Subscribe(cid, to, channel, object_id))
        ack = _reply(ServerMessage.SUBSCRIBED, _public(grant), message)
        self.connection.send_message(ack)  # before anything replayed
        self.sockets.fanout.subscribe(self.connection, grant, message.get("since"))
        return None

    async def unsubscribe(self, message: Message) -> Message:
        key = _key(message, self.connection)
        self.sockets.fanout.unsubscribe(self.connection, key)
        await self.control.tell(Unsubscribe(key))
        return _reply(ServerMessage.UNSUBSCRIBED, {"channel": message["channel"]}, message)

    async def execute_task(self, message: Message) -> Message:
        task_id, priority = message["task_id"], message.get("priority") or Priority.NORMAL
        data = await self.control.request(lambda cid, to: ExecuteTask(cid, to, task_id, priority))
        return _reply(ServerMessage.TASK_QUEUED, data, message)

    async def get_metrics(self, message: Message) -> Message:
        wanted = tuple(message.get("metrics") or METRICS)
        count = len(self.sockets.connections)
        data = await self.control.request(lambda cid, to: GetMetrics(cid, to, wanted, count))
        return _reply(EventKind.PERFORMANCE_DATA, data, message)

    async def ping(self, message: Message) -> Message:
        pong = protocol.message(ServerMessage.PONG, request_id=message.get("request_id"))
        pong.pop("data")
        pong["server_time"], pong["timestamp"] = pong["timestamp"], message.get("timestamp")
        return pong


def _target(message: Message) -> str | None:
    name = ID_FIELDS.get(message["channel"])
    if name is None:
        return None
    if not message.get(name):
        raise ApiError(
            f"{name} is required for {message['channel']}",
            {"field": name, "issue": "Field is required"},
            code=ErrorCode.VALIDATION_REQUIRED_FIELD,
        )
    return str(message[name])


def _key(message: Message, connection: Connection) -> str:
    """The fan-out key of a held subscription named as the client names it."""
    object_id = _target(message)
    for key, subscription in connection.subscriptions.items():
        if subscription.channel == message["channel"] and subscription.object_id == object_id:
            return key
    raise ApiError(
        "Not subscribed",
        {"channel": message["channel"]},
        code=ErrorCode.RESOURCE_NOT_FOUND,
        status=404,
    )


def _public(grant: Message) -> Message:
    return {
        "channel": grant["channel"],
        "id": grant["object_id"],
        "stream": grant["stream"],
        "last_seq": grant["last_seq"],
    }


def _reply(kind: str, data: Message, request: Message) -> Message:
    return protocol.message(kind, data, request_id=request.get("request_id"))
