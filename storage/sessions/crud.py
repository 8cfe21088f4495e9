"""Sessions: a user's working context on a project, with settings, a TTL and an activity trail.

A session is personal: another user's session answers NotFound. It stays active while used
(each use moves expires_at to now + ttl); past expires_at it is expired, and closing it is final.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from storage.database import write_transaction
from storage.error_codes import ErrorCode
from storage.errors import Conflict, NotFound
from storage.models import Project, Session, SessionHistory, User, utcnow
from storage.projects.access import get_project
from storage.roles import ProjectPermission
from storage.rows import tuples
from storage.statuses import SessionStatus

STATUSES: tuple[SessionStatus, ...] = tuple(SessionStatus)  # kept for web/api/sessions.py


def create_session(user: User, project_id: str, settings: dict[str, Any], ttl: int) -> Session:
    with write_transaction():
        project = get_project(user, project_id, ProjectPermission.READ)
        now = utcnow()
        session = Session.create(
            user=user,
            project=project,
            settings=settings,
            created_at=now,
            last_accessed=now,
            expires_at=now + dt.timedelta(seconds=ttl),
        )
        # dated like the session, so that its creation time finds its first settings
        SessionHistory.create(
            session=session.id,
            action="created",
            created_at=now,
            details={"project_id": project.id, "settings": settings},
        )
    return session


def get_session(user: User | str, session_id: str) -> Session:
    """The user's own session (with its project), its expiry applied; else NotFound."""
    user_id = user if isinstance(user, str) else user.id
    expire_stale(user_id)
    session = (
        Session.select(Session, Project)
        .join(Project)
        .where((Session.id == session_id) & (Session.user == user_id))
        .get_or_none()
    )
    if session is None:
        raise NotFound("session", session_id)
    return session


def list_sessions(user: User, status: str | None, project_id: str | None) -> list[Session]:
    expire_stale(user.id)
    query = Session.select(Session, Project).join(Project).where(Session.user == user)
    if status is not None:
        query = query.where(Session.status == status)
    if project_id is not None:
        query = query.where(Session.project == project_id)
    return list(query.order_by(Session.last_accessed.desc(), Session.id))


def touch(user: User | str, session_id: str, ttl: int) -> Session:
    """Use of an active session: extend it. An expired or closed one is a Conflict."""
    session = get_session(user, session_id)
    _require_active(session)
    now = utcnow()
    Session.update(last_accessed=now, expires_at=now + dt.timedelta(seconds=ttl)).where(
        Session.id == session.id
    ).execute()
    session.last_accessed, session.expires_at = now, now + dt.timedelta(seconds=ttl)
    return session


def connected(user: User | str, session_id: str, ttl: int, connection_id: str) -> Session:
    """A socket joined the session: extend it and record the connection, in one write (a
    burst of sockets on one session takes the write lock once each, not twice)."""
    with write_transaction():
        session = touch(user, session_id, ttl)
        record(session.id, "connected", connection_id=connection_id)
    return session


def update_settings(user: User, session_id: str, changes: dict[str, Any], ttl: int) -> Session:
    """Merge changes into the settings (a null value removes the key); recorded with both."""
    with write_transaction():
        session = touch(user, session_id, ttl)
        new = {k: v for k, v in {**session.settings, **changes}.items() if v is not None}
        if new != session.settings:
            set_settings(session, new, "settings_changed")
    return session


def set_settings(session: Session, settings: dict[str, Any], action: str, **details: Any) -> None:
    Session.update(settings=settings).where(Session.id == session.id).execute()
    record(session.id, action, old=session.settings, new=settings, **details)
    session.settings = settings


def close_session(user: User, session_id: str) -> Session:
    """Close for good (idempotent); sockets on it are closed by the web process."""
    with write_transaction():
        session = get_session(user, session_id)
        if session.status != SessionStatus.CLOSED:
            now = utcnow()
            Session.update(status=SessionStatus.CLOSED, closed_at=now).where(
                Session.id == session.id
            ).execute()
            record(session.id, "closed", previous_status=session.status)
            session.status, session.closed_at = SessionStatus.CLOSED, now
    return session


def history(user: User, session_id: str) -> list[SessionHistory]:
    session = get_session(user, session_id)
    return list(
        SessionHistory.select()
        .where(SessionHistory.session == session.id)
        .order_by(SessionHistory.created_at, SessionHistory.id)
    )


def settings_at(session: Session, moment: dt.datetime) -> dict[str, Any]:
    """The settings as they were at moment: the last snapshot recorded at or before it."""
    entries = (
        SessionHistory.select()
        .where((SessionHistory.session == session.id) & (SessionHistory.created_at <= moment))
        .order_by(SessionHistory.created_at.desc(), SessionHistory.id.desc())
    )
    for entry in entries:
        if entry.action == "created":
            return dict(entry.details.get("settings") or {})
        if "new" in entry.details and entry.action in ("settings_changed", "restored"):
            return dict(entry.details["new"])
    return dict(session.settings)


def record(session_id: str, action: str, **details: Any) -> SessionHistory:
    return SessionHistory.create(session=session_id, action=action, details=details)


def expire_stale(user_id: str | None = None) -> int:
    """Active sessions past expires_at become expired (recorded); returns how many."""
    query = Session.select(Session.id).where(
        (Session.status == SessionStatus.ACTIVE) & (Session.expires_at < utcnow())
    )
    if user_id is not None:
        query = query.where(Session.user == user_id)
    ids = [row[0] for row in tuples(query)]
    if not ids:
        return 0
    with write_transaction():
        changed = (
            Session.update(status=SessionStatus.EXPIRED)
            .where(Session.id.in_(ids) & (Session.status == SessionStatus.ACTIVE))
            .execute()
        )
        for session_id in ids:
            record(session_id, "expired")
    return int(changed)


def _require_active(session: Session) -> None:
    if session.status != SessionStatus.ACTIVE:
        raise Conflict(
            ErrorCode.SESSION_NOT_ACTIVE,
            f"Session is {session.status}",
            id=session.id,
            status=session.status,
        )
