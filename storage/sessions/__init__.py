"""Sessions: a user's working context on a project, its history and restore.

`from storage import sessions` gives the session records' functions."""

from storage.sessions.crud import (
    STATUSES,
    close_session,
    connected,
    create_session,
    expire_stale,
    get_session,
    history,
    list_sessions,
    record,
    set_settings,
    settings_at,
    touch,
    update_settings,
)
from storage.sessions.render import render_session

__all__ = [
    "STATUSES",
    "create_session",
    "get_session",
    "list_sessions",
    "touch",
    "connected",
    "update_settings",
    "set_settings",
    "close_session",
    "history",
    "settings_at",
    "record",
    "expire_stale",
    "render_session",
]
