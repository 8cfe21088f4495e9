"""An execution's stream-json events as transcript messages (storage.runs.transcript), and the
recorder that numbers and stores them within the output limit."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from storage.runs import transcript
from storage.runs.transcript import Message, MessageKind

INIT_FIELDS = {
    "session_id": "session_id",
    "model": "model",
    "cwd": "cwd",
    "tools": "tools",
    "permissionMode": "permission_mode",
    "mcp_servers": "mcp_servers",
}
RESULT_FIELDS = (
    "subtype",
    "is_error",
    "result",
    "total_cost_usd",
    "usage",
    "num_turns",
    "duration_ms",
    "duration_api_ms",
)


def messages(event: dict[str, Any]) -> list[Message]:
    """The messages of one event; an event (or content block) of a kind not known here is
    kept verbatim as an `event` message, never dropped."""
    kind, subtype = event.get("type"), event.get("subtype")
    if kind == "system" and subtype == "init":
        data = {name: event.get(key) for key, name in INIT_FIELDS.items()}
        return [Message(MessageKind.SYSTEM_INIT, data)]
    if kind == "result":
        return [Message(MessageKind.RESULT, {name: event.get(name) for name in RESULT_FIELDS})]
    content = (event.get("message") or {}).get("content") if kind in ("assistant", "user") else None
    if isinstance(content, str) and kind == "user":
        return [Message(MessageKind.USER_TEXT, {"text": content})]
    if isinstance(content, list):
        return [_block(block, kind == "user") for block in content]
    return [Message(MessageKind.EVENT, {"event": event})]


def _block(block: Any, from_user: bool) -> Message:
    kind = block.get("type") if isinstance(block, dict) else None
    if kind == "text" and isinstance(block.get("text"), str):
        return Message(
            MessageKind.USER_TEXT if from_user else MessageKind.TEXT, {"text": block["text"]}
        )
    if kind == "thinking":
        return Message(MessageKind.THINKING, {"thinking": block.get("thinking")})
    if kind == "tool_use":
        data = {"id": block.get("id"), "name": block.get("name"), "input": block.get("input")}
        return Message(MessageKind.TOOL_USE, data)
    if kind == "tool_result":
        data = {
            "tool_use_id": block.get("tool_use_id"),
            "content": block.get("content"),
            "is_error": block.get("is_error") is True,
        }
        return Message(MessageKind.TOOL_RESULT, data)
    return Message(MessageKind.EVENT, {"event": block})


class TranscriptRecorder:
    """Numbers and stores one execution's messages; past max_bytes (their JSON) it keeps only
    a `truncated` marker."""

    def __init__(self, execution_id: str, max_bytes: int) -> None:
        self.execution_id = execution_id
        self.max_bytes = max_bytes
        self.next_seq = transcript.next_seq(execution_id)
        self.bytes = 0
        self.truncated = False

    def record(self, parsed: list[Message], at: dt.datetime) -> list[tuple[int, Message]]:
        """Store what fits; returns the stored messages with their seq."""
        kept: list[Message] = []
        for message in parsed:
            if self.truncated:
                break
            size = len(json.dumps(message.data, separators=(",", ":")).encode())
            if self.bytes + size > self.max_bytes:
                kept.append(Message(MessageKind.TRUNCATED, {}))
                self.truncated = True
            else:
                kept.append(message)
                self.bytes += size
        first = self.next_seq
        self.next_seq = transcript.append(self.execution_id, first, ((m, at) for m in kept))
        return [(first + i, message) for i, message in enumerate(kept)]
