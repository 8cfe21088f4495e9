"""What one call does, written once for both clients: a generator that yields the steps it
needs (send this request, wait this long, renew the tokens) and is handed back their results.

The sync and the async transport only perform the steps (`_transport`); retries on 429/503,
token renewal, error mapping and parsing live here.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from claude_cli_sdk._config import ClientConfig
from claude_cli_sdk._errors import RequestTimeout, TransportError
from claude_cli_sdk._failures import from_response
from claude_cli_sdk._operations import Operation, build_request
from claude_cli_sdk._tokens import TokenEffect, Tokens, TokenUse
from claude_cli_sdk.errors import AuthTokenInvalid

T = TypeVar("T")


@dataclass(frozen=True)
class Send:
    """Send this request; the flow gets the response (or the httpx error thrown in)."""

    request: httpx.Request


@dataclass(frozen=True)
class Wait:
    """Sleep this many seconds (a retry's delay)."""

    seconds: float


@dataclass(frozen=True)
class Renew:
    """Renew the tokens unless they changed since `generation` (someone else renewed)."""

    generation: int


Step = Send | Wait | Renew
Flow = Generator[Step, Any, T]


@dataclass
class Session:
    """What every call of one client shares: its configuration and its credentials."""

    config: ClientConfig
    tokens: Tokens


def call(
    session: Session, operation: Operation, args: Sequence[Any], kwargs: Mapping[str, Any]
) -> Flow[Any]:
    """One call: the operation's parsed `data`, or its error raised."""
    request = build_request(operation, args, kwargs, session.config)
    tokens, retries, renewed = session.tokens, 0, False
    while True:
        if operation.token is TokenUse.ACCESS and tokens.stale(session.config.refresh_margin):
            yield Renew(tokens.generation)
        generation = tokens.generation
        request.headers.pop("Authorization", None)
        request.headers.update(tokens.header(operation.token))
        response = yield from _send(request)
        if response.is_success:
            return _result(session, operation, response)
        error = from_response(response)
        if (
            isinstance(error, AuthTokenInvalid)
            and operation.token is TokenUse.ACCESS
            and tokens.renewable
            and not renewed
        ):
            renewed = True  # an expired or revoked token: renew once, then try again
            yield Renew(generation)
            continue
        delay = session.config.retry.delay(retries, response.status_code, error.retry_after)
        if delay is None:
            raise error
        retries += 1
        yield Wait(delay)


def renew(session: Session, login: Operation, refresh: Operation) -> Flow[None]:
    """New tokens: log in with the pending credentials, else refresh (with the refresh token,
    or the access token while it is valid)."""
    credentials = session.tokens.credentials
    if session.tokens.access is None and credentials is not None:
        body = {"username": credentials.username, "password": credentials.password}
        yield from call(session, login, (), body)
    else:
        yield from call(session, refresh, (), {})


def _send(request: httpx.Request) -> Flow[httpx.Response]:
    try:
        response: httpx.Response = yield Send(request)
    except httpx.TimeoutException as exc:
        raise RequestTimeout(f"{request.method} {request.url.path}: timed out ({exc})") from exc
    except httpx.HTTPError as exc:
        raise TransportError(f"{request.method} {request.url.path}: {exc}") from exc
    return response


def _result(session: Session, operation: Operation, response: httpx.Response) -> Any:
    body = response.json()
    data = body["data"] if operation.enveloped else body
    result = data if operation.response is None else operation.response.model_validate(data)
    if operation.effect is TokenEffect.ADOPT:
        pair: Any = result
        session.tokens.adopt(pair.access_token, pair.refresh_token, pair.expires_in)
    elif operation.effect is TokenEffect.DROP:
        session.tokens.drop()
    return result
