"""The SDK's decisions on their own: when a request is retried and after how long, when a
token is renewed first, and how a close code ends a socket."""

from __future__ import annotations

import base64
import email.utils
import json
import time

import pytest
from claude_cli_sdk import RetryPolicy, WebSocketClosed
from claude_cli_sdk._failures import retry_after_of
from claude_cli_sdk._socket_flow import ReconnectPolicy, SocketState
from claude_cli_sdk._tokens import Credentials, Tokens, expiry_of


def jwt(exp: float) -> str:
    claims = base64.urlsafe_b64encode(json.dumps({"exp": exp}).encode()).decode().rstrip("=")
    return f"header.{claims}.signature"


def test_retries_follow_retry_after_within_their_bounds() -> None:
    policy = RetryPolicy(attempts=2, backoff=1.0, max_wait=10.0)
    assert policy.delay(0, 429, 3.0) == 3.0
    assert policy.delay(1, 503, 0.0) == 0.0
    assert policy.delay(2, 429, 3.0) is None  # attempts spent
    assert policy.delay(0, 429, 11.0) is None  # longer than it may wait
    assert policy.delay(0, 500, 1.0) is None and policy.delay(0, 409, None) is None
    assert 0.5 <= (policy.delay(1, 503, None) or 0) <= 2.0  # backoff 1 × 2^1, jittered down


def test_retry_after_is_seconds_or_an_http_date() -> None:
    assert retry_after_of("7") == 7.0
    assert retry_after_of(None) is None and retry_after_of("soon") is None
    later = email.utils.formatdate(time.time() + 120, usegmt=True)
    assert 100 < (retry_after_of(later) or 0) <= 120


def test_a_token_is_renewed_first_only_when_something_can_renew_it() -> None:
    now = time.time()
    assert Tokens(credentials=Credentials("u", "p")).stale(30, now)  # the login is pending
    assert not Tokens().stale(30, now)
    assert not Tokens(access=jwt(now + 3600)).stale(30, now)
    assert Tokens(access=jwt(now + 10)).stale(30, now)  # renews itself while valid
    assert not Tokens(access=jwt(now - 10)).stale(30, now)  # expired: only a refresh token can
    assert Tokens(access=jwt(now - 10), refresh="r").stale(30, now)
    assert expiry_of(jwt(1234.0)) == 1234.0 and expiry_of("opaque") is None
    tokens = Tokens(access="a")
    tokens.adopt(jwt(now + 60), None, 60)
    assert (tokens.refresh, tokens.generation, tokens.expires_at) == (None, 1, now + 60)
    held = Tokens(
        access="secret-token", refresh="secret-refresh", credentials=Credentials("u", "pw")
    )
    assert not {"secret-token", "secret-refresh", "pw"} & set(repr(held).replace("=", " ").split())
    assert "secret" not in repr(held)


@pytest.mark.parametrize("code", [1000, 4404, 4409, 4429])
def test_final_close_codes_end_a_socket(code: int) -> None:
    state = SocketState(ReconnectPolicy(), 1.0)
    with pytest.raises(WebSocketClosed) as closed:
        state.after_close(code)
    assert closed.value.code == code and state.closed


@pytest.mark.parametrize("code", [None, 1001, 1006, 1011, 1013, 4401])
def test_other_closes_reconnect_unless_the_policy_says_never(code: int | None) -> None:
    SocketState(ReconnectPolicy(), 1.0).after_close(code)  # no exception: reconnect
    with pytest.raises(WebSocketClosed):
        SocketState(ReconnectPolicy(attempts=0), 1.0).after_close(code)


def test_a_renewed_subscription_resumes_after_the_last_seq_seen() -> None:
    state = SocketState(ReconnectPolicy(), 1.0)
    project = state.subscription("task_updates", None, {"project_id": "p", "task_id": None})
    assert (project.channel, project.target) == ("project_updates", {"project_id": "p"})
    state.held(
        project,
        state.parse(
            json.dumps(
                {
                    "type": "subscribed",
                    "data": {"channel": "project_updates", "stream": "project:p", "last_seq": 4},
                }
            )
        ),
    )
    assert state.resume_from(project) == 4  # nothing seen yet: from where it started
    state.parse(
        json.dumps(
            {
                "type": "task_update",
                "stream": "project:p",
                "seq": 9,
                "data": {"task_id": "t", "status": "running"},
            }
        )
    )
    assert state.resume_from(project) == 9
    assert state.subscribe_message(project, renewing=True)["since"] == 9
