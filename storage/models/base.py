"""The base of every model: the database proxy, string UUID ids, naive UTC times, JSON text."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from peewee import CharField, DatabaseProxy, Model, TextField

database = DatabaseProxy()


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class JSONField(TextField):
    """JSON kept as text, identical on SQLite and PostgreSQL."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, separators=(",", ":"))

    def python_value(self, value: Any) -> Any:
        return None if value is None else json.loads(value)


class BaseModel(Model):
    id = CharField(primary_key=True, max_length=36, default=new_id)

    class Meta:
        database = database
        legacy_table_names = False
