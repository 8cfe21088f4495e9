"""The webhook events (API.md, Webhook Events) and the alerts that `system.alert` reports."""

from __future__ import annotations

from enum import StrEnum


class WebhookEvent(StrEnum):
    """What a webhook may subscribe to."""

    TASK_CREATED = "task.created"
    TASK_UPDATED = "task.updated"
    TASK_COMPLETED = "task.completed"
    TASK_FAILED = "task.failed"
    PROJECT_CREATED = "project.created"
    PROJECT_UPDATED = "project.updated"
    SYSTEM_MAINTENANCE = "system.maintenance"
    SYSTEM_ALERT = "system.alert"


TEST_EVENT = "webhook.test"  # POST /api/webhooks/{id}/test: sent to that webhook alone


class AlertKind(StrEnum):
    """The conditions a system.alert reports (each fires once until it clears)."""

    RUNTIME_UNREACHABLE = "runtime_unreachable"
    QUEUE_PAUSED = "queue_paused"
    WEBHOOK_FAILING = "webhook_failing"


class AlertState(StrEnum):
    FIRING = "firing"
    RESOLVED = "resolved"
