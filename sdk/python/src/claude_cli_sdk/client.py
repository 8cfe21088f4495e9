"""ClaudeCliClient and AsyncClaudeCliClient: the API's resources over one HTTP connection
pool, with the client's credentials (a token, or a login made at the first request)."""

from __future__ import annotations

import weakref
from types import TracebackType

import httpx

from claude_cli_sdk import resources
from claude_cli_sdk._config import ClientConfig, RetryPolicy
from claude_cli_sdk._endpoints import Async, Sync
from claude_cli_sdk._flow import Session
from claude_cli_sdk._tokens import Credentials, Tokens
from claude_cli_sdk._transport import AsyncTransport, SyncTransport
from claude_cli_sdk.websocket import WebSockets
from claude_cli_sdk.websocket_async import AsyncWebSockets

DEFAULT_BASE_URL = "http://localhost:8000/api"


def _session(
    config: ClientConfig,
    token: str | None,
    refresh_token: str | None,
    username: str | None,
    password: str | None,
) -> Session:
    if (username is None) != (password is None):
        raise TypeError("give both username and password, or neither")
    credentials = None if username is None else Credentials(username, password or "")
    return Session(config, Tokens(access=token, refresh=refresh_token, credentials=credentials))


class _Client:
    """What both clients are made of; the credentials a client holds now."""

    _session: Session

    @property
    def token(self) -> str | None:
        """The access token in use (after a login or a refresh, the new one)."""
        return self._session.tokens.access

    @property
    def refresh_token(self) -> str | None:
        return self._session.tokens.refresh

    @property
    def config(self) -> ClientConfig:
        return self._session.config


class ClaudeCliClient(_Client, resources.Resources[Sync]):
    """The API's client: `client.tasks.create(title=…, project_id=…)`.

    Give it a `token`, or a `username` and `password` to log in with at the first request (or
    call `client.auth.login(...)`); tokens are refreshed before they expire and once after a
    401. Requests answered 429 or 503 are retried after their Retry-After (`retry`); each
    request may take `timeout` seconds. Pass `http_client` to use an httpx.Client of your own.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        token: str | None = None,
        *,
        refresh_token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float | None = 30.0,
        retry: RetryPolicy | None = None,
        websocket_url: str | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        config = ClientConfig(base_url, timeout, retry or RetryPolicy(), websocket_url)
        self._session = _session(config, token, refresh_token, username, password)
        self._http = http_client if http_client is not None else httpx.Client()
        self._owns_http = http_client is None
        transport = SyncTransport(self._session, self._http, resources.LOGIN, resources.REFRESH)
        if self._owns_http:  # closed by close(), or once nothing uses it (or at exit)
            weakref.finalize(transport, self._http.close)
        super().__init__(transport)
        self.websocket = WebSockets(transport)

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def __enter__(self) -> ClaudeCliClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class AsyncClaudeCliClient(_Client, resources.Resources[Async]):
    """The async twin of ClaudeCliClient: the same resources and arguments, each call
    awaited (`await client.tasks.create(...)`, `async for task in client.tasks.iterate()`)."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        token: str | None = None,
        *,
        refresh_token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float | None = 30.0,
        retry: RetryPolicy | None = None,
        websocket_url: str | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        config = ClientConfig(base_url, timeout, retry or RetryPolicy(), websocket_url)
        self._session = _session(config, token, refresh_token, username, password)
        self._http = http_client if http_client is not None else httpx.AsyncClient()
        self._owns_http = http_client is None
        transport = AsyncTransport(self._session, self._http, resources.LOGIN, resources.REFRESH)
        super().__init__(transport)
        self.websocket = AsyncWebSockets(transport)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> AsyncClaudeCliClient:
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        await self.aclose()
