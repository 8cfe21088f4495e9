"""Sessions (API.md, Session Management): a user's working context on a project."""

from __future__ import annotations

from typing import Self

from pydantic import Field

from storage.models import Session, SessionHistory
from storage.statuses import SessionStatus, TaskStatus
from web.http.models import Body, JsonObject, Out, SpanInput, Timestamp, Uuid
from web.http.validation import Query


class SessionCreate(Body):
    project_id: Uuid
    settings: JsonObject | None = Field(None, description="free-form client settings (theme, ...)")


class SessionUpdate(Body):
    settings: JsonObject = Field(description="merged; a null value removes a key")


class SessionListQuery(Query):
    status: SessionStatus | None = None
    project_id: Uuid | None = None


class RestoreRequest(Body):
    restore_point: SpanInput = Field(
        description="ISO 8601, UTC if no offset, taken at the precision written: "
        "`2025-07-30T13:00:00Z` (how the API shows times, such as the session's created_at) is "
        "the whole second, so everything up to 13:00:00.999999 is included"
    )
    include_tasks: bool = False
    include_settings: bool = True


class SessionOut(Out):
    session_id: str = Field(validation_alias="id")
    project_id: str
    project_name: str
    user_id: str
    status: SessionStatus
    created_at: Timestamp
    last_accessed: Timestamp | None
    expires_at: Timestamp | None
    closed_at: Timestamp | None
    settings: JsonObject
    connections: int

    @classmethod
    def of(cls, session: Session, connections: int) -> Self:
        """`connections`: this process's sockets on the session (counted on the loop)."""
        return cls.read(session, project_name=session.project.name, connections=connections)


class SessionList(Out):
    sessions: list[SessionOut]
    total: int


class SessionEntry(Out):
    id: str
    action: str
    details: JsonObject
    timestamp: Timestamp

    @classmethod
    def of(cls, entry: SessionHistory) -> Self:
        return cls.read(entry, timestamp=entry.created_at)


class SessionHistoryOut(Out):
    session_id: str
    history: list[SessionEntry]
    total: int


class RestoredTask(Out):
    task_id: str
    project_id: str
    changes: JsonObject
    deleted: bool | None
    status: TaskStatus


class RestoreResult(Out):
    session_id: str
    restore_point: Timestamp | None
    settings_restored: bool
    settings: JsonObject
    tasks_restored: list[RestoredTask]
