"""A PostgreSQL database of a benchmark's own (TEST_DATABASE_URL's server), dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")


@contextmanager
def postgres_database(prefix: str = "bench") -> Iterator[str]:
    """A database of its own on the PostgreSQL server, dropped afterwards."""
    from storage.database import close_database

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    _postgres_admin(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        close_database()
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_answers() -> bool:
    try:
        _postgres_admin("SELECT 1")
    except Exception:
        return False
    return True


def _postgres_admin(statement: str) -> None:
    import psycopg2

    connection = psycopg2.connect(POSTGRES_URL, connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()
