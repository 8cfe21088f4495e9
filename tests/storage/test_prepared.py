"""Prepared queries: compiled once per shape, each call's values bound, constants refused."""

from __future__ import annotations

import pytest
from peewee import Database

from storage.models import User
from storage.prepared import Binds
from tests.support.fixtures.accounts import MakeUser


def names(user_ids: list[str]) -> list[str]:
    binds = Binds()
    query = User.select(User.username).where(User.id.in_(binds.slots("id", user_ids)))
    return sorted(row["username"] for row in binds.run_dicts(("usernames",), query))


def test_each_call_binds_its_own_values(db: Database, make_user: MakeUser) -> None:
    ann, bob, cid = (make_user(username=name) for name in ("ann", "bob", "cid"))
    assert names([ann.id]) == ["ann"]
    assert names([bob.id]) == ["bob"]  # same shape, compiled once
    assert names([ann.id, cid.id]) == ["ann", "cid"]  # a longer list is another shape


def test_a_value_outside_the_slots_is_refused(db: Database, make_user: MakeUser) -> None:
    """It would be compiled into the shape, so every later call would get the first's value."""
    user = make_user()
    binds = Binds()
    query = User.select().where((User.id == binds.slot("id", user.id)) & (User.role == "admin"))
    with pytest.raises(TypeError, match="slots"):
        binds.run_models(("with a constant",), query)
    assert Binds().run_models(None, User.select().where(User.id == user.id)) == [user]
