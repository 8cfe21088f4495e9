"""The actor transport's trust boundary: Thespian's TCP frames, authenticated and bound to
ACTOR_BIND_ADDRESS. Written for thespian 4.0.* (multiprocTCPBase); install() refuses others.

Thespian's TCP transport binds every socket it opens (the admin port, one port per actor
process, the web bridge's handles) to all interfaces, and unpickles each frame it receives
(`ReceiveBuffer(serializer.loads)`, `serializer = pickle`): anyone who reaches a port runs code
as the service user. install() patches that transport, in this process, before any
ActorSystem() is made; Thespian forks the admin from its starter and every actor from the admin,
so the launcher's install reaches every process of the runtime, and the web installs its own.

What it patches and why (the test tests/security/test_wire_internals.py checks each name):

1. `IPActorAddress.bindArgs` (thespian.system.transport.IPBase): Thespian binds to
   `('', port)` whenever an address is "external", which every listening address is; the
   patched property binds to ACTOR_BIND_ADDRESS instead. `THESPIAN_BASE_IPADDR` (Thespian's
   own knob, read on each new address) is set to the same address, so the addresses actors
   hand each other name the interface they listen on, not the one routing to 8.8.8.8.
2. `serializer` of thespian.system.transport.TCPTransport: the module-level pickle every frame
   goes through. Its replacement writes HMAC-SHA256(ACTOR_SECRET, pickle) before the pickle
   and, on receipt, compares the tag (hmac.compare_digest) before pickle sees a byte; a frame
   whose tag does not match raises ForgedFrame and is counted.
3. `ReceiveBuffer` of that module: its completed() answers None for a forged frame, so a forged
   reply to our own send is treated by Thespian as a corrupted ACK (retry, then fail the send)
   instead of an exception in the middle of its transmit loop.
4. `ackMsg` and `ackDataErrMsg` of that module: the ACK frames Thespian pickled at import, made
   again with the tag.
5. `TCPTransport._addedDataToIncoming`: a forged frame arriving on one of our sockets is dropped
   unread, its connection closed, and its peer logged once (Thespian would log each one with
   a traceback and send a courtesy NAK).
6. `MAX_IDLE_SOCKET_PERIOD` of that module (not a trust matter, but a Thespian internal, so
   patched here with the others): Thespian keeps a connection to every peer it talked to for
   20 minutes and registers each in a new selector on every loop turn, so a web bridge that
   talked to 1,000 SessionActors paid for 1,000 sockets on each message it sent or received
   (40% of the web process at 1,000 sockets). Idle connections now close after
   IDLE_SOCKET_SECONDS; a later message opens a new one (a fraction of a millisecond here).

7. `identify` of thespian.system.transport's TransmitIntent and ReceiveEnvelope (not a trust
   matter either): Thespian builds it for its debug log lines whether or not they are written
   (thesplog's arguments are evaluated first), three times per message, each calling str() on
   the whole message (50 µs for a StartExecution, more for an output chunk); the replacement
   names the message's type and the address only.
8. `selectors` of thespian.system.transport.TCPTransport (not a trust matter): its loop makes
   an epoll per turn and registers every open socket in it; actors.turn_poll waits with one
   poll(2) over the turn's sockets instead (5.6× less per turn at 300 sockets).
9. `MIN_BACKOFF_DELAY` of thespian.system.transport (not a trust matter): a kept connection
   that its peer closed at IDLE_SOCKET_SECONDS is found closed only when the next message is
   sent on it (the sender's side closes it at the same age, but only on a loop turn, and a
   web bridge's sender lane turns only while it sends); Thespian then waits 1.7 × this before
   it connects again: 34 ms, the p99 of execute → CLI started (the web's first tell to the
   Supervisor after a pause of 5 s). From FIRST_BACKOFF the first wait is 1.7 ms, growing by
   the same factor to the same longest wait (7.3 s) for a peer that stays away.

Forged frames are counted in memory shared by the processes forked after install() (the whole
runtime, counted by rejected_frames() in any of them; the Supervisor reports it in Pong), and
separately in each process that installs for itself (the web). The count is not kept across
restarts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import logging
import multiprocessing
import os
import pickle
import socket
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

from thespian.system import transport
from thespian.system.transport import (
    IPBase,
    ReceiveEnvelope,
    TCPTransport,
    TransmitIntent,
    streamBuffer,
)
from thespian.system.transport.streamBuffer import ReceiveBuffer, toSendBuffer

from actors import turn_poll
from config import Settings

log = logging.getLogger(__name__)

SUPPORTED_THESPIAN = "4.0."
TAG_BYTES = hashlib.sha256().digest_size
LOCK_SECONDS = 1.0
IDLE_SOCKET_SECONDS = 5.0  # see 6. above
FIRST_BACKOFF = dt.timedelta(milliseconds=1)  # see 9. above


class ForgedFrame(ValueError):
    """Raised when a received frame does not carry the tag of this runtime's secret."""


@dataclass
class _Wire:
    """What install() set: the key, the listening address, and the shared count."""

    key: bytes
    bind_address: str
    rejected: Any  # multiprocessing.Value("Q"): shared with every process forked after install
    logged_peers: set[str]


_wire: _Wire | None = None


def install(settings: Settings) -> None:
    """Authenticate and bind this process's actor transport (and that of every process it
    forks from now on) with settings.actor_secret and settings.actor_bind_address."""
    global _wire
    found = version("thespian")
    if not found.startswith(SUPPORTED_THESPIAN):
        raise RuntimeError(f"actors.wire patches thespian {SUPPORTED_THESPIAN}*, found {found}")
    if _wire is None:
        counter = multiprocessing.get_context("fork").Value("Q", 0)
        _wire = _Wire(b"", "", counter, set())
        _patch()
    _wire.key = settings.actor_secret.encode()
    _wire.bind_address = settings.actor_bind_address
    TCPTransport.ackMsg = toSendBuffer(TCPTransport.ackPacket, dumps)  # sealed with this key
    TCPTransport.ackDataErrMsg = toSendBuffer(streamBuffer.ackDataErrPacket, dumps)
    if os.environ.get("THESPIAN_BASE_IPADDR") != settings.actor_bind_address:
        # setenv may move the C environment while another thread's getenv reads it (libpq
        # does, opening a connection): a segfault. Written once, before the process's threads
        # (the launcher, web/__main__), and never again for the same address.
        os.environ["THESPIAN_BASE_IPADDR"] = settings.actor_bind_address
    IPBase.thisSystem.add_local_addr(settings.actor_bind_address)


def rejected_frames() -> int:
    """Forged frames dropped so far by this process and those sharing its count."""
    return int(_installed().rejected.value)


def seal(payload: bytes) -> bytes:
    """payload with its tag in front, as the patched transport sends it."""
    return hmac.new(_installed().key, payload, hashlib.sha256).digest() + payload


def dumps(message: object) -> bytes:
    return seal(pickle.dumps(message))


def loads(frame: bytes) -> object:
    """The message of a sealed frame; ForgedFrame (counted) before unpickling anything else."""
    wire = _installed()
    tag, payload = frame[:TAG_BYTES], frame[TAG_BYTES:]
    expected = hmac.new(wire.key, payload, hashlib.sha256).digest()
    if len(frame) < TAG_BYTES or not hmac.compare_digest(tag, expected):
        _count(wire)
        raise ForgedFrame("an actor frame failed authentication")
    return pickle.loads(payload)


_UNREAD = object()


class AuthenticatedBuffer(ReceiveBuffer):  # type: ignore[misc]
    """Thespian's frame buffer, reading with loads(); a forged frame completes as None.

    The message is read once and kept: the patched _addedDataToIncoming looks at it before
    Thespian's own code asks for it again."""

    def __init__(self, serializer: object = None) -> None:
        super().__init__(loads)
        self._message: object = _UNREAD

    def completed(self) -> tuple[object, bytes] | None:
        if self._message is _UNREAD:
            try:
                done = super().completed()
            except ForgedFrame:
                self._message = None
                return None
            if done is None:
                return None
            self._message = done[0]
        if self._message is None:
            return None
        return self._message, self._extra


def _patch() -> None:
    TCPTransport.MAX_IDLE_SOCKET_PERIOD = dt.timedelta(seconds=IDLE_SOCKET_SECONDS)
    IPBase.IPActorAddress.bindArgs = property(_bind_args)
    TCPTransport.serializer = _Serializer()
    TCPTransport.ReceiveBuffer = AuthenticatedBuffer
    receive = TCPTransport.TCPTransport._addedDataToIncoming

    @functools.wraps(receive)  # __wrapped__: Thespian's own, checked by the internals test
    def _addedDataToIncoming(
        self: Any, inc: Any, skipFinish: bool = False, has_exclusive_flag: bool = False
    ) -> Any:
        if inc.receivedAllData() and inc.data is None:  # forged (counted), or not a frame
            _log_once(_peer(inc.socket))
            inc.close()
            return None
        return receive(self, inc, skipFinish, has_exclusive_flag)

    TCPTransport.TCPTransport._addedDataToIncoming = _addedDataToIncoming
    TransmitIntent.identify = _transmit_identity
    ReceiveEnvelope.identify = _receive_identity
    TCPTransport.selectors = turn_poll.module
    transport.MIN_BACKOFF_DELAY = FIRST_BACKOFF


def _transmit_identity(intent: Any) -> str:
    return f"TransmitIntent({intent.targetAddr}, {type(intent.message).__name__})"


def _receive_identity(envelope: Any) -> str:
    return f"ReceiveEnvelope(from: {envelope.sender}, {type(envelope.message).__name__})"


class _Serializer:
    """Stands in for the pickle module in TCPTransport (it calls .dumps and .loads)."""

    dumps = staticmethod(dumps)
    loads = staticmethod(loads)


def _bind_args(address: Any) -> tuple[tuple[str, int]]:
    host, port = address.bindname[:2]
    return ((_installed().bind_address if host == "" else host, port),)


def _installed() -> _Wire:
    if _wire is None:
        raise RuntimeError("actors.wire.install() has not run in this process")
    return _wire


def _count(wire: _Wire) -> None:
    counter = wire.rejected
    locked = counter.get_lock().acquire(timeout=LOCK_SECONDS)  # a process killed holding it
    try:
        counter.value += 1
    finally:
        if locked:
            counter.get_lock().release()


def _peer(sock: socket.socket | None) -> str:
    try:
        return str(sock.getpeername()[0]) if sock is not None else "unknown"
    except OSError:
        return "unknown"


def _log_once(peer: str) -> None:
    wire = _installed()
    if peer not in wire.logged_peers:
        wire.logged_peers.add(peer)
        log.warning(
            "dropped an actor transport frame from %s that is not signed with this runtime's "
            "ACTOR_SECRET (further ones from this peer are counted, not logged)",
            peer,
        )
