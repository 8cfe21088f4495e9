"""The API's search syntax: parsed into a tree (syntax), then SQL (fulltext, filters)."""

from storage.search import filters, fulltext, syntax

__all__ = ["filters", "fulltext", "syntax"]
