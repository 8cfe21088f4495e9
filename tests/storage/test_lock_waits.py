"""SQLite writers wait for another connection's write lock in short steps (storage.database):
they go on as soon as it is let go, and fail with SQLite's own error after the lock timeout."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from peewee import OperationalError

from storage.database import LockWaitingSqlite, lock_timed_out
from tests.support.locks import write_lock_held


@pytest.fixture
def database(tmp_path: Path) -> LockWaitingSqlite:
    db = LockWaitingSqlite(str(tmp_path / "locks.sqlite3"), lock_timeout=60)
    db.execute_sql("CREATE TABLE item (n INTEGER)")
    return db


def test_sqlite_itself_never_sleeps_on_the_lock(database: LockWaitingSqlite) -> None:
    assert database.execute_sql("PRAGMA busy_timeout").fetchone() == (0,)


def test_a_writer_goes_on_once_the_lock_is_let_go(
    database: LockWaitingSqlite, tmp_path: Path
) -> None:
    done = threading.Event()

    def write() -> None:
        with database.atomic("IMMEDIATE"):
            database.execute_sql("INSERT INTO item VALUES (1)")
        done.set()

    with write_lock_held(tmp_path / "locks.sqlite3") as holder:
        writer = threading.Thread(target=write)
        writer.start()
        assert not done.wait(0.2)  # waiting for the lock the holder keeps
        assert holder.poll() is None
    writer.join(30)
    assert done.is_set()
    assert database.execute_sql("SELECT count(*) FROM item").fetchone() == (1,)


def test_a_writer_fails_with_sqlites_error_after_the_lock_timeout(tmp_path: Path) -> None:
    database = LockWaitingSqlite(str(tmp_path / "locks.sqlite3"), lock_timeout=0.2)
    database.execute_sql("CREATE TABLE item (n INTEGER)")
    with write_lock_held(tmp_path / "locks.sqlite3"):
        with pytest.raises(OperationalError) as refused:
            database.execute_sql("INSERT INTO item VALUES (1)")
        assert lock_timed_out(refused.value)
        with pytest.raises(OperationalError), database.atomic("IMMEDIATE"):
            pass  # BEGIN IMMEDIATE waits the same way
    database.execute_sql("INSERT INTO item VALUES (2)")
    assert database.execute_sql("SELECT n FROM item").fetchall() == [(2,)]
