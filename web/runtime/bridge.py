"""The web process's bridge to the actor system; nothing here blocks the event loop.

A receiving thread owns one actor-system handle and loops on listen(); replies resolve futures
on the loop via call_soon_threadsafe. Tells go out through a few sender lanes, each a thread
with a handle of its own: Thespian's tell waits for the receiving actor's acknowledgement, so
one lane would queue every socket's request behind the slowest actor. A target always uses the
same lane, so what is sent to one actor arrives in order.
While a worker slot is free the Supervisor lends the bridge a runner (Permit), which the next
execute of this process may start on itself (web/runtime/announce.py); a change of stored
queue state this process tells suspends it until the Supervisor's next terms.
The web process only ever connects: it never starts an admin (that would fork the web server).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
import types
import uuid
import zlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from thespian.system import multiprocTCPBase

from actors import wire
from actors.base import ActorSystem
from actors.messages import (
    BridgeRegistered,
    Events,
    Permit,
    PermitRecalled,
    QueuesChanged,
    RegisterBridge,
    Reply,
    Request,
)
from actors.names import SUPERVISOR_NAME, ActorAddress, ActorClass
from config import Settings
from storage.statuses import Priority
from web.http.offload import in_thread

log = logging.getLogger(__name__)
LISTEN_SECONDS = 0.25
REGISTER_EVERY = 2.0
MISSED_REGISTRATIONS = 3
SENDER_LANES = 4


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


class _Lane:
    """One sender thread and the actor-system handle only it uses."""

    def __init__(self, admin_port: int, number: int) -> None:
        self.admin_port = admin_port
        self.thread = ThreadPoolExecutor(1, thread_name_prefix=f"actor-bridge-send-{number}")
        self.system: ActorSystem | None = None

    async def tell(self, target: ActorAddress, message: object) -> bool:
        return await in_thread(self.thread, self._tell, target, message)

    async def close(self) -> None:
        await in_thread(self.thread, self._disconnect)
        self.thread.shutdown(wait=True)

    def _tell(self, target: ActorAddress, message: object) -> bool:
        try:
            if self.system is None:
                self.system = connect(self.admin_port)
            self.system.tell(target, message)
            return True
        except Exception as exc:  # the system went away: reconnect on the next send
            log.warning("actor bridge send failed: %s", exc)
            self._disconnect()
            return False

    def _disconnect(self) -> None:
        if self.system is not None:
            disconnect(self.system)
            self.system = None


class ActorBridge:
    def __init__(self, settings: Settings) -> None:
        wire.install(settings)  # this process's handles speak the runtime's authenticated frames
        self.admin_port = settings.actor_admin_port
        self.connected = False
        self.supervisor: ActorAddress | None = None
        self.hub: ActorAddress | None = None
        self._address: ActorAddress | None = None
        self._permit: Permit | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._futures: dict[str, asyncio.Future[Reply]] = {}
        self._event_handlers: list[Callable[[object], None]] = []
        self._stop = threading.Event()
        self._receiver = threading.Thread(
            target=self._receive_loop, name="actor-bridge-recv", daemon=True
        )
        self._lanes = [_Lane(self.admin_port, n) for n in range(SENDER_LANES)]
        self._ready = asyncio.Event()

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._receiver.start()

    async def close(self) -> None:
        self._stop.set()
        await in_thread(None, self._receiver.join)
        for lane in self._lanes:
            await lane.close()
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

    def take_permit(self, priority: Priority, project_id: str) -> Permit | None:
        """The lent runner, for a new execution its terms allow (it is then this caller's)."""
        permit = self._permit
        if permit is None or not permit.terms.allow(priority, project_id):
            return None
        self._permit = None
        return permit

    async def tell(self, message: object, to: ActorAddress | None = None) -> bool:
        """Send to the Supervisor (or the actor `to`); False if the actor system is unreachable."""
        if not self.connected:
            return False
        target = self.supervisor if to is None else to
        if target is None:  # not connected yet: the caller reports the runtime unavailable
            return False
        lane = self._lanes[zlib.crc32(str(target).encode()) % len(self._lanes)]
        return await lane.tell(target, message)

    async def queues_changed(self, priorities: tuple[Priority, ...]) -> bool:
        """Tell the Supervisor that stored queue state changed (pause, clear, moves, cancels);
        this process's permit is suspended, its terms maybe stale, until the new ones come."""
        self._forget_permit()
        return await self.tell(QueuesChanged(priorities))

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
            elif isinstance(message, Permit | PermitRecalled):
                self._call_soon(self._permit_changed, message)
            elif isinstance(message, Events):  # a burst: handled in one turn of the loop
                self._call_soon(self._deliver, message.events)
            else:
                self._call_soon(self._deliver, (message,))

    def _permit_changed(self, message: Permit | PermitRecalled) -> None:
        if isinstance(message, Permit):
            self._permit = message
        elif self._permit is not None and self._permit.runner == message.runner:
            self._permit = None

    def _forget_permit(self) -> None:
        self._permit = None

    def _set_connected(self, connected: bool) -> None:
        if connected != self.connected:
            log.info("actor bridge %s", "connected" if connected else "disconnected")
        if not connected:  # lent by a Supervisor it no longer hears
            self._call_soon(self._forget_permit)
        self.connected = connected
        self._call_soon(self._ready.set if connected else self._ready.clear)

    def _call_soon(self, callback: Callable[..., None], *args: Any) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(callback, *args)

    def _deliver(self, messages: tuple[object, ...]) -> None:
        for message in messages:
            for handler in self._event_handlers:
                handler(message)

    def _resolve(self, reply: Reply) -> None:
        future = self._futures.get(reply.correlation_id)
        if future is not None and not future.done():
            future.set_result(reply)
