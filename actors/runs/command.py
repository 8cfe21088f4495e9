"""CommandActor: one subprocess in its own process group (inside the sandbox when the run has
a policy), its output read without blocking."""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import os
import time
from codecs import IncrementalDecoder
from dataclasses import dataclass
from typing import IO

from actors import messages
from actors.base import Actor, ActorExitRequest, ThespianWatch, WakeupMessage, WatchMessage
from actors.names import ActorAddress
from actors.orphans import StopExpected, expect_stop
from actors.processes import start_marker
from actors.runs.process import RunProcess, warm_up
from config import current_settings
from storage.runs.output import OutputStream

log = logging.getLogger(__name__)

READ_BYTES = 64 * 1024
DRAIN_BYTES = 16 * 1024 * 1024  # what a finished process may still have in its pipes
FLUSH_INTERVAL = dt.timedelta(milliseconds=50)
EXIT_CHECK = dt.timedelta(milliseconds=2)  # after both pipes closed: the exit is moments away
EXIT_CHECKS = 25  # then the flush ticks look (a process may close its pipes and run on)


@dataclass(frozen=True)
class FlushDue:
    """Wakeup payload: send what was read, and see whether the process has exited."""


@dataclass(frozen=True)
class ExitDue:
    """Wakeup payload: both pipes are closed; see whether the process has exited yet."""


@dataclass(frozen=True)
class DeadlineReached:
    """Wakeup payload: the command's timeout ran out."""


@dataclass(frozen=True)
class GraceOver:
    """Wakeup payload: the group had its grace period after SIGTERM; SIGKILL it."""


@dataclass
class _Pipe:
    """One of the process's output pipes, decoded incrementally (UTF-8, replacing errors)."""

    stream: OutputStream
    decoder: IncrementalDecoder
    file: IO[bytes]


class CommandActor(Actor):
    """Spawns one command, streams its output to its owner (the first piece at once, then
    coalesced every FLUSH_INTERVAL), reports its end as soon as both pipes close and the
    process is reaped, and never outlives it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.owner: ActorAddress | None = None
        self.proc: RunProcess | None = None
        self.streams: dict[int, _Pipe] = {}
        self.pending: list[messages.OutputPiece] = []
        self.pending_bytes = 0
        self.sent_output = False
        self.exit_checks = 0
        self.stop_reason: messages.ExitReason | None = None
        self.stop_error: str | None = None
        self.grace_period = 10.0
        self.cli_environment: dict[str, str] | None = None
        self.done = False

    def receiveMessage(self, message: object, sender: ActorAddress) -> object:
        super().receiveMessage(message, sender)
        # Thespian resets the watch list after every message: always hand back the live pipes.
        return ThespianWatch(list(self.streams)) if self.streams else None

    def receiveMsg_PrepareRun(self, msg: messages.PrepareRun, sender: ActorAddress) -> None:
        self._cli_environment()  # pre-started: read the settings before the run is ours
        warm_up()

    def _environment(self, msg: messages.RunCommand) -> dict[str, str]:
        """The process's exact environment: msg.env, over this process's CLI_ENV_PASSTHROUGH
        variables when the message asks for them."""
        base = self._cli_environment() if msg.cli_environment else {}
        return {**base, **dict(msg.env)}

    def _cli_environment(self) -> dict[str, str]:
        """This process's CLI_ENV_PASSTHROUGH variables, read once."""
        if self.cli_environment is None:
            self.cli_environment = dict(current_settings().cli_environment)
        return self.cli_environment

    def receiveMsg_RunCommand(self, msg: messages.RunCommand, sender: ActorAddress) -> None:
        if self.proc is not None or self.done:
            return
        self.owner = sender
        self.grace_period = msg.grace_period
        try:
            self.proc = RunProcess.start(msg, self._environment(msg))
        except OSError as exc:
            self._end(
                messages.CommandExited(
                    exit_code=127 if isinstance(exc, FileNotFoundError) else 126,
                    reason=messages.ExitReason.SPAWN_FAILED,
                    error=_spawn_error(exc, msg),
                )
            )
            return
        streams = (OutputStream.STDOUT, OutputStream.STDERR)
        for stream, pipe in zip(streams, self.proc.pipes, strict=True):
            os.set_blocking(pipe.fileno(), False)
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            self.streams[pipe.fileno()] = _Pipe(stream, decoder, pipe)
        pid = self.proc.pid
        self.send(
            sender,
            messages.CommandStarted(pid=pid, pgid=pid, process_started=start_marker(pid) or ""),
        )
        if msg.timeout:
            self.wakeupAfter(dt.timedelta(seconds=msg.timeout), payload=DeadlineReached())
        self.wakeupAfter(FLUSH_INTERVAL, payload=FlushDue())

    def receiveMsg_WatchMessage(self, msg: WatchMessage, sender: ActorAddress) -> None:
        for fd in msg.ready:
            if fd in self.streams:
                self._read(fd)
        if not self.sent_output:
            self._flush()  # the first output goes at once: a watcher sees the run start
        if not self.streams and self.proc is not None and not self.done:
            self._exit_check()

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if isinstance(msg.payload, StopExpected):
            self.send(self.myAddress, ActorExitRequest())
            return
        if self.proc is None or self.done:
            return
        if isinstance(msg.payload, ExitDue):
            self._exit_check()
        elif isinstance(msg.payload, FlushDue):
            self._flush()
            if self.proc.poll() is not None:
                self._finish()
                return
            exceeded = self.proc.limit_exceeded()
            if exceeded is not None:
                self._stop(messages.ExitReason.LIMIT_EXCEEDED, exceeded)
            self.wakeupAfter(FLUSH_INTERVAL, payload=FlushDue())
        elif isinstance(msg.payload, DeadlineReached):
            self._stop(messages.ExitReason.TIMEOUT)
        elif isinstance(msg.payload, GraceOver):
            self.proc.kill()

    def receiveMsg_CancelCommand(self, msg: messages.CancelCommand, sender: ActorAddress) -> None:
        if self.proc is not None and not self.done:
            self._stop(messages.ExitReason.CANCELLED)

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: ActorAddress) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.release()
        self._close_pipes()

    def _stop(self, reason: messages.ExitReason, error: str | None = None) -> None:
        """SIGTERM to the whole run now, SIGKILL after the grace period."""
        if self.stop_reason is not None:
            return
        assert self.proc is not None
        self.stop_reason, self.stop_error = reason, error
        self.proc.terminate()
        self.wakeupAfter(dt.timedelta(seconds=self.grace_period), payload=GraceOver())

    def _read(self, fd: int, budget: int = 4 * READ_BYTES) -> None:
        """Read what is available (at most budget bytes, so the mailbox stays responsive)."""
        pipe = self.streams[fd]
        while budget > 0:
            try:
                data = os.read(fd, READ_BYTES)
            except BlockingIOError:
                return
            if not data:
                self._queue(pipe.stream, pipe.decoder.decode(b"", final=True))
                del self.streams[fd]
                pipe.file.close()
                return
            budget -= len(data)
            self._queue(pipe.stream, pipe.decoder.decode(data))
            if self.pending_bytes >= READ_BYTES:
                self._flush()

    def _queue(self, stream: OutputStream, text: str) -> None:
        if not text:
            return
        if self.pending and self.pending[-1].stream == stream:
            previous = self.pending[-1]
            self.pending[-1] = previous._replace(text=previous.text + text)
        else:
            self.pending.append(messages.OutputPiece(stream, text, time.time()))
        self.pending_bytes += len(text)

    def _exit_check(self) -> None:
        """Both pipes are closed: finish if the process has exited, else look again soon (a
        process that closed its pipes but runs on is still found by the flush ticks)."""
        assert self.proc is not None
        if self.proc.poll() is not None:
            self._finish()
        elif self.exit_checks < EXIT_CHECKS:
            self.exit_checks += 1
            self.wakeupAfter(EXIT_CHECK, payload=ExitDue())

    def _flush(self) -> None:
        if self.pending and self.owner is not None:
            self.send(self.owner, messages.CommandOutput(chunks=tuple(self.pending)))
            self.sent_output = True
        self.pending = []
        self.pending_bytes = 0

    def _finish(self) -> None:
        """The main process exited: drain the pipes, end the rest of its group, report."""
        assert self.proc is not None
        code = self.proc.poll()
        self.proc.kill()
        for fd in list(self.streams):
            self._read(fd, budget=DRAIN_BYTES)
        self._close_pipes()
        self.proc.release()
        self._flush()
        exited = messages.CommandExited(code, reason=self.stop_reason, error=self.stop_error)
        self._end(exited)

    def _end(self, exited: messages.CommandExited) -> None:
        """Report the end. The owner stops us once it has read it (exiting first could let our
        exit overtake the report); an owner that died meanwhile must not leave us behind."""
        self.done = True
        if exited.error:
            self.pending.append(
                messages.OutputPiece(OutputStream.STDERR, exited.error + "\n", time.time())
            )
            self._flush()
        if self.owner is not None:
            self.send(self.owner, exited)
        expect_stop(self)

    def _close_pipes(self) -> None:
        for pipe in self.streams.values():
            pipe.file.close()
        self.streams.clear()


def _spawn_error(exc: OSError, msg: messages.RunCommand) -> str:
    if isinstance(exc, FileNotFoundError) and not os.path.isdir(msg.cwd):
        return f"cannot start {msg.argv[0]!r}: working directory {msg.cwd!r} does not exist"
    if isinstance(exc, FileNotFoundError):
        return f"cannot start {msg.argv[0]!r}: command not found"
    return f"cannot start {msg.argv[0]!r}: {exc.strerror or exc}"
