"""A project's analytics as charts: tasks created and completed per day, cost per day, and
how long tasks took (the API's analytics, drawn by web.pages.charts)."""

from __future__ import annotations

from storage.formats import parse_duration
from web.api import projects
from web.api.schemas.projects import AnalyticsQuery
from web.http.validation import parse_query
from web.pages.charts import bar_chart
from web.pages.routing import Context, Pages, View

pages = Pages()


@pages.get("/projects/{project_id}/analytics", "pages/analytics.html")
async def analytics(view: View) -> Context:
    period = {"period": view.request.query["period"]} if "period" in view.request.query else {}
    query = parse_query(AnalyticsQuery, period)
    project = await view.api(projects.get_project)
    figures = await view.api(projects.project_analytics, query=query)
    trends = figures.task_trends
    team = [m for m in figures.team_performance if m.average_duration]
    return {
        "project": project,
        "figures": figures,
        "tasks_chart": bar_chart(
            "Tasks per day",
            trends.dates,
            [("created", trends.created_per_day), ("completed", trends.completed_per_day)],
        ),
        "cost_chart": bar_chart(
            "Cost per day", trends.dates, [("cost", figures.costs.cost_per_day)], "$"
        ),
        "duration_chart": bar_chart(
            "Average duration by person",
            [m.user_name or "unassigned" for m in team],
            [("average duration", [float(parse_duration(m.average_duration)) for m in team])],
            "s",
        ),
        "periods": ("7d", "30d", "90d", "1y"),
    }
