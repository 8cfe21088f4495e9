"""Task search, normalized tags, list indexes and the user's avatar.

- task_tag: one row per (task, tag), lower-cased, so tag filters use an index.
- Full-text search over task title and description, done by the database:
  SQLite: an FTS5 index (external content keyed by the task's rowid) kept by triggers;
  PostgreSQL: GIN indexes on to_tsvector('simple', title) and on description.
  The 'simple' configuration and FTS5's unicode61 tokenizer both match whole words without
  stemming, so a query means the same on both databases.
- Indexes for the list's sort orders, and a partial index of live tasks per project.
"""

import json

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class Task(Model):
        id = CharField(primary_key=True, max_length=36)
        tags = TextField()

        class Meta:
            database = db
            table_name = "task"

    class TaskTag(Model):
        task = ForeignKeyField(Task, on_delete="CASCADE")
        tag = CharField(max_length=64)

        class Meta:
            database = db
            table_name = "task_tag"
            primary_key = CompositeKey("task", "tag")
            indexes = ((("tag", "task"), False),)

    db.create_tables([TaskTag])
    rows = []
    for task_id, tags in Task.select(Task.id, Task.tags).tuples():
        for tag in sorted({str(t).strip().lower()[:64] for t in json.loads(tags or "[]")}):
            if tag:
                rows.append({"task": task_id, "tag": tag})
    if rows:
        TaskTag.insert_many(rows).execute()

    migrator.migrate(
        migrator.add_column("user", "avatar_url", CharField(max_length=500, null=True)),
        migrator.add_index("task", ("updated_at",), False),
        migrator.add_index("task", ("priority",), False),
    )

    # Live tasks of a project in creation order: the default list's page and its count (covering).
    db.execute_sql(
        "CREATE INDEX task_live_project_created ON task (project_id, created_at) "
        "WHERE deleted_at IS NULL"
    )
    if isinstance(db, PostgresqlDatabase):
        for column in ("title", "description"):
            db.execute_sql(
                f"CREATE INDEX task_{column}_fts ON task "
                f"USING GIN (to_tsvector('simple'::regconfig, {column}))"
            )
    else:
        # The task table's rowid is stable: VACUUM keeps it, and nothing else rewrites it.
        # Should it ever drift: INSERT INTO task_fts(task_fts) VALUES('rebuild').
        db.execute_sql(
            "CREATE VIRTUAL TABLE task_fts USING fts5("
            "title, description, content='task', content_rowid='rowid')"
        )
        db.execute_sql(
            "CREATE TRIGGER task_fts_insert AFTER INSERT ON task BEGIN "
            "INSERT INTO task_fts(rowid, title, description) "
            "VALUES (new.rowid, new.title, new.description); END"
        )
        db.execute_sql(
            "CREATE TRIGGER task_fts_delete AFTER DELETE ON task BEGIN "
            "INSERT INTO task_fts(task_fts, rowid, title, description) "
            "VALUES ('delete', old.rowid, old.title, old.description); END"
        )
        db.execute_sql(
            "CREATE TRIGGER task_fts_update AFTER UPDATE OF title, description ON task BEGIN "
            "INSERT INTO task_fts(task_fts, rowid, title, description) "
            "VALUES ('delete', old.rowid, old.title, old.description); "
            "INSERT INTO task_fts(rowid, title, description) "
            "VALUES (new.rowid, new.title, new.description); END"
        )
        db.execute_sql("INSERT INTO task_fts(task_fts) VALUES ('rebuild')")


def down(migrator: SchemaMigrator, db: Database) -> None:
    db.execute_sql("DROP INDEX IF EXISTS task_live_project_created")
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP INDEX IF EXISTS task_title_fts")
        db.execute_sql("DROP INDEX IF EXISTS task_description_fts")
    else:
        for trigger in ("insert", "delete", "update"):
            db.execute_sql(f"DROP TRIGGER IF EXISTS task_fts_{trigger}")
        db.execute_sql("DROP TABLE IF EXISTS task_fts")
    migrator.migrate(
        migrator.drop_index("task", "task_priority"),
        migrator.drop_index("task", "task_updated_at"),
        migrator.drop_column("user", "avatar_url"),
        migrator.drop_table("task_tag"),
    )
