"""The actor transport's settings: where it listens and the secret its frames are sealed with."""

from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from config import ConfigError, load_settings


def test_the_runtime_listens_on_loopback_by_default(tmp_path: Path) -> None:
    assert load_settings({"DATA_DIR": str(tmp_path)}).actor_bind_address == "127.0.0.1"
    chosen = load_settings({"DATA_DIR": str(tmp_path), "ACTOR_BIND_ADDRESS": "10.1.2.3"})
    assert chosen.actor_bind_address == "10.1.2.3"


@pytest.mark.parametrize("value", ["0.0.0.0", "localhost", "::1", "224.0.0.1", "10.1.2"])
def test_a_bind_address_must_name_one_ipv4_interface(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError, match="^ACTOR_BIND_ADDRESS: "):
        load_settings({"DATA_DIR": str(tmp_path), "ACTOR_BIND_ADDRESS": value})


def test_the_actor_secret_is_generated_once_privately(tmp_path: Path) -> None:
    first = load_settings({"DATA_DIR": str(tmp_path / "data")})
    secret_file = tmp_path / "data" / "actor_secret"
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(secret_file.parent.stat().st_mode) == 0o700
    assert len(first.actor_secret) >= 32 and first.actor_secret != first.jwt_secret
    assert load_settings({"DATA_DIR": str(tmp_path / "data")}).actor_secret == first.actor_secret
    assert first.actor_secret not in repr(first)


def test_a_configured_actor_secret_is_used_and_checked(tmp_path: Path) -> None:
    settings = load_settings({"DATA_DIR": str(tmp_path), "ACTOR_SECRET": "s" * 32})
    assert settings.actor_secret == "s" * 32
    assert not (tmp_path / "actor_secret").exists()
    with pytest.raises(ConfigError, match="^ACTOR_SECRET: must be at least 32 bytes$"):
        load_settings({"DATA_DIR": str(tmp_path), "ACTOR_SECRET": "short"})
    (tmp_path / "actor_secret").write_text("short")
    with pytest.raises(ConfigError, match="^ACTOR_SECRET: the stored secret"):
        load_settings({"DATA_DIR": str(tmp_path)})


def test_processes_starting_together_share_one_secret(tmp_path: Path) -> None:
    environ = {"DATA_DIR": str(tmp_path)}
    with ThreadPoolExecutor(8) as pool:
        loaded = list(pool.map(lambda _: load_settings(environ), range(16)))
    assert len({s.actor_secret for s in loaded}) == 1
    assert len({s.jwt_secret for s in loaded}) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["actor_secret", "jwt_secret"]
