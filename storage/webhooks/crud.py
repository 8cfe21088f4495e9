"""Webhooks as their owners manage them: create (the secret is returned this once), read,
change, delete (soft), with the access rules of everything else.

A personal webhook (no project) belongs to its owner and hears the events of every project
the owner may read. A project's webhook belongs to the project: whoever may manage the
project (its owner, maintainers, admins) sees and changes it. Admins see every webhook.
Anyone else's webhook is NotFound.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import ModelSelect

from storage.accounts.users import permissions_of
from storage.database import write_transaction
from storage.errors import NotFound
from storage.models import Delivery, Project, ProjectMember, User, Webhook, utcnow
from storage.pages import Page, PageRequest, paginate
from storage.projects.access import get_project
from storage.roles import MEMBER_ROLES, PROJECT_PERMISSIONS, Permission, ProjectPermission, Role
from storage.statuses import DELIVERY_OPEN, DeliveryStatus

SECRET_PREFIX = "whsec_"  # the Standard Webhooks form: whsec_ + base64 of the key
EDITABLE = ("url", "events", "active", "description")
SORTS = {"created_at": Webhook.created_at, "updated_at": Webhook.updated_at, "url": Webhook.url}
MANAGING_ROLES = tuple(
    r for r in MEMBER_ROLES if ProjectPermission.MANAGE in PROJECT_PERMISSIONS[r]
)


@dataclass(frozen=True)
class WebhookFilter:
    project_id: str | None = None
    active: bool | None = None


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def create_webhook(
    user: User,
    url: str,
    events: Sequence[str],
    project_id: str | None = None,
    active: bool = True,
    description: str = "",
) -> Webhook:
    """A new webhook with a fresh secret; a project's needs the project's manage right."""
    with write_transaction():
        if project_id is not None:
            get_project(user, project_id, ProjectPermission.MANAGE)
        return Webhook.create(
            user=user,
            project=project_id,
            url=url,
            events=list(dict.fromkeys(events)),
            active=active,
            description=description,
            secret=new_secret(),
        )


def visible_webhooks(user: User) -> ModelSelect[Webhook]:
    query = Webhook.select().where(Webhook.deleted_at.is_null())
    if user.role == Role.ADMIN:
        return query
    own = Webhook.project.is_null() & (Webhook.user == user)
    if Permission.WRITE not in permissions_of(user.role):  # never manages a project
        return query.where(own)
    managed = Project.select(Project.id).where(
        Project.deleted_at.is_null()
        & (
            (Project.created_by == user)
            | Project.id.in_(
                ProjectMember.select(ProjectMember.project).where(
                    (ProjectMember.user == user) & ProjectMember.role.in_(MANAGING_ROLES)
                )
            )
        )
    )
    return query.where(own | Webhook.project.in_(managed))


def get_webhook(user: User, webhook_id: str) -> Webhook:
    webhook = visible_webhooks(user).where(Webhook.id == webhook_id).get_or_none()
    if webhook is None:
        raise NotFound("webhook", webhook_id)
    return webhook


def list_webhooks(user: User, where: WebhookFilter, paging: PageRequest) -> Page[Webhook]:
    query = visible_webhooks(user)
    if where.project_id is not None:
        query = query.where(Webhook.project == where.project_id)
    if where.active is not None:
        query = query.where(Webhook.active == where.active)
    return paginate(query, paging, SORTS)


def update_webhook(user: User, webhook_id: str, changes: dict[str, Any]) -> Webhook:
    """Changes only the fields given; deactivating cancels the deliveries not yet made."""
    changes = {k: v for k, v in changes.items() if k in EDITABLE}
    if "events" in changes:
        changes["events"] = list(dict.fromkeys(changes["events"]))
    with write_transaction():
        webhook = get_webhook(user, webhook_id)
        if changes:
            Webhook.update(updated_at=utcnow(), **changes).where(Webhook.id == webhook.id).execute()
        if changes.get("active") is False:
            _cancel_open(webhook.id, "the webhook was deactivated")
    return get_webhook(user, webhook_id)


def delete_webhook(user: User, webhook_id: str) -> Webhook:
    """Soft delete: its deliveries stay for the record; those not yet made are cancelled."""
    with write_transaction():
        webhook = get_webhook(user, webhook_id)
        webhook.deleted_at = utcnow()
        Webhook.update(deleted_at=webhook.deleted_at, active=False).where(
            Webhook.id == webhook.id
        ).execute()
        _cancel_open(webhook.id, "the webhook was deleted")
    return webhook


def _cancel_open(webhook_id: str, reason: str) -> None:
    Delivery.update(
        status=DeliveryStatus.CANCELLED,
        completed_at=utcnow(),
        lease_token=None,
        lease_expires_at=None,
        last_error=reason,
    ).where((Delivery.webhook == webhook_id) & Delivery.status.in_(DELIVERY_OPEN)).execute()
