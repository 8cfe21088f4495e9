"""AdhocCommandActor: one command run from the web, from its claimed row to its recorded end."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from thespian.actors import (
    ActorExitRequest,
    ActorTypeDispatcher,
    ChildActorExited,
    PoisonMessage,
    WakeupMessage,
)

from actors.messages import (
    AdhocCommandEnded,
    CancelCommand,
    CommandExited,
    CommandLaunched,
    CommandOutput,
    CommandSpec,
    CommandStarted,
    CommandStopped,
    Event,
    LaunchCommand,
    RunCommand,
    StartCommand,
    StopCommand,
)
from actors.processes import kill_recorded_group
from actors.runs.recorder import OutputRecorder
from storage.database import open_database
from storage.runs import commands

log = logging.getLogger(__name__)
_LEASE = "lease"


def outcome(exited: CommandExited, timeout: int) -> tuple[str, str | None]:
    """The final status and error message of a command from how its process group ended."""
    if exited.reason == "timeout":
        return "timeout", f"timed out after {timeout} s"
    if exited.reason == "cancelled":
        return "cancelled", "cancelled on request"
    if exited.reason == "spawn_failed":
        return "failed", exited.error
    if exited.exit_code == 0:
        return "completed", None
    if exited.exit_code is not None and exited.exit_code < 0:
        return "failed", f"killed by signal {-exited.exit_code}"
    return "failed", f"exited with code {exited.exit_code}"


def _iso(at: dt.datetime) -> str:
    return at.isoformat(timespec="milliseconds") + "Z"


class AdhocCommandActor(ActorTypeDispatcher):
    """Child of the Supervisor; runs bash -c through a CommandActor, stores and publishes output."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spec: CommandSpec | None = None
        self.supervisor: Any = None
        self.events: Any = None
        self.runner: Any = None
        self.launch: StartCommand | None = None  # the web's request, answered once
        self.stops: list[StopCommand] = []
        self.recorder: OutputRecorder | None = None
        self.process: tuple[int, str] | None = None  # pgid and its leader's start marker
        self.lease_seconds = 30.0
        self.ended = False

    def receiveMsg_LaunchCommand(self, msg: LaunchCommand, sender: Any) -> None:
        if self.spec is not None:
            return
        settings, spec = msg.settings, msg.request.spec
        open_database(settings.database_url)
        self.spec, self.launch = spec, msg.request
        self.supervisor, self.events = sender, msg.events
        self.lease_seconds = settings.execution_lease_seconds
        if not commands.claim(spec.command_id, self.lease_seconds):
            self._answer_launch("failed", error="the command was abandoned before it started")
            self._leave()
            return
        self.recorder = OutputRecorder(spec.command_id, settings.max_command_output_bytes)
        self.runner = self.createActor("actors.runs.command.CommandActor")
        self.send(
            self.runner,
            RunCommand(
                argv=(settings.command_shell, "-c", spec.command),
                cwd=spec.working_directory,
                env=spec.environment,
                timeout=spec.timeout,
                grace_period=settings.cancel_grace_period,
            ),
        )
        self.wakeupAfter(dt.timedelta(seconds=self.lease_seconds / 3), payload=_LEASE)

    def receiveMsg_CommandStarted(self, msg: CommandStarted, sender: Any) -> None:
        if self.spec is not None:
            self.process = (msg.pgid, msg.process_started)
            commands.record_started(self.spec.command_id, msg.pid, msg.pgid, msg.process_started)
            self._answer_launch("running", pid=msg.pid)

    def receiveMsg_CommandOutput(self, msg: CommandOutput, sender: Any) -> None:
        if self.spec is None or self.recorder is None:
            return
        for chunk in self.recorder.record(msg.chunks):
            self._publish(
                "command_output",
                {"stream": chunk.stream, "content": chunk.content, "timestamp": _iso(chunk.at)},
                seq=chunk.seq,
            )

    def receiveMsg_CommandExited(self, msg: CommandExited, sender: Any) -> None:
        if self.spec is not None:
            status, error = outcome(msg, self.spec.timeout)
            self._end(status, msg.exit_code, error)

    def receiveMsg_StopCommand(self, msg: StopCommand, sender: Any) -> None:
        if self.ended or self.runner is None:
            self._answer_stop(msg)
            return
        self.stops.append(msg)
        self.send(self.runner, CancelCommand())  # the CommandActor ignores repeats

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: Any) -> None:
        if msg.childAddress == self.runner and not self.ended:
            self._end("failed", None, "the command runner exited unexpectedly")

    def receiveMsg_PoisonMessage(self, msg: PoisonMessage, sender: Any) -> None:
        if not self.ended:
            self._end("failed", None, "the command runner failed")

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: Any) -> None:
        if msg.payload == _LEASE and self.spec is not None and not self.ended:
            commands.renew_lease(self.spec.command_id, self.lease_seconds)
            self.wakeupAfter(dt.timedelta(seconds=self.lease_seconds / 3), payload=_LEASE)

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: Any) -> None:
        """The runtime stops (or we leave after the end): an active command is interrupted."""
        if self.spec is not None and not self.ended and self.recorder is not None:
            self._end("failed", None, "interrupted by service shutdown", leave=False)

    def _end(
        self, status: str, exit_code: int | None, error: str | None, leave: bool = True
    ) -> None:
        if self.ended or self.spec is None or self.recorder is None:
            return
        self.ended = True
        if self.process is not None and status == "failed" and exit_code is None:
            kill_recorded_group(*self.process)  # its runner is gone: nothing else would
        commands.finish(
            self.spec.command_id,
            status,
            exit_code,
            error,
            self.recorder.bytes,
            self.recorder.truncated,
        )
        self._answer_launch(status, error=error)
        for stop in self.stops:
            self._answer_stop(stop)
        self._publish("command_completed", {"status": status, "exit_code": exit_code})
        if leave:
            self._leave()

    def _leave(self) -> None:
        assert self.spec is not None
        self.send(self.supervisor, AdhocCommandEnded(self.spec.command_id))
        self.send(self.myAddress, ActorExitRequest())

    def _answer_launch(self, status: str, pid: int | None = None, error: str | None = None) -> None:
        if self.launch is None or self.spec is None:
            return
        request, self.launch = self.launch, None
        if request.reply_to is None:
            return
        reply = CommandLaunched(
            request.correlation_id,
            command_id=self.spec.command_id,
            status=status,
            pid=pid,
            error=error,
        )
        self.send(request.reply_to, reply)

    def _answer_stop(self, stop: StopCommand) -> None:
        if stop.reply_to is None:
            return
        reply = CommandStopped(stop.correlation_id, command_id=stop.command_id, known=True)
        self.send(stop.reply_to, reply)

    def _publish(self, kind: str, data: dict[str, Any], seq: int | None = None) -> None:
        """Events go to the EventHub only when the caller asked for streaming."""
        spec = self.spec
        if spec is None or not spec.stream_output or self.events is None:
            return
        channels: tuple[str, ...] = (f"command:{spec.command_id}",)
        if spec.project_id:
            channels += (f"project:{spec.project_id}",)
        event = Event(
            kind=kind,
            data={"command_id": spec.command_id, **data},
            channels=channels,
            stream=spec.command_id,
            seq=seq,
        )
        self.send(self.events, event)
