"""Task lists: every filter of GET /api/tasks/, shared with a project's task list."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage.tasks.listing import SORTS, STATUSES, TaskFilter, list_tasks
from web.api.tasks import render_task
from web.http.pagination import paging_fields, render_page, split_list
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import query_key, user_key

TASK_FILTERS = (
    Field("status", description="comma-separated: " + ", ".join(STATUSES)),
    Field("assigned_to", "uuid"),
    Field("priority", "integer", minimum=0, maximum=10, description="minimum priority"),
    Field("tags", description="comma-separated"),
    Field(
        "tags_match",
        choices=("all", "any"),
        default="all",
        description="all: a task must carry every tag listed (default); any: at least one",
    ),
    Field(
        "search",
        max_length=500,
        description='words, "exact phrase", prefix*, AND / OR / NOT, parentheses, '
        "title: description: tags: status:",
    ),
    Field("created_after", "datetime", description="ISO 8601, inclusive"),
    Field("created_before", "datetime", description="ISO 8601, exclusive"),
    *paging_fields(tuple(SORTS)),
)
TASK_LIST = Schema(Field("project_id", "uuid"), *TASK_FILTERS)


def filters_of(query: dict[str, Any], project_id: str | None) -> TaskFilter:
    return TaskFilter(
        project_id=project_id,
        statuses=split_list(query.get("status")),
        assigned_to=query.get("assigned_to"),
        min_priority=query.get("priority"),
        tags=split_list(query.get("tags")),
        all_tags=query["tags_match"] == "all",
        search=query.get("search"),
        created_after=query.get("created_after"),
        created_before=query.get("created_before"),
    )


def task_page(request: web.Request, project_id: str | None) -> dict[str, Any]:
    """A page of the tasks the caller may see, filtered as the query string asks."""
    query = request[query_key]
    page = list_tasks(
        request[user_key],
        filters_of(query, project_id),
        query["page"],
        query["page_size"],
        query["sort"],
        query["order"],
    )
    return render_page(request, page, render_task)


@endpoint(
    "GET",
    "/api/tasks/",
    "List tasks",
    tag="tasks",
    query=TASK_LIST,
    description="Only tasks of projects the caller may see. Filters combine with AND.",
)
async def list_all_tasks(request: web.Request) -> Any:
    return task_page(request, request[query_key].get("project_id"))
