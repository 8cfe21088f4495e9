"""The initial schema: a frozen copy of storage.models as of 0.1.0.

Column defaults (ids, timestamps, JSON) are applied by the application models, not the database.
JSON columns are text (storage.models.JSONField).
"""

from peewee import *
from playhouse.migrate import SchemaMigrator


def up(migrator: SchemaMigrator, db: Database) -> None:
    class User(Model):
        id = CharField(primary_key=True, max_length=36)
        username = CharField(unique=True, max_length=64)
        email = CharField(null=True, max_length=254)
        full_name = CharField(null=True, max_length=200)
        password_hash = CharField()
        role = CharField(max_length=16, default="developer")
        is_active = BooleanField(default=True)
        preferences = TextField()
        created_at = DateTimeField()
        updated_at = DateTimeField()
        last_login = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "user"

    db.create_tables([User])

    class Project(Model):
        id = CharField(primary_key=True, max_length=36)
        name = CharField(max_length=200)
        description = TextField(default="")
        status = CharField(index=True, max_length=16, default="active")
        created_by = ForeignKeyField(User)
        working_directory = TextField()
        settings = TextField()
        resource_limits = TextField()
        created_at = DateTimeField(index=True)
        updated_at = DateTimeField()
        deleted_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "project"

    db.create_tables([Project])

    class Command(Model):
        id = CharField(primary_key=True, max_length=36)
        user = ForeignKeyField(User)
        project = ForeignKeyField(Project, null=True)
        command = TextField()
        working_directory = TextField()
        environment = TextField()
        status = CharField(index=True, max_length=16, default="running")
        timeout = IntegerField(null=True)
        forced = BooleanField(default=False)
        pid = IntegerField(null=True)
        pgid = IntegerField(null=True)
        exit_code = IntegerField(null=True)
        error_message = TextField(null=True)
        created_at = DateTimeField()
        started_at = DateTimeField(null=True)
        completed_at = DateTimeField(null=True)
        cancelled_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "command"

    db.create_tables([Command])

    class Task(Model):
        id = CharField(primary_key=True, max_length=36)
        project = ForeignKeyField(Project)
        title = CharField(max_length=500)
        description = TextField(default="")
        status = CharField(index=True, max_length=16, default="pending")
        priority = IntegerField(default=0)
        progress_percentage = IntegerField(default=0)
        estimated_duration = IntegerField(null=True)
        actual_duration = IntegerField(null=True)
        assigned_to = ForeignKeyField(User, null=True)
        created_by = ForeignKeyField(User)
        tags = TextField()
        metadata = TextField()
        cli_session_id = CharField(null=True, max_length=100)
        created_at = DateTimeField(index=True)
        updated_at = DateTimeField()
        started_at = DateTimeField(null=True)
        completed_at = DateTimeField(null=True)
        deleted_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "task"

    db.create_tables([Task])

    class Execution(Model):
        id = CharField(primary_key=True, max_length=36)
        task = ForeignKeyField(Task, on_delete="CASCADE")
        status = CharField(max_length=16, default="queued")
        priority = CharField(max_length=8, default="normal")
        attempt = IntegerField(default=1)
        retry_attempts = IntegerField(default=0)
        timeout = IntegerField(null=True)
        created_by = ForeignKeyField(User, null=True)
        queued_at = DateTimeField()
        started_at = DateTimeField(null=True)
        completed_at = DateTimeField(null=True)
        lease_expires_at = DateTimeField(null=True)
        pid = IntegerField(null=True)
        pgid = IntegerField(null=True)
        process_started = CharField(null=True, max_length=32)
        exit_code = IntegerField(null=True)
        error_code = CharField(null=True, max_length=64)
        error_message = TextField(null=True)
        progress_percentage = IntegerField(default=0)
        cli_session_id = CharField(null=True, max_length=100)
        result_text = TextField(null=True)
        output_bytes = BigIntegerField(default=0)
        output_truncated = BooleanField(default=False)
        cancel_reason = TextField(null=True)
        cancelled_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "execution"
            indexes = ((("status", "priority", "queued_at"), False), (("task", "attempt"), False))

    db.create_tables([Execution])

    class OutputChunk(Model):
        id = BigAutoField()
        stream_id = CharField(max_length=36)
        seq = IntegerField()
        stream = CharField(max_length=8)
        content = TextField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "output_chunk"
            indexes = ((("stream_id", "seq"), True),)

    db.create_tables([OutputChunk])

    class ProjectMember(Model):
        id = CharField(primary_key=True, max_length=36)
        project = ForeignKeyField(Project, on_delete="CASCADE")
        user = ForeignKeyField(User, on_delete="CASCADE")
        role = CharField(max_length=16, default="developer")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "project_member"
            indexes = ((("project", "user"), True),)

    db.create_tables([ProjectMember])

    class RefreshToken(Model):
        id = CharField(primary_key=True, max_length=36)
        user = ForeignKeyField(User, on_delete="CASCADE")
        family_id = CharField(index=True, max_length=36)
        expires_at = DateTimeField()
        revoked_at = DateTimeField(null=True)
        replaced_by = CharField(null=True, max_length=36)
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "refresh_token"

    db.create_tables([RefreshToken])

    class Session(Model):
        id = CharField(primary_key=True, max_length=36)
        user = ForeignKeyField(User)
        project = ForeignKeyField(Project)
        status = CharField(index=True, max_length=16, default="active")
        settings = TextField()
        created_at = DateTimeField()
        last_accessed = DateTimeField()
        expires_at = DateTimeField()
        closed_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "session"

    db.create_tables([Session])

    class SessionHistory(Model):
        id = CharField(primary_key=True, max_length=36)
        session = ForeignKeyField(Session, on_delete="CASCADE")
        action = CharField(max_length=32)
        details = TextField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "session_history"

    db.create_tables([SessionHistory])

    class TaskDependency(Model):
        id = CharField(primary_key=True, max_length=36)
        task = ForeignKeyField(Task, on_delete="CASCADE")
        depends_on = ForeignKeyField(Task, on_delete="CASCADE")
        dependency_type = CharField(max_length=16, default="blocks")
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "task_dependency"
            indexes = ((("task", "depends_on"), True),)

    db.create_tables([TaskDependency])

    class TaskHistory(Model):
        id = CharField(primary_key=True, max_length=36)
        task = ForeignKeyField(Task, on_delete="CASCADE")
        user = ForeignKeyField(User, null=True)
        action = CharField(max_length=32)
        field = CharField(null=True, max_length=64)
        old_value = TextField(null=True)
        new_value = TextField(null=True)
        details = TextField()
        created_at = DateTimeField()

        class Meta:
            database = db
            table_name = "task_history"
            indexes = ((("task", "created_at"), False),)

    db.create_tables([TaskHistory])


def down(migrator: SchemaMigrator, db: Database) -> None:
    migrator.migrate(migrator.drop_table("task_history"))
    migrator.migrate(migrator.drop_table("task_dependency"))
    migrator.migrate(migrator.drop_table("session_history"))
    migrator.migrate(migrator.drop_table("session"))
    migrator.migrate(migrator.drop_table("refresh_token"))
    migrator.migrate(migrator.drop_table("project_member"))
    migrator.migrate(migrator.drop_table("output_chunk"))
    migrator.migrate(migrator.drop_table("execution"))
    migrator.migrate(migrator.drop_table("task"))
    migrator.migrate(migrator.drop_table("command"))
    migrator.migrate(migrator.drop_table("project"))
    migrator.migrate(migrator.drop_table("user"))
