"""Start-up of a server process (web, actors): its settings, or the reason it cannot start,
and its logging."""

from __future__ import annotations

import sys

from config.errors import ConfigError
from config.logs import configure_logging
from config.settings import Settings, load_settings

CONFIG_ERROR_EXIT = 2


def process_settings(process: str) -> Settings | None:
    """Settings from the environment with logging set up at their level; None (after saying
    why on stderr) when a variable holds a value the process cannot start with."""
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"{process}: configuration error: {exc}", file=sys.stderr)
        return None
    configure_logging(settings.log_level, settings.log_format)
    return settings
