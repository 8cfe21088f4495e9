"""A user's own profile: preferences (with defaults) and statistics from real rows."""

from __future__ import annotations

import copy
import datetime as dt
import functools
import zoneinfo
from typing import Any

from peewee import fn

from storage.errors import Invalid
from storage.models import Project, RefreshToken, Task, User, utcnow
from storage.rows import tuples
from storage.statuses import TaskStatus

DEFAULT_PREFERENCES: dict[str, Any] = {
    "theme": "system",
    "language": "en",
    "timezone": "UTC",
    "notifications": {
        "email": True,
        "push": False,
        "task_updates": True,
        "project_updates": True,
    },
    "dashboard_layout": {"widgets": ["tasks", "projects", "performance"], "columns": 3},
}


def preferences_of(user: User) -> dict[str, Any]:
    """The stored preferences over the defaults (objects merged key by key)."""
    return _merged(DEFAULT_PREFERENCES, user.preferences or {})


def set_preferences(user: User, changes: dict[str, Any]) -> dict[str, Any]:
    """Merge changes into the stored preferences (one level deep); returns the result."""
    if "timezone" in changes and changes["timezone"] not in _time_zones():
        raise Invalid("timezone", "must be an IANA time zone such as Europe/Paris")
    stored = _merged(user.preferences or {}, changes)
    User.update(preferences=stored, updated_at=utcnow()).where(User.id == user.id).execute()
    user.preferences = stored
    return preferences_of(user)


def statistics_of(user: User) -> dict[str, Any]:
    """Counts from tasks and projects; login time is summed over refresh-token families."""
    live = Task.deleted_at.is_null()
    responsible = fn.COALESCE(Task.assigned_to, Task.created_by) == user.id
    families = tuples(
        RefreshToken.select(fn.MIN(RefreshToken.created_at), fn.MAX(RefreshToken.created_at))
        .where(RefreshToken.user == user)
        .group_by(RefreshToken.family_id)
    )
    return {
        "tasks_created": Task.select().where(live & (Task.created_by == user)).count(),
        "tasks_completed": Task.select()
        .where(live & responsible & (Task.status == TaskStatus.COMPLETED))
        .count(),
        "projects_created": Project.select()
        .where(Project.deleted_at.is_null() & (Project.created_by == user))
        .count(),
        "total_login_time": sum(_seconds(first, last) for first, last in families),
    }


def _seconds(first: dt.datetime | None, last: dt.datetime | None) -> int:
    return int((last - first).total_seconds()) if first and last else 0


def _merged(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = copy.deepcopy(value)
    return merged


@functools.cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
