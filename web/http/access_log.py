"""The access log: aiohttp's, with secrets in the query string (`?token=` of /ws/…) redacted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from aiohttp.web import BaseRequest, StreamResponse
from aiohttp.web_log import AccessLogger

REDACTED = "REDACTED"
_SECRET_WORDS = ("token", "password", "secret", "key")


class RedactingAccessLogger(AccessLogger):
    """AccessLogger whose request line (%r) shows secret query parameters as REDACTED."""

    def _format_line(
        self, request: BaseRequest, response: StreamResponse, time: float
    ) -> Iterable[tuple[str | tuple[str, str], str]]:
        return [
            (key, request_line(request) if key == "first_request_line" else value)
            for key, value in super()._format_line(request, response, time)
        ]


def request_line(request: BaseRequest) -> str:
    url = request.rel_url
    if any(_secret(name) for name in url.query):
        url = url.with_query([(k, REDACTED if _secret(k) else v) for k, v in url.query.items()])
    version = request.version
    return f"{request.method} {url.path_qs} HTTP/{version.major}.{version.minor}"


def _secret(name: str) -> bool:
    return any(word in name.lower() for word in _SECRET_WORDS)


def access_log_options() -> dict[str, Any]:
    """The runner's access-log arguments, for `python -m web` and the test app alike."""
    return {"access_log_class": RedactingAccessLogger, "access_log_format": '%a "%r" %s %b %Tfs'}
