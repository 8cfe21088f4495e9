"""Queries whose SQL peewee builds once per shape, then runs with each call's values.

The hot read paths (a page of a task list and its total, the visible projects) run the same
few queries with other values on every request, and peewee building their SQL costs more than
the database running them (about a third of the web process's time at 100k tasks, see
benchmarks/task_list.py). Such a query is written with `Slot`s where the values go; the first
call of a shape compiles it, later calls only bind:

    binds = Binds()
    query = Task.select().where(Task.project == binds.slot("project", project_id))
    rows = binds.run_dicts(("one project",), query)

The shape (with the dialect) must name everything that changes the SQL besides the slots'
values; the slots' names are part of it too.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from peewee import (
    AutoField,
    BigIntegerField,
    CharField,
    Context,
    DateTimeField,
    Field,
    FloatField,
    ForeignKeyField,
    Insert,
    IntegerField,
    Model,
    ModelSelect,
    Node,
    SelectBase,
    TextField,
    Update,
)

from storage.models import database

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Bound:
    """A compiled query's parameter that each call binds: its slot's name and conversion."""

    name: str
    convert: Callable[[Any], Any] | None

    def value(self, values: dict[str, Any]) -> Any:
        value = values[self.name]
        return value if self.convert is None else self.convert(value)


class Slot(Node):
    """Where a value goes in a prepared query; `convert` makes it what the column stores."""

    def __init__(self, name: str, convert: Callable[[Any], Any] | None = None) -> None:
        self.bound = Bound(name, convert)

    def __sql__(self, ctx: Context) -> Context:
        return cast(Context, ctx.value(self.bound, converter=False))  # a parameter, as it is


@dataclass(frozen=True)
class Compiled:
    """A query's SQL and its parameters, each bound per call (constants are refused: they
    would be the first call's values for every later call of the shape)."""

    sql: str
    params: tuple[Bound, ...]

    @classmethod
    def of(cls, query: SelectBase | Update | Insert) -> Compiled:
        sql, params = database.obj.get_sql_context().sql(query).query()
        constants = [p for p in params if not isinstance(p, Bound)]
        if constants:
            raise TypeError(f"a prepared query takes its values from slots, not {constants!r}")
        return cls(sql, tuple(params))

    def bind(self, values: dict[str, Any]) -> list[Any]:
        return [param.value(values) for param in self.params]


MAX_SHAPES = 4096  # a bound on the cache, far above the shapes the lists have
_compiled: dict[Hashable, Compiled] = {}


@dataclass
class Binds:
    """The values of one call's slots, and its queries run through the compiled cache."""

    values: dict[str, Any] = field(default_factory=dict)

    def slot(self, name: str, value: Any, convert: Callable[[Any], Any] | None = None) -> Slot:
        self.values[name] = value
        return Slot(name, convert)

    def slots(self, name: str, values: list[Any]) -> list[Slot]:
        """A list of values (an IN list): its length is part of the shape."""
        return [self.slot(f"{name}.{i}", value) for i, value in enumerate(values)]

    def run_dicts(self, shape: Hashable | None, query: ModelSelect[Any]) -> list[dict[str, Any]]:
        """The rows of a model's query as dicts keyed by the selected columns' names (or
        aliases), each value converted by the model's field of that column."""
        sql, params = self._compiled(shape, query)
        cursor = database.execute_sql(sql, params)
        names = tuple(column[0] for column in cursor.description)
        model: type[Model] = query.model
        converting = _conversions(model, names)
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            for name, read in converting:
                if (raw := row[name]) is not None:
                    row[name] = read(raw)
        return rows

    def run_models(self, shape: Hashable | None, query: ModelSelect[M]) -> list[M]:
        """The rows of a model's query as model instances (of its own columns)."""
        sql, params = self._compiled(shape, query)
        return list(query.model.raw(sql, *params))

    def run_joined(self, shape: Hashable | None, query: ModelSelect[M]) -> list[M]:
        """The rows of a model's query as model instances with the rows of the models it
        selects from its joins attached, as peewee's own execution builds them."""
        sql, params = self._compiled(shape, query)
        cursor = database.execute_sql(sql, params)
        return list(query._get_cursor_wrapper(cursor))  # type: ignore[attr-defined]  # unstubbed

    def run_count(self, shape: Hashable | None, query: Update) -> int:
        """Run an UPDATE; how many rows it changed."""
        sql, params = self._compiled(shape, query)
        return int(database.execute_sql(sql, params).rowcount)

    def set(self, model: type[Model], values: dict[str, Any]) -> dict[Field, Slot]:
        """An UPDATE's SET clause: each field's value in a slot of its name, stored as the
        field stores it."""
        fields = model._meta.fields
        return {
            fields[name]: self.slot(f"set.{name}", value, fields[name].db_value)
            for name, value in values.items()
        }

    def insert(self, shape: Hashable, model: type[Model], values: dict[str, Any]) -> dict[str, Any]:
        """Insert one row: values by field name, each other field its default (as create()
        would), every value stored as its field stores it; the row's values, defaults
        included."""
        fields = model._meta.fields
        row = dict(values)
        for name, column in fields.items():
            if name not in row and column.default is not None:
                row[name] = column.default() if callable(column.default) else column.default
        columns = {
            fields[name]: self.slot(f"insert.{name}", value, fields[name].db_value)
            for name, value in row.items()
        }
        sql, params = self._compiled(shape, model.insert(columns))
        database.execute_sql(sql, params)
        return row

    def update_by_id(
        self, shape: Hashable, model: type[Model], row_id: str, values: dict[str, Any]
    ) -> int:
        """Set values on the row with id row_id; how many rows changed (0 or 1)."""
        update = model.update(self.set(model, values))
        by_id = model._meta.primary_key == self.slot("id", row_id)
        return self.run_count(shape, update.where(by_id))

    def run_scalar(self, shape: Hashable | None, query: SelectBase) -> Any:
        sql, params = self._compiled(shape, query)
        row = database.execute_sql(sql, params).fetchone()
        return None if row is None else row[0]

    def run_column(self, shape: Hashable | None, query: SelectBase) -> list[Any]:
        sql, params = self._compiled(shape, query)
        return [row[0] for row in database.execute_sql(sql, params).fetchall()]

    def _compiled(
        self, shape: Hashable | None, query: SelectBase | Update | Insert
    ) -> tuple[str, list[Any]]:
        """shape None: compiled for this call only (a query with values outside slots)."""
        if shape is None:
            sql, params = database.obj.get_sql_context().sql(query).query()
            return sql, [p.value(self.values) if isinstance(p, Bound) else p for p in params]
        key = (type(database.obj), shape, tuple(self.values))
        compiled = _compiled.get(key)
        if compiled is None:
            if len(_compiled) >= MAX_SHAPES:
                _compiled.clear()
            compiled = _compiled[key] = Compiled.of(query)
        return compiled.sql, compiled.bind(self.values)


# Fields whose column the database drivers already hand back as the field's Python value
# (text as str, integers as int, floats as float): reading them through peewee's python_value
# was most of a list page's time (benchmarks/task_list.py).
_AS_STORED = (AutoField, BigIntegerField, CharField, FloatField, IntegerField, TextField)


def _datetime(peewee_read: Callable[[Any], Any], value: Any) -> Any:
    """A stored time: SQLite's text in the form peewee writes (str of a datetime) read in C,
    five times faster than peewee's formats; anything else as peewee reads it."""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    return peewee_read(value)


@functools.lru_cache(maxsize=MAX_SHAPES)
def _conversions(
    model: type[Model], names: tuple[str, ...]
) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """The columns of a result (by name) that need their field's conversion, and its reader."""
    fields = model._meta.combined
    readers = ((name, _reader(fields[name])) for name in names if name in fields)
    return tuple((name, read) for name, read in readers if read is not None)


def _reader(field: Field) -> Callable[[Any], Any] | None:
    """The conversion of a non-null value of field's column, or None when there is none."""
    if isinstance(field, ForeignKeyField):
        return _reader(field.rel_field)
    if isinstance(field, DateTimeField) and type(field).python_value is DateTimeField.python_value:
        return functools.partial(_datetime, field.python_value)
    if isinstance(field, _AS_STORED) and type(field).python_value is Field.python_value:
        return None
    read: Callable[[Any], Any] = field.python_value
    return read


def row_by_id(model: type[M], row_id: str) -> M | None:
    """A model's row by its primary key, or None: a prepared query, its SQL built once."""
    binds = Binds()
    query = model.select().where(model._meta.primary_key == binds.slot("id", row_id))
    found = binds.run_models((model.__name__, "row by id"), query)
    return found[0] if found else None
