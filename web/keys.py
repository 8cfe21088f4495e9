"""Typed keys of the application's state."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from aiohttp import web

from config import Settings
from storage.models import User

if TYPE_CHECKING:
    from web.runtime.bridge import ActorBridge
    from web.ws.sockets import Sockets

settings_key = web.AppKey("settings", Settings)
bridge_key: web.AppKey[ActorBridge] = web.AppKey("bridge")
started_key = web.AppKey("started", dt.datetime)
sockets_key: web.AppKey[Sockets] = web.AppKey("sockets")

request_id_key = web.RequestKey("request_id", str)
user_key = web.RequestKey("user", User)
body_key = web.RequestKey("body", dict)
query_key = web.RequestKey("query", dict)
