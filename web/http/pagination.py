"""Pagination (API.md, Pagination): the query fields every list shares, and the page it answers
with (items, the flat counts, and a `pagination` block whose links keep the filters)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Self, TypeVar, cast

from aiohttp import web
from pydantic import Field

from storage.pages import MAX_PAGE_SIZE, Direction, PageRequest
from storage.pages import Page as StoredPage
from web.http.models import Out
from web.http.validation import Query

Row = TypeVar("Row")
Item = TypeVar("Item", bound=Out)


class Paging(Query):
    """page, page_size and order, documented once; each list adds its own `sort`."""

    page: int = Field(1, ge=1, description="starts at 1")
    page_size: int = Field(
        50,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"at most {MAX_PAGE_SIZE}; larger values are refused with 422",
    )
    order: Direction = "desc"
    if TYPE_CHECKING:  # each list declares its own choices (and their place in its schema)
        sort: str

    def page_request(self) -> PageRequest:
        """The page the storage list is asked for."""
        return PageRequest(self.page, self.page_size, self.sort, self.order)


def split_list(value: str | None) -> list[str]:
    """A comma-separated query value as its non-blank items."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


class PageLinks(Out):
    first: str
    previous: str | None
    next: str | None
    last: str


class Pagination(Out):
    total: int
    page: int
    page_size: int
    pages: int
    links: PageLinks


class Page(Out, Generic[Item]):
    """One page of a list."""

    items: list[Item]
    total: int
    page: int
    page_size: int
    pages: int
    has_next: bool
    has_previous: bool
    pagination: Pagination

    @classmethod
    def of(
        cls,
        request: web.Request,
        page: StoredPage[Row],
        render: Callable[[Row], Item] | type[Item],
    ) -> Self:
        """The page, each row rendered by `render`, or read into the model `render` names
        (its fields from the row's attributes, the whole page in one validation)."""
        pages = page.pages

        def link(number: int) -> str:
            return str(request.rel_url.update_query(page=number, page_size=page.page_size))

        links = PageLinks(
            first=link(1),
            previous=link(min(page.page, pages + 1) - 1) if page.page > 1 else None,
            next=link(page.page + 1) if page.page < pages else None,
            last=link(pages),
        )
        counts = {"total": page.total, "page": page.page, "page_size": page.page_size}
        return cls(
            items=_items(page.items, render),
            **counts,
            pages=pages,
            has_next=page.page < pages,
            has_previous=page.page > 1,
            pagination=Pagination(**counts, pages=pages, links=links),
        )


def _items(rows: list[Row], render: Callable[[Row], Item] | type[Item]) -> list[Item]:
    if isinstance(render, type):
        return cast("type[Item]", render).read_all(rows)
    return [render(row) for row in rows]
