"""An execution's start in two steps (storage/runs/running): its plan is read without a
transaction and sent to a TaskActor, then the claim moves it to running, unless it was
cancelled in between."""

from __future__ import annotations

from pathlib import Path

from peewee import Database

from storage.models import Execution, Project, Task, TaskHistory
from storage.projects.crud import create_project
from storage.runs import executions, running
from storage.runs.running import ExecutionPlan
from storage.statuses import ExecutionStatus, TaskStatus
from tests.support.fixtures.accounts import MakeUser


def _planned(make_user: MakeUser, tmp_path: Path) -> tuple[Task, Execution, ExecutionPlan]:
    """A queued execution and its plan, read."""
    owner = make_user()
    project = create_project(owner, "p", tmp_path / "p")
    task = Task.create(project=Project.get_by_id(project.id), created_by=owner, title="t")
    execution = executions.enqueue(task, owner, "normal", None, 0, prompt="do it")
    plan = running.plan(execution.id)
    assert plan is not None
    return task, execution, plan


def test_the_plan_of_the_rows_just_written_is_the_plan_read_back(
    db: Database, make_user: MakeUser, tmp_path: Path
) -> None:
    """What a web process sends a lent runner (running.plan_of, no read) is what the
    Supervisor would read (running.plan)."""
    owner = make_user()
    project = create_project(owner, "p", tmp_path / "p")
    task = Task.create(
        project=Project.get_by_id(project.id), created_by=owner, title="t", description="d"
    )
    cli = {"model": "claude-x", "max_turns": 3, "allowed_tools": ["Read", "Bash"]}
    for prompt, override in ((None, None), ("a follow-up", cli)):
        execution = executions.enqueue(
            task, owner, "high", 30, 0, prompt=prompt, cli_override=override
        )
        assert running.plan_of(execution) == running.plan(execution.id)
        executions.cancel(task, owner, "next")
    assert running.plan_of(execution).cli.allowed_tools == ("Read", "Bash")


def test_a_claim_moves_the_planned_execution_and_its_task_to_running(
    db: Database, make_user: MakeUser, tmp_path: Path
) -> None:
    task, execution, plan = _planned(make_user, tmp_path)
    assert (plan.task_id, plan.prompt, plan.attempt) == (task.id, "do it", 1)
    assert Execution.get_by_id(execution.id).status == ExecutionStatus.QUEUED  # a read only

    assert running.claim(plan, 60)
    claimed = Execution.get_by_id(execution.id)
    assert claimed.status == ExecutionStatus.RUNNING and claimed.lease_expires_at is not None
    assert Task.get_by_id(task.id).status == TaskStatus.RUNNING
    changes = [
        (h.old_value, h.new_value) for h in TaskHistory.select().where(TaskHistory.task == task.id)
    ]
    assert (TaskStatus.QUEUED, TaskStatus.RUNNING) in changes
    assert not running.claim(plan, 60)  # twice: no harm
    assert running.plan(execution.id) is None  # not queued any more


def test_an_execution_cancelled_after_its_plan_was_read_is_not_claimed(
    db: Database, make_user: MakeUser, tmp_path: Path
) -> None:
    task, execution, plan = _planned(make_user, tmp_path)
    executions.cancel(Task.get_by_id(task.id), None, "changed my mind")
    assert not running.claim(plan, 60)
    assert Execution.get_by_id(execution.id).status == ExecutionStatus.CANCELLED
    assert Task.get_by_id(task.id).status == TaskStatus.CANCELLED
