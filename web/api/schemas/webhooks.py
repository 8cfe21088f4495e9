"""Webhooks (API.md, Webhooks): the webhook, its secret (at creation only), its deliveries."""

from __future__ import annotations

import json
from typing import Literal, Self

from pydantic import Field

from storage.models import Delivery, DeliveryAttempt, Webhook
from storage.statuses import DeliveryStatus
from storage.webhooks import WebhookEvent, WebhookFilter
from storage.webhooks.deliveries import DeliveryFilter
from web.http.models import Body, JsonObject, Out, Timestamp, Uuid
from web.http.pagination import Page, Paging

WebhookSort = Literal["created_at", "updated_at", "url"]  # storage.webhooks.crud.SORTS
URL = (
    "http or https; its host must resolve to public addresses only (else 422 "
    "WEBHOOK_URL_REFUSED), unless listed in WEBHOOK_ALLOWED_HOSTS"
)
EVENTS = "the events delivered to it (each at most once)"


class WebhookCreate(Body):
    url: str = Field(min_length=1, max_length=2048, description=URL)
    events: list[WebhookEvent] = Field(
        min_length=1, max_length=len(WebhookEvent), description=EVENTS
    )
    project_id: Uuid | None = Field(
        None, description="a project's webhook (needs its manage right); default: your own"
    )
    active: bool = True
    description: str = Field("", max_length=500)


class WebhookUpdate(Body):
    url: str | None = Field(None, min_length=1, max_length=2048, description=URL)
    events: list[WebhookEvent] | None = Field(
        None, min_length=1, max_length=len(WebhookEvent), description=EVENTS
    )
    active: bool | None = Field(None, description="false also cancels deliveries not yet made")
    description: str | None = Field(None, max_length=500)


class WebhookListQuery(Paging):
    project_id: Uuid | None = None
    active: bool | None = None
    sort: WebhookSort = "created_at"

    def filter(self) -> WebhookFilter:
        return WebhookFilter(project_id=self.project_id, active=self.active)


class WebhookOut(Out):
    id: str
    url: str
    events: list[str]
    active: bool
    description: str
    project_id: str | None
    owner_id: str = Field(validation_alias="user_id")
    consecutive_failures: int = Field(description="failed attempts in a row")
    created_at: Timestamp
    updated_at: Timestamp

    @classmethod
    def of(cls, webhook: Webhook) -> Self:
        return cls.read(webhook)


class WebhookCreated(WebhookOut):
    secret: str = Field(description="signs every delivery; shown in this answer only, never again")

    @classmethod
    def of(cls, webhook: Webhook) -> Self:
        return cls.read(webhook)


class WebhookPage(Page[WebhookOut]):
    """A page of webhooks (never their secrets)."""


class AttemptOut(Out):
    number: int
    status: Literal["succeeded", "failed"]
    response_code: int | None
    duration_ms: int
    error: str | None
    started_at: Timestamp
    next_attempt_at: Timestamp | None = Field(description="when the next attempt is due, if any")

    @classmethod
    def of(cls, attempt: DeliveryAttempt) -> Self:
        return cls.read(attempt, status="succeeded" if attempt.succeeded else "failed")


class DeliveryOut(Out):
    id: str
    webhook_id: str
    event: str
    status: DeliveryStatus
    attempt_count: int = Field(description="attempts started")
    next_attempt_at: Timestamp | None
    last_response_code: int | None
    last_error: str | None
    redelivery_of: str | None
    created_at: Timestamp
    completed_at: Timestamp | None
    payload: JsonObject = Field(description="the body delivered (its signatures cover it)")
    attempts: list[AttemptOut]

    @classmethod
    def of(cls, delivery: Delivery, attempts: list[DeliveryAttempt]) -> Self:
        return cls.read(
            delivery,
            attempt_count=delivery.attempts,
            payload=json.loads(delivery.payload),
            attempts=[AttemptOut.of(a) for a in attempts],
            next_attempt_at=delivery.next_attempt_at
            if delivery.status == DeliveryStatus.PENDING
            else None,
        )


class DeliveryListQuery(Paging):
    status: DeliveryStatus | None = None
    event: str | None = Field(None, max_length=32)
    sort: Literal["created_at"] = "created_at"

    def filter(self) -> DeliveryFilter:
        return DeliveryFilter(status=self.status, event=self.event)


class DeliveryPage(Page[DeliveryOut]):
    """A page of a webhook's deliveries, newest first by default, each with its attempts."""
