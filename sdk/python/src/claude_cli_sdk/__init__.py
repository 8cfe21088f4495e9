"""The Python SDK of the Claude CLI Web UI API (sync and async), generated from and versioned
with its OpenAPI document.

    from claude_cli_sdk import ClaudeCliClient
    client = ClaudeCliClient(base_url="http://localhost:8000/api", token="…")
    task = client.tasks.create(title="Implement authentication", project_id="…", priority=1)
"""

from claude_cli_sdk import errors, live, models
from claude_cli_sdk._config import NO_RETRIES, RetryPolicy
from claude_cli_sdk._socket_flow import ReconnectPolicy
from claude_cli_sdk._version import __version__
from claude_cli_sdk.client import AsyncClaudeCliClient, ClaudeCliClient
from claude_cli_sdk.errors import (
    ApiError,
    ClaudeCliError,
    RequestTimeout,
    TransportError,
    WebhookVerificationError,
    WebSocketClosed,
)
from claude_cli_sdk.webhooks import verify_webhook
from claude_cli_sdk.websocket import WebSocket
from claude_cli_sdk.websocket_async import AsyncWebSocket

__all__ = [
    "NO_RETRIES",
    "ApiError",
    "AsyncClaudeCliClient",
    "AsyncWebSocket",
    "ClaudeCliClient",
    "ClaudeCliError",
    "ReconnectPolicy",
    "RequestTimeout",
    "RetryPolicy",
    "TransportError",
    "WebSocket",
    "WebSocketClosed",
    "WebhookVerificationError",
    "__version__",
    "errors",
    "live",
    "models",
    "verify_webhook",
]
