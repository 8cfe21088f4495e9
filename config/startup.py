"""Start-up of a server process (web, actors, storage migrate): its settings, or the reason it
cannot start, its logging, and how it creates files."""

from __future__ import annotations

import faulthandler
import os
import signal
import stat
import sys
from pathlib import Path

from config.errors import ConfigError
from config.logs import configure_logging
from config.settings import Settings, load_settings

CONFIG_ERROR_EXIT = 2
PRIVATE_UMASK = 0o077
THESPIAN_LOG = "thespian.log"


def process_settings(process: str) -> Settings | None:
    """Settings from the environment with logging set up at their level; None (after saying
    why on stderr) when a variable holds a value the process cannot start with.

    Everything the process creates from here on (DATA_DIR, secrets, database, logs) is
    readable by its own user only, and Thespian's own log (else $TMPDIR/thespian.log) is
    DATA_DIR/thespian.log; processes forked later (the actor system) inherit both. A DATA_DIR
    made earlier with looser modes is closed to other users (0700) as well.

    SIGUSR1 writes every thread's stack to stderr (faulthandler): where a process that does
    not answer is waiting, without stopping it."""
    os.umask(PRIVATE_UMASK)
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"{process}: configuration error: {exc}", file=sys.stderr)
        return None
    _close(settings.data_dir)
    os.environ["THESPLOG_FILE"] = str(settings.data_dir / THESPIAN_LOG)
    configure_logging(settings.log_level, settings.log_format)
    return settings


def _close(data_dir: Path) -> None:
    """DATA_DIR, if it exists and is ours, open to its owner only (what is inside with it)."""
    try:
        info = data_dir.stat()
    except FileNotFoundError:
        return
    if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) & 0o077:
        data_dir.chmod(stat.S_IMODE(info.st_mode) & 0o700)
