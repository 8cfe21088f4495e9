"""What an authenticated socket may ask; each answer comes from its SessionActor (or is local)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from actors.messages import ExecuteTask, GetMetrics, Reauthenticate, Subscribe, Unsubscribe
from storage.accounts.users import get_user
from storage.error_codes import ErrorCode
from storage.errors import StorageError
from storage.formats import utcnow
from storage.live.channels import ID_FIELDS
from storage.live.protocol import Channel, EventKind, ServerMessage
from storage.roles import Role
from storage.statuses import Priority
from web.http.auth import current_user
from web.http.errors import ApiError
from web.http.middlewares import storage_error
from web.http.offload import off_loop
from web.keys import maintenance_key, settings_key
from web.maintenance import refusal
from web.ws import protocol
from web.ws.control import SessionControl
from web.ws.fanout import Connection
from web.ws.page_auth import PageSession, socket_claims
from web.ws.protocol import METRICS
from web.ws.sockets import Sockets

Message = dict[str, Any]


class Requests:
    """Dispatch by message model; storage and validation errors become `error` messages."""

    def __init__(
        self,
        connection: Connection,
        control: SessionControl,
        sockets: Sockets,
        app: web.Application,
        page: PageSession,
    ) -> None:
        self.connection = connection
        self.control = control
        self.sockets = sockets
        self.app = app
        self.page = page  # the handshake's page session, for authenticate without a token

    async def handle(self, text: str) -> None:
        request: protocol.Request | None = None
        try:
            request = protocol.parse_message(text)
            answer = await self.answer(request)
        except StorageError as exc:
            answer = protocol.error(storage_error(exc), request)
        except ApiError as exc:
            answer = protocol.error(exc, request)
        if answer is not None:
            self.connection.send_message(answer)

    async def answer(self, request: protocol.Request) -> Message | None:
        """The answer to one client message, chosen by its model (None: already sent)."""
        match request:
            case protocol.Authenticate():
                return await self.authenticate(request)
            case protocol.Subscribe():
                await self.subscribe(request)  # answers itself, before the replay
                return None
            case protocol.Unsubscribe():
                return await self.unsubscribe(request)
            case protocol.ExecuteTask():
                await self.execute_task(request)  # answers itself, before what it follows
                return None
            case protocol.GetMetrics():
                return await self.get_metrics(request)
            case protocol.Ping():
                return self.ping(request)
        raise TypeError(f"no handler for {type(request).__name__}")

    async def authenticate(self, request: protocol.Authenticate) -> Message:
        """A fresh token (or the page session) for the same user moves the socket's expiry
        (checked as REST would)."""
        claims = socket_claims(self.app[settings_key], request.token, self.page)
        await off_loop(self.app, current_user, claims)
        data = await self.control.request(
            lambda cid, to: Reauthenticate(cid, to, claims["sub"], claims["exp"])
        )
        return _reply(ServerMessage.AUTHENTICATED, data, request)

    async def subscribe(self, request: protocol.Subscribe) -> None:
        channel = request.channel
        object_id = _target(request)
        grant = await self.control.request(lambda cid, to: Subscribe(cid, to, channel, object_id))
        withdrawn = self.connection.revoked.pop(grant["key"], None)
        if withdrawn is not None and withdrawn[0] >= grant["serial"]:  # access changed meanwhile
            refusal = dict(withdrawn[1])
            if request.request_id is not None:
                refusal["request_id"] = request.request_id
            self.connection.send_message(refusal)
            return
        ack = _reply(ServerMessage.SUBSCRIBED, _public(grant), request)
        self.connection.send_message(ack)  # before anything replayed
        self.sockets.fanout.subscribe(self.connection, grant, request.since)

    async def follow(self, channel: Channel, object_id: str, since: int | None) -> str | None:
        """Subscribe without an answer (what execute_task implies), unless already held; the
        key of a subscription made, None when held already or not allowed."""
        if any(
            s.channel == channel and s.object_id == object_id
            for s in self.connection.subscriptions.values()
        ):
            return None
        try:
            grant = await self.control.request(
                lambda cid, to: Subscribe(cid, to, channel, object_id)
            )
        except (StorageError, ApiError):
            return None
        withdrawn = self.connection.revoked.pop(grant["key"], None)
        if withdrawn is not None and withdrawn[0] >= grant["serial"]:
            return None
        if self._covered(grant):  # its project's updates are held: they carry the task's
            await self.control.tell(Unsubscribe(grant["key"]))
            return None
        self.sockets.fanout.subscribe(self.connection, grant, since)
        return str(grant["key"])

    def _covered(self, grant: Message) -> bool:
        return grant["channel"] == Channel.TASK_UPDATES and any(
            s.channel == Channel.PROJECT_UPDATES and s.project_id == grant["project_id"]
            for s in self.connection.subscriptions.values()
        )

    async def unsubscribe(self, request: protocol.Unsubscribe) -> Message:
        await self._drop(_key(request, self.connection))
        return _reply(ServerMessage.UNSUBSCRIBED, {"channel": request.channel}, request)

    async def _drop(self, key: str) -> None:
        self.sockets.fanout.unsubscribe(self.connection, key)
        await self.control.tell(Unsubscribe(key))

    async def execute_task(self, request: protocol.ExecuteTask) -> None:
        """As POST /api/tasks/{id}/execute, maintenance included."""
        window, now = self.app[maintenance_key].window, utcnow()
        if window.active_at(now) and self.connection.user_id is not None:
            user = await off_loop(self.app, get_user, self.connection.user_id)
            if user.role != Role.ADMIN:
                raise refusal(window, now)
        task_id, priority = request.task_id, request.priority or Priority.NORMAL
        # the socket follows what it started: the task's updates from now on, and the new
        # execution's output from its start (API.md's streaming example subscribes to neither)
        following = await self.follow(Channel.TASK_UPDATES, task_id, since=None)
        try:
            data = await self.control.request(
                lambda cid, to: ExecuteTask(cid, to, task_id, priority)
            )
        except (StorageError, ApiError):
            if following is not None:
                await self._drop(following)
            raise
        self.connection.send_message(_reply(ServerMessage.TASK_QUEUED, data, request))
        await self.follow(Channel.COMMAND_OUTPUT, data["execution_id"], since=-1)
        return None

    async def get_metrics(self, request: protocol.GetMetrics) -> Message:
        wanted = tuple(request.metrics or METRICS)
        count = len(self.sockets.connections)
        data = await self.control.request(lambda cid, to: GetMetrics(cid, to, wanted, count))
        return _reply(EventKind.PERFORMANCE_DATA, data, request)

    def ping(self, request: protocol.Ping) -> Message:
        pong = protocol.message(ServerMessage.PONG, request_id=request.request_id)
        pong.pop("data")
        pong["server_time"], pong["timestamp"] = pong["timestamp"], request.timestamp
        return pong


def _target(request: protocol.Target) -> str | None:
    name = ID_FIELDS.get(request.channel)
    if name is None:
        return None
    object_id: str | None = getattr(request, name)
    if not object_id:
        raise ApiError(
            f"{name} is required for {request.channel}",
            {"field": name, "issue": "Field is required"},
            code=ErrorCode.VALIDATION_REQUIRED_FIELD,
        )
    return object_id


def _key(request: protocol.Unsubscribe, connection: Connection) -> str:
    """The fan-out key of a held subscription named as the client names it."""
    object_id = _target(request)
    for key, subscription in connection.subscriptions.items():
        if subscription.channel == request.channel and subscription.object_id == object_id:
            return key
    raise ApiError(
        "Not subscribed",
        {"channel": request.channel},
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


def _reply(kind: str, data: Message, request: protocol.Request) -> Message:
    return protocol.message(kind, data, request_id=request.request_id)
