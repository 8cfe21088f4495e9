"""Worktree isolation: an execution's branch, base and head commits, worktree and diff."""

from peewee import *
from playhouse.migrate import SchemaMigrator

COLUMNS = {
    "worktree_branch": CharField(max_length=200, null=True),
    "worktree_base_commit": CharField(max_length=64, null=True),
    "worktree_head_commit": CharField(max_length=64, null=True),
    "worktree_path": TextField(null=True),
    "diff_stat": TextField(null=True),
    "diff_patch": TextField(null=True),
    "diff_truncated": BooleanField(null=True),
    "worktree_error": TextField(null=True),
}


def up(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(*(migrator.add_column("execution", n, f) for n, f in COLUMNS.items()))


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(*(migrator.drop_column("execution", n) for n in COLUMNS))
