"""The seed's pagination: query fields shared by every list, and the rendered page with links."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from aiohttp import web

from storage.pages import MAX_PAGE_SIZE, Page
from web.http.validation import Field


def paging_fields(sorts: Sequence[str], default_sort: str = "created_at") -> tuple[Field, ...]:
    """page, page_size, sort and order, documented once for every list."""
    return (
        Field("page", "integer", minimum=1, default=1, description="starts at 1"),
        Field(
            "page_size",
            "integer",
            minimum=1,
            maximum=MAX_PAGE_SIZE,
            default=50,
            description=f"at most {MAX_PAGE_SIZE}; larger values are refused with 422",
        ),
        Field("sort", choices=tuple(sorts), default=default_sort),
        Field("order", choices=("asc", "desc"), default="desc"),
    )


def split_list(value: str | None) -> list[str]:
    """A comma-separated query value as its non-blank items."""
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def render_page(
    request: web.Request, page: Page[Any], render: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    """items with the seed's flat fields and its `pagination` block (links keep the filters)."""
    pages = page.pages
    counts = {"total": page.total, "page": page.page, "page_size": page.page_size, "pages": pages}

    def link(number: int) -> str:
        return str(request.rel_url.update_query(page=number, page_size=page.page_size))

    return {
        "items": [render(item) for item in page.items],
        **counts,
        "has_next": page.page < pages,
        "has_previous": page.page > 1,
        "pagination": {
            **counts,
            "links": {
                "first": link(1),
                "previous": link(min(page.page, pages + 1) - 1) if page.page > 1 else None,
                "next": link(page.page + 1) if page.page < pages else None,
                "last": link(pages),
            },
        },
    }
