"""Output chunks of an execution or a command, numbered per stream_id in arrival order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum

from peewee import fn

from storage.database import write_transaction
from storage.models import OutputChunk


class OutputStream(StrEnum):
    """Where a chunk came from: the process's pipes, or the runtime itself (markers)."""

    STDOUT = "stdout"
    STDERR = "stderr"
    SYSTEM = "system"


TRUNCATION_MARKER = "\n[output truncated: the output limit was reached]\n"


def append_output(
    stream_id: str, first_seq: int, chunks: Iterable[tuple[str, str, dt.datetime]]
) -> int:
    """Store chunks (stream, content, time) numbered from first_seq; returns the next seq."""
    rows = [
        {"stream_id": stream_id, "seq": first_seq + i, "stream": s, "content": c, "created_at": t}
        for i, (s, c, t) in enumerate(chunks)
    ]
    if rows:
        with write_transaction():
            OutputChunk.insert_many(rows).execute()
    return first_seq + len(rows)


def next_output_seq(stream_id: str) -> int:
    last = OutputChunk.select(fn.MAX(OutputChunk.seq)).where(OutputChunk.stream_id == stream_id)
    value = last.scalar()
    return 0 if value is None else value + 1


def output_of(stream_id: str, after_seq: int = -1, limit: int = 10_000) -> list[OutputChunk]:
    return list(
        OutputChunk.select()
        .where((OutputChunk.stream_id == stream_id) & (OutputChunk.seq > after_seq))
        .order_by(OutputChunk.seq)
        .limit(limit)
    )
