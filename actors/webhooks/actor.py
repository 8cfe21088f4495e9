"""WebhookActor: delivers the outbox (child of the Supervisor, restarted when it dies).

Thespian actors are synchronous, so the HTTP of each attempt runs in a small thread pool
(WEBHOOK_CONCURRENCY threads, each with its own database connection): the actor's own turns
are a claim query every WEBHOOK_POLL_SECONDS (wakeupAfter) and handing what it claimed to a
free thread, so a slow or silent receiver never holds its mailbox, and no other actor waits on
it. A thread that finished an attempt claims the next due delivery itself before it stops, so
a backlog drains at the pace of the receivers, not of the poll. Everything is in storage: a
restarted actor (or another runtime sharing the database) claims what is due, and a claim
whose runtime died expires with its lease.

It also watches the runtime's own alert condition: a queue paused too long with work waiting.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from actors.base import ActorExitRequest, WakeupMessage
from actors.messages import StartWebhooks, WebhooksStarted
from actors.names import ActorAddress
from actors.orphans import ExitsWhenOrphaned
from actors.webhooks.sender import attempt
from config import current_settings
from config.webhooks import WebhookSettings
from storage.database import open_database
from storage.webhooks import alerts
from storage.webhooks.attempts import DeliveryJob, claim_due, record_attempt

log = logging.getLogger(__name__)
QUEUE_CHECK_MAX_SECONDS = 30.0


@dataclass(frozen=True)
class Poll:
    """Wakeup payload: claim what is due."""


class WebhookActor(ExitsWhenOrphaned):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.settings: WebhookSettings | None = None
        self.pool: ThreadPoolExecutor | None = None
        self.in_flight: set[Future[None]] = set()
        self.queues_checked = 0.0

    def receiveMsg_StartWebhooks(self, msg: StartWebhooks, sender: ActorAddress) -> None:
        if self.settings is not None:
            return
        settings = current_settings()
        open_database(settings.database_url)
        self.pool = ThreadPoolExecutor(settings.webhooks.concurrency, thread_name_prefix="webhook")
        self.settings = settings.webhooks
        self.watch_parent()
        self._poll()
        self.send(sender, WebhooksStarted(os.getpid()))

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if isinstance(msg.payload, Poll):
            self._poll()
        else:
            super().receiveMsg_WakeupMessage(msg, sender)

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: ActorAddress) -> None:
        if self.pool is not None:  # attempts in flight keep their lease and are claimed again
            self.pool.shutdown(wait=False, cancel_futures=True)

    def _poll(self) -> None:
        settings = self.settings
        assert settings is not None and self.pool is not None
        self.wakeupAfter(dt.timedelta(seconds=settings.poll_seconds), payload=Poll())  # first
        self.in_flight = {f for f in self.in_flight if not f.done()}
        try:
            free = settings.concurrency - len(self.in_flight)
            for job in claim_due(free, settings) if free > 0 else []:
                self.in_flight.add(self.pool.submit(_work, job, settings))
            self._check_queues(settings)
        except Exception:  # storage unreachable: the next poll tries again
            log.exception("could not claim webhook deliveries")

    def _check_queues(self, settings: WebhookSettings) -> None:
        every = min(QUEUE_CHECK_MAX_SECONDS, settings.alert_queue_paused_seconds / 2)
        now = time.monotonic()
        if now - self.queues_checked >= every:
            self.queues_checked = now
            alerts.check_paused_queues(settings.alert_queue_paused_seconds)


def _work(job: DeliveryJob | None, settings: WebhookSettings) -> None:
    """In a pool thread: deliver, then claim the next due delivery, until none is due."""
    while job is not None:
        _deliver(job, settings)
        try:
            job = next(iter(claim_due(1, settings)), None)
        except Exception:  # storage unreachable: the actor's next poll tries again
            log.exception("could not claim webhook deliveries")
            return


def _deliver(job: DeliveryJob, settings: WebhookSettings) -> None:
    """One attempt and its record."""
    try:
        outcome = attempt(job, settings)
        status = record_attempt(job, outcome, settings)
        log.info(
            "webhook delivery %s attempt %d: %s",
            job.delivery_id,
            job.attempt,
            status or "claim lost",
            extra={"delivery_id": job.delivery_id, "webhook_id": job.webhook_id},
        )
    except Exception:
        log.exception("webhook delivery %s attempt %d failed to run", job.delivery_id, job.attempt)
