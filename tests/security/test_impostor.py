"""A local user who grabs ACTOR_ADMIN_PORT while the runtime is down: the web bridge that
connects to it sends no secret and reads nothing it answers."""

from __future__ import annotations

import pickle
import socketserver
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from actors import wire
from config import Settings
from tests.support.api import AppClient
from tests.support.forged_frames import Touch, thespian_framed
from tests.support.waiting import eventually
from web.keys import bridge_key


class Impostor(socketserver.ThreadingTCPServer):
    """Listens where the admin would; keeps every byte it is sent and answers each read with
    a frame whose pickle would create `marker` (the "ACK" a Thespian sender waits for)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, marker: Path) -> None:
        super().__init__(("", port), _Handler)  # wherever a bridge may look for its admin
        self.answer = thespian_framed(pickle.dumps(Touch(marker)))
        self.received = bytearray()
        self.lock = threading.Lock()

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(socketserver.BaseRequestHandler):
    server: Impostor

    def handle(self) -> None:
        while data := self.request.recv(65536):
            with self.server.lock:
                self.server.received += data
            self.request.sendall(self.server.answer)


@pytest.fixture
def env(env: dict[str, str]) -> dict[str, str]:
    return {**env, "ADMIN_PASSWORD": "the-admin-password"}


@pytest.fixture
def impostor(settings: Settings, tmp_path: Path) -> Iterator[Impostor]:
    server = Impostor(settings.actor_admin_port, tmp_path / "pwned")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.close()
    thread.join()


async def test_the_bridge_tells_an_impostor_nothing_and_believes_nothing(
    impostor: Impostor, client: AppClient, settings: Settings, tmp_path: Path
) -> None:
    before, marker = wire.rejected_frames(), tmp_path / "pwned"

    async def answer_read() -> bool:  # and dropped, or loaded
        return wire.rejected_frames() > before or marker.exists()

    await eventually(answer_read)
    assert not marker.exists()
    assert not client.app[bridge_key].connected
    with impostor.lock:
        received = bytes(impostor.received)
    assert received
    secrets = (settings.jwt_secret, settings.actor_secret, settings.database_url)
    for secret in (*secrets, "the-admin-password"):
        assert secret.encode() not in received
    impostor.close()  # the bridge gives up on it sooner
