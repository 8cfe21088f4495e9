"""When a failed delivery is tried again: exponential backoff with jitter."""

from __future__ import annotations

import random

_MAX_DOUBLINGS = 60  # far past any cap; keeps the float finite


def retry_delay(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait after the attempt-th failure: base × 2^(attempt-1), at most cap, of
    which a random half is taken away ("equal jitter"), so that receivers that failed
    together are not retried in step, yet each wait keeps growing."""
    doublings = min(max(attempt, 1) - 1, _MAX_DOUBLINGS)
    ceiling = min(cap, base * float(2**doublings))
    draw = rng.random() if rng is not None else random.random()
    return ceiling * (0.5 + 0.5 * draw)
