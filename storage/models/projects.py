"""Projects and their members."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from storage.models.accounts import User
from storage.models.base import BaseModel, JSONField, utcnow
from storage.roles import ProjectRole
from storage.statuses import ProjectStatus


class Project(BaseModel):
    name = CharField(max_length=200)
    description = TextField(default="")
    status = CharField(max_length=16, default=ProjectStatus.ACTIVE, index=True)
    created_by = ForeignKeyField(User, backref="projects")
    created_by_id: str
    working_directory = TextField()
    settings = JSONField(default=dict)
    resource_limits = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow, index=True)
    updated_at = DateTimeField(default=utcnow)
    deleted_at = DateTimeField(null=True)


class ProjectMember(BaseModel):
    project = ForeignKeyField(Project, backref="members", on_delete="CASCADE")
    project_id: str
    user = ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    user_id: str
    role = CharField(max_length=16, default=ProjectRole.DEVELOPER)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("project", "user"), True),)
