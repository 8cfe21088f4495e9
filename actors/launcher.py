"""The actors process: starts the Thespian admin and the Supervisor, watches, and stops them."""

from __future__ import annotations

import gc
import logging
import os
import resource
import signal
import socket
import sys
import time

from actors import wire
from actors.base import ActorExitRequest, ActorSystem
from actors.messages import Boot, Booted, Shutdown
from actors.names import SUPERVISOR_NAME, ActorAddress, ActorClass
from actors.processes import become_subreaper, descendants, kill_all, reap_children
from actors.sandbox import Sandbox, SandboxUnavailable, probe
from config import (
    CONFIG_ERROR_EXIT,
    Settings,
    current_settings,
    logging_config,
    process_settings,
)
from storage.database import close_database, migrate, open_database

log = logging.getLogger("actors")
SYSTEM_BASE = "multiprocTCPBase"
CHECK_INTERVAL = 2.0
SIGNAL_POLL = 0.1
EXIT_WAIT = 3.0
ASK_TIMEOUT = 10.0
WANTED_FDS = 65536


def actor_capabilities(settings: Settings) -> dict[str, object]:
    return {"Admin Port": settings.actor_admin_port}


class ActorRuntime:
    """One local actor system with its Supervisor (its runs in sandbox); start, check, stop."""

    def __init__(self, settings: Settings, sandbox: Sandbox) -> None:
        self.settings = settings
        self.sandbox = sandbox
        self.system: ActorSystem | None = None
        self.supervisor: ActorAddress | None = None

    def start(self) -> None:
        wire.install(self.settings)  # before the first ActorSystem(): the admin forks from here
        stop_stale_admin(self.settings.actor_admin_port, self.settings.actor_bind_address)
        self.system = ActorSystem(
            SYSTEM_BASE,
            actor_capabilities(self.settings),
            logDefs=logging_config(self.settings.log_level, self.settings.log_format),
            transientUnique=True,
        )
        self._boot()

    def check(self) -> None:
        """Re-send Boot (idempotent); a Supervisor that does not answer is recreated."""
        try:
            self._boot()
        except RuntimeError as exc:
            log.error("%s; recreating the supervisor", exc)
            assert self.system is not None and self.supervisor is not None
            self.system.tell(self.supervisor, ActorExitRequest())
            self._boot()

    def stop(self) -> None:
        if self.system is None:
            return
        try:
            # the Supervisor answers once running executions are stopped (grace period + slack)
            if self.supervisor is not None:
                wait = self.settings.cancel_grace_period + ASK_TIMEOUT
                self.system.ask(self.supervisor, Shutdown(), wait)
        finally:
            self.system.shutdown()
            self.system = None
        leftovers = _wait_for_descendants(EXIT_WAIT)
        if leftovers:
            log.warning("killing %d processes left after shutdown", len(leftovers))
            kill_all(leftovers)
            _wait_for_descendants(EXIT_WAIT)  # a SIGKILL is not instant: exit after them
        reap_children()

    def _boot(self) -> None:
        assert self.system is not None
        previous = self.supervisor
        self.supervisor = self.system.createActor(ActorClass.SUPERVISOR, globalName=SUPERVISOR_NAME)
        recreated = previous is not None and self.supervisor != previous
        reply = self.system.ask(self.supervisor, Boot(self.sandbox, recreated), ASK_TIMEOUT)
        if not isinstance(reply, Booted):
            raise RuntimeError(f"the supervisor did not answer Boot (got {reply!r})")


def _wait_for_descendants(seconds: float) -> list[int]:
    """Give exiting actor processes a moment; returns those still alive after it."""
    deadline = time.monotonic() + seconds
    while True:
        reap_children()
        alive = descendants(os.getpid())
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.05)


def admin_listening(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def stop_stale_admin(port: int, host: str, deadline_seconds: float = 15.0) -> None:
    """An admin already on the port runs old code: shut it down, never reuse it."""
    if not admin_listening(port, host):
        return
    log.warning("an actor system is already running on ACTOR_ADMIN_PORT %d: stopping it", port)
    ActorSystem(SYSTEM_BASE, {"Admin Port": port}, transientUnique=True).shutdown()
    deadline = time.monotonic() + deadline_seconds
    while admin_listening(port, host):
        if time.monotonic() > deadline:
            raise RuntimeError(
                f"ACTOR_ADMIN_PORT {port} is still in use after asking its admin to stop "
                "(an admin started with another ACTOR_SECRET, or not an actor system, ignores it)"
            )
        time.sleep(0.1)


def log_sandbox(sandbox: Sandbox) -> None:
    if sandbox.enabled:
        by_cgroup = ", ".join(sandbox.cgroup_limits) or "none (rlimits only)"
        log.info("sandbox: %s (%s); limits by cgroup: %s", sandbox.detail, sandbox.bwrap, by_cgroup)
        return
    commands = "everyone's" if sandbox.allow_unsandboxed else "administrators' only"
    log.warning(
        "NO SANDBOX: %s. CLI runs and commands run as the server's user with its access; "
        "ad-hoc commands: %s",
        sandbox.detail,
        commands,
    )


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = WANTED_FDS if hard == resource.RLIM_INFINITY else min(WANTED_FDS, hard)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def main() -> int:
    settings = process_settings("actors")
    if settings is None:
        return CONFIG_ERROR_EXIT
    current_settings()  # read once here: every actor process forks from this one
    raise_fd_limit()
    become_subreaper()
    try:
        sandbox = probe(settings)
    except SandboxUnavailable as exc:
        print(f"actors: {exc}", file=sys.stderr)
        return CONFIG_ERROR_EXIT
    log_sandbox(sandbox)
    migrate(open_database(settings.database_url))
    close_database()  # actors open their own connections after the fork

    stop_requests: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        # only append in a handler: taking a lock there can deadlock with the interrupted code
        signal.signal(signum, lambda signum, _: stop_requests.append(signum))
    # every actor process forks from this one: what start-up loaded (modules, settings) is
    # taken out of each one's collector's sight, as the web does (web/app.py), and its pages
    # stay shared instead of being written by each collection
    gc.freeze()
    runtime = ActorRuntime(settings, sandbox)
    try:
        runtime.start()
        log.info("actor system ready on ACTOR_ADMIN_PORT %d", settings.actor_admin_port)
        next_check = time.monotonic() + CHECK_INTERVAL
        while not stop_requests:
            time.sleep(SIGNAL_POLL)
            if time.monotonic() >= next_check:
                reap_children()
                runtime.check()
                next_check = time.monotonic() + CHECK_INTERVAL
    finally:
        log.info("stopping the actor system")
        runtime.stop()
    return 0
