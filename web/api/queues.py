"""The three priority queues: status, pause and resume, clear, moves between them, metrics."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from actors.messages import Ping, QueuesChanged
from storage.formats import duration, iso
from storage.runs import executions, queues
from storage.runs.executions import PRIORITIES
from web.http.errors import ValidationFailed
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, bridge_key, query_key, settings_key, user_key
from web.runtime import announce
from web.runtime.bridge import ActorSystemUnavailable

QUEUE_NAMES = PRIORITIES + tuple(f"{p}_priority" for p in PRIORITIES)
QUEUE_FIELD = Field(
    "queue_name",
    required=True,
    choices=QUEUE_NAMES,
    description="high|normal|low, or the seed's high_priority|...",
)
PAUSE = Schema(QUEUE_FIELD, Field("reason", max_length=1000, default="paused"))
RESUME = Schema(QUEUE_FIELD)
CLEAR = Schema(QUEUE_FIELD, Field("confirm", "boolean", required=True, description="must be true"))
MOVE = Schema(
    Field("task_ids", "array", items="uuid", required=True, min_length=1, max_length=500),
    Field("priority", required=True, choices=PRIORITIES),
)
METRICS = Schema(Field("period", choices=tuple(queues.PERIODS), default="24h"))


def _priority(name: str) -> str:
    return name.removesuffix("_priority")


@endpoint(
    "GET",
    "/api/queues/status",
    "Queue sizes, workers and performance",
    tag="queues",
    description="Per queue: size (queued), processing (running), completed_today (UTC), "
    "paused. workers come from the live Supervisor (active = running executions); "
    "performance covers the last hour.",
)
async def queue_status(request: web.Request) -> Any:
    figures = await asyncio.to_thread(queues.status)  # scans the last hour: off the loop
    slots = request.app[settings_key].max_concurrent_tasks
    try:
        pong = await request.app[bridge_key].ask(lambda cid, to: Ping(cid, to), 2.0)
        active, slots, runtime = pong.running, pong.slots, "connected"
    except (ActorSystemUnavailable, TimeoutError):
        active = sum(q["processing"] for q in figures["queues"].values())
        runtime = "unavailable"
    performance = figures["performance"]
    return {
        "queues": {f"{p}_priority": q for p, q in figures["queues"].items()},
        "workers": {
            "active": active,
            "idle": max(0, slots - active),
            "total": slots,
            "runtime": runtime,
        },
        "performance": _render_performance(performance),
    }


@endpoint(
    "POST",
    "/api/queues/pause",
    "Pause a queue: nothing new starts from it",
    tag="queues",
    permission="admin",
    body=PAUSE,
    description="Running executions continue. The pause is stored and survives restarts.",
)
async def pause_queue(request: web.Request) -> Any:
    return await _set_paused(request, True)


@endpoint(
    "POST",
    "/api/queues/resume",
    "Resume a paused queue",
    tag="queues",
    permission="admin",
    body=RESUME,
)
async def resume_queue(request: web.Request) -> Any:
    return await _set_paused(request, False)


@endpoint(
    "DELETE",
    "/api/queues/clear",
    "Cancel every queued execution of a queue",
    tag="queues",
    permission="admin",
    body=CLEAR,
    description="Requires `confirm: true`. Queued executions become cancelled (reason "
    "'queue cleared'); running ones are not touched.",
)
async def clear_queue(request: web.Request) -> Any:
    body = request[body_key]
    if body["confirm"] is not True:
        raise ValidationFailed(
            "Clearing a queue needs confirm: true", {"field": "confirm", "issue": "must be true"}
        )
    priority = _priority(body["queue_name"])
    cleared = executions.cancel_queued(priority, "queue cleared")
    await request.app[bridge_key].tell(QueuesChanged((priority,)))
    for cancelled in cleared:
        await announce.task_status(
            request.app,
            cancelled.task_id,
            cancelled.project_id,
            "cancelled",
            cancelled.execution_id,
            reason="queue cleared",
        )
    return {"queue_name": f"{priority}_priority", "cleared": len(cleared)}


@endpoint(
    "POST",
    "/api/queues/priority",
    "Move queued tasks to another priority queue",
    tag="queues",
    permission="execute",
    body=MOVE,
    description="Each task's queued execution moves, keeping its age; tasks that are "
    "not queued or not visible are reported, not failed.",
)
async def move_tasks(request: web.Request) -> Any:
    body = request[body_key]
    result = queues.move(request[user_key], body["task_ids"], body["priority"])
    affected = tuple(result.pop("affected_queues"))
    if affected:
        await request.app[bridge_key].tell(QueuesChanged(affected))
    return {"priority": body["priority"], **result}


@endpoint(
    "GET",
    "/api/queues/metrics",
    "Per-queue counts, wait and processing times",
    tag="queues",
    query=METRICS,
    description="Computed from executions queued within the period (1h, 24h, 7d, 30d). "
    "Times are seconds.",
)
async def queue_metrics(request: web.Request) -> Any:
    figures = await asyncio.to_thread(queues.metrics, request[query_key]["period"])
    return {
        "period": figures["period"],
        "since": iso(figures["since"]),
        "queues": {f"{p}_priority": q for p, q in figures["queues"].items()},
        "performance": _render_performance(figures["performance"]),
    }


async def _set_paused(request: web.Request, paused: bool) -> Any:
    body = request[body_key]
    priority = _priority(body["queue_name"])
    state = queues.set_paused(priority, paused, body.get("reason"), request[user_key])
    await request.app[bridge_key].tell(QueuesChanged((priority,)))
    return {
        "queue_name": f"{priority}_priority",
        "paused": state.paused,
        "reason": state.reason,
        "paused_at": iso(state.paused_at),
    }


def _render_performance(performance: dict[str, Any]) -> dict[str, Any]:
    seconds = performance.pop("average_processing_seconds")
    return {**performance, "average_processing_time": duration(seconds)}
