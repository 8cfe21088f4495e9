"""A project's task events are numbered without gaps; writers of one stream take turns
(storage/live/event_log.append), on PostgreSQL too, where they run side by side."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from peewee import Database, PostgresqlDatabase

from storage.database import database, write_transaction
from storage.live import event_log
from storage.models import Project, Task
from storage.projects.crud import create_project
from tests.support.fixtures.accounts import MakeUser
from tests.support.fixtures.database import TEST_DATABASE
from tests.support.waiting import wait_for


def a_task(make_user: MakeUser, tmp_path: Path) -> Task:
    owner = make_user()
    project = create_project(owner, "p", tmp_path / "p")
    return Task.create(project=Project.get_by_id(project.id), created_by=owner, title="t")


def test_events_are_numbered_per_project_in_order(
    db: Database, make_user: MakeUser, tmp_path: Path
) -> None:
    task = a_task(make_user, tmp_path)
    rows = [event_log.append(task.project_id, task.id, "task_update", {"n": n}) for n in range(3)]
    assert [row.seq for row in rows] == [1, 2, 3]


def waiting_for_the_stream() -> bool:
    """Some session waits on an advisory lock (the stream's), not on a row or a key."""
    row = database.obj.execute_sql(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
        "AND wait_event = 'advisory' AND datname = current_database()"
    ).fetchone()
    return bool(row and row[0])


@pytest.mark.skipif(TEST_DATABASE != "postgresql", reason="SQLite has one writer at a time")
def test_a_writer_waits_for_the_open_transaction_of_another_then_takes_the_next_seq(
    db: Database, make_user: MakeUser, tmp_path: Path
) -> None:
    """The second writer waits for the stream's lock before it reads the last seq, instead of
    taking the same seq and failing on the key when the first commits (a burst of executes,
    each storing its `queued` in its own transaction, ran out of retries that way)."""
    assert isinstance(db, PostgresqlDatabase)
    task = a_task(make_user, tmp_path)
    appended, release, seqs = threading.Event(), threading.Event(), []

    def first() -> None:
        with write_transaction():  # as an execute's: the event, then the rest of its writes
            seqs.append(event_log.append(task.project_id, task.id, "task_update", {}).seq)
            appended.set()
            release.wait(30)
        db.close()

    def second() -> None:
        seqs.append(event_log.append(task.project_id, task.id, "task_update", {}).seq)
        db.close()

    writers = [threading.Thread(target=first), threading.Thread(target=second)]
    writers[0].start()
    assert appended.wait(30)
    writers[1].start()
    try:
        wait_for(waiting_for_the_stream)
    finally:
        release.set()
        for writer in writers:
            writer.join(30)
    assert seqs == [1, 2]
