"""Start-up of a server process (web, actors): its settings, or the reason it cannot start,
and its logging."""

from __future__ import annotations

import logging
import sys

from config.errors import ConfigError
from config.settings import Settings, load_settings

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONFIG_ERROR_EXIT = 2


def process_settings(process: str) -> Settings | None:
    """Settings from the environment with logging set up at their level; None (after saying
    why on stderr) when a variable holds a value the process cannot start with."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"{process}: configuration error: {exc}", file=sys.stderr)
        return None
    logging.basicConfig(level=settings.log_level, format=LOG_FORMAT)
    return settings
