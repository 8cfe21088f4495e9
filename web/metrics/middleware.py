"""Every HTTP request counted by route template, method and status, and timed.

The outermost middleware: it sees the status the client gets, errors rendered by the envelope
and 429s of the rate limits included. A response its handler sent itself (a WebSocket's 101)
is known from on_response_prepare: that status counts, and a socket's life is no latency.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from aiohttp import web

from web.http.access_log import route_template
from web.keys import metrics_key, prepared_key

CLIENT_GONE = 499  # the client closed the connection before any answer (nginx's number)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def metrics_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        return response
    except web.HTTPException as exc:  # redirects and the like, which the envelope lets through
        status = exc.status
        raise
    except asyncio.CancelledError:
        status = CLIENT_GONE
        raise
    finally:
        seconds: float | None = time.perf_counter() - started
        sent = request.get(prepared_key)
        if sent is not None:  # sent by the handler itself: what the client got
            status = sent.status
            if isinstance(sent, web.WebSocketResponse):
                seconds = None  # the handler returns when the socket closes
        request.app[metrics_key].request(route_template(request), request.method, status, seconds)


async def remember_prepared(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: the response whose headers are being sent."""
    request[prepared_key] = response
