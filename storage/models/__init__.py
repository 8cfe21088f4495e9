"""Peewee models of the whole domain, one module per concern; ids are UUID strings, times
are naive UTC."""

from __future__ import annotations

from peewee import Model

from storage.models.accounts import RefreshToken, User
from storage.models.base import BaseModel, JSONField, database, new_id, utcnow
from storage.models.live import TaskEvent
from storage.models.projects import Project, ProjectMember
from storage.models.runs import Command, Execution, OutputChunk, QueueState, TranscriptMessage
from storage.models.sessions import Session, SessionHistory
from storage.models.system import Maintenance
from storage.models.tasks import Task, TaskCount, TaskDependency, TaskHistory, TaskTag

ALL_MODELS: tuple[type[Model], ...] = (
    User,
    RefreshToken,
    Project,
    ProjectMember,
    Task,
    TaskTag,
    TaskCount,
    TaskHistory,
    TaskDependency,
    Execution,
    QueueState,
    OutputChunk,
    TranscriptMessage,
    Command,
    Session,
    SessionHistory,
    TaskEvent,
    Maintenance,
)

__all__ = [
    "ALL_MODELS",
    "BaseModel",
    "JSONField",
    "Maintenance",
    "database",
    "new_id",
    "utcnow",
    "User",
    "RefreshToken",
    "Project",
    "ProjectMember",
    "Task",
    "TaskTag",
    "TaskCount",
    "TaskHistory",
    "TaskDependency",
    "Execution",
    "QueueState",
    "OutputChunk",
    "TranscriptMessage",
    "Command",
    "Session",
    "SessionHistory",
    "TaskEvent",
]
