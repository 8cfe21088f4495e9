"""Settings: one frozen object read from the environment; nothing else reads os.environ."""

from __future__ import annotations

import contextlib
import functools
import ipaddress
import logging
import os
import secrets
import shlex
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from config.errors import ConfigError
from config.logs import LogFormat
from config.rate_limits import RateLimitSettings, read_rate_limits
from config.sandbox import SandboxSettings, read_sandbox_settings
from config.webhooks import WebhookSettings, read_webhooks

VERSION = "1.0.0"
MIN_SECRET_BYTES = 32
MIN_TOKEN_CHARS = 16
SECRET_FILE = "jwt_secret"
ACTOR_SECRET_FILE = "actor_secret"

DEFAULT_CLAUDE_CLI: tuple[str, ...] = ("claude",)

# Variables the Claude CLI needs to find itself, its credentials and a sane locale. Everything
# else in the server's environment (database URLs, JWT secret, admin password) stays out.
DEFAULT_CLI_ENV_PASSTHROUGH = (
    "PATH,HOME,USER,LOGNAME,LANG,LC_ALL,TERM,TMPDIR,"
    "ANTHROPIC_API_KEY,ANTHROPIC_AUTH_TOKEN,ANTHROPIC_BASE_URL,ANTHROPIC_MODEL,"
    "CLAUDE_CONFIG_DIR,CLAUDE_CODE_USE_BEDROCK,CLAUDE_CODE_USE_VERTEX,"
    "AWS_REGION,AWS_PROFILE,CLOUD_ML_REGION,ANTHROPIC_VERTEX_PROJECT_ID,"
    "HTTP_PROXY,HTTPS_PROXY,NO_PROXY"
)
# The base environment of ad-hoc commands run from the web: enough to find programs and a locale.
DEFAULT_COMMAND_ENV_PASSTHROUGH = "PATH,HOME,USER,LOGNAME,LANG,LC_ALL,TERM,TMPDIR"

T = TypeVar("T")
N = TypeVar("N", int, float)
E = TypeVar("E", bound=StrEnum)


@dataclass(frozen=True)
class Settings:
    """Everything configurable, with defaults that serve a single machine."""

    host: str
    port: int
    data_dir: Path
    database_url: str = field(repr=False)
    jwt_secret: str = field(repr=False)
    access_token_ttl: int
    refresh_token_ttl: int
    admin_username: str
    admin_password: str | None = field(repr=False)
    claude_cli: tuple[str, ...]
    cli_environment: Mapping[str, str] = field(repr=False)
    actor_admin_port: int
    actor_bind_address: str
    actor_secret: str = field(repr=False)
    workspace_root: Path
    max_concurrent_tasks: int
    cancel_grace_period: float
    retry_backoff_seconds: float
    max_output_bytes: int
    execution_lease_seconds: int
    max_request_bytes: int
    shutdown_timeout: float
    log_level: str
    log_format: LogFormat
    environment: str
    command_shell: str
    command_environment: Mapping[str, str] = field(repr=False)
    max_commands_per_user: int
    default_command_timeout: int
    max_command_timeout: int
    max_command_output_bytes: int
    session_ttl: int = 7200
    ws_allowed_origins: tuple[str, ...] = ()
    ws_auth_timeout: float = 10.0
    ws_max_connections_per_user: int = 50
    ws_send_queue: int = 1000
    ws_heartbeat: float = 30.0
    ws_performance_interval: float = 5.0
    rate_limits: RateLimitSettings = RateLimitSettings()
    ws_grant_recheck: float = 30.0
    database_lock_timeout: float = 10.0
    sandbox: SandboxSettings = field(default_factory=SandboxSettings)
    metrics_token: str | None = field(default=None, repr=False)
    webhooks: WebhookSettings = WebhookSettings()
    worktree_retention_hours: float = 24.0
    worktree_diff_max_bytes: int = 1024 * 1024

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file behind DATABASE_URL, or None for another database."""
        if self.database_url.startswith("sqlite:///"):
            return Path(self.database_url[len("sqlite:///") :])
        return None


def current_settings() -> Settings:
    """load_settings() of this process's environment, read once per environment (Settings is
    frozen). The actor processes fork from the launcher, which reads it first: each inherits
    it instead of spending a freshly forked process's ~15 ms of CPU on reading it again. A
    changed environment (a test's) is read anew."""
    return _settings_of(frozenset(os.environ.items()))


@functools.lru_cache(maxsize=8)
def _settings_of(environment: frozenset[tuple[str, str]]) -> Settings:
    return load_settings(dict(environment))


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    """Read, validate and resolve settings; raises ConfigError naming the bad variable."""
    env = os.environ if environ is None else environ
    reader = _Reader(env)
    data_dir = Path(reader.get("DATA_DIR", "./data", str)).resolve()
    port = reader.get("PORT", 8000, _port)
    cli = reader.get("CLAUDE_CLI", DEFAULT_CLAUDE_CLI, _command_line)
    passthrough = reader.get(
        "CLI_ENV_PASSTHROUGH", _name_list(DEFAULT_CLI_ENV_PASSTHROUGH), _name_list
    )
    command_passthrough = reader.get(
        "COMMAND_ENV_PASSTHROUGH", _name_list(DEFAULT_COMMAND_ENV_PASSTHROUGH), _name_list
    )
    max_command_timeout = reader.get("MAX_COMMAND_TIMEOUT", 3600, _positive_int)
    workspace_root = Path(
        reader.get("WORKSPACE_ROOT", str(data_dir / "workspaces"), _non_empty)
    ).resolve()
    return Settings(
        host=reader.get("HOST", "127.0.0.1", _non_empty),
        port=port,
        data_dir=data_dir,
        database_url=reader.get(
            "DATABASE_URL", f"sqlite:///{data_dir / 'claude_web.sqlite3'}", _database_url
        ),
        jwt_secret=_stored_secret(reader, data_dir, "JWT_SECRET", SECRET_FILE),
        access_token_ttl=reader.get("ACCESS_TOKEN_TTL", 3600, _positive_int),
        refresh_token_ttl=reader.get("REFRESH_TOKEN_TTL", 30 * 24 * 3600, _positive_int),
        admin_username=reader.get("ADMIN_USERNAME", "admin", _non_empty),
        admin_password=reader.get("ADMIN_PASSWORD", None, _password),
        claude_cli=cli,
        cli_environment={name: env[name] for name in passthrough if name in env},
        actor_admin_port=reader.get("ACTOR_ADMIN_PORT", 19100, _port),
        actor_bind_address=reader.get("ACTOR_BIND_ADDRESS", "127.0.0.1", _interface_address),
        actor_secret=_stored_secret(reader, data_dir, "ACTOR_SECRET", ACTOR_SECRET_FILE),
        workspace_root=workspace_root,
        max_concurrent_tasks=reader.get("MAX_CONCURRENT_TASKS", 10, _positive_int),
        cancel_grace_period=reader.get("CANCEL_GRACE_PERIOD", 10.0, _positive_float),
        retry_backoff_seconds=reader.get("RETRY_BACKOFF_SECONDS", 5.0, _positive_float),
        max_output_bytes=reader.get("MAX_OUTPUT_BYTES", 10 * 1024 * 1024, _positive_int),
        execution_lease_seconds=reader.get("EXECUTION_LEASE_SECONDS", 30, _positive_int),
        max_request_bytes=reader.get("MAX_REQUEST_BYTES", 1024 * 1024, _positive_int),
        shutdown_timeout=reader.get("SHUTDOWN_TIMEOUT", 10.0, _positive_float),
        log_level=reader.get("LOG_LEVEL", "INFO", _log_level),
        log_format=reader.get("LOG_FORMAT", LogFormat.JSON, _choice(LogFormat)),
        environment=reader.get("ENVIRONMENT", "production", _non_empty),
        command_shell=reader.get("COMMAND_SHELL", "/bin/bash", _non_empty),
        command_environment={name: env[name] for name in command_passthrough if name in env},
        max_commands_per_user=reader.get("MAX_COMMANDS_PER_USER", 5, _positive_int),
        default_command_timeout=min(
            reader.get("DEFAULT_COMMAND_TIMEOUT", 300, _positive_int), max_command_timeout
        ),
        max_command_timeout=max_command_timeout,
        max_command_output_bytes=reader.get("MAX_COMMAND_OUTPUT_BYTES", 1024 * 1024, _positive_int),
        session_ttl=reader.get("SESSION_TTL", 7200, _positive_int),
        database_lock_timeout=reader.get("DATABASE_LOCK_TIMEOUT", 10.0, _positive_float),
        ws_allowed_origins=reader.get("WS_ALLOWED_ORIGINS", (), _origins),
        ws_auth_timeout=reader.get("WS_AUTH_TIMEOUT", 10.0, _positive_float),
        ws_max_connections_per_user=reader.get("WS_MAX_CONNECTIONS_PER_USER", 50, _positive_int),
        ws_send_queue=reader.get("WS_SEND_QUEUE", 1000, _positive_int),
        ws_heartbeat=reader.get("WS_HEARTBEAT", 30.0, _positive_float),
        ws_performance_interval=reader.get("WS_PERFORMANCE_INTERVAL", 5.0, _positive_float),
        rate_limits=read_rate_limits(reader),
        ws_grant_recheck=reader.get("WS_GRANT_RECHECK", 30.0, _positive_float),
        sandbox=read_sandbox_settings(reader, env, _positive_int, (data_dir, workspace_root)),
        metrics_token=reader.get("METRICS_TOKEN", None, _bearer_token),
        webhooks=read_webhooks(reader, _positive_int, _positive_float),
        worktree_retention_hours=reader.get("WORKTREE_RETENTION_HOURS", 24.0, _positive_float),
        worktree_diff_max_bytes=reader.get("WORKTREE_DIFF_MAX_BYTES", 1024 * 1024, _positive_int),
    )


class _Reader:
    """Reads one variable at a time and names it in any error."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._env = env

    def get(self, name: str, default: T, cast: Callable[[str], T]) -> T:
        raw = self._env.get(name)
        if raw is None or raw == "":
            return default
        try:
            return cast(raw)
        except ValueError as exc:
            raise ConfigError(f"{name}: {exc}") from None


def _stored_secret(reader: _Reader, data_dir: Path, variable: str, file_name: str) -> str:
    """The secret in `variable`, else the one generated once into DATA_DIR/file_name."""
    configured = reader.get(variable, None, _secret)
    if configured is not None:
        return configured
    path = data_dir / file_name
    if not path.exists():
        _create_secret(path)
    secret = path.read_text().strip()
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(f"{variable}: the stored secret in {path} is under 32 bytes")
    return secret


def _create_secret(path: Path) -> None:
    """A new random secret at path (mode 0600), whole or not at all: the web and actors
    processes start together, and the first one to link its file wins."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")  # mode 0600
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        with contextlib.suppress(FileExistsError):  # another process won: everyone uses its
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _non_empty(raw: str) -> str:
    if not raw.strip():
        raise ValueError("must not be blank")
    return raw.strip()


def _positive(number: Callable[[str], N], noun: str) -> Callable[[str], N]:
    """A cast to `number` that refuses zero, negatives and text that is not one."""

    def cast(raw: str) -> N:
        try:
            value = number(raw)
        except ValueError:
            raise ValueError(f"expected a positive {noun}, got {raw!r}") from None
        if value <= 0:
            raise ValueError(f"expected a positive {noun}, got {raw!r}")
        return value

    return cast


_positive_int = _positive(int, "integer")
_positive_float = _positive(float, "number")


def _port(raw: str) -> int:
    value = _positive_int(raw)
    if value > 65535:
        raise ValueError(f"expected a TCP port 1-65535, got {raw!r}")
    return value


def _secret(raw: str) -> str:
    if len(raw.encode()) < MIN_SECRET_BYTES:
        raise ValueError(f"must be at least {MIN_SECRET_BYTES} bytes")
    return raw


def _interface_address(raw: str) -> str:
    """One IPv4 address of this host to listen on (Thespian's TCP transport is IPv4 only)."""
    try:
        address = ipaddress.IPv4Address(raw.strip())
    except ValueError:
        raise ValueError(f"expected an IPv4 address such as 127.0.0.1, got {raw!r}") from None
    if address.is_unspecified or address.is_multicast:
        raise ValueError(f"must name one interface of this host, got {raw!r}")
    return str(address)


def _bearer_token(raw: str) -> str:
    """A token sent as `Authorization: Bearer <token>`: printable ASCII without spaces, at
    least MIN_TOKEN_CHARS long. The error never shows the value."""
    if len(raw) < MIN_TOKEN_CHARS:
        raise ValueError(f"must be at least {MIN_TOKEN_CHARS} characters")
    if not (raw.isascii() and raw.isprintable()) or " " in raw:
        raise ValueError("must be printable ASCII without spaces")
    return raw


def _password(raw: str) -> str:
    if len(raw) < 8:
        raise ValueError("must be at least 8 characters")
    return raw


def _command_line(raw: str) -> tuple[str, ...]:
    parts = tuple(shlex.split(raw))
    if not parts:
        raise ValueError("must name a command")
    return parts


def _name_list(raw: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in raw.split(",") if name.strip())


def _origins(raw: str) -> tuple[str, ...]:
    """Comma-separated origins (scheme://host[:port]) or '*'; empty means the server's own."""
    origins = tuple(o.strip().rstrip("/").lower() for o in raw.split(",") if o.strip())
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ValueError(f"expected origins like https://example.com or *, got {origin!r}")
    return origins


def _database_url(raw: str) -> str:
    if raw.startswith(("sqlite:///", "postgresql://", "postgres://")):
        return raw
    raise ValueError("expected sqlite:///<path> or postgresql://user@host:port/db")


def _choice(kind: type[E]) -> Callable[[str], E]:
    """A reader of one of an enumeration's values."""

    def read(raw: str) -> E:
        try:
            return kind(raw.strip().lower())
        except ValueError:
            raise ValueError(f"must be one of {', '.join(kind)}, not {raw!r}") from None

    return read


def _log_level(raw: str) -> str:
    level = raw.upper()
    if not isinstance(logging.getLevelName(level), int):
        raise ValueError(f"unknown log level {raw!r}")
    return level
