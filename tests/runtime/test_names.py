"""Every actor class path in actors/names resolves to an actor class (a typo would only show
when Thespian first tries to create that actor)."""

from __future__ import annotations

import importlib

import pytest
from thespian.actors import Actor

from actors.names import ActorClass


@pytest.mark.parametrize("path", list(ActorClass))
def test_actor_class_path_names_an_actor(path: ActorClass) -> None:
    module, name = path.rsplit(".", 1)
    actor_class = getattr(importlib.import_module(module), name)
    assert issubclass(actor_class, Actor)
