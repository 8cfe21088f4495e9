"""A request answered 429 is sent again after the server's Retry-After (at most the policy's
retries), and without retries the error says how long to wait."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from claude_cli_sdk import NO_RETRIES, ClaudeCliClient, RetryPolicy, errors

from tests.sdk.conftest import Server

LIMIT = "3/5second"


@pytest.fixture
def statuses() -> Iterator[tuple[httpx.Client, list[tuple[str, int]]]]:
    """An httpx client for the SDK that records each answer's path and status."""
    seen: list[tuple[str, int]] = []

    def record(response: httpx.Response) -> None:
        seen.append((response.request.url.path, response.status_code))

    with httpx.Client(event_hooks={"response": [record]}) as http:
        yield http, seen


@pytest.mark.env(RATE_LIMIT_USER=LIMIT)
def test_a_429_is_retried_after_its_retry_after(
    server: Server, statuses: tuple[httpx.Client, list[tuple[str, int]]]
) -> None:
    http, seen = statuses
    client = ClaudeCliClient(
        server.api, username="admin", password=server.admin_password, http_client=http
    )
    assert [client.users.profile().username for _ in range(4)] == ["admin"] * 4
    profile = [status for path, status in seen if path == "/api/users/profile"]
    assert profile.count(200) == 4 and 429 in profile  # the fourth waited for the window
    assert profile[profile.index(429) + 1 :].count(200) >= 1

    impatient = ClaudeCliClient(server.api, client.token, retry=NO_RETRIES)
    with pytest.raises(errors.RateLimitExceeded) as limited:
        for _ in range(4):
            impatient.users.profile()
    error = limited.value
    assert error.status == 429 and error.code == "RATE_LIMIT_EXCEEDED"
    assert error.retry_after is not None and 0 < error.retry_after <= 5
    assert (error.details["limit"], error.details["window"]) == (3, 5)

    bounded = ClaudeCliClient(server.api, client.token, retry=RetryPolicy(max_wait=0.001))
    with pytest.raises(errors.RateLimitExceeded):  # longer than it may wait: raised at once
        for _ in range(4):
            bounded.users.profile()
