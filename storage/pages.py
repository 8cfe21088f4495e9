"""Paged lists: the page a caller asks for, and one page of a query with its total."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

T = TypeVar("T")
MAX_PAGE_SIZE = 100
Direction = Literal["asc", "desc"]


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list: its number (from 1), its size, the sort field and direction."""

    page: int = 1
    page_size: int = 50
    sort: str = "created_at"
    order: Direction = "desc"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def paginate(
    query: Any, request: PageRequest, sorts: Mapping[str, Any], total: int | None = None
) -> Page[Any]:
    """The requested slice of query, sorted by `sorts[request.sort]` with the id as tie-break;
    its total is counted unless the caller knows it."""
    if total is None:
        total = query.order_by().count()
    page, size = request.page, request.page_size
    items = (
        list(order(query, request, sorts).paginate(page, size)) if total > (page - 1) * size else []
    )
    return Page(items, total, page, size)


def order(query: Any, request: PageRequest, sorts: Mapping[str, Any]) -> Any:
    """query sorted by `sorts[request.sort]` in the request's direction, the id breaking ties."""
    field, descending = sorts[request.sort], request.order == "desc"
    primary = field.desc() if descending else field.asc()
    tie = query.model.id.desc() if descending else query.model.id.asc()
    return query.order_by(primary, tie)
