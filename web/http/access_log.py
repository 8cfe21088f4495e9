"""The access log: one line per request with its request id, caller, route template, status and
duration as fields (keys of the JSON line), secrets in the query string (`?token=` of /ws/…)
shown as REDACTED."""

from __future__ import annotations

from typing import Any

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, Request, StreamResponse

from web.keys import caller_key, request_id_key

REDACTED = "REDACTED"
_SECRET_WORDS = ("token", "password", "secret", "key")


class RequestLogger(AbstractAccessLogger):
    """`GET /api/tasks/?page=2 200 3.1ms` with request_id, user_id, method, route, path, status,
    duration_ms, remote and bytes as fields."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        path = redacted_path(request)
        duration_ms = round(time * 1000, 1)
        fields = {
            "request_id": request.get(request_id_key),
            "user_id": request.get(caller_key),
            "method": request.method,
            "route": route_template(request),
            "path": path,
            "status": response.status,
            "duration_ms": duration_ms,
            "remote": request.remote,
            "bytes": response.body_length,
        }
        self.logger.info(
            "%s %s %s %sms", request.method, path, response.status, duration_ms, extra=fields
        )


def route_template(request: BaseRequest) -> str | None:
    """The route's template (`/api/tasks/{task_id}`), so log lines group by endpoint."""
    if not isinstance(request, Request):
        return None
    resource = request.match_info.route.resource
    return None if resource is None else resource.canonical


def redacted_path(request: BaseRequest) -> str:
    url = request.rel_url
    if any(_secret(name) for name in url.query):
        url = url.with_query([(k, REDACTED if _secret(k) else v) for k, v in url.query.items()])
    return url.path_qs


def _secret(name: str) -> bool:
    return any(word in name.lower() for word in _SECRET_WORDS)


def access_log_options() -> dict[str, Any]:
    """The runner's access-log arguments, for `python -m web` and the test app alike."""
    return {"access_log_class": RequestLogger}
