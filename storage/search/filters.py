"""What every list filter shares: values checked against their catalogue, a creation window."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from peewee import Expression, Field

from storage.errors import Invalid
from storage.prepared import Binds


@dataclass(frozen=True, kw_only=True)
class CreatedBetween:
    """Created at or after created_after and before created_before (either may be open)."""

    created_after: dt.datetime | None = None
    created_before: dt.datetime | None = None

    def created_conditions(self, column: Field, binds: Binds | None = None) -> list[Expression]:
        """The window's conditions (with binds: its ends as slots of a prepared query)."""

        def value(name: str, moment: dt.datetime) -> object:
            return moment if binds is None else binds.slot(name, moment, column.db_value)

        conditions = []
        if self.created_after:
            conditions.append(column >= value("created_after", self.created_after))
        if self.created_before:
            conditions.append(column < value("created_before", self.created_before))
        return conditions


def check_members(field: str, given: Iterable[str], allowed: Collection[str]) -> None:
    """Invalid naming the first value (in sort order) that is not one of allowed."""
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise Invalid(field, f"'{unknown[0]}' is not one of {', '.join(allowed)}")
