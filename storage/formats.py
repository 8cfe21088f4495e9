"""Values as docs/API.md shows them (Response Format): ISO times with Z, HH:MM:SS durations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from storage.models import utcnow

__all__ = ["Span", "duration", "iso", "iso_ms", "parse_duration", "parse_span", "utcnow"]

_CLOCK = re.compile(r"[T ](?P<clock>[\d:]+)(?:[.,](?P<fraction>\d+))?")
_UNIT_OF_DIGITS = {2: dt.timedelta(hours=1), 4: dt.timedelta(minutes=1)}


def iso(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds") + "Z"


def iso_ms(value: dt.datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="milliseconds") + "Z"


def duration(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    total = int(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def parse_duration(text: str) -> int:
    """'HH:MM:SS' to seconds; raises ValueError naming the expected form."""
    parts = text.split(":")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError("expected HH:MM:SS")
    hours, minutes, seconds = (int(p) for p in parts)
    if minutes > 59 or seconds > 59:
        raise ValueError("expected HH:MM:SS with minutes and seconds below 60")
    return hours * 3600 + minutes * 60 + seconds


@dataclass(frozen=True)
class Span:
    """A time as written, at its precision: every moment it may stand for (naive UTC).

    "12:00:00Z" (how the API shows times) stands for the whole second, up to 12:00:00.999999.
    """

    start: dt.datetime
    end: dt.datetime  # the last microsecond it covers


def parse_span(text: str) -> Span:
    """An ISO 8601 date or date-time (UTC if no offset) and the span its precision covers;
    raises ValueError."""
    parsed = dt.datetime.fromisoformat(text)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return Span(parsed, parsed + _resolution(text) - dt.timedelta(microseconds=1))


def _resolution(text: str) -> dt.timedelta:
    """The unit of the last digit written: a day, an hour, a minute, a second or a fraction."""
    written = _CLOCK.search(text)
    if written is None:
        return dt.timedelta(days=1)
    if written["fraction"]:
        return dt.timedelta(microseconds=10 ** (6 - min(len(written["fraction"]), 6)))
    digits = len(written["clock"].replace(":", ""))
    return _UNIT_OF_DIGITS.get(digits, dt.timedelta(seconds=1))
