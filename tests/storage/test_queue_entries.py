"""The queue entry the web sends with ExecutionQueued is the one the QueueActor would read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from peewee import Database

from storage.models import Project, Task
from storage.projects.crud import create_project
from storage.runs import executions, queues
from tests.support.fixtures.accounts import MakeUser


def test_an_entry_of_a_new_execution_is_what_the_queue_reads(
    db: Database, make_user: MakeUser, tmp_path: Path
) -> None:
    owner = make_user()
    capped = create_project(owner, "capped", tmp_path / "a")
    Project.update(resource_limits={"max_concurrent_tasks": 2}).where(
        Project.id == capped.id
    ).execute()
    free = create_project(owner, "free", tmp_path / "b")
    later = dt.datetime(2030, 1, 2, 3, 4, 5)
    for project, not_before in ((capped, None), (free, later)):
        task = Task.create(project=Project.get_by_id(project.id), created_by=owner, title="t")
        execution = executions.enqueue(task, owner, "normal", None, 0, not_before=not_before)
        entry = queues.entry_of(execution)
        assert entry == queues.queued_entry(execution.id)
        assert entry.project_id == project.id
    assert queues.entry_of(execution).not_before == later.replace(tzinfo=dt.UTC).timestamp()
    capped_entries = queues.load_queue("normal", 10)
    assert [e.project_cap for e in capped_entries] == [2, None]
