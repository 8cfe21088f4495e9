"""Executions of the real CLI: the CLI options each run used, and what the CLI reported (model,
init details, cost, tokens, turns, durations, result subtype); each task's total cost."""

from peewee import *
from playhouse.migrate import SchemaMigrator

EXECUTION = {
    "cli_options": TextField(null=True),
    "model": CharField(max_length=100, null=True),
    "cli_init": TextField(null=True),
    "cost_usd": DoubleField(null=True),
    "input_tokens": BigIntegerField(null=True),
    "output_tokens": BigIntegerField(null=True),
    "cache_creation_input_tokens": BigIntegerField(null=True),
    "cache_read_input_tokens": BigIntegerField(null=True),
    "num_turns": IntegerField(null=True),
    "duration_ms": BigIntegerField(null=True),
    "duration_api_ms": BigIntegerField(null=True),
    "result_subtype": CharField(max_length=64, null=True),
}
# nullable in the schema: on SQLite a NOT NULL column would rebuild the table (and drop its
# triggers, migration 0009); every row gets 0 here, every new one from the model's default
TASK = {"cost_usd": DoubleField(null=True)}


def up(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        *(migrator.add_column("execution", n, f) for n, f in EXECUTION.items()),
        *(migrator.add_column("task", n, f) for n, f in TASK.items()),
    )
    db.execute_sql("UPDATE task SET cost_usd = 0")


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(
        *(migrator.drop_column("execution", n) for n in EXECUTION),
        *(migrator.drop_column("task", n) for n in TASK),
    )
