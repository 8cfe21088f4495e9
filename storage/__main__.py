"""`python -m storage migrate|status`: bring the schema up to date, or show pending migrations."""

from __future__ import annotations

import sys

from config import CONFIG_ERROR_EXIT, process_settings
from storage.database import migrate, open_database, pending_migrations


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "migrate"
    if command not in ("migrate", "status"):
        print("usage: python -m storage [migrate|status]", file=sys.stderr)
        return 2
    settings = process_settings("storage")  # files it creates are private, as web's are
    if settings is None:
        return CONFIG_ERROR_EXIT
    db = open_database(settings.database_url)
    if command == "status":
        pending = pending_migrations(db)
        print("\n".join(f"pending: {name}" for name in pending) or "schema is up to date")
        return 1 if pending else 0
    applied = migrate(db)
    print("\n".join(f"applied: {name}" for name in applied) or "schema is up to date")
    return 0


raise SystemExit(main(sys.argv[1:]))
