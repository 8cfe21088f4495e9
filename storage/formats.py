"""Values as docs/API.md shows them (Response Format): ISO times with Z, HH:MM:SS durations."""

from __future__ import annotations

import datetime as dt

from storage.models import utcnow

__all__ = ["duration", "iso", "iso_ms", "parse_duration", "utcnow"]


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
