"""Task dependencies: links inside one project, never forming a cycle."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from storage.errors import Invalid
from storage.models import Task, TaskDependency, User, new_id
from storage.prepared import Binds
from storage.rows import tuples
from storage.statuses import TaskStatus
from storage.tasks.audit import record

TYPES = ("blocks", "relates_to")
MAX_PER_TASK = 50


def replace(task: Task, user: User, specs: Sequence[dict[str, Any]]) -> None:
    """Make the task depend on exactly these tasks; history records old and new."""
    wanted = {s["depends_on_task_id"]: s.get("dependency_type", "blocks") for s in specs}
    if len(wanted) > MAX_PER_TASK:
        raise Invalid("dependencies", f"at most {MAX_PER_TASK} dependencies per task")
    _check_targets(task, wanted)
    current = {
        d.depends_on_id: d.dependency_type
        for d in TaskDependency.select().where(TaskDependency.task == task)
    }
    if current == wanted:
        return
    TaskDependency.delete().where(TaskDependency.task == task).execute()
    if wanted:
        TaskDependency.insert_many(
            [
                {"id": new_id(), "task": task.id, "depends_on": target, "dependency_type": kind}
                for target, kind in wanted.items()
            ]
        ).execute()
    record(task, user, "dependencies_changed", "dependencies", _listed(current), _listed(wanted))


def of(task: Task) -> list[TaskDependency]:
    """The task's live dependencies, each with the task it depends on."""
    return list(
        TaskDependency.select(TaskDependency, Task)
        .join(Task, on=(TaskDependency.depends_on == Task.id))
        .where((TaskDependency.task == task) & Task.deleted_at.is_null())
        .order_by(TaskDependency.created_at, TaskDependency.id)
    )


def unmet_blockers(task: Task) -> list[dict[str, str]]:
    """The tasks that block this one and are not completed yet (deleted ones no longer block)."""
    binds = Binds()
    query = (
        TaskDependency.select(Task.id.alias("task_id"), Task.title, Task.status)
        .join(Task, on=(TaskDependency.depends_on == Task.id))
        .where(
            (TaskDependency.task == binds.slot("task", task.id))
            & (TaskDependency.dependency_type == binds.slot("blocks", "blocks"))
            & (Task.status != binds.slot("completed", TaskStatus.COMPLETED))
            & Task.deleted_at.is_null()
        )
    )
    rows = binds.run_dicts(("unmet blockers",), query)
    return [{"task_id": r["task_id"], "title": r["title"], "status": r["status"]} for r in rows]


def copy_links(source_project_id: str, mapping: dict[str, str]) -> None:
    """Recreate the links among copied tasks (old id → new id), e.g. for a cloned project."""
    links = (
        TaskDependency.select()
        .join(Task, on=(TaskDependency.task == Task.id))
        .where(Task.project == source_project_id)
    )
    rows = [
        {
            "id": new_id(),
            "task": mapping[link.task_id],
            "depends_on": mapping[link.depends_on_id],
            "dependency_type": link.dependency_type,
        }
        for link in links
        if link.task_id in mapping and link.depends_on_id in mapping
    ]
    for start in range(0, len(rows), 500):
        TaskDependency.insert_many(rows[start : start + 500]).execute()


def _check_targets(task: Task, wanted: dict[str, str]) -> None:
    if not wanted:
        return
    if task.id in wanted:
        raise Invalid("dependencies", "a task cannot depend on itself")
    found: dict[str, str] = dict(
        tuples(
            Task.select(Task.id, Task.project).where(
                Task.id.in_(list(wanted)) & Task.deleted_at.is_null()
            )
        )
    )
    for target in wanted:
        if target not in found:
            raise Invalid("dependencies", f"task {target} does not exist")
        if found[target] != task.project_id:
            raise Invalid("dependencies", f"task {target} belongs to another project")
    _refuse_cycle(task.id, set(wanted))


def _refuse_cycle(task_id: str, targets: set[str]) -> None:
    """Walk what the targets depend on, level by level; reaching the task means a cycle."""
    seen: set[str] = set()
    frontier = targets
    while frontier:
        if task_id in frontier:
            raise Invalid("dependencies", "these dependencies would form a cycle")
        seen |= frontier
        rows = TaskDependency.select(TaskDependency.depends_on).where(
            TaskDependency.task.in_(list(frontier))
        )
        frontier = {row.depends_on_id for row in rows} - seen


def _listed(links: dict[str, str]) -> list[dict[str, str]]:
    return [{"depends_on_task_id": t, "dependency_type": k} for t, k in sorted(links.items())]
