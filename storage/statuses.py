"""The states of every stored thing, and the priorities of the queues: one catalogue.

Members are `StrEnum`s, so they are stored, compared and serialised as the plain strings the
API shows (`TaskStatus.QUEUED == "queued"`).
"""

from __future__ import annotations

from enum import StrEnum


class TaskStatus(StrEnum):
    PENDING = "pending"
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class ExecutionStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


class CommandStatus(StrEnum):
    STARTING = "starting"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    TIMEOUT = "timeout"
    REFUSED = "refused"  # answered by a runtime that is starting or stopping; never stored


class ProjectStatus(StrEnum):
    ACTIVE = "active"
    ARCHIVED = "archived"
    COMPLETED = "completed"


class SessionStatus(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    CLOSED = "closed"


class DeliveryStatus(StrEnum):
    """A webhook delivery: waiting for its (next) attempt, being attempted, or ended."""

    PENDING = "pending"
    DELIVERING = "delivering"
    DELIVERED = "delivered"
    FAILED = "failed"  # every attempt failed
    CANCELLED = "cancelled"  # its webhook was deactivated or deleted first


class Priority(StrEnum):
    """Queues in the order they start work."""

    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


PRIORITIES: tuple[Priority, ...] = tuple(Priority)

TASK_ACTIVE = (TaskStatus.QUEUED, TaskStatus.RUNNING)
TASK_FINAL = (TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED)
TASK_SETTABLE = (TaskStatus.PENDING, *TASK_FINAL)  # the runtime alone sets queued and running

EXECUTION_ACTIVE = (ExecutionStatus.QUEUED, ExecutionStatus.RUNNING)
EXECUTION_FINAL = (ExecutionStatus.COMPLETED, ExecutionStatus.FAILED, ExecutionStatus.CANCELLED)
EXECUTION_RETRYABLE = (ExecutionStatus.FAILED, ExecutionStatus.CANCELLED)

COMMAND_ACTIVE = (CommandStatus.STARTING, CommandStatus.RUNNING)
COMMAND_FINAL = (
    CommandStatus.COMPLETED,
    CommandStatus.FAILED,
    CommandStatus.CANCELLED,
    CommandStatus.TIMEOUT,
)

DELIVERY_OPEN = (DeliveryStatus.PENDING, DeliveryStatus.DELIVERING)
