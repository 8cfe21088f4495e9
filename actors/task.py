"""TaskActor: one execution's lifecycle, from the claimed plan to its recorded end."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from thespian.actors import ActorExitRequest, ActorTypeDispatcher, ChildActorExited, WakeupMessage

from actors.messages import (
    CommandExited,
    CommandOutput,
    CommandStarted,
    ExecutionEnded,
    RunCommand,
    StartExecution,
)
from actors.output import OutputRecorder
from actors.stream import StreamParser
from storage import executions
from storage.database import open_database
from storage.executions import ExecutionPlan

log = logging.getLogger(__name__)
_LEASE = "lease"


def cli_argv(cli: tuple[str, ...], plan: ExecutionPlan) -> tuple[str, ...]:
    argv = (*cli, "-p", plan.prompt, "--output-format", "stream-json", "--verbose")
    if plan.resume_session_id:
        argv += ("--resume", plan.resume_session_id)
    return argv


class TaskActor(ActorTypeDispatcher):
    """Runs the CLI for one execution through a CommandActor and records what happens."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan: ExecutionPlan | None = None
        self.supervisor: Any = None
        self.command: Any = None
        self.parser = StreamParser()
        self.recorder: OutputRecorder | None = None
        self.lease_seconds = 30
        self.ended = False

    def receiveMsg_StartExecution(self, msg: StartExecution, sender: Any) -> None:
        if self.plan is not None:
            return
        settings = msg.settings
        open_database(settings.database_url)
        self.plan = msg.plan
        self.supervisor = sender
        self.lease_seconds = settings.execution_lease_seconds
        self.recorder = OutputRecorder(msg.plan.execution_id, settings.max_output_bytes)
        self.command = self.createActor("actors.command.CommandActor")
        self.send(
            self.command,
            RunCommand(
                argv=cli_argv(settings.claude_cli, msg.plan),
                cwd=msg.plan.working_directory,
                env=tuple(sorted(settings.cli_environment.items())),
                timeout=msg.plan.timeout,
                grace_period=settings.cancel_grace_period,
            ),
        )
        self.wakeupAfter(dt.timedelta(seconds=self.lease_seconds / 3), payload=_LEASE)

    def receiveMsg_CommandStarted(self, msg: CommandStarted, sender: Any) -> None:
        assert self.plan is not None
        executions.record_process(self.plan.execution_id, msg.pid, msg.pgid, msg.process_started)

    def receiveMsg_CommandOutput(self, msg: CommandOutput, sender: Any) -> None:
        assert self.plan is not None and self.recorder is not None
        changed = False
        for stream, text, _ in msg.chunks:
            if stream == "stdout":
                changed = self.parser.feed(text) or changed
        self.recorder.record(msg.chunks)
        if changed:
            state = self.parser.state
            executions.record_progress(self.plan.execution_id, state.progress, state.session_id)

    def receiveMsg_CommandExited(self, msg: CommandExited, sender: Any) -> None:
        self.parser.close()
        state = self.parser.state
        if msg.reason == "timeout":
            self._end("failed", msg.exit_code, "TASK_TIMEOUT", "Task execution timed out")
        elif msg.reason == "cancelled":
            self._end("cancelled", msg.exit_code, "TASK_CANCELLED", "Task was cancelled")
        elif msg.reason == "spawn_failed":
            self._end("failed", msg.exit_code, "TASK_EXECUTION_FAILED", msg.error)
        elif msg.exit_code == 0 and not state.is_error:
            self._end("completed", 0)
        else:
            detail = state.result_text if state.is_error else None
            self._end(
                "failed",
                msg.exit_code,
                "TASK_EXECUTION_FAILED",
                detail or f"the CLI exited with code {msg.exit_code}",
            )

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: Any) -> None:
        if msg.childAddress == self.command and not self.ended:
            self._end(
                "failed", None, "TASK_EXECUTION_FAILED", "the command runner exited unexpectedly"
            )

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: Any) -> None:
        if msg.payload == _LEASE and self.plan is not None and not self.ended:
            executions.renew_lease(self.plan.execution_id, self.lease_seconds)
            self.wakeupAfter(dt.timedelta(seconds=self.lease_seconds / 3), payload=_LEASE)

    def _end(
        self,
        status: str,
        exit_code: int | None,
        code: str | None = None,
        message: str | None = None,
    ) -> None:
        if self.ended or self.plan is None:
            return
        self.ended = True
        assert self.recorder is not None
        executions.finish(
            self.plan.execution_id,
            status,
            exit_code,
            error_code=code,
            error_message=message,
            result_text=self.parser.state.result_text,
            cli_session_id=self.parser.state.session_id,
            output_bytes=self.recorder.bytes,
            output_truncated=self.recorder.truncated,
        )
        self.send(self.supervisor, ExecutionEnded(self.plan.execution_id, status))
        self.send(self.myAddress, ActorExitRequest())
