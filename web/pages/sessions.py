"""Sessions: the list of your working sessions, one session's settings, history and restore
to a moment, and closing it; each a plain form post on the API's own operations."""

from __future__ import annotations

from web.api import sessions
from web.api.schemas.sessions import RestoreRequest, SessionListQuery, SessionUpdate
from web.http.validation import parse_query
from web.pages.forms import build, checked, json_object, text
from web.pages.routing import Context, Pages, Result, View, redirect

pages = Pages()
STATUSES = ("active", "expired", "closed")


@pages.get("/sessions", "pages/sessions.html")
async def session_list(view: View) -> Context:
    status = view.request.query.get("status", "").strip()
    query = parse_query(SessionListQuery, {"status": status} if status else {})
    found = await view.api(sessions.list_sessions, query=query)
    return {"sessions": found.sessions, "status": status, "statuses": STATUSES}


@pages.get("/sessions/{session_id}", "pages/session.html")
async def session_page(view: View) -> Context:
    session = await view.api(sessions.get_session)
    history = await view.api(sessions.session_history)
    restored = view.request.query.get("restored")
    return {"session": session, "history": history.history, "restored": restored}


@pages.post("/sessions/{session_id}/settings")
async def save_settings(view: View) -> Result:
    body = build(SessionUpdate, settings=json_object(view.form, "settings") or {})
    await view.api(sessions.update_session, body)
    return redirect(f"/sessions/{view.path('session_id')}")


@pages.post("/sessions/{session_id}/restore")
async def restore(view: View) -> Result:
    form = view.form
    body = build(
        RestoreRequest,
        restore_point=text(form, "restore_point"),
        include_settings=checked(form, "include_settings"),
        include_tasks=checked(form, "include_tasks"),
    )
    result = await view.api(sessions.restore_session, body)
    count = len(result.tasks_restored)
    return redirect(f"/sessions/{view.path('session_id')}?restored={count}")


@pages.post("/sessions/{session_id}/close")
async def close(view: View) -> Result:
    await view.api(sessions.delete_session)
    return redirect(f"/sessions/{view.path('session_id')}")
