"""The durable outbox: an event becomes one delivery row per subscribed webhook, written in the
caller's transaction (so it exists exactly when the change does), before any attempt.

Who hears an event (its audience) follows the access rules: a project's events go to that
project's webhooks and to the personal webhooks of whoever may read the project (its owner,
its members, admins); maintenance goes to every webhook that asks for it; alerts go to admins'
webhooks (and a failing webhook's owner's other webhooks).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from peewee import JOIN, Expression

from storage.formats import iso
from storage.models import Delivery, Project, ProjectMember, User, Webhook, new_id, utcnow
from storage.prepared import Binds
from storage.roles import Role
from storage.statuses import DeliveryStatus

Data = Mapping[str, Any]


@dataclass(frozen=True)
class ProjectAudience:
    """Everyone who may read the project, and the project's own webhooks."""

    project_id: str


@dataclass(frozen=True)
class EveryWebhook:
    """Every webhook that subscribed (news for all users, such as maintenance)."""


@dataclass(frozen=True)
class Admins:
    """Webhooks of admins, and of one more owner (whose webhook an alert is about), except
    the webhook the alert is about."""

    owner_id: str | None = None
    except_webhook: str | None = None


Audience = ProjectAudience | EveryWebhook | Admins


def enqueue(event: str, audience: Audience, data: Data | Callable[[], Data]) -> int:
    """Write a pending delivery of event for each active webhook of the audience subscribed to
    it; data may be a function, called only if some webhook is. Returns how many."""
    hooks = [hook_id for hook_id, events in _candidates(audience) if event in events]
    if not hooks:
        return 0
    body = data() if callable(data) else data
    now = utcnow()
    rows = []
    for webhook_id in hooks:
        delivery_id = new_id()
        rows.append(
            _row(
                delivery_id,
                webhook_id,
                event,
                payload(event, body, webhook_id, delivery_id, now),
                now,
            )
        )
    Delivery.insert_many(rows).execute()
    return len(rows)


def enqueue_for(
    webhook_id: str, event: str, data: Data, at: str | None = None, redelivery_of: str | None = None
) -> Delivery:
    """One delivery to one webhook (a test, a redelivery), whatever it subscribed to."""
    now = utcnow()
    delivery_id = new_id()
    body = payload(event, data, webhook_id, delivery_id, now, at)
    row = _row(delivery_id, webhook_id, event, body, now)
    return Delivery.create(**row, redelivery_of=redelivery_of)


def payload(
    event: str,
    data: Data,
    webhook_id: str,
    delivery_id: str,
    now: Any,
    at: str | None = None,
) -> str:
    """The body as sent (API.md, Webhook Payload Format), compact JSON."""
    document = {
        "event": event,
        "timestamp": at or iso(now),
        "data": dict(data),
        "webhook_id": webhook_id,
        "delivery_id": delivery_id,
    }
    return json.dumps(document, separators=(",", ":"), default=str)


def _row(delivery_id: str, webhook_id: str, event: str, body: str, now: Any) -> dict[str, Any]:
    return {
        "id": delivery_id,
        "webhook": webhook_id,
        "event": event,
        "payload": body,
        "status": DeliveryStatus.PENDING,
        "next_attempt_at": now,
        "created_at": now,
    }


def _candidates(audience: Audience) -> list[tuple[str, list[str]]]:
    """(id, events) of the active webhooks the audience covers (asked on every task change:
    a prepared query, its SQL built once per kind of audience)."""
    binds = Binds()
    query = (
        Webhook.select(Webhook.id, Webhook.events)
        .join(User, on=(Webhook.user == User.id))
        .switch(Webhook)
        .join(Project, JOIN.LEFT_OUTER, on=(Webhook.project == Project.id))
        .where(
            Webhook.active
            & Webhook.deleted_at.is_null()
            & User.is_active
            & (Webhook.project.is_null() | Project.deleted_at.is_null())
        )
    )
    condition = _covers(audience, binds)
    if condition is not None:
        query = query.where(condition)
    rows = binds.run_dicts(("webhook candidates", type(audience).__name__), query)
    return [(row["id"], row["events"] or []) for row in rows]


def _covers(audience: Audience, binds: Binds) -> Expression | None:
    admins = User.role == binds.slot("admin", Role.ADMIN)
    if isinstance(audience, ProjectAudience):
        project = binds.slot("project", audience.project_id)
        owner = Project.select(Project.created_by).where(Project.id == project)
        members = ProjectMember.select(ProjectMember.user).where(ProjectMember.project == project)
        readers = admins | Webhook.user.in_(owner) | Webhook.user.in_(members)
        return (Webhook.project == project) | (Webhook.project.is_null() & readers)
    if isinstance(audience, Admins):
        covered = admins
        if audience.owner_id is not None:
            covered |= Webhook.user == binds.slot("owner", audience.owner_id)
        if audience.except_webhook is not None:
            covered &= Webhook.id != binds.slot("except", audience.except_webhook)
        return covered
    return None
