"""Endpoints declared once for both clients: a resource class's methods are descriptors that
call through the transport of the client they belong to.

`Tasks[Sync]` (the sync client's `tasks`) turns `create(**body) -> TaskDetails` into a call
returning TaskDetails, `Tasks[Async]` into one returning an awaitable of it; `Paged` methods
return an iterator (sync) or an async iterator over every item of every page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar, overload

from pydantic import BaseModel

from claude_cli_sdk._operations import Operation

P = ParamSpec("P")
R = TypeVar("R")
I_co = TypeVar("I_co", covariant=True)


class Sync:
    """The mode of ClaudeCliClient's resources: calls return their result."""


class Async:
    """The mode of AsyncClaudeCliClient's resources: calls return awaitables."""


M = TypeVar("M", Sync, Async)


class Transport(Protocol):
    """What a resource calls through (a sync or async transport; `_transport`)."""

    def call(self, operation: Operation, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any: ...

    def iterate(
        self, operation: Operation, pager: Pager, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any: ...


class Resource(Generic[M]):
    """A group of endpoints (`client.tasks`), bound to its client's transport."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport


@dataclass(frozen=True)
class Pager:
    """How a list is walked: the query of the first page, the next one (None: done), and the
    field of the answer that holds the items."""

    items: str

    def first(self, query: Mapping[str, Any]) -> dict[str, Any]:
        return dict(query)

    def next(self, query: Mapping[str, Any], page: BaseModel) -> dict[str, Any] | None:
        raise NotImplementedError

    def items_of(self, page: BaseModel) -> list[Any]:
        return list(getattr(page, self.items))


@dataclass(frozen=True)
class PageNumbers(Pager):
    """`page`/`page_size` lists with `has_next` (tasks, projects, users, webhooks)."""

    def first(self, query: Mapping[str, Any]) -> dict[str, Any]:
        return {"page": 1, **query}

    def next(self, query: Mapping[str, Any], page: BaseModel) -> dict[str, Any] | None:
        if not getattr(page, "has_next", False):
            return None
        return {**query, "page": int(query["page"]) + 1}


@dataclass(frozen=True)
class Offsets(Pager):
    """`limit`/`offset` lists with a `total` (command history)."""

    def first(self, query: Mapping[str, Any]) -> dict[str, Any]:
        return {"offset": 0, **query}

    def next(self, query: Mapping[str, Any], page: BaseModel) -> dict[str, Any] | None:
        offset = int(query["offset"]) + len(self.items_of(page))
        if not self.items_of(page) or offset >= int(getattr(page, "total", offset)):
            return None
        return {**query, "offset": offset}


@dataclass(frozen=True)
class AfterSeq(Pager):
    """Streams read from a sequence number on (`after_seq`: output, transcripts): up to the
    last item stored now."""

    def next(self, query: Mapping[str, Any], page: BaseModel) -> dict[str, Any] | None:
        items = self.items_of(page)
        if not items:
            return None
        return {**query, "after_seq": items[-1].seq}


class Endpoint(Generic[P, R]):
    """A method of a resource that makes one call of `operation`."""

    def __init__(self, operation: Operation, stub: Callable[Concatenate[Any, P], R]) -> None:
        self.operation = operation
        self.__doc__ = stub.__doc__
        self.__name__ = stub.__name__

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Endpoint[P, R]: ...
    @overload
    def __get__(self, resource: Resource[Sync], owner: type[Any]) -> Callable[P, R]: ...
    @overload
    def __get__(self, resource: Resource[Async], owner: type[Any]) -> Callable[P, Awaitable[R]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        transport, operation = resource._transport, self.operation

        def bound(*args: Any, **kwargs: Any) -> Any:
            return transport.call(operation, args, kwargs)

        bound.__doc__, bound.__name__ = self.__doc__, self.__name__
        return bound


class Paged(Generic[P, I_co]):
    """A method of a resource that walks every page of `operation`, item by item."""

    def __init__(
        self, operation: Operation, pager: Pager, stub: Callable[Concatenate[Any, P], Any]
    ) -> None:
        self.operation = operation
        self.pager = pager
        self.__doc__ = stub.__doc__
        self.__name__ = stub.__name__

    @overload
    def __get__(self, resource: None, owner: type[Any]) -> Paged[P, I_co]: ...
    @overload
    def __get__(
        self, resource: Resource[Sync], owner: type[Any]
    ) -> Callable[P, Iterator[I_co]]: ...
    @overload
    def __get__(
        self, resource: Resource[Async], owner: type[Any]
    ) -> Callable[P, AsyncIterator[I_co]]: ...
    def __get__(self, resource: Resource[Any] | None, owner: type[Any]) -> Any:
        if resource is None:
            return self
        transport, operation, pager = resource._transport, self.operation, self.pager

        def bound(*args: Any, **kwargs: Any) -> Any:
            return transport.iterate(operation, pager, args, kwargs)

        bound.__doc__, bound.__name__ = self.__doc__, self.__name__
        return bound


def endpoint(operation: Operation) -> Callable[[Callable[Concatenate[Any, P], R]], Endpoint[P, R]]:
    """Declare a method from its signature (its body is never run)."""

    def declare(stub: Callable[Concatenate[Any, P], R]) -> Endpoint[P, R]:
        return Endpoint(operation, stub)

    return declare


def paged(
    operation: Operation, pager: Pager
) -> Callable[[Callable[Concatenate[Any, P], Iterator[R]]], Paged[P, R]]:
    """Declare an iterator over every item of a list from its signature."""

    def declare(stub: Callable[Concatenate[Any, P], Iterator[R]]) -> Paged[P, R]:
        return Paged(operation, pager, stub)

    return declare
