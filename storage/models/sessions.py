"""Sessions and their activity history."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField

from storage.models.accounts import User
from storage.models.base import BaseModel, JSONField, utcnow
from storage.models.projects import Project
from storage.statuses import SessionStatus


class Session(BaseModel):
    user = ForeignKeyField(User, backref="sessions")
    user_id: str
    project = ForeignKeyField(Project, backref="sessions")
    project_id: str
    status = CharField(max_length=16, default=SessionStatus.ACTIVE, index=True)
    settings = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)
    last_accessed = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    closed_at = DateTimeField(null=True)


class SessionHistory(BaseModel):
    session = ForeignKeyField(Session, backref="history", on_delete="CASCADE")
    session_id: str
    action = CharField(max_length=32)
    details = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)
