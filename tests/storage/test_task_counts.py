"""task_count, kept by the database's triggers, equals a count of the live tasks after any
kind of change; on PostgreSQL writers never wait for each other on it."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import psycopg2
import pytest
from peewee import Database, PostgresqlDatabase, fn

from storage.models import Project, Task, TaskCount, User, new_id, utcnow
from storage.prepared import Binds
from storage.projects.crud import create_project
from storage.tasks import counts
from tests.support.fixtures.accounts import MakeUser
from tests.support.fixtures.database import TEST_DATABASE

Key = tuple[str, str, int]


def counted() -> Counter[Key]:
    rows = (
        TaskCount.select(
            TaskCount.project, TaskCount.status, TaskCount.priority, fn.SUM(TaskCount.n)
        )
        .group_by(TaskCount.project, TaskCount.status, TaskCount.priority)
        .tuples()
    )
    return Counter({(p, s, pr): int(n) for p, s, pr, n in rows if int(n)})


def actual() -> Counter[Key]:
    rows = (
        Task.select(Task.project, Task.status, Task.priority, fn.COUNT(Task.id))
        .where(Task.deleted_at.is_null())
        .group_by(Task.project, Task.status, Task.priority)
        .tuples()
    )
    return Counter({(p, s, pr): n for p, s, pr, n in rows})


def add_tasks(project: Project, user: User, n: int, status: str = "pending") -> list[str]:
    ids = [new_id() for _ in range(n)]
    Task.insert_many(
        {
            "id": i,
            "project": project.id,
            "created_by": user.id,
            "title": f"t {k}",
            "status": status,
            "priority": k % 3,
        }
        for k, i in enumerate(ids)
    ).execute()
    return ids


@pytest.fixture
def projects(db: Database, make_user: MakeUser, tmp_path: Path) -> tuple[User, Project, Project]:
    user = make_user()
    return (
        user,
        create_project(user, "a", tmp_path / "ws"),
        create_project(user, "b", tmp_path / "ws"),
    )


def test_counts_follow_inserts_updates_moves_deletes_and_restores(
    projects: tuple[User, Project, Project],
) -> None:
    user, a, b = projects
    ids = add_tasks(a, user, 30) + add_tasks(b, user, 5, "completed")
    Task.create(project=a, created_by=user, title="one more", priority=7)
    assert counted() == actual()

    Task.update(status="running").where(Task.id.in_(ids[:10])).execute()  # one statement, 10 rows
    Task.update(priority=9).where(Task.id == ids[10]).execute()
    Task.update(project=b.id).where(Task.id == ids[11]).execute()  # moved to another project
    Task.update(title="renamed", updated_at=utcnow()).where(Task.id == ids[12]).execute()
    Task.update(status="pending").where(Task.id == ids[13]).execute()  # unchanged value
    assert counted() == actual()

    now = utcnow()
    Task.update(deleted_at=now).where(Task.id.in_(ids[14:20])).execute()  # soft delete
    Task.update(deleted_at=now + dt.timedelta(seconds=1)).where(Task.id == ids[14]).execute()
    Task.update(deleted_at=None).where(Task.id == ids[15]).execute()  # restored
    Task.update(status="failed").where(Task.id == ids[16]).execute()  # deleted: not counted
    Task.delete().where(Task.id.in_(ids[20:25])).execute()  # hard delete of live tasks
    Task.delete().where(Task.id == ids[17]).execute()  # hard delete of a deleted task
    assert counted() == actual()
    assert counts.live_tasks(counts.CountedFilter([a.id]), Binds()) == sum(
        n for (project, _, _), n in actual().items() if project == a.id
    )


def test_counts_answer_status_and_priority_filters(projects: tuple[User, Project, Project]) -> None:
    user, a, b = projects
    add_tasks(a, user, 9)
    add_tasks(a, user, 6, "failed")
    add_tasks(b, user, 4, "failed")

    def live(ids: list[str], statuses: list[str], min_priority: int | None) -> int:
        return counts.live_tasks(counts.CountedFilter(ids, statuses, min_priority), Binds())

    assert live([a.id, b.id], [], None) == 19
    assert live([a.id], ["failed"], None) == 6
    assert live([a.id, b.id], ["failed", "pending"], 2) == 3 + 2 + 1
    assert live([b.id], ["completed"], None) == 0
    assert counts.by_status([a.id, b.id]) == {
        a.id: {"pending": 9, "failed": 6},
        b.id: {"failed": 4},
    }


def test_many_changes_fold_into_one_row_per_key(
    db: Database, projects: tuple[User, Project, Project]
) -> None:
    user, a, _ = projects
    ids = add_tasks(a, user, 10)
    for round_ in range(20):  # 200 status changes, one statement each
        for task_id in ids:
            status = "completed" if round_ % 2 == 0 else "pending"
            Task.update(status=status).where(Task.id == task_id).execute()
    assert counted() == actual()
    rows = TaskCount.select().where(TaskCount.project == a.id).count()
    assert rows <= 3 * 2 + 2 * 64  # folded: keys plus at most the changes since the last fold


@pytest.mark.skipif(TEST_DATABASE != "postgresql", reason="SQLite has one writer at a time")
def test_writers_of_one_project_do_not_wait_for_each_other(
    db: Database, database_url: str, projects: tuple[User, Project, Project]
) -> None:
    """A transaction that moved one task pending → completed and is still open does not hold
    up another that moves a second task the other way (a counter row updated in place would:
    both change the same two rows, and opposite orders deadlock)."""
    assert isinstance(db, PostgresqlDatabase)
    user, a, _ = projects
    first, second = add_tasks(a, user, 1) + add_tasks(a, user, 1, "completed")
    holder, other = psycopg2.connect(database_url), psycopg2.connect(database_url)
    try:
        with holder.cursor() as cursor:
            cursor.execute("UPDATE task SET status = 'completed' WHERE id = %s", (first,))
            cursor.execute("SELECT task_count_fold(%s)", (a.id,))  # holds the fold's lock too
        with other.cursor() as cursor:
            cursor.execute("SET lock_timeout = '20s'")  # waiting at all would fail the test
            cursor.execute("UPDATE task SET status = 'pending' WHERE id = %s", (second,))
            cursor.execute("SELECT task_count_fold(%s)", (a.id,))  # skips: holder is folding
        other.commit()
        holder.commit()
    finally:
        holder.close()
        other.close()
    assert counted() == actual()
