"""A webhook receiver for the tests: a real aiohttp server on 127.0.0.1 that verifies both
signatures of every delivery as a receiver would, and answers as a test scripts it (2xx, 5xx,
a redirect, or no answer at all) to exercise retries. Nothing here ever leaves loopback."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aiohttp import web
from standardwebhooks import Webhook as StandardWebhook
from standardwebhooks import WebhookVerificationError

from tests.support.waiting import eventually

FAST = {  # settings of the processes under test: the receiver allowed, quick polls and retries
    "WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
    "WEBHOOK_POLL_SECONDS": "0.05",
    "WEBHOOK_BACKOFF_SECONDS": "0.05",
    "WEBHOOK_BACKOFF_MAX_SECONDS": "0.2",
    "WEBHOOK_TIMEOUT": "2",
}
HOOK_PATH = "/hook"
FOLLOWED_PATH = "/followed"


class Answer(StrEnum):
    OK = "ok"
    ERROR = "error"  # 500
    REDIRECT = "redirect"  # 302 to FOLLOWED_PATH
    STALL = "stall"  # never answers (until the receiver closes)


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answer: Answer
    verified: bool
    problems: list[str] = field(default_factory=list)

    @property
    def payload(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.body)
        return document

    @property
    def event(self) -> str:
        return str(self.payload["event"])


def verify(secret: str, headers: dict[str, str], body: bytes) -> list[str]:
    """What is wrong with a delivery's signatures (nothing: an empty list)."""
    problems = []
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(headers.get("x-signature-256", ""), expected):
        problems.append("X-Signature-256 does not match")
    try:
        StandardWebhook(secret).verify(body, headers)
    except WebhookVerificationError as exc:
        problems.append(f"webhook-signature: {exc}")
    return problems


class Receiver:
    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}  # webhook id → its secret
        self.received: list[Received] = []
        self.script: deque[Answer] = deque()  # the next answers; then `otherwise`
        self.otherwise = Answer.OK
        self.followed = 0  # requests that followed a redirect (must stay 0)
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    def url(self, path: str = HOOK_PATH) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def answer(self, *answers: Answer, then: Answer = Answer.OK) -> None:
        self.script.extend(answers)
        self.otherwise = then

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post(HOOK_PATH, self._hook)
        app.router.add_route("*", FOLLOWED_PATH, self._followed)
        self._runner = web.AppRunner(app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert isinstance(server, asyncio.base_events.Server)
        self.port = server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    def deliveries(self, event: str | None = None) -> list[Received]:
        """Every delivery that arrived (of one event), verified or not."""
        return [r for r in self.received if event is None or r.event == event]

    async def wait(self, event: str, count: int = 1, timeout: float = 30.0) -> list[Received]:
        """The first `count` deliveries of event, once they have arrived."""

        async def arrived() -> list[Received] | None:
            found = self.deliveries(event)
            return found[:count] if len(found) >= count else None

        return await eventually(arrived, timeout)

    async def _hook(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = {k.lower(): v for k, v in request.headers.items()}
        answer = self.script.popleft() if self.script else self.otherwise
        webhook_id = json.loads(body).get("webhook_id")
        secret = self.secrets.get(webhook_id)
        problems = (
            ["no secret for this webhook"] if secret is None else verify(secret, headers, body)
        )
        self.received.append(Received(request.path, headers, body, answer, not problems, problems))
        if answer is Answer.ERROR:
            return web.Response(status=500, text="failing on purpose")
        if answer is Answer.REDIRECT:
            raise web.HTTPFound(FOLLOWED_PATH)
        if answer is Answer.STALL:
            await self._closing.wait()  # the sender's timeout ends the attempt first
        return web.json_response({"ok": True})

    async def _followed(self, request: web.Request) -> web.StreamResponse:
        self.followed += 1
        return web.json_response({"followed": True})


@contextmanager
def receiver_in_thread() -> Iterator[Receiver]:
    """A Receiver serving from its own event loop in a thread, for synchronous tests (the
    browser's): read its `received` from the test's thread; stopped and joined on exit."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="webhook-receiver", daemon=True)
    thread.start()
    receiver = Receiver()
    try:
        asyncio.run_coroutine_threadsafe(receiver.start(), loop).result(10)
        yield receiver
    finally:
        asyncio.run_coroutine_threadsafe(receiver.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()
