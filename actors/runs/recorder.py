"""OutputRecorder: stores a stream's output in order, batched, capped with a visible marker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from actors.messages import OutputPiece
from storage.runs import output
from storage.runs.output import TRUNCATION_MARKER, OutputStream


@dataclass(frozen=True)
class StoredChunk:
    seq: int
    stream: OutputStream
    content: str
    at: dt.datetime


class OutputRecorder:
    """Numbers and stores chunks of one stream_id; past max_bytes it keeps only a marker."""

    def __init__(self, stream_id: str, max_bytes: int) -> None:
        self.stream_id = stream_id
        self.max_bytes = max_bytes
        self.next_seq = output.next_output_seq(stream_id)
        self.bytes = 0
        self.truncated = False

    def record(self, chunks: Iterable[OutputPiece]) -> list[StoredChunk]:
        """Store chunks within the cap; returns what was stored, numbered."""
        rows: list[tuple[OutputStream, str, dt.datetime]] = []
        for stream, text, at in chunks:
            if self.truncated:
                break
            when = dt.datetime.fromtimestamp(at, dt.UTC).replace(tzinfo=None)
            data = text.encode()
            room = self.max_bytes - self.bytes
            if len(data) > room:
                kept = data[:room].decode(errors="ignore")
                if kept:
                    rows.append((stream, kept, when))
                rows.append((OutputStream.SYSTEM, TRUNCATION_MARKER, when))
                self.bytes += len(kept.encode())
                self.truncated = True
            else:
                rows.append((stream, text, when))
                self.bytes += len(data)
        first = self.next_seq
        self.next_seq = output.append_output(self.stream_id, first, rows)
        return [
            StoredChunk(first + i, stream, text, when)
            for i, (stream, text, when) in enumerate(rows)
        ]
