"""A lock that processes take turns on: an exclusive flock on a file (made if missing).

The kernel lets go of it when its holder exits, however it exits, so a crash never leaves it
held. Used where processes without a database lock of their own must not overlap: SQLite's
migrations, and a project's git worktree steps.
"""

from __future__ import annotations

import contextlib
import fcntl
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def file_lock(path: Path) -> Iterator[None]:
    """Hold the exclusive lock of path for the block (waiting for whoever holds it)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
