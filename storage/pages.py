"""One page of a query: its rows, the total and where it sits among the pages."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")
MAX_PAGE_SIZE = 100


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
    query: Any, page: int, page_size: int, order: tuple[Any, str] | None = None
) -> Page[Any]:
    """The page-th slice of query; order (field, 'asc'|'desc') ends with the id as tie-break."""
    total = query.order_by().count()
    if order is not None:
        field, direction = order
        primary = field.desc() if direction == "desc" else field.asc()
        tie = query.model.id.desc() if direction == "desc" else query.model.id.asc()
        query = query.order_by(primary, tie)
    items = list(query.paginate(page, page_size)) if total > (page - 1) * page_size else []
    return Page(items, total, page, page_size)
