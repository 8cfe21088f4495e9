"""A session's identity and state as every layer shows it (API.md, Session Management Endpoints).

The SessionActor answers an authenticated socket with exactly this; the REST resource adds what
it shows besides (project name, times, settings, the web process's live connections).
"""

from __future__ import annotations

from typing import Any

from storage.formats import iso
from storage.models import Session


def render_session(session: Session) -> dict[str, Any]:
    return {
        "session_id": session.id,
        "project_id": session.project_id,
        "user_id": session.user_id,
        "status": session.status,
        "expires_at": iso(session.expires_at),
    }
