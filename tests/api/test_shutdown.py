"""SIGTERM to `python -m web`: it stops listening, closes its sockets with 1001 (going away),
finishes the request in flight, and exits 0."""

from __future__ import annotations

import asyncio
import json
import signal
from pathlib import Path

import aiohttp
import pytest

from tests.support.fixtures.runtime import STARTUP_SECONDS, Runtime
from tests.support.fixtures.web import WebProcess
from tests.support.waiting import eventually


def unread_bytes(server_port: int, client_port: int) -> int | None:
    """Bytes waiting in the server's end of a loopback connection (/proc/net/tcp rx_queue)."""
    wanted = (f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}")
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if (fields[1], fields[2]) == wanted:
            return int(fields[4].split(":")[1], 16)
    return None


async def refused(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except ConnectionRefusedError:
        return True
    writer.close()
    return False


async def test_sigterm_closes_sockets_and_finishes_the_request_in_flight(
    runtime: Runtime, web_process: WebProcess
) -> None:
    await web_process.serving()
    port = int(web_process.base_url.rsplit(":", 1)[1])
    login = {"username": "admin", "password": web_process.admin_password}
    async with aiohttp.ClientSession(web_process.base_url) as http:
        async with http.post("/api/auth/login", json=login) as response:
            token = (await response.json())["data"]["access_token"]
        auth = {"Authorization": f"Bearer {token}"}
        async with http.post("/api/projects/", json={"name": "bye"}, headers=auth) as response:
            project_id = (await response.json())["data"]["id"]
        body = {"project_id": project_id, "settings": {}}
        async with http.post("/api/sessions/", json=body, headers=auth) as response:
            session_id = (await response.json())["data"]["session_id"]
        socket = await http.ws_connect(f"/ws/{session_id}", params={"token": token})
        assert (await socket.receive_json())["type"] == "authenticated"

        # a login in flight: sent whole, read by the server (its socket's receive queue is
        # empty), and hashing the password (~0.3 s of scrypt) when the signal comes
        body = json.dumps(login).encode()
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        head = (
            "POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        writer.write(head.encode() + body)
        await writer.drain()
        client_port = writer.get_extra_info("sockname")[1]

        async def read_by_server() -> bool:
            return unread_bytes(port, client_port) == 0

        await eventually(read_by_server, STARTUP_SECONDS)

        web_process.process.send_signal(signal.SIGTERM)
        closing = await socket.receive(timeout=STARTUP_SECONDS)
        assert closing.type == aiohttp.WSMsgType.CLOSE and closing.data == 1001
        await eventually(lambda: refused(port), STARTUP_SECONDS)  # no longer listening
        assert web_process.process.poll() is None  # still finishing the login
        status_line = await reader.readline()
        answer = await reader.read()  # the server closes the connection after answering
        writer.close()
        await socket.close()
    assert status_line.startswith(b"HTTP/1.1 200"), status_line + answer
    assert b"access_token" in answer
    assert await asyncio.to_thread(web_process.process.wait, STARTUP_SECONDS) == 0


@pytest.fixture
def short_shutdown(env: dict[str, str]) -> None:
    env["SHUTDOWN_TIMEOUT"] = "1"


async def test_a_request_that_never_finishes_does_not_hold_the_exit(
    short_shutdown: None, runtime: Runtime, web_process: WebProcess
) -> None:
    await web_process.serving()
    port = int(web_process.base_url.rsplit(":", 1)[1])
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (  # a body announced and never sent: the handler waits for it forever
        "POST /api/auth/login HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n"
        "Content-Length: 100\r\nExpect: 100-continue\r\n\r\n"
    )
    writer.write(head.encode())
    assert (await reader.readuntil(b"\r\n\r\n")).startswith(b"HTTP/1.1 100")  # handler started
    web_process.process.send_signal(signal.SIGTERM)
    assert await asyncio.to_thread(web_process.process.wait, STARTUP_SECONDS) == 0
    writer.close()
