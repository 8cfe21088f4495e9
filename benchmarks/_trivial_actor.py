"""The floors of an actor process per execution and per socket, in bare Thespian: no storage,
no HTTP, no supervision.

actor_floor_rate: an actor that spawns a script, waits for it and reports, 10 at a time.
actor_per_socket_rate: hosts of children placed as SessionHosts get their sessions
(actors.live.registry), each child created and greeted (it answers once it runs), `width` at a
time as the benchmark's clients connect; the children stay, as sessions do."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass

from thespian.actors import Actor, ActorExitRequest, ActorSystem

from actors.live.registry import SessionRegistry
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


@dataclass(frozen=True)
class Greet:
    pass


@dataclass(frozen=True)
class Greeted:
    pass


class Child(Actor):  # type: ignore[misc]
    """Answers a greeting: it runs."""

    def receiveMessage(self, message: object, sender: object) -> None:
        if isinstance(message, Greet):
            self.send(sender, Greeted())


class Host(Actor):  # type: ignore[misc]
    """Creates a child per greeting it is asked to pass on, and relays the child's answer."""

    def receiveMessage(self, message: object, sender: object) -> None:
        if isinstance(message, Greet):
            self.asker = sender
            self.send(self.createActor(Child), Greet())
        elif isinstance(message, Greeted):
            self.send(self.asker, Greeted())


class Hosts(Actor):  # type: ignore[misc]
    """Keeps `width` children starting until `count` have answered, then tells whoever asked;
    a child goes to a host as the Supervisor places a session (SessionRegistry)."""

    def receiveMessage(self, message: object, sender: object) -> None:
        if isinstance(message, tuple):
            self.count, width = message
            self.asker, self.started, self.answered = sender, 0, 0
            self.hosts = SessionRegistry()
            for _ in range(min(width, self.count)):
                self._start()
        elif isinstance(message, Greeted):
            self.answered += 1
            if self.answered == self.count:
                self.send(self.asker, "done")
            elif self.started < self.count:
                self._start()

    def _start(self) -> None:
        host = self.hosts.host_with_room()
        if host is None:
            host = self.createActor(Host)
            self.hosts.add_host(host)
        self.hosts.opened(host, self.asker, str(self.started))
        self.started += 1
        self.send(host, Greet())


def actor_per_socket_rate(count: int, width: int) -> float:
    system = ActorSystem("multiprocTCPBase", {"Admin Port": free_port()}, transientUnique=True)
    try:
        hosts = system.createActor(Hosts)
        began = time.perf_counter()
        reply = system.ask(hosts, (count, width), 600)
        if reply != "done":
            raise RuntimeError(f"the actor-per-socket floor run did not finish: {reply!r}")
        return count / (time.perf_counter() - began)
    finally:
        system.shutdown()
