"""Query results as plain tuples, typed: peewee's stubs type `.tuples()` as the model itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from peewee import BaseQuery, SelectBase

Row = tuple[Any, ...]  # the selected columns' values, in order; their types are the query's


def tuples(query: BaseQuery) -> list[Row]:
    """Every row of the query as a tuple of the selected columns."""
    return list(cast(Iterable[Row], query.tuples()))


def first_tuple(query: SelectBase) -> Row | None:
    """The first row of the query as a tuple, or None."""
    row = query.tuples().first()
    return None if row is None else cast(Row, row)
