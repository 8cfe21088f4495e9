"""1,000 authenticated WebSockets (a SessionActor each) subscribed to one project.

Measures (a) the connect rate (handshake + authenticate + SessionActor + subscribe), next to
its floor: bare Thespian forking an actor per socket from hosts of the same size, nothing else,
(b) memory: the web process (which here also runs the 1,000 client sockets) and the actors
tree with every SessionActor, and (c) the delivery latency p50/p99 of task_update events from
the POST that causes them (execute → queued written → bridge → EventHub, stored and sequenced
→ bridge → fan-out → 1,000 sockets), next to a bare aiohttp broadcast to 1,000 sockets
measured in the same run. SOCKETS in the environment overrides the count.

(c) executes into the paused normal queue, so each round is one event, as each round of the
bare broadcast is one message. Every round of both starts after a full collection of this
process's garbage (it holds the web app and the 1,000 client sockets): with 20 rounds the p99
is the worst round, and one collector pause in one round (100+ ms here) decided it for either.
(d) executes at high priority, so each task also runs: its
running and completed updates go to the 1,000 sockets too, and the next round's event (50 ms
after this round's arrived) waits behind them; (d) is shown for what it is, not as the goal.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import resource
import time
from typing import Any

import aiohttp
from aiohttp import web

from actors.live.registry import SESSIONS_PER_HOST
from benchmarks._harness import Deployment, deployment, percentile, pss_kib, rss_kib
from benchmarks._trivial_actor import actor_per_socket_rate
from tests.support.deployment import free_port

SOCKETS = int(os.environ.get("SOCKETS", "1000"))
ROUNDS = 20
CONCURRENCY = 50


def main() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 1,000 sockets × 2 ends
    asyncio.run(_main())


class Watchers:
    """Client sockets that note when each round's message arrives."""

    def __init__(self) -> None:
        self.sockets: list[aiohttp.ClientWebSocketResponse] = []
        self.arrivals: dict[int, list[float]] = {}
        self.readers: list[asyncio.Task[None]] = []

    def watch(self, ws: aiohttp.ClientWebSocketResponse, round_of: Any) -> None:
        self.sockets.append(ws)

        async def read() -> None:
            async for frame in ws:
                if frame.type == aiohttp.WSMsgType.TEXT:
                    number = round_of(json.loads(frame.data))
                    if number is not None:
                        self.arrivals.setdefault(number, []).append(time.perf_counter())

        self.readers.append(asyncio.get_running_loop().create_task(read()))

    async def wait_round(self, number: int, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.arrivals.get(number, ())) < len(self.sockets):
            if time.monotonic() > deadline:
                got = len(self.arrivals.get(number, ()))
                raise TimeoutError(f"round {number}: {got}/{len(self.sockets)} delivered")
            await asyncio.sleep(0.001)

    async def close(self) -> None:
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        for reader in self.readers:
            reader.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)


async def _main() -> None:
    bare = await _bare_broadcast(SOCKETS)
    floor = await asyncio.to_thread(actor_per_socket_rate, SOCKETS, CONCURRENCY)
    async with deployment(WS_MAX_CONNECTIONS_PER_USER=str(SOCKETS)) as system:
        project = (await system.call("POST", "/api/projects/", {"name": "bench"}))["id"]
        session_id = (await system.call("POST", "/api/sessions/", {"project_id": project}))[
            "session_id"
        ]
        token = system.session.headers["Authorization"].split()[1]
        url = system.base_url.replace("http", "ws") + f"/ws/{session_id}?token={token}"
        tasks = [
            (await system.call("POST", "/api/tasks/", {"title": f"t{n}", "project_id": project}))[
                "id"
            ]
            for n in range(2 * ROUNDS)
        ]
        rounds = {task: n for n, task in enumerate(tasks)}

        def round_of(message: dict[str, Any]) -> int | None:
            data = message.get("data") or {}
            return rounds.get(data.get("task_id")) if data.get("status") == "queued" else None

        watchers = Watchers()
        idle_pss = pss_kib(system.actor_pids())
        http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        connected, elapsed, failure = await _connect_all(http, url, project, watchers, round_of)
        print(
            f"(a) connect: {connected}/{SOCKETS} sockets authenticated and subscribed in "
            f"{elapsed:.1f} s ({connected / elapsed:.0f}/s, {CONCURRENCY} at a time; "
            "goal ≥ 100/s)" + (f"; stopped by: {failure}" if failure else "")
        )
        print(
            f"    floor: bare Thespian creating and greeting an actor per socket, "
            f"{SESSIONS_PER_HOST} per parent, {CONCURRENCY} at a time: {floor:.0f}/s "
            f"(connect {connected / elapsed / floor:.2f}× it)"
        )
        pids = system.actor_pids()
        pss = pss_kib(pids)
        per_session = (pss - idle_pss) / max(1, connected) / 1024
        print(
            f"(b) memory with {connected} SessionActors: actors tree {len(pids)} processes, "
            f"PSS {pss / 1024:.0f} MiB, {per_session:.1f} MiB more per SessionActor (goal ≤ 6) "
            f"(RSS sum {rss_kib(pids) / 1024:.0f} MiB); web process (+ the client sockets) RSS "
            f"{rss_kib([os.getpid()]) / 1024:.0f} MiB"
        )
        latencies: list[float] = []
        running: list[float] = []
        if connected:
            pause = {"queue_name": "normal", "reason": "benchmark: one event per round"}
            await system.call("POST", "/api/queues/pause", pause)
            latencies = await _rounds(watchers, lambda n: _execute(system, tasks[n]))
            _report("(c) task_update delivery (paused queue)", latencies, connected)
            running = await _rounds(
                watchers, lambda n: _execute(system, tasks[n], "high"), first=ROUNDS
            )
            _report("(d) the same while each task runs", running, connected)
        await watchers.close()
        await http.close()
    _report("    bare aiohttp broadcast", bare, SOCKETS)
    if latencies:
        ratio = percentile(latencies, 0.99) / percentile(bare, 0.99)
        print(f"(c) delivery p99 / bare broadcast p99: {ratio:.1f}× (goal ≤ 4×)")
    if running:
        ratio = percentile(running, 0.99) / percentile(bare, 0.99)
        print(f"(d) with the tasks running: {ratio:.1f}× the bare p99 (not the goal's measure)")


def _report(label: str, latencies: list[float], sockets: int) -> None:
    print(
        f"{label} to {sockets} sockets: p50 {percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.1f} ms, "
        f"max {max(latencies) * 1000:.1f} ms ({ROUNDS} events)"
    )


async def _execute(system: Deployment, task: str, priority: str = "normal") -> None:
    await system.call("POST", f"/api/tasks/{task}/execute", {"priority": priority})


async def _connect_all(
    http: aiohttp.ClientSession, url: str, project: str, watchers: Watchers, round_of: Any
) -> tuple[int, float, str | None]:
    gate = asyncio.Semaphore(CONCURRENCY)
    failures: list[str] = []

    async def one() -> None:
        async with gate:
            if failures:
                return
            try:
                ws = await http.ws_connect(url, timeout=aiohttp.ClientWSTimeout(ws_close=2))
                hello = json.loads((await ws.receive(timeout=60)).data)
                if hello["type"] != "authenticated":
                    raise RuntimeError(hello["data"])
                await ws.send_str(
                    json.dumps(
                        {"type": "subscribe", "channel": "project_updates", "project_id": project}
                    )
                )
                ack = json.loads((await ws.receive(timeout=60)).data)
                if ack["type"] != "subscribed":
                    raise RuntimeError(ack["data"])
            except Exception as exc:
                failures.append(f"socket {len(watchers.sockets) + 1}: {exc!r}")
                return
            watchers.watch(ws, round_of)

    started = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(SOCKETS)))
    return len(watchers.sockets), time.perf_counter() - started, failures[0] if failures else None


async def _rounds(watchers: Watchers, publish: Any, first: int = 0) -> list[float]:
    latencies: list[float] = []
    for number in range(first, first + ROUNDS):
        gc.collect()  # no collector pause inside a round, for the bare broadcast alike
        sent = time.perf_counter()
        await publish(number)
        await watchers.wait_round(number)
        latencies.extend(t - sent for t in watchers.arrivals[number])
        await asyncio.sleep(0.05)
    return latencies


async def _bare_broadcast(count: int) -> list[float]:
    """The same sockets and rounds on a bare aiohttp app that loops over its sockets."""
    server_sockets: list[web.WebSocketResponse] = []

    async def handler(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(compress=False)
        await ws.prepare(request)
        server_sockets.append(ws)
        async for _ in ws:
            pass
        return ws

    app = web.Application()
    app.router.add_get("/ws", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    watchers = Watchers()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        for _ in range(count):
            ws = await http.ws_connect(f"ws://127.0.0.1:{port}/ws")
            watchers.watch(ws, lambda m: m.get("bench_round"))
        while len(server_sockets) < count:
            await asyncio.sleep(0.01)

        async def publish(number: int) -> None:
            text = json.dumps({"type": "task_update", "bench_round": number})
            for ws in server_sockets:
                await ws.send_str(text)

        latencies = await _rounds(watchers, publish)
        await watchers.close()
    await runner.cleanup()
    return latencies
