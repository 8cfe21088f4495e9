"""The two thin transports: each performs the steps of a flow (`_flow`) with its own I/O
(httpx.Client and time.sleep, or httpx.AsyncClient and asyncio.sleep) and nothing else."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, TypeVar, cast

import httpx

from claude_cli_sdk import _flow
from claude_cli_sdk._endpoints import Pager
from claude_cli_sdk._flow import Flow, Renew, Send, Session, Step, Wait
from claude_cli_sdk._operations import Operation
from claude_cli_sdk._tokens import Tokens
from claude_cli_sdk.errors import AuthTokenMissing

T = TypeVar("T")


class _Driver:
    """Advances a flow by one step: the result of the previous one sent in, or its error
    thrown in; StopIteration carries the flow's result."""

    def __init__(self, session: Session, login: Operation, refresh: Operation) -> None:
        self.session = session
        self.login = login
        self.refresh = refresh

    @staticmethod
    def advance(work: Flow[Any], result: Any, failure: httpx.HTTPError | None) -> Step:
        return work.throw(failure) if failure is not None else work.send(result)

    @staticmethod
    def token_of(tokens: Tokens) -> tuple[str, int]:
        if tokens.access is None:
            raise AuthTokenMissing("no access token: give the client a token, or log in first")
        return tokens.access, tokens.generation

    def renewal(self, step: Renew) -> Flow[None] | None:
        """The flow that renews the tokens, or None when another call already did."""
        if step.generation != self.session.tokens.generation:
            return None
        return _flow.renew(self.session, self.login, self.refresh)


class SyncTransport(_Driver):
    def __init__(
        self, session: Session, http: httpx.Client, login: Operation, refresh: Operation
    ) -> None:
        super().__init__(session, login, refresh)
        self.http = http
        self._renewing = threading.Lock()

    def run(self, work: Flow[T]) -> T:
        result: Any = None
        failure: httpx.HTTPError | None = None
        while True:
            try:
                step = self.advance(work, result, failure)
            except StopIteration as done:
                return cast(T, done.value)
            result, failure = None, None
            try:
                result = self._perform(step)
            except httpx.HTTPError as exc:
                failure = exc

    def _perform(self, step: Step) -> Any:
        if isinstance(step, Send):
            return self.http.send(step.request)
        if isinstance(step, Wait):
            time.sleep(step.seconds)
            return None
        with self._renewing:
            renewal = self.renewal(step)
            if renewal is not None:
                self.run(renewal)
        return None

    def call(self, operation: Operation, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return self.run(_flow.call(self.session, operation, args, kwargs))

    def iterate(
        self, operation: Operation, pager: Pager, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Iterator[Any]:
        query: dict[str, Any] | None = pager.first(kwargs)
        while query is not None:
            page = self.call(operation, args, query)
            yield from pager.items_of(page)
            query = pager.next(query, page)

    def renew(self, generation: int) -> None:
        """Renew the tokens now (a socket was refused), unless they changed since generation."""
        self._perform(Renew(generation))

    def access_token(self) -> tuple[str, int]:
        """The access token (renewed first when stale) and its generation, for a socket."""
        tokens = self.session.tokens
        if tokens.stale(self.session.config.refresh_margin):
            self._perform(Renew(tokens.generation))
        return self.token_of(tokens)


class AsyncTransport(_Driver):
    def __init__(
        self, session: Session, http: httpx.AsyncClient, login: Operation, refresh: Operation
    ) -> None:
        super().__init__(session, login, refresh)
        self.http = http
        self._renewing = asyncio.Lock()

    async def run(self, work: Flow[T]) -> T:
        result: Any = None
        failure: httpx.HTTPError | None = None
        while True:
            try:
                step = self.advance(work, result, failure)
            except StopIteration as done:
                return cast(T, done.value)
            result, failure = None, None
            try:
                result = await self._perform(step)
            except httpx.HTTPError as exc:
                failure = exc

    async def _perform(self, step: Step) -> Any:
        if isinstance(step, Send):
            return await self.http.send(step.request)
        if isinstance(step, Wait):
            await asyncio.sleep(step.seconds)
            return None
        async with self._renewing:
            renewal = self.renewal(step)
            if renewal is not None:
                await self.run(renewal)
        return None

    async def call(
        self, operation: Operation, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        return await self.run(_flow.call(self.session, operation, args, kwargs))

    async def iterate(
        self, operation: Operation, pager: Pager, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> AsyncIterator[Any]:
        query: dict[str, Any] | None = pager.first(kwargs)
        while query is not None:
            page = await self.call(operation, args, query)
            for item in pager.items_of(page):
                yield item
            query = pager.next(query, page)

    async def renew(self, generation: int) -> None:
        await self._perform(Renew(generation))

    async def access_token(self) -> tuple[str, int]:
        tokens = self.session.tokens
        if tokens.stale(self.session.config.refresh_margin):
            await self._perform(Renew(tokens.generation))
        return self.token_of(tokens)
