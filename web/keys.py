"""Typed keys of the application's state."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from aiohttp import web

from config import Settings

if TYPE_CHECKING:
    from web.http.offload import Writes
    from web.runtime.bridge import ActorBridge
    from web.ws.sockets import Sockets

settings_key = web.AppKey("settings", Settings)
bridge_key: web.AppKey[ActorBridge] = web.AppKey("bridge")
started_key = web.AppKey("started", dt.datetime)
sockets_key: web.AppKey[Sockets] = web.AppKey("sockets")
database_executor_key = web.AppKey("database_executor", ThreadPoolExecutor)  # reads
write_executor_key: web.AppKey[Writes] = web.AppKey("write_executor")

request_id_key = web.RequestKey("request_id", str)
caller_key = web.RequestKey("caller", str)  # the user id of a verified access token
