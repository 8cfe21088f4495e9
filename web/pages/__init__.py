"""The Web UI: server-rendered pages (aiohttp-jinja2, htmx for forms and fragments, Alpine's
CSP build for what runs in the browser), on the same operations as the API."""

from __future__ import annotations

from pathlib import Path

import aiohttp_jinja2
from aiohttp import web

from web.keys import page_errors_key
from web.pages import (
    admin,
    analytics,
    console,
    dashboard,
    preferences,
    project_settings,
    projects,
    sessions,
    task,
    tasks,
    webhooks,
)
from web.pages.errors import page_error
from web.pages.filters import FILTERS
from web.pages.routing import add_pages
from web.pages.sdk_files import add_sdk_files
from web.pages.security import security_headers
from web.pages.sign_in import add_sign_in

STATIC = Path(__file__).resolve().parent.parent / "static"
MODULES = (
    dashboard,
    projects,
    project_settings,
    analytics,
    tasks,
    task,
    console,
    sessions,
    webhooks,
    preferences,
    admin,
)


def add_web_ui(app: web.Application) -> None:
    """Routes, static files, template filters, error pages and security headers of the UI."""
    aiohttp_jinja2.get_env(app).filters.update(FILTERS)
    add_sign_in(app)
    add_pages(app, MODULES)
    add_sdk_files(app)  # before /static/: its own folder, not web/static/sdk
    app.router.add_static("/static/", STATIC, name="static", append_version=False)
    app[page_errors_key] = page_error
    app.on_response_prepare.append(security_headers)
