"""No secret travels in an actor message (each process reads its own settings), and the
environments that must travel stay out of every message's repr."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import pickle
import types
import typing
from pathlib import Path
from typing import Any

from thespian.actors import ActorAddress

import actors.messages
from config import Settings, load_settings
from storage.errors import StorageError
from tests.support.api import Api

SETTINGS_SECRETS = {
    "JWT_SECRET": "jwt-secret-" + "j" * 32,
    "ACTOR_SECRET": "actor-secret-" + "a" * 32,
    "ADMIN_PASSWORD": "admin-password-p4ss",
    "DATABASE_URL": "postgresql://app:database-password@db.internal/app",
    "ANTHROPIC_API_KEY": "sk-ant-settings-api-key",
}
LEAKS = (  # what must never be seen of them
    SETTINGS_SECRETS["JWT_SECRET"],
    SETTINGS_SECRETS["ACTOR_SECRET"],
    SETTINGS_SECRETS["ADMIN_PASSWORD"],
    "database-password",
    SETTINGS_SECRETS["ANTHROPIC_API_KEY"],
)
ENVIRONMENT_SECRET = "a-token-in-a-command-environment"


def secret_settings(tmp_path: Path) -> Settings:
    return load_settings({"DATA_DIR": str(tmp_path), "PATH": "/bin", **SETTINGS_SECRETS})


def sample(kind: Any, settings: Settings) -> Any:
    """A value of the annotated type, carrying secrets wherever the type can hold them."""
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if kind is Settings:
        return settings
    if origin in (typing.Union, types.UnionType):
        return sample(next(a for a in args if a is not type(None)), settings)
    if kind == tuple[tuple[str, str], ...]:  # an environment
        return (("ANTHROPIC_API_KEY", ENVIRONMENT_SECRET), ("PATH", "/bin"))
    if origin is tuple:
        return (sample(args[0], settings),) if args[-1] is Ellipsis else tuple(args)
    if origin is frozenset:
        return frozenset({sample(args[0], settings)})
    if origin is dict or kind is typing.Any:
        return {}
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return next(iter(kind))
    if dataclasses.is_dataclass(kind) or hasattr(kind, "_fields"):  # dataclass, NamedTuple
        return build(kind, settings)
    simple = {str: "text", int: 1, float: 1.0, bool: True, dt.datetime: dt.datetime.now(dt.UTC)}
    if kind in simple:
        return simple[kind]
    if kind is ActorAddress:
        return ActorAddress(None)
    if kind is Exception:
        return ValueError("an error")
    if isinstance(kind, type) and issubclass(kind, StorageError):
        return kind("an error", detail="text")
    raise AssertionError(f"no sample for {kind!r}")


def build(cls: Any, settings: Settings) -> Any:
    hints = typing.get_type_hints(cls)
    return cls(**{name: sample(kind, settings) for name, kind in hints.items()})


def message_classes() -> list[type]:
    found = [getattr(actors.messages, name) for name in actors.messages.__all__]
    return [cls for cls in found if dataclasses.is_dataclass(cls)]


def test_no_message_carries_a_settings_secret_or_shows_an_environment(tmp_path: Path) -> None:
    settings = secret_settings(tmp_path)
    classes = message_classes()
    assert len(classes) > 40
    for cls in classes:
        message = build(cls, settings)
        wire_bytes, text = pickle.dumps(message), repr(message)
        for secret in LEAKS:
            assert secret.encode() not in wire_bytes, (cls.__name__, secret)
            assert secret not in text, (cls.__name__, secret)
        assert ENVIRONMENT_SECRET not in text, cls.__name__


async def test_the_cli_gets_its_environment_from_the_runtime_own_settings(
    live_app: Any, make_user: Any, headers: Any
) -> None:
    client = await live_app(CLI_ENV_PASSTHROUGH="PATH,HOME,CLI_TOKEN", CLI_TOKEN="token-123")
    api = Api(client, headers(make_user()))
    task_id = await api.task_id(await api.project_id(), "Show [env=CLI_TOKEN]")
    await api.execute(task_id)
    task = await api.wait(task_id)
    output = "".join(chunk["content"] for chunk in task["latest_execution"]["output"])
    assert task["status"] == "completed"
    assert "env CLI_TOKEN=token-123" in output
