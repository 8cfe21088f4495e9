"""Prepared queries: compiled once per shape, each call's values bound, constants refused."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from peewee import Database

from storage.models import Task, User
from storage.prepared import Binds
from storage.projects.crud import create_project
from storage.tasks.listing import LISTED
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


def test_rows_read_as_peewee_reads_them(db: Database, make_user: MakeUser, tmp_path: Path) -> None:
    """Only the columns the driver does not hand back as the field's value are converted
    (times, JSON, booleans): every other column is taken as the driver gave it."""
    owner = make_user(username="owner")
    make_user(username="away", is_active=False)
    project = create_project(owner, "p", tmp_path / "ws")
    Task.create(
        project=project,
        created_by=owner,
        assigned_to=owner,
        title="with everything",
        tags=["b", "a"],
        metadata={"nested": {"list": [1, 2.5, None]}, "text": "é"},
        estimated_duration=90,
        cost_usd=0.125,
        started_at=dt.datetime(2026, 1, 2, 3, 4, 5),  # no fraction of a second
        completed_at=dt.datetime(2026, 1, 2, 3, 4, 5, 678901),
    )
    Task.create(project=project, created_by=owner, title="with nothing", tags=[], metadata={})
    for model, columns in ((User, (User,)), (Task, LISTED)):
        query = model.select(*columns).order_by(model.id)
        expected = list(query.clone().dicts())
        got = Binds().run_dicts(("as peewee reads", model.__name__), query)
        assert got == expected
        assert Binds().run_dicts(None, query) == expected
    flags = [row["is_active"] for row in Binds().run_dicts(("flags",), User.select(User.is_active))]
    assert sorted(flags) == [False, True] and all(isinstance(flag, bool) for flag in flags)


def test_json_text_written_elsewhere_reads_as_json_loads_reads_it(
    db: Database, make_user: MakeUser, tmp_path: Path
) -> None:
    """The fast path takes only text that is one JSON value and nothing else."""
    owner = make_user()
    project = create_project(owner, "p", tmp_path / "ws")
    task = Task.create(project=project, created_by=owner, title="t")
    query = Task.select(Task.metadata).where(Task.id == task.id)
    for stored, value in ((' {"a": [1, 2]} ', {"a": [1, 2]}), ("[1]\n", [1]), ("7", 7)):
        db.execute_sql(_update_sql(db), (stored, task.id))
        assert Binds().run_dicts(None, query) == [{"metadata": value}]
    for broken in ("[1] [2]", "{", "not json"):
        db.execute_sql(_update_sql(db), (broken, task.id))
        with pytest.raises(json.JSONDecodeError):
            Binds().run_dicts(None, query)


def _update_sql(db: Database) -> str:
    mark = db.param
    return f'UPDATE "task" SET "metadata" = {mark} WHERE "id" = {mark}'
