"""Parser of the Claude CLI's stream-json output: session, progress, what its init event reports
and its final result (cost, usage, turns, subtype)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from storage.runs.usage import TOKEN_FIELDS, CliInit, CliResult

INIT_DETAILS = ("cwd", "tools", "permissionMode", "mcp_servers")
STEP_PROGRESS = 5
MAX_STEP_PROGRESS = 95


@dataclass
class StreamState:
    session_id: str | None = None
    progress: int = 0
    steps: int = 0
    todos_total: int = 0
    todos_done: int = 0
    init: CliInit | None = None
    result: CliResult | None = None
    plain_lines: int = 0

    @property
    def result_text(self) -> str | None:
        return self.result.text if self.result is not None else None

    @property
    def failure(self) -> str | None:
        """Why the CLI's result says the run failed; None when it did not (or sent none)."""
        return self.result.failure_reason() if self.result and self.result.failed else None


class StreamParser:
    """Feed stdout text in any chunking; complete lines update the state."""

    def __init__(self) -> None:
        self.state = StreamState()
        self._partial = ""
        self._events: list[dict[str, Any]] = []

    def events(self) -> list[dict[str, Any]]:
        """The events of the lines completed since the last call, in order."""
        done, self._events = self._events, []
        return done

    def feed(self, text: str) -> bool:
        """Consume text; returns True when progress or session changed."""
        before = (self.state.progress, self.state.session_id)
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            self._line(line)
        return (self.state.progress, self.state.session_id) != before

    def close(self) -> None:
        """End of stream: a last line without newline still counts."""
        if self._partial:
            self._line(self._partial)
            self._partial = ""

    def _line(self, line: str) -> None:
        line = line.strip()
        if not line:
            return
        try:
            event = json.loads(line)
        except ValueError:
            self.state.plain_lines += 1
            return
        if not isinstance(event, dict):
            self.state.plain_lines += 1
            return
        self._events.append(event)
        if isinstance(event.get("session_id"), str):
            self.state.session_id = event["session_id"]
        kind = event.get("type")
        if kind == "assistant":
            self._assistant(event.get("message") or {})
        elif kind == "system" and event.get("subtype") == "init":
            self.state.init = CliInit(
                session_id=_text(event.get("session_id")),
                model=_text(event.get("model")),
                details={k: event[k] for k in INIT_DETAILS if k in event},
            )
        elif kind == "result":
            self.state.result = _result(event)

    def _assistant(self, message: dict[str, Any]) -> None:
        self.state.steps += 1
        for block in message.get("content") or ():
            if (
                isinstance(block, dict)
                and block.get("type") == "tool_use"
                and block.get("name") == "TodoWrite"
            ):
                self._todos((block.get("input") or {}).get("todos") or [])
        if self.state.todos_total:
            share = self.state.todos_done / self.state.todos_total
            self.state.progress = max(self.state.progress, min(99, int(share * 100)))
        else:
            self.state.progress = min(MAX_STEP_PROGRESS, self.state.steps * STEP_PROGRESS)

    def _todos(self, todos: list[Any]) -> None:
        items = [t for t in todos if isinstance(t, dict)]
        self.state.todos_total = len(items)
        self.state.todos_done = sum(1 for t in items if t.get("status") == "completed")


def _result(event: dict[str, Any]) -> CliResult:
    usage = event.get("usage")
    if not isinstance(usage, dict):
        usage = {}
    cost = event.get("total_cost_usd")
    return CliResult(
        subtype=_text(event.get("subtype")) or "unknown",
        is_error=event.get("is_error") is True,
        text=_text(event.get("result")),
        cost_usd=float(cost) if isinstance(cost, int | float) else None,
        tokens={k: v for k in TOKEN_FIELDS if isinstance(v := usage.get(k), int)},
        num_turns=_integer(event.get("num_turns")),
        duration_ms=_integer(event.get("duration_ms")),
        duration_api_ms=_integer(event.get("duration_api_ms")),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
