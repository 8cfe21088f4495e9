"""`python -m web`: the web process of the Procfile."""

from __future__ import annotations

from aiohttp import web

from actors import wire
from config import CONFIG_ERROR_EXIT, process_settings
from storage.accounts.users import ensure_admin
from storage.database import close_database, migrate, open_database
from web.app import create_app, freeze_startup_heap
from web.http.access_log import access_log_options


def main() -> int:
    settings = process_settings("web")
    if settings is None:
        return CONFIG_ERROR_EXIT
    wire.install(settings)  # while this process has one thread (it sets the environment)
    migrate(open_database(settings.database_url))
    generated = ensure_admin(settings.admin_username, settings.admin_password)
    if generated:
        print(
            f"Created admin user {settings.admin_username!r} with password: {generated}\n"
            "This password is shown once; set ADMIN_PASSWORD to choose your own.",
            flush=True,
        )
    close_database()
    app = create_app(settings)
    app.on_startup.append(freeze_startup_heap)
    web.run_app(
        app,
        host=settings.host,
        port=settings.port,
        # SIGTERM: stop listening, close sockets (1001), finish in-flight requests, then exit
        shutdown_timeout=settings.shutdown_timeout,
        **access_log_options(),
        print=None,
    )
    return 0


raise SystemExit(main())
