"""Webhook delivery: throughput, latency, and the runtime's pace while every receiver stalls.

(a) deliveries per second through the outbox (POST /test → row → WebhookActor claim → thread
    → HTTP → attempt recorded) to a local receiver, next to the same number of bare httpx POSTs
    from as many threads (WEBHOOK_CONCURRENCY), as a ratio;
(b) enqueue → received latency p50/p99 on an idle system (bounded by WEBHOOK_POLL_SECONDS);
(c) executions per second while every delivery thread is held by a receiver that never answers,
    next to the same executions with no webhook at all: the runtime is not slowed.
"""

from __future__ import annotations

import asyncio
import functools
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
from aiohttp import web

from benchmarks._harness import Deployment, deployment, percentile, poll
from storage.database import open_database
from storage.models import Delivery, Execution
from tests.support.deployment import free_port

DELIVERIES = 300
LATENCY_SAMPLES = 30
EXECUTIONS = 60
CONCURRENCY = 4


class Sink:
    """A receiver on 127.0.0.1: answers 200 at once, or never (stall)."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []
        self.stall = False
        self.closing = asyncio.Event()
        self.port = free_port()

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        self.arrivals.append(time.perf_counter())
        if self.stall:
            await self.closing.wait()
        return web.Response(text="ok")

    async def __aenter__(self) -> Sink:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.closing.set()
        await self.runner.cleanup()


def main() -> None:
    asyncio.run(_main())


async def _main() -> None:
    async with Sink() as sink:
        url = f"http://127.0.0.1:{sink.port}/hook"
        bare = await asyncio.to_thread(_bare_rate, url, DELIVERIES)
        settings = {"WEBHOOK_ALLOWED_HOSTS": "127.0.0.1", "WEBHOOK_TIMEOUT": "30"}
        async with deployment(**settings) as system:
            open_database(system.settings.database_url)
            hook = await system.call(
                "POST", "/api/webhooks/", {"url": url, "events": ["task.failed"]}
            )
            rate = await _rate(system, sink, hook["id"], DELIVERIES)
            latencies = await _latencies(system, sink, hook["id"], LATENCY_SAMPLES)
            project = (await system.call("POST", "/api/projects/", {"name": "bench"}))["id"]
            quiet = await _executions(system, project, EXECUTIONS)
            sink.stall = True
            for _ in range(CONCURRENCY * 3):  # every thread held, more waiting behind them
                await system.call("POST", f"/api/webhooks/{hook['id']}/test")
            await poll(
                functools.partial(_arrived, sink, DELIVERIES + LATENCY_SAMPLES + CONCURRENCY), 30
            )
            stalled = await _executions(system, project, EXECUTIONS)
            sink.closing.set()
    print(
        f"(a) throughput: {rate:.0f} deliveries/s through the outbox ({CONCURRENCY} threads); "
        f"bare httpx, {CONCURRENCY} threads: {bare:.0f}/s; ratio {rate / bare:.2f}"
    )
    print(
        f"(b) enqueue → received: p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms (poll every 0.5 s)"
    )
    print(
        f"(c) executions while every delivery thread is stalled: {stalled:.1f}/s; "
        f"before, with idle webhooks: {quiet:.1f}/s; ratio {stalled / quiet:.2f}"
    )


async def _arrived(sink: Sink, count: int) -> bool:
    return len(sink.arrivals) >= count


def _bare_rate(url: str, count: int) -> float:
    def post(_: int) -> None:
        with httpx.Client(trust_env=False) as http:  # a client per request, as the sender does
            http.post(url, content=b"{}").raise_for_status()

    started = time.perf_counter()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(post, range(count)))
    return count / (time.perf_counter() - started)


async def _rate(system: Deployment, sink: Sink, webhook_id: str, count: int) -> float:
    started = time.perf_counter()
    await asyncio.gather(
        *(system.call("POST", f"/api/webhooks/{webhook_id}/test") for _ in range(count))
    )

    async def delivered() -> bool:
        return Delivery.select().where(Delivery.status == "delivered").count() >= count

    await poll(delivered, 300)
    return count / (time.perf_counter() - started)


async def _latencies(system: Deployment, sink: Sink, webhook_id: str, samples: int) -> list[float]:
    latencies = []
    for _ in range(samples):
        before = len(sink.arrivals)
        sent = time.perf_counter()
        await system.call("POST", f"/api/webhooks/{webhook_id}/test")
        await poll(functools.partial(_arrived, sink, before + 1), 30, interval=0.002)
        latencies.append(sink.arrivals[before] - sent)
    return latencies


async def _executions(system: Deployment, project: str, runs: int) -> float:
    tasks = [
        (await system.call("POST", "/api/tasks/", {"title": f"t{i}", "project_id": project}))["id"]
        for i in range(runs)
    ]
    done_before = Execution.select().where(Execution.status == "completed").count()
    started = time.perf_counter()
    await asyncio.gather(*(system.call("POST", f"/api/tasks/{t}/execute", {}) for t in tasks))

    async def all_done() -> bool:
        completed = Execution.select().where(Execution.status == "completed").count()
        return completed - done_before >= runs

    await poll(all_done, timeout=600)
    return runs / (time.perf_counter() - started)
