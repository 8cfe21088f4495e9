"""Log lines of every process (web, actors and each actor process): one JSON object per line, or
plain text for a terminal, by LOG_FORMAT. Fields passed as `extra=` (request_id, execution_id, …)
become keys of the JSON object."""

from __future__ import annotations

import logging.config
from enum import StrEnum
from typing import Any


class LogFormat(StrEnum):
    JSON = "json"
    TEXT = "text"


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# pythonjsonlogger reads the field names out of the format; the renames give them short keys, and
# `timestamp` is the record's time in ISO 8601, UTC
JSON_FIELDS = "%(levelname)s %(name)s %(message)s"
JSON_RENAMES = {"levelname": "level", "name": "logger"}


def logging_config(level: str, log_format: LogFormat) -> dict[str, Any]:
    """A `logging.config.dictConfig` schema: the root logger at `level` to stderr."""
    formatter: dict[str, Any] = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": JSON_RENAMES,
            "timestamp": True,
        }
        if log_format is LogFormat.JSON
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"line": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "line",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
    }


def configure_logging(level: str, log_format: LogFormat) -> None:
    logging.config.dictConfig(logging_config(level, log_format))
