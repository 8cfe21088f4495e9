"""Opening the database named by DATABASE_URL and bringing its schema up to date."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from peewee import Database, OperationalError, PostgresqlDatabase, Select, SqliteDatabase
from playhouse.db_url import connect as connect_url
from playhouse.migrations import Runner

from storage.file_locks import file_lock
from storage.models import database

Q = TypeVar("Q", bound=Select)
T = TypeVar("T")
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
}
LOCK_TIMEOUT = 10.0  # seconds a SQLite writer waits for the write lock (busy timeout)
BUSY = "The database is busy: another process holds its write lock; retry shortly"
_MIGRATION_LOCK_KEY = zlib.crc32(b"claude-cli-web:migrations")
# Connections a forked child inherited from its parent. The child must never use them (the
# socket is shared) nor close them (closing says goodbye to the server on the parent's behalf),
# so they are set aside for the life of the process.
_inherited_connections: list[object] = []
_fork_hook_installed = False
_opened: tuple[Database, tuple[str, float]] | None = None  # the database bound, and its options


def open_database(url: str, lock_timeout: float = LOCK_TIMEOUT) -> Database:
    """A peewee database for url, bound to the models; connections open lazily per thread.

    lock_timeout: how long a SQLite writer waits for the write lock before its statement fails
    ("database is locked", see lock_timed_out).
    """
    global _opened
    if _opened is not None and _opened[1] == (url, lock_timeout) and _bound(_opened[0]):
        return _opened[0]
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///") :])
        path.parent.mkdir(parents=True, exist_ok=True)
        db: Database = LockWaitingSqlite(str(path), lock_timeout)
    else:
        db = connect_url(url.replace("postgres://", "postgresql://", 1))
    _opened = (db, (url, lock_timeout))
    database.initialize(db)
    _install_fork_hook()
    return db


class LockWaitingSqlite(SqliteDatabase):
    """SQLite whose statements wait for another connection's lock in short steps.

    SQLite's own busy handler sleeps 1, 2, 5, 10, ... then 100 ms between tries, so under
    contention a writer often sleeps on long after the lock was let go (tens of ms added to
    an event's delivery or a run's start). Here SQLite gives up at once (busy timeout 0) and
    the statement is tried again after 0.25 ms, doubling up to 2 ms, for at most
    `lock_timeout` seconds; then the error is SQLite's own ("database is locked"). Only a
    plain SQLITE_BUSY is retried: that statement did nothing. A stale snapshot
    (SQLITE_BUSY_SNAPSHOT) cannot succeed by waiting, so it fails as before.
    """

    FIRST_WAIT = 0.00025
    LONGEST_WAIT = 0.002

    def __init__(self, path: str, lock_timeout: float) -> None:
        pragmas = {**SQLITE_PRAGMAS, "busy_timeout": 0}
        super().__init__(path, pragmas=pragmas, timeout=0)
        self.lock_timeout = lock_timeout

    def execute_sql(self, sql: str, params: object = None) -> object:
        return self._waiting(super().execute_sql, sql, params)

    def begin(self, lock_type: str | None = None) -> None:
        self._waiting(super().begin, lock_type)

    def _waiting(self, statement: Callable[..., T], *args: object) -> T:
        deadline = None
        wait = self.FIRST_WAIT
        while True:
            try:
                return statement(*args)
            except OperationalError as error:
                if not _busy(error):
                    raise
                now = time.monotonic()
                deadline = now + self.lock_timeout if deadline is None else deadline
                if now >= deadline:
                    raise
                time.sleep(min(wait, deadline - now))
                wait = min(wait * 2, self.LONGEST_WAIT)


def _busy(error: OperationalError) -> bool:
    cause = getattr(error, "orig", None)  # peewee keeps the driver's exception here
    return getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_BUSY


def _bound(db: Database) -> bool:
    """Whether the models still use db (a test may have bound another database since)."""
    return database.obj is db


def _install_fork_hook() -> None:
    global _fork_hook_installed
    if not _fork_hook_installed:
        os.register_at_fork(after_in_child=_set_aside_inherited_connection)
        _fork_hook_installed = True


def _set_aside_inherited_connection() -> None:
    db = database.obj
    if db is not None and db._state.conn is not None:
        _inherited_connections.append(db._state.conn)
        db._state.reset()


def lock_timed_out(error: Exception) -> bool:
    """Whether a database error is SQLite's write lock still held after the busy timeout."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def close_database() -> None:
    """Close this thread's connection, if any."""
    if database.obj is not None and not database.is_closed():
        database.close()


def migrate(db: Database) -> list[str]:
    """Apply pending migrations under a cross-process lock; returns the names applied."""
    with _migration_lock(db):
        applied: list[str] = Runner(db, str(MIGRATIONS_DIR)).up()
    return applied


def pending_migrations(db: Database) -> list[str]:
    return [m.name for m in Runner(db, str(MIGRATIONS_DIR)).status() if not m.applied]


def ping(db: Database) -> float:
    """Round-trip a trivial query; returns milliseconds."""
    started = time.perf_counter()
    db.execute_sql("SELECT 1").fetchone()
    return (time.perf_counter() - started) * 1000


@contextlib.contextmanager
def _migration_lock(db: Database) -> Iterator[None]:
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_lock(%s)", (_MIGRATION_LOCK_KEY,))
        try:
            yield
        finally:
            db.execute_sql("SELECT pg_advisory_unlock(%s)", (_MIGRATION_LOCK_KEY,))
    else:
        with file_lock(Path(db.database + ".migrate.lock")):
            yield


def locked(query: Q, *, shared: bool = False) -> Q:
    """query FOR UPDATE (or FOR SHARE) where the database has row locks; SQLite's write lock,
    taken at the start of every write transaction, already covers it."""
    if not database.obj.for_update:
        return query
    return query.for_update("FOR SHARE" if shared else True)  # type: ignore[arg-type]  # peewee takes a clause


def serialised(kind: str, key: str) -> None:
    """Inside a write transaction: wait until no other transaction holds (kind, key), and hold
    it until this one ends (a PostgreSQL advisory lock; SQLite's write lock, taken at the
    start of every write transaction, already excludes every other writer)."""
    db: Database = database.obj
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s), hashtext(%s))", (kind, key))


def write_transaction() -> contextlib.AbstractContextManager[object]:
    """A transaction that takes the write lock at once on SQLite (no upgrade deadlocks)."""
    db: Database = database.obj
    if isinstance(db, SqliteDatabase):
        return db.atomic("IMMEDIATE")
    return db.atomic()
