"""A task's conversation: its executions in order, each one turn of the CLI session it
continues (`--resume`), with a follow-up prompt or the task's own text."""

from __future__ import annotations

from dataclasses import dataclass

from storage.error_codes import ErrorCode
from storage.errors import Conflict
from storage.models import Execution, Task


@dataclass(frozen=True)
class Turn:
    """What one execution sends: prompt (None: the task's text) into resume_session_id (None:
    a new session)."""

    prompt: str | None = None
    resume_session_id: str | None = None


def next_turn(task: Task, prompt: str | None, resume: bool | None) -> Turn:
    """The turn a new execution of task takes. resume: the caller's `options.continue`;
    unset, the task's metadata.continue_session decides (a first run then starts fresh)."""
    asked = resume is True
    if resume is None:
        resume = (task.metadata or {}).get("continue_session") is True
    if not resume:
        return Turn(prompt)
    session = last_session(task)
    if session is None and asked:
        raise Conflict(
            ErrorCode.TASK_NO_SESSION,
            "No execution of this task has a CLI session to continue",
            id=task.id,
        )
    return Turn(prompt, session)


def last_session(task: Task) -> str | None:
    """The CLI session of the task's latest execution that reported one."""
    row = (
        Execution.select(Execution.cli_session_id)
        .where((Execution.task == task) & Execution.cli_session_id.is_null(False))
        .order_by(Execution.attempt.desc())
        .tuples()
        .first()
    )
    return row[0] if row else None


def conversation(task: Task) -> list[Execution]:
    """The task's executions, oldest first: its conversation, turn by turn."""
    return list(Execution.select().where(Execution.task == task).order_by(Execution.attempt))
