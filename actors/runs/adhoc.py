"""AdhocCommandActor: one command run from the web, from its claimed row to its recorded end."""

from __future__ import annotations

from typing import Any

from actors.messages import (
    AdhocCommandEnded,
    CancelCommand,
    CommandExited,
    CommandLaunched,
    CommandSpec,
    CommandStarted,
    CommandStopped,
    ExitReason,
    LaunchCommand,
    OutputPiece,
    RunCommand,
    StartCommand,
    StopCommand,
)
from actors.names import ActorAddress
from actors.runs.owner import ProcessOwner
from actors.runs.recorder import OutputRecorder, StoredChunk
from actors.sandbox import RunKind
from config import current_settings
from storage.database import open_database
from storage.formats import iso_ms
from storage.live.protocol import EventKind, TopicKind, topic
from storage.runs import commands
from storage.statuses import CommandStatus

ABANDONED = "the command was abandoned before it started"
INTERRUPTED = "interrupted by service shutdown"


def outcome(exited: CommandExited, timeout: int) -> tuple[CommandStatus, str | None]:
    """The final status and error message of a command from how its process group ended."""
    if exited.reason == ExitReason.TIMEOUT:
        return CommandStatus.TIMEOUT, f"timed out after {timeout} s"
    if exited.reason == ExitReason.CANCELLED:
        return CommandStatus.CANCELLED, "cancelled on request"
    if exited.reason in (ExitReason.SPAWN_FAILED, ExitReason.LIMIT_EXCEEDED):
        return CommandStatus.FAILED, exited.error
    if exited.exit_code == 0:
        return CommandStatus.COMPLETED, None
    if exited.exit_code is not None and exited.exit_code < 0:
        return CommandStatus.FAILED, f"killed by signal {-exited.exit_code}"
    return CommandStatus.FAILED, f"exited with code {exited.exit_code}"


class AdhocCommandActor(ProcessOwner):
    """Child of the Supervisor; runs bash -c through a CommandActor, stores and publishes output."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.spec: CommandSpec | None = None
        self.launch: StartCommand | None = None  # the web's request, answered once
        self.stops: list[StopCommand] = []

    def receiveMsg_LaunchCommand(self, msg: LaunchCommand, sender: ActorAddress) -> None:
        if self.spec is not None:
            return
        settings, spec = current_settings(), msg.request.spec
        open_database(settings.database_url)
        self.spec, self.launch = spec, msg.request
        self.supervisor, self.events = sender, msg.events
        lease_seconds = settings.execution_lease_seconds
        if not commands.claim(spec.command_id, lease_seconds):
            self._answer_launch(CommandStatus.FAILED, error=ABANDONED)
            self.end()
            self._leave()
            return
        cwd, home = spec.working_directory, dict(spec.environment).get("HOME")
        run = RunCommand(
            argv=(settings.command_shell, "-c", spec.command),
            cwd=cwd,
            env=spec.environment,
            timeout=spec.timeout,
            grace_period=settings.cancel_grace_period,
            sandbox=msg.sandbox.policy(settings, RunKind.COMMAND, cwd, home, spec.command_id),
        )
        self.recorder = OutputRecorder(spec.command_id, settings.max_command_output_bytes)
        self.start_process(run, lease_seconds)

    def receiveMsg_StopCommand(self, msg: StopCommand, sender: ActorAddress) -> None:
        if self.ended or self.runner is None:
            self._answer_stop(msg)
            return
        self.stops.append(msg)
        self.send(self.runner, CancelCommand())  # the CommandActor ignores repeats

    # --- ProcessOwner hooks -------------------------------------------------------------

    def process_started(self, msg: CommandStarted) -> None:
        if self.spec is not None:
            commands.record_started(self.spec.command_id, msg.pid, msg.pgid, msg.process_started)
            self._answer_launch(CommandStatus.RUNNING, pid=msg.pid)

    def output_received(self, pieces: tuple[OutputPiece, ...], stored: list[StoredChunk]) -> None:
        for chunk in stored:
            self._publish(
                EventKind.COMMAND_OUTPUT,
                {"stream": chunk.stream, "content": chunk.content, "timestamp": iso_ms(chunk.at)},
                seq=chunk.seq,
            )

    def process_exited(self, msg: CommandExited) -> None:
        if self.spec is not None:
            status, error = outcome(msg, self.spec.timeout)
            self._end(status, msg.exit_code, error)

    def process_lost(self, reason: str) -> None:
        self._end(CommandStatus.FAILED, None, reason)

    def interrupted(self) -> None:
        """The runtime stops (or we leave after the end): an active command is interrupted."""
        self._end(CommandStatus.FAILED, None, INTERRUPTED, leave=False)

    def renew_lease(self) -> None:
        if self.spec is not None:
            commands.renew_lease(self.spec.command_id, self.lease_seconds)

    def log_fields(self) -> dict[str, str]:
        return {} if self.spec is None else {"command_id": self.spec.command_id}

    def topics(self) -> tuple[str, ...]:
        """Events go to the EventHub only when the caller asked for streaming; never to the
        project's watchers (over REST another user's command is 404): the command's own
        output subscribers (its owner, admins) receive them."""
        spec = self.spec
        if spec is None or not spec.stream_output:
            return ()
        return (topic(TopicKind.COMMAND, spec.command_id),)

    # --- internals ----------------------------------------------------------------------

    def _end(
        self, status: CommandStatus, exit_code: int | None, error: str | None, leave: bool = True
    ) -> None:
        if self.spec is None or self.recorder is None or not self.end():
            return
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
        self._publish(EventKind.COMMAND_COMPLETED, {"status": status, "exit_code": exit_code})
        if leave:
            self._leave()

    def _leave(self) -> None:
        assert self.spec is not None
        self.leave(AdhocCommandEnded(self.spec.command_id))

    def _answer_launch(
        self, status: CommandStatus, pid: int | None = None, error: str | None = None
    ) -> None:
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

    def _publish(self, kind: EventKind, data: dict[str, Any], seq: int | None = None) -> None:
        assert self.spec is not None
        command_id = self.spec.command_id
        self.publish(kind, {"command_id": command_id, **data}, stream=command_id, seq=seq)
