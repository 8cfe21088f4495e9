"""Peewee models of the whole domain, one module per concern; ids are UUID strings, times
are naive UTC."""

from __future__ import annotations

from peewee import Model

from storage.models.accounts import RefreshToken, User
from storage.models.base import BaseModel, JSONField, database, new_id, utcnow
from storage.models.live import TaskEvent
from storage.models.metrics import MetricCounter
from storage.models.projects import Project, ProjectMember
from storage.models.runs import Command, Execution, OutputChunk, QueueState, TranscriptMessage
from storage.models.sessions import Session, SessionHistory
from storage.models.system import Maintenance
from storage.models.tasks import Task, TaskCount, TaskDependency, TaskHistory, TaskTag
from storage.models.webhooks import Alert, Delivery, DeliveryAttempt, Webhook

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
    MetricCounter,
    Webhook,
    Delivery,
    DeliveryAttempt,
    Alert,
)

__all__ = [
    "ALL_MODELS",
    "BaseModel",
    "JSONField",
    "Maintenance",
    "MetricCounter",
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
    "Webhook",
    "Delivery",
    "DeliveryAttempt",
    "Alert",
]
