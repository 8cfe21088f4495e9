"""GET /ws/{session_id}: the WebSocket endpoint. Thin: it forwards frames and applies answers.

Handshake: a foreign Origin is refused (403). Then the socket must authenticate within
WS_AUTH_TIMEOUT (token at the handshake as ?token= or Authorization: Bearer, or a first
{"type": "authenticate"} message), with a token REST would accept (signature, expiry, an
active account, issued after the account's logins last ended), or, from this server's own
pages, `authenticate` without a token and the page-session cookie (web.ws.page_auth); only
then is its SessionActor
created, which checks the session. Close codes (storage.live.protocol.CloseCode): 4401
authentication, 4404 session not found, 4409 session not active, 4429 too many sockets for the
user, 1013 client too slow (or the database busy), 1011 session actor lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web
from peewee import DatabaseError

from storage import sessions
from storage.error_codes import ErrorCode
from storage.errors import AccountDisabled, NotFound, StorageError
from storage.live.protocol import CloseCode, ServerMessage
from storage.models import Session
from storage.sessions import render_session
from web.http.auth import current_user
from web.http.errors import ApiError, Forbidden, TokenInvalid, TokenMissing
from web.http.middlewares import api_error, storage_error
from web.http.offload import off_loop
from web.keys import bridge_key, metrics_key, settings_key, sockets_key, write_executor_key
from web.metrics import RateLimit
from web.ws import protocol
from web.ws.control import SessionControl, SessionLost
from web.ws.fanout import Connection
from web.ws.page_auth import PageSession, handshake_page_session, socket_claims
from web.ws.requests import Requests

log = logging.getLogger(__name__)
MAX_FRAME = 64 * 1024


async def websocket(request: web.Request) -> web.StreamResponse:
    settings = request.app[settings_key]
    refuse_foreign_origin(request, settings.ws_allowed_origins)
    ws = web.WebSocketResponse(
        heartbeat=settings.ws_heartbeat, max_msg_size=MAX_FRAME, compress=False
    )
    await ws.prepare(request)
    sockets = request.app[sockets_key]
    figures = request.app[metrics_key]
    connection = Connection(ws, settings.ws_send_queue, figures.message_out)
    control = SessionControl(request.app[bridge_key], sockets)
    page = handshake_page_session(request)
    try:
        if await _open(request, connection, control, page):
            figures.socket_opened()
            requests = Requests(connection, control, sockets, request.app, page)
            await _serve(connection, requests, figures.message_in)
    finally:
        sockets.remove(connection)
        # the handler may be cancelled when the peer goes: the SessionActor must still stop
        await asyncio.shield(_release(request.app, connection, control))
    return ws


async def _release(app: web.Application, connection: Connection, control: SessionControl) -> None:
    await control.close("disconnected")
    if connection.joined is not None:
        await _leave(app, connection.joined, connection.id)
    await connection.stop()


async def _join(app: web.Application, user_id: str, session_id: str, connection_id: str) -> Session:
    """Record the socket joining its session (extending it): refused if it is not the user's
    or not active. One write in the web's write executor, before any actor is involved."""
    ttl = app[settings_key].session_ttl
    return await app[write_executor_key].run(
        sessions.connected, user_id, session_id, ttl, connection_id
    )


async def _leave(app: web.Application, session_id: str, connection_id: str) -> None:
    try:
        await app[write_executor_key].run(
            sessions.record,
            session_id,
            "disconnected",
            connection_id=connection_id,
            reason="disconnected",
        )
    except Exception:  # the web is stopping, or the database refused: only history is lost
        log.warning("session %s: the disconnection was not recorded", session_id, exc_info=True)


def refuse_foreign_origin(request: web.Request, allowed: tuple[str, ...]) -> None:
    origin = request.headers.get("Origin")
    if origin is None or "*" in allowed:
        return  # not a browser (browsers always send Origin on WebSocket handshakes)
    own = f"{request.scheme}://{request.host}".lower()
    if origin.rstrip("/").lower() not in (allowed or (own,)):
        refused = ErrorCode.WEBSOCKET_ORIGIN_REFUSED
        raise Forbidden("Origin not allowed", {"origin": origin}, code=refused)


async def _open(
    request: web.Request, connection: Connection, control: SessionControl, page: PageSession
) -> bool:
    """Authenticate, then create the SessionActor; False when the socket was closed instead."""
    settings = request.app[settings_key]
    sockets = request.app[sockets_key]
    token = handshake_token(request)
    if token is None:
        received = request.app[metrics_key].message_in
        deadline = asyncio.get_running_loop().time() + settings.ws_auth_timeout
        message = await _wait_for_authenticate(connection, deadline, received)
        if message is None:
            return False
        token = message.token
    try:
        claims = socket_claims(settings, token, page)
    except (TokenInvalid, TokenMissing) as exc:
        await connection.close(CloseCode.AUTH_FAILED, exc.message, protocol.error(exc))
        return False
    if not sockets.reserve(connection, claims["sub"]):
        # API.md lists this limit under Rate Limits: its error, with no window to wait for
        limit = ApiError(
            f"Too many connections: at most {sockets.per_user} concurrent WebSockets per user",
            {"limit": sockets.per_user, "window": None, "reset_at": None},
            code=ErrorCode.RATE_LIMIT_EXCEEDED,
        )
        too_many = CloseCode.TOO_MANY_CONNECTIONS
        request.app[metrics_key].refused(RateLimit.WEBSOCKET_CONNECTIONS)
        await connection.close(too_many, "too many connections", protocol.error(limit))
        return False
    # checked once reserved: logins that end from here on close this socket (Sockets.close_user)
    try:
        await off_loop(request.app, current_user, claims)
    except (ApiError, StorageError) as exc:
        refusal = exc if isinstance(exc, ApiError) else storage_error(exc)
        await connection.close(CloseCode.AUTH_FAILED, refusal.message, protocol.error(refusal))
        return False
    session_id = request.match_info["session_id"]
    try:
        session = await _join(request.app, claims["sub"], session_id, connection.id)
    except StorageError as exc:
        code = _OPEN_REFUSALS.get(type(exc), CloseCode.SESSION_NOT_ACTIVE)
        await connection.close(code, exc.message, protocol.error(storage_error(exc)))
        return False
    except (ApiError, DatabaseError) as exc:  # the database is busy: 1013, try again later
        refusal = api_error(request, exc)
        await connection.close(CloseCode.TRY_AGAIN_LATER, refusal.message, protocol.error(refusal))
        return False
    connection.joined = session.id
    try:
        await control.open(
            connection.id, session_id, claims["sub"], claims["exp"], session.project_id
        )
    except SessionLost:
        lost = CloseCode.SESSION_ACTOR_LOST
        await connection.close(lost, "session actor unavailable", _unavailable())
        return False
    connection.actor_pid = control.pid
    sockets.add(connection, session_id, control.tell)
    if connection.closing:  # its user's logins ended meanwhile
        return False
    connection.send_message(protocol.message(ServerMessage.AUTHENTICATED, render_session(session)))
    return True


def handshake_token(request: web.Request) -> str | None:
    if request.query.get("token"):
        return request.query["token"]
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def _wait_for_authenticate(
    connection: Connection, deadline: float, received: Callable[[], None]
) -> protocol.Authenticate | None:
    """The first authenticate message; anything else before it gets an error."""
    loop = asyncio.get_running_loop()
    while True:
        try:
            frame = await connection.ws.receive(timeout=max(0.0, deadline - loop.time()))
        except TimeoutError:
            missing = TokenMissing("No authentication within the time allowed")
            timeout = protocol.error(missing)
            await connection.close(CloseCode.AUTH_FAILED, "authentication timeout", timeout)
            return None
        if frame.type in _CLOSED:
            return None
        received()
        if frame.type != WSMsgType.TEXT:
            _refuse(connection, None)
            continue
        try:
            request = protocol.parse_message(frame.data)
        except ApiError as exc:
            connection.send_message(protocol.error(exc))
            continue
        if isinstance(request, protocol.Authenticate):
            return request
        _refuse(connection, request)


def _refuse(connection: Connection, request: protocol.Request | None) -> None:
    error = TokenMissing("Authenticate first: send {type: authenticate, token}")
    connection.send_message(protocol.error(error, request))


async def _serve(connection: Connection, requests: Requests, received: Callable[[], None]) -> None:
    async for frame in connection.ws:
        received()
        if frame.type != WSMsgType.TEXT:
            continue
        try:
            await requests.handle(frame.data)
        except SessionLost:
            lost = CloseCode.SESSION_ACTOR_LOST
            await connection.close(lost, "session actor lost", _unavailable())
            return


def _unavailable() -> dict[str, Any]:
    error = ApiError(
        "The session is unavailable; reconnect",
        code=ErrorCode.WEBSOCKET_CONNECTION_FAILED,
        status=503,
    )
    return protocol.error(error)


_CLOSED = (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR)
_OPEN_REFUSALS: dict[type[StorageError], CloseCode] = {
    NotFound: CloseCode.SESSION_NOT_FOUND,
    AccountDisabled: CloseCode.AUTH_FAILED,
}  # any other refusal of a session: not active
