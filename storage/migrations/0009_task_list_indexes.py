"""Task lists at any size: live-task counters kept by the database, and an index per sort order.

- task_count: the number of live tasks (deleted_at IS NULL) per (project, status, priority),
  kept exact by triggers in the same transaction as the change, so a list's `total` is a sum
  over a few dozen rows per project instead of a walk over its tasks.
  SQLite (one writer at a time): row triggers keep one row per key (upsert).
  PostgreSQL: triggers only append signed changes (never updating a row another transaction
  may hold, so writers never wait for each other or deadlock); every 64th change folds the
  project's rows back into one per key, under an advisory try-lock (a fold never waits: when
  another transaction is folding that project, this one skips).
- An index of live tasks per project for each sort order, with the id (the tie-break) last,
  so a page is read in order and never sorted; and one per project and status.
"""

from peewee import *
from playhouse.migrate import SchemaMigrator

SORTED = {
    "created": "created_at",
    "updated": "updated_at",
    "priority": "priority",
    "title": "title",
}
LIVE = "WHERE deleted_at IS NULL"

SQLITE_COUNTS = [
    "CREATE TABLE task_count (project_id VARCHAR(36) NOT NULL, status VARCHAR(16) NOT NULL, "
    "priority INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (project_id, status, priority)) "
    "WITHOUT ROWID",
    "CREATE TRIGGER task_count_insert AFTER INSERT ON task WHEN new.deleted_at IS NULL BEGIN "
    "INSERT INTO task_count (project_id, status, priority, n) "
    "VALUES (new.project_id, new.status, new.priority, 1) "
    "ON CONFLICT (project_id, status, priority) DO UPDATE SET n = n + 1; END",
    "CREATE TRIGGER task_count_delete AFTER DELETE ON task WHEN old.deleted_at IS NULL BEGIN "
    "UPDATE task_count SET n = n - 1 WHERE project_id = old.project_id "
    "AND status = old.status AND priority = old.priority; END",
    "CREATE TRIGGER task_count_update AFTER UPDATE OF project_id, status, priority, deleted_at "
    "ON task WHEN old.project_id IS NOT new.project_id OR old.status IS NOT new.status "
    "OR old.priority IS NOT new.priority OR (old.deleted_at IS NULL) <> (new.deleted_at IS NULL) "
    "BEGIN "
    "UPDATE task_count SET n = n - 1 WHERE old.deleted_at IS NULL "
    "AND project_id = old.project_id AND status = old.status AND priority = old.priority; "
    "INSERT INTO task_count (project_id, status, priority, n) "
    "SELECT new.project_id, new.status, new.priority, 1 WHERE new.deleted_at IS NULL "
    "ON CONFLICT (project_id, status, priority) DO UPDATE SET n = n + 1; END",
]

POSTGRES_COUNTS = [
    "CREATE TABLE task_count (project_id VARCHAR(36) NOT NULL, status VARCHAR(16) NOT NULL, "
    "priority INTEGER NOT NULL, n BIGINT NOT NULL)",
    "CREATE INDEX task_count_key ON task_count (project_id, status, priority) INCLUDE (n)",
    "CREATE SEQUENCE task_count_changes",
    """CREATE FUNCTION task_count_fold(p VARCHAR) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
        IF pg_try_advisory_xact_lock(hashtext('task_count'), hashtext(p)) THEN
            WITH gone AS (
                DELETE FROM task_count WHERE project_id = p RETURNING status, priority, n
            )
            INSERT INTO task_count (project_id, status, priority, n)
            SELECT p, status, priority, SUM(n) FROM gone
            GROUP BY status, priority HAVING SUM(n) <> 0;
        END IF;
    END $$""",
    """CREATE FUNCTION task_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            INSERT INTO task_count (project_id, status, priority, n)
            SELECT project_id, status, priority, COUNT(*) FROM changed
            WHERE deleted_at IS NULL GROUP BY 1, 2, 3;
        ELSE
            INSERT INTO task_count (project_id, status, priority, n)
            SELECT project_id, status, priority, -COUNT(*) FROM changed
            WHERE deleted_at IS NULL GROUP BY 1, 2, 3;
        END IF;
        IF FOUND AND mod(nextval('task_count_changes'), 64) = 0 THEN
            PERFORM task_count_fold(project_id) FROM (SELECT DISTINCT project_id FROM changed) p;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION task_count_row() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO task_count (project_id, status, priority, n)
        SELECT OLD.project_id, OLD.status, OLD.priority, -1 WHERE OLD.deleted_at IS NULL
        UNION ALL
        SELECT NEW.project_id, NEW.status, NEW.priority, 1 WHERE NEW.deleted_at IS NULL;
        IF mod(nextval('task_count_changes'), 64) = 0 THEN
            PERFORM task_count_fold(NEW.project_id);
            IF OLD.project_id <> NEW.project_id THEN
                PERFORM task_count_fold(OLD.project_id);
            END IF;
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER task_count_insert AFTER INSERT ON task REFERENCING NEW TABLE AS changed "
    "FOR EACH STATEMENT EXECUTE FUNCTION task_count_rows()",
    "CREATE TRIGGER task_count_delete AFTER DELETE ON task REFERENCING OLD TABLE AS changed "
    "FOR EACH STATEMENT EXECUTE FUNCTION task_count_rows()",
    "CREATE TRIGGER task_count_update AFTER UPDATE OF project_id, status, priority, deleted_at "
    "ON task FOR EACH ROW WHEN (OLD.project_id IS DISTINCT FROM NEW.project_id "
    "OR OLD.status IS DISTINCT FROM NEW.status OR OLD.priority IS DISTINCT FROM NEW.priority "
    "OR (OLD.deleted_at IS NULL) <> (NEW.deleted_at IS NULL)) "
    "EXECUTE FUNCTION task_count_row()",
]

BACKFILL = (
    "INSERT INTO task_count (project_id, status, priority, n) "
    f"SELECT project_id, status, priority, COUNT(*) FROM task {LIVE} "
    "GROUP BY project_id, status, priority"
)


def up(migrator: SchemaMigrator, db: Database) -> None:
    db.execute_sql("DROP INDEX task_live_project_created")
    for name, column in SORTED.items():
        db.execute_sql(
            f"CREATE INDEX task_live_project_{name} ON task (project_id, {column}, id) {LIVE}"
        )
    db.execute_sql(
        f"CREATE INDEX task_live_project_status ON task (project_id, status, created_at, id) {LIVE}"
    )
    postgres = isinstance(db, PostgresqlDatabase)
    for statement in POSTGRES_COUNTS if postgres else SQLITE_COUNTS:
        db.execute_sql(statement)
    db.execute_sql(BACKFILL)  # the triggers hold the task table's writers off until commit


def down(migrator: SchemaMigrator, db: Database) -> None:
    for event in ("insert", "delete", "update"):
        db.execute_sql(
            f"DROP TRIGGER IF EXISTS task_count_{event}"
            + (" ON task" if isinstance(db, PostgresqlDatabase) else "")
        )
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("DROP FUNCTION IF EXISTS task_count_row(), task_count_rows()")
        db.execute_sql("DROP FUNCTION IF EXISTS task_count_fold(VARCHAR)")
        db.execute_sql("DROP SEQUENCE IF EXISTS task_count_changes")
    db.execute_sql("DROP TABLE IF EXISTS task_count")
    for name in (*SORTED, "status"):
        db.execute_sql(f"DROP INDEX IF EXISTS task_live_project_{name}")
    db.execute_sql(
        f"CREATE INDEX task_live_project_created ON task (project_id, created_at) {LIVE}"
    )
