"""Search terms as SQL: full-text indexes for tasks, substring matching for projects.

Tasks (title, description): PostgreSQL to_tsvector('simple', column) against a GIN index,
SQLite the task_fts FTS5 index; both match whole words without stemming. Tags go through the
task_tag table, status is compared as a value.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Sequence
from typing import Any

from peewee import SQL, Expression, PostgresqlDatabase, fn

from storage.errors import Invalid
from storage.models import Project, Task, TaskTag, database
from storage.search.syntax import Node, Term, compile_tree, parse, words
from storage.statuses import ProjectStatus, TaskStatus

TASK_FIELDS = ("title", "description", "tags", "status")
PROJECT_FIELDS = ("name", "description", "status")
_SIMPLE = SQL("'simple'")


def task_search(text: str) -> Any | None:
    """A where-expression for tasks matching the query, or None for a blank query."""
    tree = parse(text, TASK_FIELDS)
    return None if tree is None else compile_tree(tree, _task_term)


def project_search(text: str) -> Any | None:
    tree: Node | None = parse(text, PROJECT_FIELDS)
    return None if tree is None else compile_tree(tree, _project_term)


def _task_term(term: Term) -> Any:
    if term.field == "status":
        return _status(Task.status, term, tuple(TaskStatus))
    if term.field == "tags":
        tag = " ".join(words(term)) if term.phrase else term.text.strip().lower()
        match = TaskTag.tag.startswith(tag) if term.prefix else TaskTag.tag == tag
        return Task.id.in_(TaskTag.select(TaskTag.task).where(match))
    columns = [term.field] if term.field else ["title", "description"]
    if isinstance(database.obj, PostgresqlDatabase):
        return _any(
            Expression(fn.to_tsvector(_SIMPLE, getattr(Task, c)), "@@", _tsquery(term))
            for c in columns
        )
    return Task.id.in_(
        SQL(
            "(SELECT id FROM task WHERE rowid IN "
            "(SELECT rowid FROM task_fts WHERE task_fts MATCH ?))",
            [_fts5_query(term, columns)],
        )
    )


def _tsquery(term: Term) -> Any:
    if not term.prefix:
        return fn.phraseto_tsquery(_SIMPLE, term.text)
    tokens = words(term)  # only \w characters: nothing tsquery could read as syntax
    return fn.to_tsquery(_SIMPLE, " <-> ".join(tokens[:-1] + [tokens[-1] + ":*"]))


def _fts5_query(term: Term, columns: Sequence[str]) -> str:
    quoted = '"' + term.text.replace('"', '""') + '"' + ("*" if term.prefix else "")
    return "{" + " ".join(columns) + "} : " + quoted


def _project_term(term: Term) -> Any:
    if term.field == "status":
        return _status(Project.status, term, tuple(ProjectStatus))
    columns = [term.field] if term.field else ["name", "description"]
    text = term.text.strip()
    return _any(getattr(Project, c).contains(text) for c in columns)


def _status(column: Any, term: Term, allowed: Sequence[str]) -> Any:
    value = term.text.strip().lower()
    if term.prefix:
        return column.startswith(value)
    if value not in allowed:
        raise Invalid("search", f"status:{value} is not one of {', '.join(allowed)}")
    return column == value


def _any(expressions: Any) -> Any:
    return functools.reduce(operator.or_, expressions)
