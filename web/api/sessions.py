"""Sessions: a user's working context on a project; history and restore to a moment."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from storage import sessions
from storage.formats import iso
from storage.models import Session, SessionHistory
from storage.sessions import restore
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, query_key, settings_key, sockets_key, user_key
from web.runtime import announce

CLOSED = 4409
SESSION_CREATE = Schema(
    Field("project_id", "uuid", required=True),
    Field("settings", "object", description="free-form client settings (theme, ...)"),
)
SESSION_UPDATE = Schema(
    Field("settings", "object", required=True, description="merged; a null value removes a key")
)
SESSION_LIST = Schema(Field("status", choices=sessions.STATUSES), Field("project_id", "uuid"))
RESTORE = Schema(
    Field("restore_point", "datetime", required=True, description="ISO 8601; UTC if no offset"),
    Field("include_tasks", "boolean", default=False),
    Field("include_settings", "boolean", default=True),
)


def render_session(session: Session, request: web.Request) -> dict[str, Any]:
    sockets = request.app[sockets_key].connections.values()
    return {
        "session_id": session.id,
        "project_id": session.project_id,
        "project_name": session.project.name,
        "user_id": session.user_id,
        "status": session.status,
        "created_at": iso(session.created_at),
        "last_accessed": iso(session.last_accessed),
        "expires_at": iso(session.expires_at),
        "closed_at": iso(session.closed_at),
        "settings": session.settings,
        "connections": sum(1 for c in sockets if c.session_id == session.id),
    }


def render_entry(entry: SessionHistory) -> dict[str, Any]:
    return {
        "id": entry.id,
        "action": entry.action,
        "details": entry.details,
        "timestamp": iso(entry.created_at),
    }


def _ttl(request: web.Request) -> int:
    return request.app[settings_key].session_ttl


@endpoint(
    "POST",
    "/api/sessions/",
    "Create a session on a project you can read",
    tag="sessions",
    body=SESSION_CREATE,
    status=201,
    description="expires_at = now + SESSION_TTL, moved forward on each use (updates, "
    "restores, and while a WebSocket is connected to it).",
)
async def create_session(request: web.Request) -> Any:
    body = request[body_key]
    session = sessions.create_session(
        request[user_key], body["project_id"], body.get("settings") or {}, _ttl(request)
    )
    return render_session(sessions.get_session(request[user_key], session.id), request)


@endpoint("GET", "/api/sessions/", "Your sessions", tag="sessions", query=SESSION_LIST)
async def list_sessions(request: web.Request) -> Any:
    query = request[query_key]
    found = sessions.list_sessions(request[user_key], query.get("status"), query.get("project_id"))
    return {"sessions": [render_session(s, request) for s in found], "total": len(found)}


@endpoint("GET", "/api/sessions/{session_id}", "Session details", tag="sessions")
async def get_session(request: web.Request) -> Any:
    return render_session(
        sessions.get_session(request[user_key], request.match_info["session_id"]), request
    )


@endpoint(
    "PUT",
    "/api/sessions/{session_id}",
    "Update session settings",
    tag="sessions",
    body=SESSION_UPDATE,
    description="409 SESSION_NOT_ACTIVE for an expired or closed session.",
)
async def update_session(request: web.Request) -> Any:
    session = sessions.update_settings(
        request[user_key],
        request.match_info["session_id"],
        request[body_key]["settings"],
        _ttl(request),
    )
    return render_session(session, request)


@endpoint(
    "DELETE",
    "/api/sessions/{session_id}",
    "Close a session for good",
    tag="sessions",
    description="The session stays listed as closed, with its history; its sockets close (4409).",
)
async def delete_session(request: web.Request) -> Any:
    session = sessions.close_session(request[user_key], request.match_info["session_id"])
    await request.app[sockets_key].close_session(session.id, CLOSED, "session closed")
    return render_session(session, request)


@endpoint("GET", "/api/sessions/{session_id}/history", "Session activity", tag="sessions")
async def session_history(request: web.Request) -> Any:
    session_id = request.match_info["session_id"]
    entries = sessions.history(request[user_key], session_id)
    return {
        "session_id": session_id,
        "history": [render_entry(e) for e in entries],
        "total": len(entries),
    }


@endpoint(
    "POST",
    "/api/sessions/{session_id}/restore",
    "Restore settings and tasks to a moment",
    tag="sessions",
    body=RESTORE,
    description="include_settings: the settings as they were at restore_point. "
    "include_tasks: every task of the session's project back to its state then, from the "
    "task history (later changes reverted, later tasks deleted, later deletions undone; a "
    "task queued or running then becomes pending); each revert is recorded. Needs write "
    "access; 409 TASK_ALREADY_RUNNING while an affected task is queued or running.",
)
async def restore_session(request: web.Request) -> Any:
    body = request[body_key]
    result = restore.restore(
        request[user_key],
        request.match_info["session_id"],
        body["restore_point"],
        body["include_settings"],
        body["include_tasks"],
        _ttl(request),
    )
    for task in result.tasks:
        if "status" in task["changes"] or task["deleted"] is not None:
            await announce.task_status(
                request.app, task["task_id"], task["project_id"], task["status"], restored=True
            )
    return {
        "session_id": result.session.id,
        "restore_point": iso(body["restore_point"]),
        "settings_restored": result.settings_restored,
        "settings": result.session.settings,
        "tasks_restored": result.tasks,
    }
