"""Another process holding SQLite's write lock until the test lets it go."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

HOLDER = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""


@contextlib.contextmanager
def write_lock_held(database: Path) -> Iterator[subprocess.Popen[str]]:
    """A process that holds the write lock of the SQLite file (BEGIN IMMEDIATE) from entry
    until exit; yields it (alive throughout)."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(30)
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(30)
        holder.stdin.close()
        holder.stdout.close()
