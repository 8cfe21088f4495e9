"""What the runtime writes about deliveries: claims (with a lease, so several runtimes may
share one outbox and a crashed one's claims expire) and each attempt's outcome.

A claim moves due deliveries to `delivering` with a fresh lease token in one conditional
update, so two claimers never hold the same delivery; the outcome is written only while the
token still holds it. A failure is retried after retry_delay until max_attempts, then `failed`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import cast

from peewee import Expression

from config.webhooks import WebhookSettings
from storage.database import write_transaction
from storage.models import Delivery, DeliveryAttempt, Webhook, utcnow
from storage.statuses import DeliveryStatus
from storage.webhooks.alerts import Condition, clear, fire
from storage.webhooks.backoff import retry_delay
from storage.webhooks.events import AlertKind
from storage.webhooks.outbox import Admins

LOST = "the runtime attempting it stopped before it answered"


@dataclass(frozen=True)
class DeliveryJob:
    """One claimed attempt, as plain values (it never leaves the WebhookActor's process)."""

    delivery_id: str
    webhook_id: str
    event: str
    url: str
    payload: str
    attempt: int
    lease_token: str
    secret: str = field(repr=False)


@dataclass(frozen=True)
class Outcome:
    """What one attempt saw: a 2xx answer is a success, anything else a failure."""

    started_at: dt.datetime
    duration_ms: int
    response_code: int | None = None
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return (
            self.error is None
            and self.response_code is not None
            and 200 <= self.response_code < 300
        )


def claim_due(limit: int, settings: WebhookSettings) -> list[DeliveryJob]:
    """Up to limit deliveries whose attempt is due (or whose claim expired), now held."""
    now = utcnow()
    rows = (
        Delivery.select(Delivery.id, Delivery.attempts)
        .join(Webhook)
        .where(Webhook.active & Webhook.deleted_at.is_null() & _due(now))
        .order_by(Delivery.next_attempt_at)
        .limit(limit)
        .tuples()
    )
    candidates = cast("list[tuple[str, int]]", list(rows))
    if not candidates:
        return []  # the common case: no write at all
    spent = [d for d, attempts in candidates if attempts >= settings.max_attempts]
    claimable = [d for d, attempts in candidates if attempts < settings.max_attempts]
    token = str(uuid.uuid4())
    with write_transaction():
        if spent:
            Delivery.update(
                status=DeliveryStatus.FAILED,
                completed_at=now,
                lease_expires_at=None,
                lease_token=None,
                last_error=LOST,
            ).where(Delivery.id.in_(spent) & _due(now)).execute()
        if claimable:
            Delivery.update(
                status=DeliveryStatus.DELIVERING,
                lease_token=token,
                lease_expires_at=now + dt.timedelta(seconds=settings.lease_seconds),
                attempts=Delivery.attempts + 1,
            ).where(Delivery.id.in_(claimable) & _due(now)).execute()
    held = (
        Delivery.select(Delivery, Webhook)
        .join(Webhook)
        .where(Delivery.lease_token == token)
        .order_by(Delivery.next_attempt_at)
    )
    return [
        DeliveryJob(
            d.id,
            d.webhook_id,
            d.event,
            d.webhook.url,
            d.payload,
            d.attempts,
            token,
            d.webhook.secret,
        )
        for d in held
    ]


def record_attempt(
    job: DeliveryJob, outcome: Outcome, settings: WebhookSettings
) -> DeliveryStatus | None:
    """Write the attempt and what follows from it; None if the claim was lost meanwhile."""
    now = utcnow()
    succeeded = outcome.succeeded
    retry_at = None
    if not succeeded and job.attempt < settings.max_attempts:
        wait = retry_delay(job.attempt, settings.backoff_seconds, settings.backoff_max_seconds)
        retry_at = now + dt.timedelta(seconds=wait)
    if succeeded:
        status = DeliveryStatus.DELIVERED
    else:
        status = DeliveryStatus.PENDING if retry_at else DeliveryStatus.FAILED
    with write_transaction():
        DeliveryAttempt.create(
            delivery=job.delivery_id,
            number=job.attempt,
            started_at=outcome.started_at,
            duration_ms=outcome.duration_ms,
            succeeded=succeeded,
            response_code=outcome.response_code,
            error=outcome.error,
            next_attempt_at=retry_at,
        )
        held = Delivery.update(
            status=status,
            next_attempt_at=retry_at,
            completed_at=None if retry_at else now,
            lease_expires_at=None,
            lease_token=None,
            last_response_code=outcome.response_code,
            last_error=outcome.error,
        ).where(
            (Delivery.id == job.delivery_id)
            & (Delivery.lease_token == job.lease_token)
            & (Delivery.status == DeliveryStatus.DELIVERING)
        )
        if not held.execute():
            return None
        _count_failures(job.webhook_id, succeeded, settings.alert_failures)
    return status


def _count_failures(webhook_id: str, succeeded: bool, alert_after: int) -> None:
    """Failed attempts in a row per webhook; alert_after of them raise an alert that the
    next success clears."""
    webhook = Webhook.get_by_id(webhook_id)
    condition = Condition(
        AlertKind.WEBHOOK_FAILING, webhook_id, Admins(webhook.user_id, except_webhook=webhook_id)
    )
    if succeeded:
        Webhook.update(consecutive_failures=0).where(Webhook.id == webhook_id).execute()
        if webhook.consecutive_failures >= alert_after:
            clear(
                condition,
                f"Webhook {webhook.url} delivers again",
                webhook_id=webhook_id,
                url=webhook.url,
            )
        return
    Webhook.update(consecutive_failures=Webhook.consecutive_failures + 1).where(
        Webhook.id == webhook_id
    ).execute()
    failures = webhook.consecutive_failures + 1
    if failures >= alert_after:
        fire(
            condition,
            f"Webhook {webhook.url} failed {failures} attempts in a row",
            webhook_id=webhook_id,
            url=webhook.url,
            failures=failures,
        )


def _due(now: dt.datetime) -> Expression:
    waiting = (Delivery.status == DeliveryStatus.PENDING) & (Delivery.next_attempt_at <= now)
    abandoned = (Delivery.status == DeliveryStatus.DELIVERING) & (Delivery.lease_expires_at < now)
    return waiting | abandoned
