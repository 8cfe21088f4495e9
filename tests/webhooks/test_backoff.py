"""The wait before a retry grows exponentially, is jittered, and never passes its cap."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from storage.webhooks.backoff import retry_delay

attempts = st.integers(min_value=1, max_value=200)
bases = st.floats(min_value=0.01, max_value=60)
caps = st.floats(min_value=60, max_value=86_400)


@given(attempts, bases, caps, st.integers())
def test_each_wait_is_half_to_all_of_its_exponential_ceiling(
    attempt: int, base: float, cap: float, seed: int
) -> None:
    ceiling = min(cap, base * 2 ** min(attempt - 1, 60))
    delay = retry_delay(attempt, base, cap, random.Random(seed))
    assert ceiling / 2 <= delay <= ceiling <= cap


@given(attempts, bases, caps)
def test_the_ceiling_never_shrinks(attempt: int, base: float, cap: float) -> None:
    """With the jitter at its top, each wait is at least the one before."""
    top = random.Random()
    top.random = lambda: 1.0  # type: ignore[method-assign]
    assert retry_delay(attempt + 1, base, cap, top) >= retry_delay(attempt, base, cap, top)


def test_the_defaults_reach_hours() -> None:
    first, last = (retry_delay(n, 10, 6 * 3600, random.Random(1)) for n in (1, 11))
    assert 5 <= first <= 10 and last >= 3600
