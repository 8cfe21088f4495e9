"""system.alert: each condition (its kind and subject) is announced once when it fires and
once when it clears, however many processes notice it: the Alert row's conditional update
decides which of them tells."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storage.database import write_transaction
from storage.formats import iso
from storage.models import Alert, Execution, QueueState, utcnow
from storage.statuses import ExecutionStatus
from storage.webhooks.events import AlertKind, AlertState, WebhookEvent
from storage.webhooks.outbox import Admins, Audience, enqueue


@dataclass(frozen=True)
class Condition:
    kind: AlertKind
    subject: str | None = None  # the queue, the webhook
    audience: Audience = field(default=Admins(), compare=False)

    @property
    def key(self) -> str:
        return self.kind if self.subject is None else f"{self.kind}:{self.subject}"


LEVELS = {
    AlertKind.RUNTIME_UNREACHABLE: "critical",
    AlertKind.QUEUE_PAUSED: "warning",
    AlertKind.WEBHOOK_FAILING: "warning",
}


def fire(condition: Condition, message: str, **details: Any) -> bool:
    """Announce the condition unless it is already firing; True if this call announced it."""
    now = utcnow()
    with write_transaction():
        Alert.insert(key=condition.key, firing=False).on_conflict_ignore().execute()
        fired = (
            Alert.update(firing=True, fired_at=now, cleared_at=None)
            .where((Alert.key == condition.key) & ~Alert.firing)
            .execute()
        )
        if fired:
            _announce(condition, AlertState.FIRING, message, now, None, details)
    return bool(fired)


def clear(condition: Condition, message: str, **details: Any) -> bool:
    """Announce that a firing condition is over; True if this call announced it."""
    now = utcnow()
    if not Alert.select().where((Alert.key == condition.key) & Alert.firing).exists():
        return False  # the common case, without taking the write lock
    with write_transaction():
        alert = Alert.get_or_none((Alert.key == condition.key) & Alert.firing)
        if alert is None:
            return False
        cleared = (
            Alert.update(firing=False, cleared_at=now)
            .where((Alert.key == condition.key) & Alert.firing)
            .execute()
        )
        if cleared:
            _announce(condition, AlertState.RESOLVED, message, alert.fired_at, now, details)
    return bool(cleared)


def firing(kind: AlertKind) -> set[str]:
    """Keys of the conditions of a kind that are firing now."""
    return {a.key for a in Alert.select(Alert.key).where(Alert.firing & Alert.key.startswith(kind))}


def check_paused_queues(threshold_seconds: float) -> None:
    """A queue paused for longer than the threshold with executions waiting fires its alert;
    one resumed (or emptied) clears it."""
    now = utcnow()
    raised = firing(AlertKind.QUEUE_PAUSED)
    for state in QueueState.select():
        condition = Condition(AlertKind.QUEUE_PAUSED, state.name)
        waiting = (
            Execution.select()
            .where(
                (Execution.status == ExecutionStatus.QUEUED) & (Execution.priority == state.name)
            )
            .count()
        )
        since = state.paused_at or now
        stuck = bool(state.paused and waiting) and now - since > dt.timedelta(
            seconds=threshold_seconds
        )
        if stuck and condition.key not in raised:
            fire(
                condition,
                f"Queue {state.name} has been paused since {iso(since)} with {waiting} waiting",
                queue=state.name,
                paused_at=iso(state.paused_at),
                reason=state.reason,
                waiting=waiting,
            )
        elif not stuck and condition.key in raised:
            clear(condition, f"Queue {state.name} is running again", queue=state.name)


def _announce(
    condition: Condition,
    state: AlertState,
    message: str,
    since: dt.datetime | None,
    resolved_at: dt.datetime | None,
    details: dict[str, Any],
) -> None:
    enqueue(
        WebhookEvent.SYSTEM_ALERT,
        condition.audience,
        {
            "alert": condition.kind,
            "subject": condition.subject,
            "state": state,
            "level": LEVELS[condition.kind] if state is AlertState.FIRING else "info",
            "message": message,
            "since": iso(since),
            "resolved_at": iso(resolved_at),
            "details": details,
        },
    )
