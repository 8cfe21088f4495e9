"""The dashboard: queues, worker slots, running work, recent activity, the last day's cost;
admins pause and resume queues here."""

from __future__ import annotations

from web.api import queues, task_lists
from web.api.schemas.queues import MetricsQuery, PauseRequest, QueueRequest
from web.api.schemas.tasks import TaskListQuery
from web.pages.forms import build, text
from web.pages.routing import Context, Pages, Result, View, redirect

pages = Pages()
QUEUES = ("high", "normal", "low")
REFRESH_SECONDS = 3  # how often the page reloads its figures (htmx)


@pages.get("/dashboard", "pages/dashboard.html", partial="pages/_dashboard_live.html")
async def dashboard(view: View) -> Context:
    status = await view.api(queues.queue_status)
    active = TaskListQuery(status="queued,running", sort="updated_at", page_size=20)
    running = await view.api(task_lists.list_all_tasks, query=active)
    live = {
        "status": status,
        "queues": [(name, getattr(status.queues, f"{name}_priority")) for name in QUEUES],
        "active": running.items,
        "partial": view.partial,
    }
    if view.partial:  # the page's poll: its live figures only
        return live
    usage = await view.api(queues.queue_metrics, query=MetricsQuery(period="24h"))
    recent = await view.api(
        task_lists.list_all_tasks, query=TaskListQuery(sort="updated_at", page_size=10)
    )
    return live | {
        "usage": usage.usage,
        "recent": recent.items,
        "refresh_seconds": REFRESH_SECONDS,
    }


@pages.post("/queues/{queue}/pause")
async def pause(view: View) -> Result:
    reason = text(view.form, "reason") or "paused from the dashboard"
    await view.api(queues.pause_queue, build(PauseRequest, queue_name=_queue(view), reason=reason))
    return redirect("/dashboard")


@pages.post("/queues/{queue}/resume")
async def resume(view: View) -> Result:
    await view.api(queues.resume_queue, build(QueueRequest, queue_name=_queue(view)))
    return redirect("/dashboard")


def _queue(view: View) -> str:
    return view.path("queue")
