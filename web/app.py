"""create_app(settings): the aiohttp application; nothing happens at import time."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from config import Settings
from storage.database import close_database, open_database
from storage.formats import utcnow
from storage.live.protocol import CloseCode
from web import openapi
from web.api import (
    auth,
    bulk,
    commands,
    executions,
    health,
    maintenance,
    members,
    projects,
    queues,
    sessions,
    task_lists,
    tasks,
    users,
    webhooks,
)
from web.http.middlewares import envelope_middleware
from web.http.offload import bound_off_loop, database_executor
from web.http.routing import add_endpoints
from web.keys import bridge_key, metrics_key, settings_key, sockets_key, started_key
from web.maintenance import maintenance_middleware, watch_maintenance
from web.metrics import (
    SocketsCollector,
    WebFigures,
    metrics,
    metrics_middleware,
    remember_prepared,
)
from web.pages import add_web_ui
from web.ratelimits import rate_limits
from web.runtime.bridge import ActorBridge
from web.webhooks import watch_runtime
from web.ws.endpoint import websocket
from web.ws.performance import performance_ticker
from web.ws.sockets import Sockets

RESOURCES = (
    health,
    maintenance,
    auth,
    users,
    projects,
    members,
    bulk,
    task_lists,
    tasks,
    executions,
    queues,
    commands,
    sessions,
    webhooks,
    openapi.document,
)


def create_app(settings: Settings) -> web.Application:
    app = web.Application(
        middlewares=[metrics_middleware, envelope_middleware],
        client_max_size=settings.max_request_bytes,
    )
    app[settings_key] = settings
    app[metrics_key] = WebFigures()
    app.on_response_prepare.append(remember_prepared)
    app[started_key] = utcnow()
    rate_limits(app)
    app.middlewares.append(maintenance_middleware)
    aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True
    )
    add_endpoints(app, RESOURCES)
    add_web_ui(app)
    app.router.add_get("/ws/{session_id}", websocket)
    app.router.add_get("/metrics", metrics)
    openapi.add_docs(app)
    openapi.add_collections(app)
    app.cleanup_ctx.append(_database)
    app.cleanup_ctx.append(database_executor)
    app.cleanup_ctx.append(_actor_bridge)
    app.cleanup_ctx.append(watch_runtime)
    app.cleanup_ctx.append(_websockets)
    app.cleanup_ctx.append(watch_maintenance)
    app.cleanup_ctx.append(performance_ticker)
    app.on_shutdown.append(_close_websockets)
    return app


async def freeze_startup_heap(app: web.Application) -> None:
    """An on_startup hook of the web process (appended last: after every cleanup_ctx has
    started). What startup loaded (modules, templates, the app) lives as long as the process:
    gc.freeze() takes it out of the collector's sight, so a full collection walks only what
    came after. Before, each one walked 115k objects: a 40 ms pause every few seconds under
    load, the task list's p99 (benchmarks/task_list.py). Not for an app inside another
    program (a test run): everything that program holds would be frozen with it."""
    gc.freeze()


async def _database(app: web.Application) -> AsyncIterator[None]:
    """Open the database; migrations are applied by the launcher before serving."""
    settings = app[settings_key]
    settings.workspace_root.mkdir(parents=True, exist_ok=True)
    open_database(settings.database_url, settings.database_lock_timeout)
    yield
    close_database()


async def _actor_bridge(app: web.Application) -> AsyncIterator[None]:
    bridge = ActorBridge(app[settings_key])
    app[bridge_key] = bridge
    await bridge.start()
    yield
    await asyncio.shield(bridge.close())


async def _websockets(app: web.Application) -> AsyncIterator[None]:
    """This process's sockets; every event from the bridge is fanned out to them here."""
    sockets = Sockets(app[settings_key].ws_max_connections_per_user, bound_off_loop(app))
    app[sockets_key] = sockets
    app[bridge_key].on_event(sockets.on_message)
    app[metrics_key].watch(SocketsCollector(lambda: len(sockets.connections)))
    yield


async def _close_websockets(app: web.Application) -> None:
    if sockets_key in app:
        await app[sockets_key].close_all(CloseCode.GOING_AWAY, "server shutdown")
