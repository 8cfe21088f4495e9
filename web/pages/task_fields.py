"""The fields of the task form, shared by creating and editing a task."""

from __future__ import annotations

from typing import Any

from web.pages.forms import Form, all_values, items, number, raw_text, text

DEPENDENCY_KINDS = {"blocks": "blocks", "relates": "relates_to"}


def task_fields(form: Form) -> dict[str, Any]:
    """Title, description, priority, tags and estimate as the API's task fields."""
    return {
        "title": text(form, "title"),
        "description": raw_text(form, "description"),
        "priority": number(form, "priority"),
        "tags": items(form, "tags") or [],
        "estimated_duration": text(form, "estimated_duration"),
    }


def dependencies_of(form: Form) -> list[dict[str, str]]:
    """The checked tasks this one depends on: `blocks` (must complete first) or `relates`."""
    chosen: dict[str, str] = {}
    for field, kind in DEPENDENCY_KINDS.items():
        for task_id in all_values(form, field):
            chosen.setdefault(task_id, kind)
    return [{"depends_on_task_id": i, "dependency_type": kind} for i, kind in chosen.items()]
