"""Leases: a runtime holds an execution or a command only while it keeps renewing its lease.

A row is claimed with a lease (moved to its running status, lease_expires_at set), the actor
that owns it renews the lease every third of its length, and its end gives the lease up. A row
whose lease ran out belongs to a runtime that crashed or was killed: the Supervisor (executions)
or the next reader (commands) fails it. The lease is the liveness signal because Thespian
notices a dead host only after ~22 minutes (DESIGN.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from peewee import Expression

from storage.models import Command, Execution, utcnow
from storage.prepared import Binds

Leased = type[Execution] | type[Command]


def lease_until(seconds: float) -> dt.datetime:
    """When a lease of `seconds` taken now runs out."""
    return utcnow() + dt.timedelta(seconds=seconds)


def renewal_period(seconds: float) -> dt.timedelta:
    """How often the holder renews a lease of `seconds`: three chances before it runs out."""
    return dt.timedelta(seconds=seconds / 3)


def claim(
    model: Leased,
    row_id: str,
    claimable: str,
    status: str,
    seconds: float,
    **changes: object,
) -> bool:
    """Move a row from `claimable` to `status` with a fresh lease; False if it was not claimable
    any more (taken, abandoned or cancelled meanwhile), so claiming twice does no harm."""
    binds = Binds()
    values = {"status": status, "lease_expires_at": lease_until(seconds), **changes}
    update = model.update(binds.set(model, values)).where(
        (model.id == binds.slot("id", row_id)) & (model.status == binds.slot("from", claimable))
    )
    return bool(binds.run_count(("claim", model.__name__), update))


def renew(model: Leased, row_id: str, seconds: float, held: Iterable[str]) -> None:
    """Extend the lease of a row still in one of the `held` statuses."""
    model.update(lease_expires_at=lease_until(seconds)).where(
        (model.id == row_id) & model.status.in_(tuple(held))
    ).execute()


def expired(model: Leased, held: Iterable[str]) -> Expression:
    """The condition that selects rows in a `held` status whose lease has run out."""
    return model.status.in_(tuple(held)) & (model.lease_expires_at < utcnow())


def release(model: Leased, where: Expression, at: dt.datetime, /, **outcome: object) -> int:
    """End the rows `where` selects at `at`: write their outcome and give up their lease."""
    ended = model.update(completed_at=at, lease_expires_at=None, **outcome).where(where)
    return int(ended.execute())
