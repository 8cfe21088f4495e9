"""The base of every model: the database proxy, string UUID ids, naive UTC times, JSON text."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable
from typing import Any

from peewee import CharField, DatabaseProxy, Model, TextField

database = DatabaseProxy()
# json.loads without its two Python layers: the decoder's C scanner (set in its __init__)
_scan_json: Callable[[str, int], tuple[Any, int]] = vars(json.JSONDecoder())["scan_once"]


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class JSONField(TextField):
    """JSON kept as text, identical on SQLite and PostgreSQL."""

    def db_value(self, value: Any) -> str | None:
        return None if value is None else json.dumps(value, separators=(",", ":"))

    def python_value(self, value: Any) -> Any:
        """The stored text's value; text this field wrote (compact, nothing around it) is
        scanned directly, a list page's many small values at a fifth of json.loads' cost."""
        if value is None:
            return None
        try:
            parsed, end = _scan_json(value, 0)
        except (StopIteration, TypeError):
            return json.loads(value)  # its own error for what is not JSON
        return parsed if end == len(value) else json.loads(value)


class BaseModel(Model):
    id = CharField(primary_key=True, max_length=36, default=new_id)

    class Meta:
        database = database
        legacy_table_names = False
