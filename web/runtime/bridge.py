"""The web process's bridge to the actor system; nothing here blocks the event loop.

A receiving thread owns one actor-system handle and loops on listen(); replies resolve futures
on the loop via call_soon_threadsafe. A single sender thread owns a second handle for tells.
The web process only ever connects: it never starts an admin (that would fork the web server).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import types
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from thespian.system import multiprocTCPBase

from actors import wire
from actors.base import ActorSystem
from actors.messages import BridgeRegistered, RegisterBridge, Reply, Request
from actors.names import SUPERVISOR_NAME, ActorAddress, ActorClass
from config import Settings
from web.http.offload import in_thread

log = logging.getLogger(__name__)
LISTEN_SECONDS = 0.25
REGISTER_EVERY = 2.0
MISSED_REGISTRATIONS = 3


class ActorSystemUnavailable(Exception):
    """Raised when no actor system admin answers on ACTOR_ADMIN_PORT."""


class _ConnectOnlyBase(multiprocTCPBase.ActorSystemBase):  # type: ignore[misc]
    def _startAdmin(self, *args: Any, **kwargs: Any) -> None:
        _close_transport(self.transport)  # opened for this attempt; nobody else would close it
        raise ActorSystemUnavailable("no actor system is running on ACTOR_ADMIN_PORT")


def connect(admin_port: int) -> ActorSystem:
    """A handle on the running actor system; raises ActorSystemUnavailable if there is none."""
    capabilities: dict[str, object] = {"Admin Port": admin_port}
    holder = types.SimpleNamespace(capabilities=dict(capabilities))
    base = _ConnectOnlyBase(holder)
    return ActorSystem(base, capabilities, transientUnique=True)


def disconnect(system: ActorSystem) -> None:
    """Close this handle's endpoint. Never shutdown(): that would stop the whole actor system."""
    base = getattr(system, "_systemBase", None)
    if base is not None:
        _close_transport(base.transport)


def _close_transport(transport: Any) -> None:
    """Thespian's close() shuts the listening socket down but leaves it to the GC: close it."""
    sock = getattr(transport, "socket", None)
    transport.close()
    if sock is not None:
        sock.close()


class ActorBridge:
    def __init__(self, settings: Settings) -> None:
        wire.install(settings)  # this process's handles speak the runtime's authenticated frames
        self.admin_port = settings.actor_admin_port
        self.connected = False
        self.supervisor: ActorAddress | None = None
        self.hub: ActorAddress | None = None
        self._address: ActorAddress | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._futures: dict[str, asyncio.Future[Reply]] = {}
        self._event_handlers: list[Callable[[object], None]] = []
        self._stop = threading.Event()
        self._receiver = threading.Thread(
            target=self._receive_loop, name="actor-bridge-recv", daemon=True
        )
        self._sender = ThreadPoolExecutor(1, thread_name_prefix="actor-bridge-send")
        self._send_system: ActorSystem | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._receiver.start()

    async def close(self) -> None:
        self._stop.set()
        await in_thread(None, self._receiver.join)
        await in_thread(self._sender, self._close_sender)
        self._sender.shutdown(wait=True)
        for future in self._futures.values():
            future.cancel()

    async def wait_connected(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self._ready.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def on_event(self, handler: Callable[[object], None]) -> None:
        """Messages that are not replies (events) go to these handlers, on the loop."""
        self._event_handlers.append(handler)

    async def tell(self, message: object, to: ActorAddress | None = None) -> bool:
        """Send to the Supervisor (or the actor `to`); False if the actor system is unreachable."""
        if not self.connected:
            return False
        target = self.supervisor if to is None else to
        return await in_thread(self._sender, self._tell, target, message)

    async def publish(self, message: object) -> bool:
        """An event or access change: to the EventHub directly once it is known (the
        Supervisor, which forwards it, until then)."""
        return await self.tell(message, self.hub)

    async def ask(
        self,
        make: Callable[[str, ActorAddress | None], Request],
        timeout: float,
        to: ActorAddress | None = None,
    ) -> Any:
        """Send make(correlation_id, reply_to) (to the Supervisor, or `to`); await the reply."""
        if not self.connected:
            raise ActorSystemUnavailable("the actor system is not connected")
        correlation_id = str(uuid.uuid4())
        future: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        self._futures[correlation_id] = future
        try:
            if not await self.tell(make(correlation_id, self._address), to):
                raise ActorSystemUnavailable("the actor system did not accept the request")
            return await asyncio.wait_for(future, timeout)
        finally:
            self._futures.pop(correlation_id, None)

    # --- sender thread -------------------------------------------------------------------

    def _tell(self, target: ActorAddress | None, message: object) -> bool:
        if target is None:  # not connected yet: the caller reports the runtime unavailable
            return False
        try:
            if self._send_system is None:
                self._send_system = connect(self.admin_port)
            self._send_system.tell(target, message)
            return True
        except Exception as exc:  # the system went away: reconnect on the next send
            log.warning("actor bridge send failed: %s", exc)
            self._close_sender()
            return False

    def _close_sender(self) -> None:
        if self._send_system is not None:
            disconnect(self._send_system)
            self._send_system = None

    # --- receiving thread ----------------------------------------------------------------

    def _receive_loop(self) -> None:
        while not self._stop.is_set():
            try:
                system = connect(self.admin_port)
            except Exception:
                self._set_connected(False)
                self._stop.wait(1.0)
                continue
            try:
                self._listen(system)
            except Exception:
                log.exception("actor bridge lost its connection")
            finally:
                self._set_connected(False)
                disconnect(system)

    def _listen(self, system: ActorSystem) -> None:
        supervisor = system.createActor(ActorClass.SUPERVISOR, globalName=SUPERVISOR_NAME)
        self.hub = None  # a new connection learns the hub again
        last_sent = last_heard = 0.0
        while not self._stop.is_set():
            now = time.monotonic()
            if now - last_sent >= REGISTER_EVERY:
                if last_heard and now - last_heard > REGISTER_EVERY * MISSED_REGISTRATIONS:
                    log.warning("the supervisor stopped answering; reconnecting")
                    return
                system.tell(supervisor, RegisterBridge())
                last_sent = now
            message = system.listen(LISTEN_SECONDS)
            if message is None:
                continue
            if isinstance(message, BridgeRegistered):
                last_heard = time.monotonic()
                self._address, self.supervisor = message.address, supervisor
                self.hub = message.hub
                self._set_connected(True)
            elif isinstance(message, Reply):
                self._call_soon(self._resolve, message)
            else:
                for handler in self._event_handlers:
                    self._call_soon(handler, message)

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            log.info("actor bridge %s", "connected" if connected else "disconnected")
        self.connected = connected
        self._call_soon(self._ready.set if connected else self._ready.clear)

    def _call_soon(self, callback: Callable[..., None], *args: Any) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(callback, *args)

    def _resolve(self, reply: Reply) -> None:
        future = self._futures.get(reply.correlation_id)
        if future is not None and not future.done():
            future.set_result(reply)
