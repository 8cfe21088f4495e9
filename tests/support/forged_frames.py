"""What an attacker who reaches an actor transport port sends: pickles that run code when
loaded, framed as Thespian frames them, unframed, or with a tag of another key."""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import socket
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Touch:
    """Unpickling it runs `touch path` (os.system): proof that a frame was loaded."""

    path: Path

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.path}",))


def thespian_framed(payload: bytes) -> bytes:
    """payload in Thespian's own framing (`<length>>` then the bytes), without a tag."""
    return b"%d>" % len(payload) + payload


def tagged(payload: bytes, key: bytes) -> bytes:
    """payload framed with an HMAC-SHA256 tag of key, the way the runtime frames its own."""
    tag = hmac.new(key, payload, hashlib.sha256).digest()
    return thespian_framed(tag + payload)


def forged_frames(marker: Path) -> dict[str, bytes]:
    """Each way of sending a pickle that would create marker, by name."""
    payload = pickle.dumps(Touch(marker))
    return {
        "thespian-framed": thespian_framed(payload),
        "raw": payload,
        "wrong-hmac": tagged(payload, b"not the runtime's secret" * 2),
    }


def send_and_wait_close(port: int, frame: bytes, host: str = "127.0.0.1") -> bytes:
    """Send frame on a new connection; what the peer answered before it closed (or before we
    gave up after 10 s: a transport waiting for more bytes never closes)."""
    answer = b""
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(frame)
        sock.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            answer += chunk
    return answer
