"""TaskActor: one execution's lifecycle, from its claimed plan to its recorded end."""

from __future__ import annotations

import datetime as dt
import logging
import os
from typing import Any

from thespian.actors import (
    ActorExitRequest,
    ActorTypeDispatcher,
    ChildActorExited,
    PoisonMessage,
    WakeupMessage,
)

from actors.messages import (
    CancelCommand,
    CommandExited,
    CommandOutput,
    CommandStarted,
    Event,
    ExecutionEnded,
    RunCommand,
    RunnerStarted,
    StartExecution,
    StopExecution,
)
from actors.processes import kill_recorded_group
from actors.runs.recorder import OutputRecorder
from actors.runs.stream_json import StreamParser
from config import Settings
from storage.database import open_database
from storage.formats import iso_ms
from storage.models import utcnow
from storage.runs import executions
from storage.runs.executions import ExecutionPlan

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
        self.settings: Settings | None = None
        self.supervisor: Any = None
        self.events: Any = None
        self.command: Any = None
        self.process: tuple[int, str] | None = None
        self.parser = StreamParser()
        self.recorder: OutputRecorder | None = None
        self.stop: StopExecution | None = None
        self.ended = False

    def receiveMsg_StartExecution(self, msg: StartExecution, sender: Any) -> None:
        if self.plan is not None:
            return
        open_database(msg.settings.database_url)
        self.plan, self.settings, self.supervisor, self.events = (
            msg.plan,
            msg.settings,
            sender,
            msg.events,
        )
        self.recorder = OutputRecorder(msg.plan.execution_id, msg.settings.max_output_bytes)
        self.command = self.createActor("actors.runs.command.CommandActor")
        self.send(
            self.command,
            RunCommand(
                argv=cli_argv(msg.settings.claude_cli, msg.plan),
                cwd=msg.plan.working_directory,
                env=tuple(sorted(msg.settings.cli_environment.items())),
                timeout=msg.plan.timeout,
                grace_period=msg.settings.cancel_grace_period,
            ),
        )
        self.send(sender, RunnerStarted(msg.plan.execution_id, os.getpid()))
        self._publish_update("running", 0)
        self.wakeupAfter(self._lease_period(), payload=_LEASE)

    def receiveMsg_CommandStarted(self, msg: CommandStarted, sender: Any) -> None:
        assert self.plan is not None
        self.process = (msg.pgid, msg.process_started)
        executions.record_process(self.plan.execution_id, msg.pid, msg.pgid, msg.process_started)

    def receiveMsg_CommandOutput(self, msg: CommandOutput, sender: Any) -> None:
        assert self.plan is not None and self.recorder is not None
        changed = False
        for stream, text, _ in msg.chunks:
            if stream == "stdout":
                changed = self.parser.feed(text) or changed
        for chunk in self.recorder.record(msg.chunks):
            self._publish(
                "command_output",
                {
                    "task_id": self.plan.task_id,
                    "execution_id": self.plan.execution_id,
                    "stream": chunk.stream,
                    "content": chunk.content,
                    "timestamp": iso_ms(chunk.at),
                },
                stream_id=self.plan.execution_id,
                seq=chunk.seq,
            )
        if changed:
            state = self.parser.state
            executions.record_progress(self.plan.execution_id, state.progress, state.session_id)
            self._publish_update("running", state.progress)

    def receiveMsg_CommandExited(self, msg: CommandExited, sender: Any) -> None:
        self.parser.close()
        state = self.parser.state
        if self.stop is not None:
            self._end(
                self.stop.status,
                msg.exit_code,
                "TASK_CANCELLED" if self.stop.status == "cancelled" else "TASK_EXECUTION_FAILED",
                self.stop.reason,
            )
        elif msg.reason == "timeout":
            self._end("failed", msg.exit_code, "TASK_TIMEOUT", "Task execution timed out")
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

    def receiveMsg_StopExecution(self, msg: StopExecution, sender: Any) -> None:
        if self.ended or self.stop is not None:
            return
        self.stop = msg
        self.send(self.command, CancelCommand(msg.reason))

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: Any) -> None:
        if msg.childAddress == self.command and not self.ended:
            self._kill_process_group()
            self._end(
                "failed", None, "TASK_EXECUTION_FAILED", "the command runner exited unexpectedly"
            )

    def receiveMsg_PoisonMessage(self, msg: PoisonMessage, sender: Any) -> None:
        if not self.ended:
            self._kill_process_group()
            self._end("failed", None, "TASK_EXECUTION_FAILED", "the command runner failed")

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: Any) -> None:
        if msg.payload == _LEASE and self.plan is not None and not self.ended:
            assert self.settings is not None
            executions.renew_lease(self.plan.execution_id, self.settings.execution_lease_seconds)
            self.wakeupAfter(self._lease_period(), payload=_LEASE)

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: Any) -> None:
        if not self.ended:  # stopped from outside (lease expired, shutdown): leave no process
            self._kill_process_group()

    def _lease_period(self) -> dt.timedelta:
        assert self.settings is not None
        return dt.timedelta(seconds=self.settings.execution_lease_seconds / 3)

    def _kill_process_group(self) -> None:
        if self.process is not None:
            kill_recorded_group(*self.process)

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
        assert self.recorder is not None and self.settings is not None
        state = self.parser.state
        requeued = executions.finish(
            self.plan.execution_id,
            status,
            exit_code,
            code,
            message,
            self.settings.retry_backoff_seconds,
            result_text=state.result_text,
            cli_session_id=state.session_id,
            output_bytes=self.recorder.bytes,
            output_truncated=self.recorder.truncated,
        )
        self._publish(
            "task_completed",
            {
                "task_id": self.plan.task_id,
                "execution_id": self.plan.execution_id,
                "status": status,
                "exit_code": exit_code,
                "error": message,
                "completed_at": iso_ms(utcnow()),
                "retry_execution_id": requeued.execution_id if requeued else None,
            },
        )
        self.send(self.supervisor, ExecutionEnded(self.plan.execution_id, status, requeued))
        self.send(self.myAddress, ActorExitRequest())

    def _publish_update(self, status: str, progress: int) -> None:
        assert self.plan is not None
        self._publish(
            "task_update",
            {
                "task_id": self.plan.task_id,
                "execution_id": self.plan.execution_id,
                "status": status,
                "progress_percentage": progress,
            },
        )

    def _publish(
        self, kind: str, data: dict[str, Any], stream_id: str | None = None, seq: int | None = None
    ) -> None:
        if self.events is None or self.plan is None:
            return
        channels = (f"task:{self.plan.task_id}", f"project:{self.plan.project_id}")
        self.send(self.events, Event(kind, data, channels, stream_id, seq))
