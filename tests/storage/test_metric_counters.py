"""Counters kept in storage: increments from many writers add up, histograms keep their
buckets, and webhook deliveries are read only once their table exists."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

from peewee import Database

from storage import metrics
from storage.database import close_database, write_transaction
from storage.metrics import Counted, RunKind
from storage.models import Command, Delivery, Webhook, utcnow
from storage.runs import commands
from storage.statuses import CommandStatus
from tests.support.fixtures.accounts import MakeUser

WRITERS, EACH = 8, 25


def test_concurrent_increments_are_all_counted(db: Database) -> None:
    start = threading.Barrier(WRITERS)

    def write() -> None:
        start.wait(timeout=10)
        try:
            for _ in range(EACH):
                with write_transaction():
                    metrics.add(Counted.LEASE_EXPIRIES, kind=RunKind.COMMAND)
        finally:
            close_database()  # this thread's connection

    with ThreadPoolExecutor(WRITERS) as pool:
        for future in [pool.submit(write) for _ in range(WRITERS)]:
            future.result()
    (series,) = metrics.read_counters()[Counted.LEASE_EXPIRIES]
    assert series.labels == {"kind": "command"} and series.value == WRITERS * EACH


def test_a_histogram_keeps_each_bucket_and_the_sum(db: Database) -> None:
    for seconds in (0.5, 0.5, 7, 9000):
        metrics.observe(Counted.EXECUTION_DURATION, seconds, status="completed")
    counted = metrics.read_counters()
    buckets = {s.labels["le"]: s.value for s in counted[Counted.EXECUTION_DURATION]}
    assert buckets == {"1.0": 2, "10.0": 1, "+Inf": 1}
    (total,) = counted[metrics.sum_series(Counted.EXECUTION_DURATION)]
    assert total.labels == {"status": "completed"} and total.value == 9008


def test_nothing_is_added_for_nothing(db: Database) -> None:
    metrics.add(Counted.COMMANDS, 0, status="failed")
    assert Counted.COMMANDS not in metrics.read_counters()


def test_webhook_deliveries_are_counted_by_outcome(db: Database, make_user: MakeUser) -> None:
    assert metrics.delivery_outcomes() == {"delivered": 0, "failed": 0, "cancelled": 0}
    webhook = Webhook.create(user=make_user(), url="https://example.org/hook", secret="s" * 32)
    statuses = ("delivered", "delivered", "failed", "pending", "delivering")
    Delivery.insert_many(
        [
            {"webhook": webhook, "event": "task.created", "payload": "{}", "status": s}
            for s in statuses
        ]
    ).execute()
    assert metrics.delivery_outcomes() == {"delivered": 2, "failed": 1, "cancelled": 0}


def test_a_lost_command_is_counted_once_as_failed_and_as_a_lease_expiry(
    db: Database, make_user: MakeUser
) -> None:
    Command.create(
        user=make_user(),
        command="sleep 60",
        working_directory="/tmp",
        status=CommandStatus.RUNNING,
        lease_expires_at=utcnow() - dt.timedelta(seconds=1),
    )
    assert commands.expire_lost() == 1
    assert commands.expire_lost() == 0  # already ended: not counted again
    counted = metrics.read_counters()
    assert [(s.labels, s.value) for s in counted[Counted.COMMANDS]] == [({"status": "failed"}, 1)]
    (expiries,) = counted[Counted.LEASE_EXPIRIES]
    assert expiries.labels == {"kind": "command"} and expiries.value == 1
