"""Task tags: normalized (trimmed, lower-case, unique), mirrored into task_tag for filters."""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable, Sequence
from typing import Any

from storage.errors import Invalid
from storage.models import Task, TaskTag

MAX_TAG_LENGTH = 64


def normalize(tags: Iterable[str], field: str = "tags") -> list[str]:
    """Trimmed, lower-cased, first occurrence kept; commas are refused (filters split on them)."""
    seen: dict[str, None] = {}
    for raw in tags:
        tag = raw.strip().lower()
        if not tag:
            raise Invalid(field, "tags must not be blank")
        if "," in tag:
            raise Invalid(field, f"tag '{tag}' contains a comma")
        if len(tag) > MAX_TAG_LENGTH:
            raise Invalid(field, f"tag '{tag[:20]}…' is longer than {MAX_TAG_LENGTH} characters")
        seen.setdefault(tag, None)
    return list(seen)


def sync(task_id: str, tags: Sequence[str]) -> None:
    """Make task_tag hold exactly these tags for the task."""
    TaskTag.delete().where(TaskTag.task == task_id).execute()
    if tags:
        TaskTag.insert_many([{"task": task_id, "tag": t} for t in tags]).execute()


def insert_rows(rows: Iterable[tuple[str, Sequence[str]]]) -> None:
    """task_tag rows for new tasks (task_id, tags), in batches."""
    values = [{"task": task_id, "tag": t} for task_id, tags in rows for t in tags]
    for start in range(0, len(values), 500):
        TaskTag.insert_many(values[start : start + 500]).execute()


def having_tags(tags: Sequence[str], match_all: bool) -> Any:
    """A where-expression: tasks carrying every (or any) of the tags."""

    def carrying(selected: Sequence[str]) -> Any:
        return Task.id.in_(TaskTag.select(TaskTag.task).where(TaskTag.tag.in_(selected)))

    if not match_all:
        return carrying(tags)
    return functools.reduce(operator.and_, (carrying([t]) for t in tags))
