"""Parser of the Claude CLI's stream-json output: session, progress and the final result."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

STEP_PROGRESS = 5
MAX_STEP_PROGRESS = 95


@dataclass
class StreamState:
    session_id: str | None = None
    progress: int = 0
    steps: int = 0
    todos_total: int = 0
    todos_done: int = 0
    result_seen: bool = False
    is_error: bool = False
    result_text: str | None = None
    plain_lines: int = 0


class StreamParser:
    """Feed stdout text in any chunking; complete lines update the state."""

    def __init__(self) -> None:
        self.state = StreamState()
        self._partial = ""

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
        if isinstance(event.get("session_id"), str):
            self.state.session_id = event["session_id"]
        kind = event.get("type")
        if kind == "assistant":
            self._assistant(event.get("message") or {})
        elif kind == "result":
            self.state.result_seen = True
            self.state.is_error = bool(event.get("is_error")) or event.get("subtype") != "success"
            result = event.get("result")
            self.state.result_text = result if isinstance(result, str) else None

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
