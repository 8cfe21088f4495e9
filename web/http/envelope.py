"""The seed's response envelope: {data, error, meta: {timestamp, request_id, version}}."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from aiohttp import web

from config import VERSION
from storage.formats import iso, utcnow
from web.keys import request_id_key

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def request_id_of(request: web.Request) -> str:
    """The caller's X-Request-ID when it is safe to echo, otherwise a new UUID."""
    if request_id_key not in request:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request[request_id_key] = offered if _SAFE_REQUEST_ID.match(offered) else str(uuid.uuid4())
    return request[request_id_key]


def meta(request: web.Request) -> dict[str, str]:
    return {"timestamp": iso(utcnow()), "request_id": request_id_of(request), "version": VERSION}


def ok(request: web.Request, data: Any, status: int = 200) -> web.Response:
    return _respond(request, {"data": data, "error": None, "meta": meta(request)}, status)


def failure(
    request: web.Request,
    status: int,
    code: str,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    error = {"code": code, "message": message, "details": details or {}}
    return _respond(request, {"data": None, "error": error, "meta": meta(request)}, status, headers)


def _respond(
    request: web.Request, body: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> web.Response:
    response = web.Response(
        text=json.dumps(body, separators=(",", ":")),
        status=status,
        content_type="application/json",
        headers=headers,
    )
    response.headers[REQUEST_ID_HEADER] = request_id_of(request)
    return response
