"""An execution's transcript: the CLI's stream-json events as structured messages, in order.

Kinds (`data` of each):
- system_init: session_id, model, cwd, tools, permission_mode, mcp_servers
- text / thinking: the assistant's text / thinking
- user_text: a text the user turn carried
- tool_use: id, name, input
- tool_result: tool_use_id, content, is_error
- result: subtype, is_error, result, total_cost_usd, usage, num_turns, duration_ms,
  duration_api_ms
- event: any other event (or content block), verbatim under `event`
- truncated: the transcript reached the output limit; nothing more is kept
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from peewee import fn

from storage.database import write_transaction
from storage.models import TranscriptMessage


class MessageKind(StrEnum):
    SYSTEM_INIT = "system_init"
    TEXT = "text"
    THINKING = "thinking"
    USER_TEXT = "user_text"
    TOOL_USE = "tool_use"
    TOOL_RESULT = "tool_result"
    RESULT = "result"
    EVENT = "event"
    TRUNCATED = "truncated"


@dataclass(frozen=True)
class Message:
    """One message as parsed (not yet numbered)."""

    kind: MessageKind
    data: dict[str, Any]


def append(
    execution_id: str, first_seq: int, messages: Iterable[tuple[Message, dt.datetime]]
) -> int:
    """Store messages numbered from first_seq; returns the next seq."""
    rows = [
        {
            "execution_id": execution_id,
            "seq": first_seq + i,
            "kind": message.kind,
            "data": message.data,
            "created_at": at,
        }
        for i, (message, at) in enumerate(messages)
    ]
    if rows:
        with write_transaction():
            TranscriptMessage.insert_many(rows).execute()
    return first_seq + len(rows)


def next_seq(execution_id: str) -> int:
    last = TranscriptMessage.select(fn.MAX(TranscriptMessage.seq)).where(
        TranscriptMessage.execution_id == execution_id
    )
    value = last.scalar()
    return 0 if value is None else value + 1


def messages_of(
    execution_id: str, after_seq: int = -1, limit: int = 1000
) -> list[TranscriptMessage]:
    return list(
        TranscriptMessage.select()
        .where(
            (TranscriptMessage.execution_id == execution_id) & (TranscriptMessage.seq > after_seq)
        )
        .order_by(TranscriptMessage.seq)
        .limit(limit)
    )
