"""Reading a finished run of the fake CLI back: what it was started with, and its events."""

from __future__ import annotations

import json
from typing import Any


def output_text(execution: dict[str, Any]) -> str:
    return "".join(chunk["content"] for chunk in execution["output"])


def stream_events(execution: dict[str, Any]) -> list[dict[str, Any]]:
    """The JSON events of the run's output, in order."""
    events = []
    for line in output_text(execution).splitlines():
        if line.startswith("{"):
            events.append(json.loads(line))
    return events


def invocation(execution: dict[str, Any]) -> tuple[list[str], str]:
    """The argv (after the program) and standard input the fake CLI reported."""
    (event,) = [e for e in stream_events(execution) if e.get("type") == "fake_invocation"]
    return event["argv"], event["stdin"]


def init_event(execution: dict[str, Any]) -> dict[str, Any]:
    (event,) = [e for e in stream_events(execution) if e.get("subtype") == "init"]
    return event
