"""CommandActor: one subprocess in its own process group, its output read without blocking."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import os
import signal
import subprocess
import time
from typing import Any

from thespian.actors import (
    ActorExitRequest,
    ActorTypeDispatcher,
    ThespianWatch,
    WakeupMessage,
    WatchMessage,
)

from actors.messages import (
    CancelCommand,
    CommandExited,
    CommandOutput,
    CommandStarted,
    RunCommand,
)
from actors.processes import die_with_parent, signal_group, start_marker

log = logging.getLogger(__name__)

READ_BYTES = 64 * 1024
DRAIN_BYTES = 16 * 1024 * 1024  # what a finished process may still have in its pipes
FLUSH_INTERVAL = dt.timedelta(milliseconds=50)
_TICK, _DEADLINE, _KILL = "tick", "deadline", "kill"


class CommandActor(ActorTypeDispatcher):
    """Spawns one command, streams coalesced output to its owner, and never outlives it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owner: Any = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.streams: dict[int, tuple[str, Any, Any]] = {}
        self.pending: list[tuple[str, str, float]] = []
        self.pending_bytes = 0
        self.stop_reason: str | None = None
        self.grace_period = 10.0
        self.done = False

    def receiveMessage(self, message: Any, sender: Any) -> Any:
        super().receiveMessage(message, sender)
        # Thespian resets the watch list after every message: always hand back the live pipes.
        return ThespianWatch(list(self.streams)) if self.streams else None

    def receiveMsg_RunCommand(self, msg: RunCommand, sender: Any) -> None:
        if self.proc is not None or self.done:
            return
        self.owner = sender
        self.grace_period = msg.grace_period
        try:
            self.proc = subprocess.Popen(
                msg.argv,
                cwd=msg.cwd,
                env=dict(msg.env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
                preexec_fn=die_with_parent,
                close_fds=True,
            )
        except OSError as exc:
            self._end(
                CommandExited(
                    exit_code=127 if isinstance(exc, FileNotFoundError) else 126,
                    reason="spawn_failed",
                    error=_spawn_error(exc, msg),
                )
            )
            return
        for name, pipe in (("stdout", self.proc.stdout), ("stderr", self.proc.stderr)):
            assert pipe is not None
            os.set_blocking(pipe.fileno(), False)
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            self.streams[pipe.fileno()] = (name, decoder, pipe)
        pid = self.proc.pid
        self.send(
            sender, CommandStarted(pid=pid, pgid=pid, process_started=start_marker(pid) or "")
        )
        if msg.timeout:
            self.wakeupAfter(dt.timedelta(seconds=msg.timeout), payload=_DEADLINE)
        self.wakeupAfter(FLUSH_INTERVAL, payload=_TICK)

    def receiveMsg_WatchMessage(self, msg: WatchMessage, sender: Any) -> None:
        for fd in msg.ready:
            if fd in self.streams:
                self._read(fd)

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: Any) -> None:
        if self.proc is None or self.done:
            return
        if msg.payload == _TICK:
            self._flush()
            if self.proc.poll() is not None:
                self._finish()
            else:
                self.wakeupAfter(FLUSH_INTERVAL, payload=_TICK)
        elif msg.payload == _DEADLINE:
            self._stop("timeout")
        elif msg.payload == _KILL:
            signal_group(self.proc.pid, signal.SIGKILL)

    def receiveMsg_CancelCommand(self, msg: CancelCommand, sender: Any) -> None:
        if self.proc is not None and not self.done:
            self._stop("cancelled")

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            signal_group(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._close_pipes()

    def _stop(self, reason: str) -> None:
        """SIGTERM to the whole group now, SIGKILL after the grace period."""
        if self.stop_reason is not None:
            return
        assert self.proc is not None
        self.stop_reason = reason
        signal_group(self.proc.pid, signal.SIGTERM)
        self.wakeupAfter(dt.timedelta(seconds=self.grace_period), payload=_KILL)

    def _read(self, fd: int, budget: int = 4 * READ_BYTES) -> None:
        """Read what is available (at most budget bytes, so the mailbox stays responsive)."""
        name, decoder, pipe = self.streams[fd]
        while budget > 0:
            try:
                data = os.read(fd, READ_BYTES)
            except BlockingIOError:
                return
            if not data:
                self._queue(name, decoder.decode(b"", final=True))
                del self.streams[fd]
                pipe.close()
                return
            budget -= len(data)
            self._queue(name, decoder.decode(data))
            if self.pending_bytes >= READ_BYTES:
                self._flush()

    def _queue(self, stream: str, text: str) -> None:
        if not text:
            return
        if self.pending and self.pending[-1][0] == stream:
            _, previous, started = self.pending[-1]
            self.pending[-1] = (stream, previous + text, started)
        else:
            self.pending.append((stream, text, time.time()))
        self.pending_bytes += len(text)

    def _flush(self) -> None:
        if self.pending and self.owner is not None:
            self.send(self.owner, CommandOutput(chunks=tuple(self.pending)))
        self.pending = []
        self.pending_bytes = 0

    def _finish(self) -> None:
        """The main process exited: drain the pipes, end the rest of its group, report."""
        assert self.proc is not None
        signal_group(self.proc.pid, signal.SIGKILL)
        for fd in list(self.streams):
            self._read(fd, budget=DRAIN_BYTES)
        self._close_pipes()
        self._flush()
        self._end(CommandExited(exit_code=self.proc.returncode, reason=self.stop_reason))

    def _end(self, exited: CommandExited) -> None:
        """Report the end and exit: an owner that died meanwhile must not leave us behind."""
        self.done = True
        if exited.error:
            self.pending.append(("stderr", exited.error + "\n", time.time()))
            self._flush()
        self.send(self.owner, exited)
        self.send(self.myAddress, ActorExitRequest())

    def _close_pipes(self) -> None:
        for _, _, pipe in self.streams.values():
            pipe.close()
        self.streams.clear()


def _spawn_error(exc: OSError, msg: RunCommand) -> str:
    if isinstance(exc, FileNotFoundError) and not os.path.isdir(msg.cwd):
        return f"cannot start {msg.argv[0]!r}: working directory {msg.cwd!r} does not exist"
    if isinstance(exc, FileNotFoundError):
        return f"cannot start {msg.argv[0]!r}: command not found"
    return f"cannot start {msg.argv[0]!r}: {exc.strerror or exc}"
