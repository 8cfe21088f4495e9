"""The three priority queues: status, pause and resume, clear, moves between them, metrics."""

from __future__ import annotations

from actors.messages import Ping
from storage.roles import Permission
from storage.runs import executions, queues
from storage.statuses import Priority
from web.api.schemas.executions import UsageTotals
from web.api.schemas.queues import (
    Cleared,
    ClearRequest,
    MetricsOut,
    MetricsQuery,
    Moved,
    MoveRequest,
    PauseRequest,
    PauseState,
    Performance,
    QueueFigures,
    QueueMetrics,
    QueueRequest,
    Queues,
    QueueStatus,
    Workers,
    priority_of,
    queue_name,
)
from web.http.calls import Call, NoBody
from web.http.errors import ValidationFailed
from web.http.routing import Resource
from web.keys import bridge_key
from web.runtime import announce
from web.runtime.bridge import ActorSystemUnavailable

api = Resource(tag="queues")

PING_SECONDS = 2.0


@api.get("/api/queues/status")
async def queue_status(call: Call) -> QueueStatus:
    """Queue sizes, workers and performance

    Per queue: size (queued), processing (running), completed_today (UTC), paused. workers come from
    the live Supervisor (active = running executions); performance covers the last hour.
    """
    figures = await call.off_loop(queues.status)  # scans the last hour
    slots = call.settings.max_concurrent_tasks
    try:
        pong = await call.app[bridge_key].ask(lambda cid, to: Ping(cid, to), PING_SECONDS)
        active, slots, runtime = pong.running, pong.slots, "connected"
    except (ActorSystemUnavailable, TimeoutError):
        active = sum(q["processing"] for q in figures["queues"].values())
        runtime = "unavailable"
    return QueueStatus(
        queues=Queues.of(figures["queues"], lambda q: QueueFigures(**q)),
        workers=Workers(active=active, idle=max(0, slots - active), total=slots, runtime=runtime),
        performance=Performance.of(figures["performance"]),
    )


@api.post("/api/queues/pause", permission=Permission.ADMIN)
async def pause_queue(call: Call[PauseRequest]) -> PauseState:
    """Pause a queue: nothing new starts from it

    Running executions continue. The pause is stored and survives restarts.
    """
    return await _set_paused(call, True, call.body.reason)


@api.post("/api/queues/resume", permission=Permission.ADMIN)
async def resume_queue(call: Call[QueueRequest]) -> PauseState:
    """Resume a paused queue"""
    return await _set_paused(call, False, None)


@api.delete("/api/queues/clear", permission=Permission.ADMIN)
async def clear_queue(call: Call[ClearRequest]) -> Cleared:
    """Cancel every queued execution of a queue

    Requires `confirm: true`. Queued executions become cancelled (reason 'queue cleared'); running
    ones are not touched.
    """
    if call.body.confirm is not True:
        raise ValidationFailed(
            "Clearing a queue needs confirm: true", {"field": "confirm", "issue": "must be true"}
        )
    priority = priority_of(call.body.queue_name)
    cleared = await call.off_loop(executions.cancel_queued, priority, "queue cleared")
    await call.app[bridge_key].queues_changed((priority,))
    for cancelled in cleared:
        await announce.cancelled(call.app, cancelled, reason="queue cleared")
    return Cleared(queue_name=queue_name(priority), cleared=len(cleared))


@api.post("/api/queues/priority", permission=Permission.EXECUTE)
async def move_tasks(call: Call[MoveRequest]) -> Moved:
    """Move queued tasks to another priority queue

    Each task's queued execution moves, keeping its age; tasks that are not queued or not visible
    are reported, not failed.
    """
    body = call.body
    result = await call.off_loop(queues.move, call.user, body.task_ids, body.priority)
    affected = tuple(Priority(p) for p in result.pop("affected_queues"))
    if affected:
        await call.app[bridge_key].queues_changed(affected)
    return Moved(priority=body.priority, **result)


@api.get("/api/queues/metrics")
def queue_metrics(call: Call[NoBody, MetricsQuery]) -> MetricsOut:
    """Per-queue counts, wait and processing times

    Computed from executions queued within the period (1h, 24h, 7d, 30d). Times are seconds;
    usage sums their total_cost_usd and tokens.
    """
    figures = queues.metrics(call.query.period)
    return MetricsOut(
        period=figures["period"],
        since=figures["since"],
        queues=Queues.of(figures["queues"], lambda q: QueueMetrics(**q)),
        performance=Performance.of(figures["performance"]),
        usage=UsageTotals(**figures["usage"]),
    )


async def _set_paused(call: Call[QueueRequest], paused: bool, reason: str | None) -> PauseState:
    priority = priority_of(call.body.queue_name)
    state = await call.off_loop(queues.set_paused, priority, paused, reason, call.user)
    await call.app[bridge_key].queues_changed((priority,))
    return PauseState.read(state, queue_name=queue_name(priority))
