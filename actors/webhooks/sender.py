"""One attempt of one delivery (blocking; the WebhookActor runs it in a thread): check the
destination again, connect to the checked address, POST the signed body, never follow a
redirect, and give up after WEBHOOK_TIMEOUT."""

from __future__ import annotations

import time

import httpx

from actors.webhooks.destinations import Refused, Resolver, check, system_resolver
from actors.webhooks.signing import signed_headers
from config.webhooks import WebhookSettings
from storage.models import utcnow
from storage.webhooks.attempts import DeliveryJob, Outcome

READ_AT_MOST = 64 * 1024  # of a response body: it is not kept, only drained a little


def attempt(
    job: DeliveryJob, settings: WebhookSettings, resolver: Resolver = system_resolver
) -> Outcome:
    started_at, started = utcnow(), time.monotonic()

    def outcome(code: int | None = None, error: str | None = None) -> Outcome:
        elapsed = int((time.monotonic() - started) * 1000)
        return Outcome(started_at, elapsed, code, error)

    try:
        target = check(job.url, settings.allowed_hosts, resolver)
    except Refused as exc:
        return outcome(error=f"refused: the URL {exc}")
    body = job.payload.encode()
    headers = signed_headers(job.secret, job.delivery_id, job.event, body, utcnow())
    headers["Host"] = target.host_header
    deadline = started + settings.timeout
    try:
        with (
            httpx.Client(timeout=settings.timeout, follow_redirects=False, trust_env=False) as http,
            http.stream(
                "POST",
                target.connect_url,
                content=body,
                headers=headers,
                extensions={"sni_hostname": target.host},
            ) as response,
        ):
            _drain(response, deadline)
            code = response.status_code
            location = response.headers.get("location")
    except httpx.TimeoutException:
        return outcome(error=f"timed out after {settings.timeout:g} s")
    except TimeoutError:
        return outcome(error=f"timed out after {settings.timeout:g} s")
    except httpx.HTTPError as exc:
        return outcome(error=f"{type(exc).__name__}: {exc}"[:500])
    if 200 <= code < 300:
        return outcome(code)
    if 300 <= code < 400:
        return outcome(code, f"HTTP {code}: redirect to {location} not followed"[:500])
    return outcome(code, f"HTTP {code}")


def _drain(response: httpx.Response, deadline: float) -> None:
    """Read a little of the answer, within the attempt's deadline (a trickling receiver
    cannot hold the attempt past it)."""
    read = 0
    for chunk in response.iter_raw():
        read += len(chunk)
        if read >= READ_AT_MOST:
            return
        if time.monotonic() > deadline:
            raise TimeoutError
