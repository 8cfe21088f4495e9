"""Settings come from the environment; bad values stop the start naming the variable."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from config import ConfigError, Settings, current_settings, load_settings

QUIET = {"PATH": "/bin", "JWT_SECRET": "j" * 40}  # a known PATH, no secret file written


def settings_of(tmp_path: Path, **variables: str) -> Settings:
    """Settings from an environment of DATA_DIR=tmp_path and variables."""
    return load_settings({"DATA_DIR": str(tmp_path), **variables})


def test_defaults_serve_one_machine(tmp_path: Path) -> None:
    settings = load_settings({"DATA_DIR": str(tmp_path)})
    assert (settings.host, settings.port, settings.actor_admin_port) == ("127.0.0.1", 8000, 19100)
    assert settings.database_url == f"sqlite:///{tmp_path / 'claude_web.sqlite3'}"
    assert settings.workspace_root == tmp_path / "workspaces"
    assert settings.claude_cli == ("claude",)
    assert settings.max_concurrent_tasks == 10
    assert settings.access_token_ttl == 3600


def test_claude_cli_is_split_as_a_shell_would(tmp_path: Path) -> None:
    settings = load_settings(
        {"DATA_DIR": str(tmp_path), "CLAUDE_CLI": "/opt/my claude/bin/claude' --model 'opus x"}
    )
    assert settings.claude_cli == ("/opt/my", "claude/bin/claude --model opus", "x")


def test_generated_jwt_secret_is_kept_private_and_reused(tmp_path: Path) -> None:
    first = load_settings({"DATA_DIR": str(tmp_path)})
    secret_file = tmp_path / "jwt_secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert len(first.jwt_secret) >= 32
    assert load_settings({"DATA_DIR": str(tmp_path)}).jwt_secret == first.jwt_secret


def test_secrets_stay_out_of_repr(tmp_path: Path) -> None:
    settings = load_settings(
        {"DATA_DIR": str(tmp_path), "JWT_SECRET": "s" * 40, "ADMIN_PASSWORD": "hunter2hunter2"}
    )
    assert "s" * 40 not in repr(settings)
    assert "hunter2hunter2" not in repr(settings)


def test_cli_environment_keeps_only_passthrough_variables(tmp_path: Path) -> None:
    settings = settings_of(
        tmp_path, **QUIET, DATABASE_URL="postgresql://u:pw@h/db", ANTHROPIC_API_KEY="k"
    )
    assert dict(settings.cli_environment) == {"PATH": "/bin", "ANTHROPIC_API_KEY": "k"}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "eighty"),
        ("PORT", "70000"),
        ("JWT_SECRET", "too-short"),
        ("MAX_CONCURRENT_TASKS", "0"),
        ("ACCESS_TOKEN_TTL", "-5"),
        ("DATABASE_URL", "mysql://root@localhost/db"),
        ("LOG_LEVEL", "LOUD"),
        ("CLAUDE_CLI", "   "),
        ("ACTOR_ADMIN_PORT", "x"),
        ("ADMIN_PASSWORD", "short"),
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"DATA_DIR": str(tmp_path), name: value})
    message = str(error.value)
    assert message.startswith(f"{name}:")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("MAX_CONCURRENT_TASKS", "many", "expected a positive integer, got 'many'"),
        ("MAX_CONCURRENT_TASKS", "2.5", "expected a positive integer, got '2.5'"),
        ("WS_HEARTBEAT", "0", "expected a positive number, got '0'"),
        ("CANCEL_GRACE_PERIOD", "soon", "expected a positive number, got 'soon'"),
        ("SHUTDOWN_TIMEOUT", "-1", "expected a positive number, got '-1'"),
        ("LOG_FORMAT", "xml", "must be one of json, text, not 'xml'"),
    ],
)
def test_bad_values_say_what_was_expected(
    tmp_path: Path, name: str, value: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({"DATA_DIR": str(tmp_path), name: value})
    assert str(error.value) == f"{name}: {expected}"


def test_positive_numbers_keep_their_kind(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, **QUIET, WS_HEARTBEAT="2.5", MAX_CONCURRENT_TASKS="3")
    assert (settings.ws_heartbeat, settings.max_concurrent_tasks) == (2.5, 3)
    assert isinstance(settings.max_concurrent_tasks, int)


def test_a_short_stored_secret_is_refused(tmp_path: Path) -> None:
    (tmp_path / "jwt_secret").write_text("short")
    with pytest.raises(ConfigError, match="^JWT_SECRET:"):
        load_settings({"DATA_DIR": str(tmp_path)})


def test_command_settings_have_defaults_and_are_checked(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, **QUIET, MAX_COMMAND_TIMEOUT="60")
    assert settings.command_shell == "/bin/bash"
    assert dict(settings.command_environment) == {"PATH": "/bin"}
    assert (settings.max_commands_per_user, settings.max_command_output_bytes) == (5, 1024 * 1024)
    assert (settings.default_command_timeout, settings.max_command_timeout) == (60, 60)
    for name in ("MAX_COMMANDS_PER_USER", "MAX_COMMAND_TIMEOUT", "MAX_COMMAND_OUTPUT_BYTES"):
        with pytest.raises(ConfigError, match=f"^{name}:"):
            load_settings({"DATA_DIR": str(tmp_path), name: "0"})


def test_rate_limits_default_to_the_documents_numbers(tmp_path: Path) -> None:
    limits = settings_of(tmp_path, **QUIET).rate_limits
    assert limits.enabled and limits.storage_url == "memory://"
    assert limits.strategy == "moving-window"
    shown = {
        name: [str(item) for item in getattr(limits, name)]
        for name in ("anonymous", "user", "premium", "login")
    }
    assert shown == {
        "anonymous": ["100 per 1 minute"],
        "user": ["200 per 1 minute"],
        "premium": ["500 per 1 minute"],
        "login": ["5 per 1 minute", "20 per 1 hour", "100 per 1 day"],
    }
    assert limits.trusted_proxies == ()


def test_rate_limits_are_read_in_the_librarys_notation(tmp_path: Path) -> None:
    limits = settings_of(
        tmp_path,
        **QUIET,
        RATE_LIMITS="off",
        RATE_LIMIT_USER="10/second; 300 per hour",
        RATE_LIMIT_STORAGE="redis://:pw@127.0.0.1:6379/2",
        RATE_LIMIT_STRATEGY="fixed-window",
        TRUSTED_PROXIES="10.0.0.1, 10.1.0.0/16",
    ).rate_limits
    assert not limits.enabled
    assert [str(item) for item in limits.user] == ["10 per 1 second", "300 per 1 hour"]
    assert limits.strategy == "fixed-window"
    assert [str(n) for n in limits.trusted_proxies] == ["10.0.0.1/32", "10.1.0.0/16"]
    assert "pw@" not in repr(settings_of(tmp_path, **QUIET, RATE_LIMIT_STORAGE="redis://:pw@h/0"))


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RATE_LIMITS", "maybe"),
        ("RATE_LIMIT_ANONYMOUS", "100 a minute"),
        ("RATE_LIMIT_LOGIN", "5/fortnight"),
        ("RATE_LIMIT_STORAGE", "memcached://localhost"),
        ("RATE_LIMIT_STRATEGY", "token-bucket"),
        ("TRUSTED_PROXIES", "proxy.local"),
    ],
)
def test_bad_rate_limit_settings_name_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=f"^{name}: "):
        settings_of(tmp_path, **QUIET, **{name: value})


def test_the_metrics_token_is_optional_checked_and_never_shown(tmp_path: Path) -> None:
    assert settings_of(tmp_path, **QUIET).metrics_token is None
    token = "m" * 16
    settings = settings_of(tmp_path, **QUIET, METRICS_TOKEN=token)
    assert settings.metrics_token == token and token not in repr(settings)
    for bad in ("short-token", "with a space inside it", "ünïcödé-" * 3):
        with pytest.raises(ConfigError, match="^METRICS_TOKEN:") as error:
            settings_of(tmp_path, **QUIET, METRICS_TOKEN=bad)
        assert bad not in str(error.value)


def test_current_settings_are_read_once_per_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "one"))
    monkeypatch.setenv("JWT_SECRET", "j" * 40)
    first = current_settings()
    assert current_settings() is first  # what a forked actor process inherits
    assert first.data_dir == (tmp_path / "one").resolve()
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "two"))
    assert current_settings().data_dir == (tmp_path / "two").resolve()  # read anew
