"""Which paths are the web pages' (everything the API, sockets, metrics and docs do not own)."""

from __future__ import annotations

NOT_PAGES = ("/api/", "/ws/", "/metrics", "/openapi", "/docs")


def is_page(path: str) -> bool:
    return not path.startswith(NOT_PAGES)
