"""Sessions: a user's working context on a project; history and restore to a moment.

Handlers are async: a session shows how many of this process's sockets are on it, which only
the loop may count; the storage work goes to the database executor.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from storage import sessions
from storage.live.protocol import CloseCode
from storage.models import Session
from storage.sessions import restore
from web.api.schemas.sessions import (
    RestoredTask,
    RestoreRequest,
    RestoreResult,
    SessionCreate,
    SessionEntry,
    SessionHistoryOut,
    SessionList,
    SessionListQuery,
    SessionOut,
    SessionUpdate,
)
from web.http.calls import Call, NoBody
from web.http.models import Body
from web.http.routing import Resource
from web.http.validation import Query
from web.keys import sockets_key
from web.runtime import announce

api = Resource(tag="sessions")


def _connections(call: Call[Body, Query]) -> Counter[str | None]:
    """This process's sockets per session id (read on the loop, which owns them)."""
    return Counter(c.session_id for c in call.app[sockets_key].connections.values())


async def _answer(call: Call[Body, Query], fetch: Callable[[], Session]) -> SessionOut:
    """The session `fetch` returns (run in the executor), with this process's sockets on it."""
    counts = _connections(call)

    def render() -> SessionOut:
        session = fetch()
        return SessionOut.of(session, counts[session.id])

    return await call.off_loop(render)


@api.post("/api/sessions/", status=201)
async def create_session(call: Call[SessionCreate]) -> SessionOut:
    """Create a session on a project you can read

    expires_at = now + SESSION_TTL, moved forward on each use (updates, restores, and while a
    WebSocket is connected to it).
    """
    body = call.body

    def create() -> Session:
        created = sessions.create_session(
            call.user, body.project_id, body.settings or {}, call.settings.session_ttl
        )
        return sessions.get_session(call.user, created.id)

    return await _answer(call, create)


@api.get("/api/sessions/")
async def list_sessions(call: Call[NoBody, SessionListQuery]) -> SessionList:
    """Your sessions"""
    counts = _connections(call)

    def listing() -> SessionList:
        found = sessions.list_sessions(call.user, call.query.status, call.query.project_id)
        return SessionList(
            sessions=[SessionOut.of(s, counts[s.id]) for s in found], total=len(found)
        )

    return await call.off_loop(listing)


@api.get("/api/sessions/{session_id}")
async def get_session(call: Call) -> SessionOut:
    """Session details"""
    return await _answer(call, lambda: sessions.get_session(call.user, call.path("session_id")))


@api.put("/api/sessions/{session_id}")
async def update_session(call: Call[SessionUpdate]) -> SessionOut:
    """Update session settings

    409 SESSION_NOT_ACTIVE for an expired or closed session.
    """

    def update() -> Session:
        return sessions.update_settings(
            call.user, call.path("session_id"), call.body.settings, call.settings.session_ttl
        )

    return await _answer(call, update)


@api.delete("/api/sessions/{session_id}")
async def delete_session(call: Call) -> SessionOut:
    """Close a session for good

    The session stays listed as closed, with its history; its sockets close (4409).
    """
    session = await call.off_loop(sessions.close_session, call.user, call.path("session_id"))
    await call.app[sockets_key].close_session(
        session.id, CloseCode.SESSION_NOT_ACTIVE, "session closed"
    )
    return await _answer(call, lambda: session)


@api.get("/api/sessions/{session_id}/history")
def session_history(call: Call) -> SessionHistoryOut:
    """Session activity"""
    session_id = call.path("session_id")
    entries = sessions.history(call.user, session_id)
    return SessionHistoryOut(
        session_id=session_id, history=[SessionEntry.of(e) for e in entries], total=len(entries)
    )


@api.post("/api/sessions/{session_id}/restore")
async def restore_session(call: Call[RestoreRequest]) -> RestoreResult:
    """Restore settings and tasks to a moment

    restore_point is taken at the precision written: a time as the API shows it (seconds, such as
    the session's `created_at`) stands for that whole second. include_settings: the settings as
    they were at restore_point. include_tasks: every task of the
    session's project back to its state then, from the task history (later changes reverted, later
    tasks deleted, later deletions undone; a task queued or running then becomes pending); each
    revert is recorded. Needs write access; 409 TASK_ALREADY_RUNNING while an affected task is
    queued or running.
    """
    body = call.body
    result = await call.off_loop(
        restore.restore,
        call.user,
        call.path("session_id"),
        body.restore_point,
        body.include_settings,
        body.include_tasks,
        call.settings.session_ttl,
    )
    for task in result.tasks:
        if "status" in task["changes"] or task["deleted"] is not None:
            await announce.task_status(
                call.app, task["task_id"], task["project_id"], task["status"], restored=True
            )
    return RestoreResult(
        session_id=result.session.id,
        restore_point=body.restore_point.start,
        settings_restored=result.settings_restored,
        settings=result.session.settings,
        tasks_restored=[RestoredTask(**task) for task in result.tasks],
    )
