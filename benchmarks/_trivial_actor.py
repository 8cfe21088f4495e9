"""The floor of "one actor process per execution": bare Thespian creating an actor that spawns a
script, waits for it and reports, 10 at a time; no storage, no HTTP, no supervision."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass

from thespian.actors import Actor, ActorExitRequest, ActorSystem

from tests.support.deployment import free_port


@dataclass(frozen=True)
class Spawn:
    argv: tuple[str, ...]


@dataclass(frozen=True)
class Spawned:
    code: int


class Runner(Actor):  # type: ignore[misc]
    """Runs one script, replies with its exit code, exits."""

    def receiveMessage(self, message: object, sender: object) -> None:
        if isinstance(message, Spawn):
            code = subprocess.run(message.argv, stdout=subprocess.DEVNULL, check=False).returncode
            self.send(sender, Spawned(code))
            self.send(self.myAddress, ActorExitRequest())


class Starter(Actor):  # type: ignore[misc]
    """Keeps `width` Runners busy until `runs` have reported, then tells whoever asked."""

    def receiveMessage(self, message: object, sender: object) -> None:
        if isinstance(message, tuple):
            self.argv, runs, width = message
            self.asker, self.to_start, self.to_finish = sender, runs, runs
            for _ in range(min(width, runs)):
                self._start()
        elif isinstance(message, Spawned):
            self.to_finish -= 1
            if self.to_finish == 0:
                self.send(self.asker, "done")
            elif self.to_start:
                self._start()

    def _start(self) -> None:
        self.to_start -= 1
        self.send(self.createActor(Runner), Spawn(self.argv))


def actor_floor_rate(script: str, runs: int, width: int) -> float:
    system = ActorSystem("multiprocTCPBase", {"Admin Port": free_port()}, transientUnique=True)
    try:
        starter = system.createActor(Starter)
        began = time.perf_counter()
        reply = system.ask(starter, ((script,), runs, width), 600)
        if reply != "done":
            raise RuntimeError(f"the actor floor run did not finish: {reply!r}")
        return runs / (time.perf_counter() - began)
    finally:
        system.shutdown()
