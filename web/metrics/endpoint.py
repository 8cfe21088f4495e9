"""GET /metrics: the Prometheus text exposition of this web process and of the runtime.

With METRICS_TOKEN set, only `Authorization: Bearer <METRICS_TOKEN>` is answered (compared in
constant time); anything else is 401 in the envelope. The Supervisor is asked for its state
first (a runtime that does not answer in time is shown as down, not waited for), then the
figures are read and rendered in the database executor.
"""

from __future__ import annotations

import hashlib
import hmac

from aiohttp import web
from prometheus_client.exposition import choose_encoder

from actors import wire
from web.http.auth import bearer_token
from web.http.errors import ApiError, TokenInvalid
from web.http.offload import off_loop
from web.keys import bridge_key, metrics_key, settings_key
from web.metrics.collectors import RuntimeCollector, Scrape, StorageCollector
from web.runtime.ping import runtime_pong

RUNTIME_SECONDS = 2.0  # how long a scrape waits for the Supervisor's Pong
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="metrics"'}


async def metrics(request: web.Request) -> web.Response:
    """Prometheus metrics (text exposition; bearer METRICS_TOKEN when set)"""
    require_token(request, request.app[settings_key].metrics_token)
    pong = await runtime_pong(request.app[bridge_key], RUNTIME_SECONDS)
    scrape = Scrape(
        request.app[metrics_key].registry,
        StorageCollector(),
        RuntimeCollector(pong, wire.rejected_frames()),
    )
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    body = await off_loop(request.app, encode, scrape)
    return web.Response(body=body, headers={"Content-Type": content_type})


def require_token(request: web.Request, token: str | None) -> None:
    """Nothing without a token configured; else the request's bearer must be exactly it."""
    if token is None:
        return
    try:
        presented = bearer_token(request)
    except ApiError as exc:  # TokenMissing, or not a bearer header: TokenInvalid
        exc.headers.update(CHALLENGE)
        raise
    if not hmac.compare_digest(_digest(presented), _digest(token)):
        raise TokenInvalid("Invalid metrics token", headers=CHALLENGE)


def _digest(token: str) -> bytes:
    """Compared as digests, so neither the value nor its length shows in the time taken."""
    return hashlib.sha256(token.encode()).digest()
