"""Jinja filters of the pages: every time in the user's time zone, durations, money."""

from __future__ import annotations

import datetime as dt
import json
import zoneinfo
from typing import Any

import jinja2

UTC = zoneinfo.ZoneInfo("UTC")


def parse_time(value: object) -> dt.datetime | None:
    """An API timestamp (ISO 8601 text, Z for UTC) or a datetime (naive: UTC) as aware UTC."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@jinja2.pass_context
def localtime(context: jinja2.runtime.Context, value: object, seconds: bool = False) -> str:
    """The time in the signed-in user's time zone (`tz` of the layout), with its abbreviation."""
    moment = parse_time(value)
    if moment is None:
        return "—"
    zone = _zone(context.get("tz"))
    shown = moment.astimezone(zone)
    return shown.strftime("%Y-%m-%d %H:%M:%S %Z" if seconds else "%Y-%m-%d %H:%M %Z")


def isotime(value: object) -> str:
    """The machine-readable form for <time datetime=...>."""
    moment = parse_time(value)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z") if moment else ""


def money(value: object) -> str:
    amount = float(value) if isinstance(value, int | float) else 0.0
    return f"${amount:,.4f}" if 0 < amount < 1 else f"${amount:,.2f}"


def seconds(value: object) -> str:
    """A number of seconds as 1h 02m 03s (— for none)."""
    if not isinstance(value, int | float):
        return "—"
    total = int(round(value))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}h {minutes:02d}m {secs:02d}s"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def _zone(name: Any) -> dt.tzinfo:
    try:
        return zoneinfo.ZoneInfo(str(name)) if name else UTC
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC


FILTERS = {"localtime": localtime, "isotime": isotime, "money": money, "seconds": seconds}


def pretty(value: object) -> str:
    """JSON shown to a person (autoescaped as text like everything else)."""
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


FILTERS["pretty"] = pretty
