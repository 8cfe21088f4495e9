"""The response envelope (API.md, Response Format): {data, error, meta: {timestamp,
request_id, version}}, and its models for OpenAPI."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from aiohttp import web
from pydantic import BaseModel

from config import VERSION
from storage.error_codes import ErrorCode
from storage.formats import iso, utcnow
from web.http.models import Out, Timestamp
from web.keys import request_id_key

REQUEST_ID_HEADER = "X-Request-ID"
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class Meta(Out):
    timestamp: Timestamp
    request_id: str
    version: str


class Error(Out):
    code: ErrorCode
    message: str
    details: dict[str, Any]


class ErrorEnvelope(Out):
    """What every failure answers: no data, the error, the meta block."""

    data: None
    error: Error
    meta: Meta


def request_id_of(request: web.Request) -> str:
    """The caller's X-Request-ID when it is safe to echo, otherwise a new UUID."""
    if request_id_key not in request:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request[request_id_key] = offered if _SAFE_REQUEST_ID.match(offered) else str(uuid.uuid4())
    return request[request_id_key]


def meta(request: web.Request) -> dict[str, str | None]:
    return {"timestamp": iso(utcnow()), "request_id": request_id_of(request), "version": VERSION}


def ok(request: web.Request, data: BaseModel, status: int = 200) -> web.Response:
    """The model under `data`; a field its constructor was not given stays out of the JSON.

    pydantic writes the data's JSON itself: turning a page of a list into dicts first and
    then into JSON was a fifth of the list's time (benchmarks/task_list.py).
    """
    rendered = data.model_dump_json(exclude_unset=True)
    body = '{"data":' + rendered + ',"error":null,"meta":' + _json(meta(request)) + "}"
    return _response(request, body, status)


def failure(
    request: web.Request,
    status: int,
    code: ErrorCode,
    message: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> web.Response:
    error = {"code": str(code), "message": message, "details": details or {}}
    return _respond(request, {"data": None, "error": error, "meta": meta(request)}, status, headers)


def _respond(
    request: web.Request, body: dict[str, Any], status: int, headers: dict[str, str] | None = None
) -> web.Response:
    return _response(request, _json(body), status, headers)


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"))


def _response(
    request: web.Request, text: str, status: int, headers: dict[str, str] | None = None
) -> web.Response:
    response = web.Response(
        text=text, status=status, content_type="application/json", headers=headers
    )
    response.headers[REQUEST_ID_HEADER] = request_id_of(request)
    return response
