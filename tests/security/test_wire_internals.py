"""actors.wire patches Thespian 4.0's TCP transport: the names and signatures it relies on still
exist, and frames make a real round trip through the patched transport (and only sealed ones)."""

from __future__ import annotations

import inspect
import os
from importlib.metadata import version

import pytest
from thespian.system import transport
from thespian.system.transport import IPBase, TCPTransport, streamBuffer

from actors import messages, turn_poll, wire
from actors.names import SUPERVISOR_NAME, ActorClass
from config import Settings
from storage.live.protocol import EventKind
from tests.support.fixtures.runtime import Runtime
from tests.support.forged_frames import tagged, thespian_framed
from web.runtime.bridge import connect, disconnect


@pytest.fixture
def installed(settings: Settings) -> Settings:
    wire.install(settings)
    return settings


def test_the_thespian_it_patches_is_installed() -> None:
    assert version("thespian").startswith(wire.SUPPORTED_THESPIAN)


def test_the_names_it_patches_exist_with_the_expected_shape(installed: Settings) -> None:
    for name in ("serializer", "ReceiveBuffer", "ackMsg", "ackDataErrMsg", "ackPacket"):
        assert hasattr(TCPTransport, name), name
    assert "ExpirationTimer(MAX_IDLE_SOCKET_PERIOD)" in inspect.getsource(TCPTransport.IdleSocket)
    assert hasattr(streamBuffer, "ackDataErrPacket")
    assert TCPTransport.toSendBuffer is streamBuffer.toSendBuffer
    assert isinstance(IPBase.IPActorAddress.__dict__["bindArgs"], property)
    address = IPBase.TCPv4ActorAddress(None, 0, external=True)
    assert address.bindname[0] == ""  # Thespian still binds "external" addresses to all
    receive = TCPTransport.TCPTransport._addedDataToIncoming.__wrapped__
    assert list(inspect.signature(receive).parameters) == [
        "self",
        "inc",
        "skipFinish",
        "has_exclusive_flag",
    ]
    for member in ("receivedAllData", "data", "close", "socket"):
        assert hasattr(TCPTransport.TCPIncoming_Common, member), member
    buffer = streamBuffer.ReceiveBuffer()
    assert {"_buf", "_size", "_blen", "_extra", "_deserialize"} <= set(vars(buffer))
    for intent in (transport.TransmitIntent, transport.ReceiveEnvelope):
        assert "def identify(self)" in inspect.getsource(intent), intent
    source = inspect.getsource(TCPTransport)
    assert "ReceiveBuffer(serializer.loads)" in source  # every buffer is made from these names
    assert "serializer.dumps" in source
    assert "sel = selectors.DefaultSelector()" in source  # made per turn: what turn_poll serves
    assert "key.fd" in source and "sel.close()" in source
    assert "curDelay or MIN_BACKOFF_DELAY" in inspect.getsource(transport.backoffDelay)


def test_it_is_installed(installed: Settings) -> None:
    assert TCPTransport.MAX_IDLE_SOCKET_PERIOD.total_seconds() == wire.IDLE_SOCKET_SECONDS
    assert TCPTransport.serializer.loads is wire.loads
    assert TCPTransport.ReceiveBuffer is wire.AuthenticatedBuffer
    address = IPBase.TCPv4ActorAddress(None, 0, external=True)
    assert address.bindArgs == ((installed.actor_bind_address, 0),)
    assert address.sockname[0] == installed.actor_bind_address
    assert TCPTransport.selectors is turn_poll.module
    assert transport.MIN_BACKOFF_DELAY == wire.FIRST_BACKOFF


def test_a_send_whose_connection_was_closed_waits_moments_before_it_connects_again(
    installed: Settings,
) -> None:
    intent = transport.TransmitIntent("target", "message")
    first, second = intent.backoffPause(True), intent.backoffPause(True)
    assert first == wire.FIRST_BACKOFF * 1.7  # not 34 ms: Thespian's own first wait
    assert second > first  # and it still backs off from a peer that stays away


def test_a_message_is_named_by_its_type_in_thespians_log_lines(installed: Settings) -> None:
    """Thespian formats these for every message, logged or not: never the whole message."""
    message = messages.Event(EventKind.TASK_UPDATE, {"content": "x" * 100_000}, ("project:p",))
    intent = transport.TransmitIntent("target", message)
    envelope = transport.ReceiveEnvelope("sender", message)
    for identity in (intent.identify(), envelope.identify(), str(envelope)):
        assert "Event" in identity and "xxxx" not in identity and len(identity) < 200


def received(frame: bytes) -> object:
    buffer = TCPTransport.ReceiveBuffer(TCPTransport.serializer.loads)
    buffer.addMore(frame)
    assert buffer.isDone()
    return buffer.completed()


def test_only_frames_sealed_with_the_actor_secret_are_read(installed: Settings) -> None:
    payload = TCPTransport.serializer.dumps(("sender", "hello"))
    assert received(thespian_framed(payload)) == (("sender", "hello"), b"")
    unsealed = payload[wire.TAG_BYTES :]
    before = wire.rejected_frames()
    assert received(thespian_framed(unsealed)) is None
    assert received(tagged(unsealed, b"another runtime's secret, 32 bytes+")) is None
    assert received(thespian_framed(b"short")) is None
    assert wire.rejected_frames() == before + 3
    assert received(TCPTransport.ackMsg) == (TCPTransport.ackPacket, b"")


def test_a_round_trip_through_the_real_transport(runtime: Runtime, installed: Settings) -> None:
    system = connect(installed.actor_admin_port)
    try:
        supervisor = system.createActor(ActorClass.SUPERVISOR, globalName=SUPERVISOR_NAME)
        big = "x" * (2 * 1024 * 1024)  # many reads on both sides
        answer = system.ask(supervisor, messages.Ping(big), 10)
        assert isinstance(answer, messages.Pong) and answer.correlation_id == big
    finally:
        disconnect(system)


class _RecordingEnvironment(dict[str, str]):
    def __init__(self, environment: dict[str, str]) -> None:
        super().__init__(environment)
        self.written: list[str] = []

    def __setitem__(self, key: str, value: str) -> None:
        self.written.append(key)
        super().__setitem__(key, value)


def test_installing_again_leaves_the_environment_alone(
    installed: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """setenv while another thread's getenv reads (libpq's, opening a connection) segfaults:
    once written, the same address is never written again (the web installs first, alone)."""
    environment = _RecordingEnvironment(dict(os.environ))
    monkeypatch.setattr(os, "environ", environment)
    wire.install(installed)
    assert environment.written == []
