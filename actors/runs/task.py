"""TaskActor: one execution's lifecycle, from its claimed plan to its recorded end."""

from __future__ import annotations

import os

from actors.messages import (
    CancelCommand,
    CommandExited,
    CommandStarted,
    ExecutionEnded,
    ExitReason,
    OutputPiece,
    PrepareRun,
    RunCommand,
    RunnerStarted,
    StartExecution,
    StopExecution,
)
from actors.names import ActorAddress, ActorClass
from actors.processes import start_marker
from actors.runs.claim_gate import ClaimGate
from actors.runs.cli_flags import (
    CliSetupError,
    cli_argv,
    remove_run_files,
    resolve_add_dirs,
    write_run_file,
)
from actors.runs.recorder import OutputRecorder, StoredChunk
from actors.runs.stream_json import StreamParser
from actors.runs.transcript import TranscriptRecorder, messages
from actors.runs.worktrees import Git, IsolatedRun, WorktreeError, branch_name, project_root
from actors.sandbox import RunKind
from config import Settings, current_settings
from storage.cli import Isolation
from storage.database import open_database
from storage.error_codes import ErrorCode
from storage.formats import iso_ms
from storage.live.protocol import EventKind, TopicKind, topic
from storage.models import utcnow
from storage.runs import running, usage
from storage.runs.output import OutputStream
from storage.runs.running import ExecutionPlan
from storage.statuses import ExecutionStatus

TIMED_OUT = "Task execution timed out"
MCP_FILE = "mcp-config.json"


def _writes_before_start(plan: ExecutionPlan) -> bool:
    """Whether the run writes before its CLI starts (a worktree, an MCP file): it waits for its
    claim; any other CLI starts while the claim is written (actors.runs.claim_gate)."""
    return plan.cli.isolation == Isolation.WORKTREE or plan.cli.mcp_config is not None


class TaskActor(ClaimGate):
    """Runs the CLI for one execution through a CommandActor and records what happens."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.plan: ExecutionPlan | None = None
        self.settings: Settings | None = None
        self.parser = StreamParser()
        self.transcript: TranscriptRecorder | None = None
        self.isolated: IsolatedRun | None = None
        self.stop: StopExecution | None = None
        self.starting: StartExecution | None = None
        self.launched = False
        self.setup_failed: str | None = None

    def receiveMsg_PrepareRun(self, msg: PrepareRun, sender: ActorAddress) -> None:
        """Pre-started: everything an execution needs that is not the execution itself. Its
        sender is the Supervisor, which the sender of a start need not be (a web process
        starts on a lent runner: actors/supervisor/permits.py)."""
        self.supervisor = sender
        if self.settings is None:
            self._settings()
            self.runner = self.createActor(ActorClass.COMMAND)
            self.send(self.runner, msg)

    def receiveMsg_StartExecution(self, msg: StartExecution, sender: ActorAddress) -> None:
        if self.plan is not None:
            return
        self._settings()
        self.plan, self.events = msg.plan, msg.events
        self.supervisor = self.supervisor or sender
        self.starting = msg
        if not _writes_before_start(msg.plan):
            self._launch(msg)  # the CLI starts while the Supervisor writes the claim
        self.await_claim(msg.plan.execution_id)

    def claimed(self) -> None:
        assert self.starting is not None
        settings = self._settings()
        if not self.launched:
            self._launch(self.starting)
        self._started(settings)
        if self.setup_failed is not None:
            self._report_runner()
            self._end(
                ExecutionStatus.FAILED, None, ErrorCode.TASK_EXECUTION_FAILED, self.setup_failed
            )

    def _launch(self, msg: StartExecution) -> None:
        """Ask the CommandActor to run the CLI (the worktree or the MCP file first, which only
        a claimed run makes); a setup that fails is recorded once the run is claimed."""
        settings = self._settings()
        self.launched = True
        plan = msg.plan
        cwd = plan.working_directory
        try:
            if plan.cli.isolation == Isolation.WORKTREE:
                self.isolated = self._isolate(msg)
                cwd = self.isolated.worktree.path
            add_dirs = resolve_add_dirs(plan.working_directory, cwd, plan.cli.add_dirs)
        except (CliSetupError, WorktreeError) as exc:
            self.setup_failed = str(exc)
            return
        mcp = None
        if plan.cli.mcp_config is not None:
            mcp = str(
                write_run_file(settings.data_dir, plan.execution_id, MCP_FILE, plan.cli.mcp_config)
            )
        env = settings.cli_environment
        shown: tuple[str, ...] = (mcp,) if mcp else ()
        if self.isolated is not None:  # git inside the worktree reads the repository
            shown += (os.path.join(plan.working_directory, ".git"),)
        run = RunCommand(
            argv=cli_argv(settings.claude_cli, plan, add_dirs, mcp),
            cwd=cwd,
            env=(),
            timeout=plan.timeout,
            grace_period=settings.cancel_grace_period,
            cli_environment=True,
            stdin=plan.prompt,
            sandbox=msg.sandbox.policy(
                settings,
                RunKind.CLI,
                cwd,
                env.get("HOME"),
                plan.execution_id,
                plan.project_id,
                read_files=shown,
            ),
        )
        self.start_process(run, settings.execution_lease_seconds)

    def _started(self, settings: Settings) -> None:
        """The output's recorders and the running event."""
        assert self.plan is not None
        execution_id = self.plan.execution_id
        self.recorder = OutputRecorder(execution_id, settings.max_output_bytes)
        self.transcript = TranscriptRecorder(execution_id, settings.max_output_bytes)
        self._publish_update(ExecutionStatus.RUNNING, 0)

    def _report_runner(self) -> None:
        """Tell the Supervisor this process's pid once the CLI runs (or the run ended before
        it could start): only then does it fork the spare that replaces this one, so that
        fork does not compete with the CLI's start."""
        assert self.plan is not None and self.supervisor is not None
        pid = os.getpid()
        self.send(self.supervisor, RunnerStarted(self.plan.execution_id, pid, start_marker(pid)))

    def _settings(self) -> Settings:
        """This process's settings and database connection, made once."""
        if self.settings is None:
            self.settings = current_settings()
            open_database(self.settings.database_url).connect(reuse_if_open=True)
        return self.settings

    def _isolate(self, msg: StartExecution) -> IsolatedRun:
        """This run's worktree, made (and recorded) before the CLI starts."""
        assert self.settings is not None
        plan, settings = msg.plan, self.settings
        sandbox = msg.sandbox.policy(
            settings, RunKind.COMMAND, plan.working_directory, None, plan.execution_id
        )
        git = Git(plan.working_directory, project_root(settings.data_dir, plan.project_id), sandbox)
        isolated = IsolatedRun.start(
            git,
            plan.execution_id,
            branch_name(plan.task_id, plan.attempt),
            settings.worktree_retention_hours,
        )
        running.record_worktree(plan.execution_id, isolated.columns())
        return isolated

    def receiveMsg_StopExecution(self, msg: StopExecution, sender: ActorAddress) -> None:
        if self.ended or self.stop is not None:
            return
        self.stop = msg
        if self.runner is not None:
            self.send(self.runner, CancelCommand(msg.reason))

    # --- ProcessOwner hooks -------------------------------------------------------------

    def process_started(self, msg: CommandStarted) -> None:
        assert self.plan is not None
        self._report_runner()
        running.record_process(self.plan.execution_id, msg.pid, msg.pgid, msg.process_started)

    def output_received(self, pieces: tuple[OutputPiece, ...], stored: list[StoredChunk]) -> None:
        assert self.plan is not None
        changed = False
        for piece in pieces:
            if piece.stream == OutputStream.STDOUT:
                changed = self.parser.feed(piece.text) or changed
        self._record_transcript()
        for chunk in stored:
            self.publish(
                EventKind.COMMAND_OUTPUT,
                {
                    "task_id": self.plan.task_id,
                    "execution_id": self.plan.execution_id,
                    "stream": chunk.stream,
                    "content": chunk.content,
                    "timestamp": iso_ms(chunk.at),
                },
                stream=self.plan.execution_id,
                seq=chunk.seq,
            )
        if changed:
            state = self.parser.state
            running.record_progress(self.plan.execution_id, state.progress, state.session_id)
            self._publish_update(ExecutionStatus.RUNNING, state.progress)

    def process_exited(self, msg: CommandExited) -> None:
        self.parser.close()
        self._record_transcript()
        state = self.parser.state
        failed, code = ExecutionStatus.FAILED, msg.exit_code
        if self.stop is not None:
            cancelled = self.stop.status == ExecutionStatus.CANCELLED
            error = ErrorCode.TASK_CANCELLED if cancelled else ErrorCode.TASK_EXECUTION_FAILED
            self._end(self.stop.status, code, error, self.stop.reason)
        elif msg.reason == ExitReason.TIMEOUT:
            self._end(failed, code, ErrorCode.TASK_TIMEOUT, TIMED_OUT)
        elif msg.reason in (ExitReason.SPAWN_FAILED, ExitReason.LIMIT_EXCEEDED):
            self._end(failed, code, ErrorCode.TASK_EXECUTION_FAILED, msg.error)
        elif code == 0 and state.failure is None:
            self._end(ExecutionStatus.COMPLETED, 0)
        else:
            message = state.failure or f"the CLI exited with code {code}"
            self._end(failed, code, ErrorCode.TASK_EXECUTION_FAILED, message)

    def process_lost(self, reason: str) -> None:
        self._end(ExecutionStatus.FAILED, None, ErrorCode.TASK_EXECUTION_FAILED, reason)

    def interrupted(self) -> None:
        if self.plan is not None and self.settings is not None:
            remove_run_files(self.settings.data_dir, self.plan.execution_id)

    def renew_lease(self) -> None:
        assert self.plan is not None and self.settings is not None
        running.renew_lease(self.plan.execution_id, self.settings.execution_lease_seconds)

    def log_fields(self) -> dict[str, str]:
        if self.plan is None:
            return {}
        plan = self.plan
        return {
            "execution_id": plan.execution_id,
            "task_id": plan.task_id,
            "project_id": plan.project_id,
        }

    def topics(self) -> tuple[str, ...]:
        if self.plan is None:
            return ()
        return (
            topic(TopicKind.TASK, self.plan.task_id),
            topic(TopicKind.PROJECT, self.plan.project_id),
        )

    # --- internals ----------------------------------------------------------------------

    def _end(
        self,
        status: ExecutionStatus,
        exit_code: int | None,
        code: ErrorCode | None = None,
        message: str | None = None,
    ) -> None:
        if self.plan is None or not self.end():
            return
        assert self.recorder is not None and self.settings is not None
        remove_run_files(self.settings.data_dir, self.plan.execution_id)
        state = self.parser.state
        changes = (
            self.isolated.finish(
                f"claude: {(self.plan.prompt.splitlines() or [''])[0][:200]}\n\nexecution "
                f"{self.plan.execution_id}, attempt {self.plan.attempt}",
                self.settings.worktree_diff_max_bytes,
            )
            if self.isolated is not None
            else {}
        )
        requeued = running.finish(
            self.plan.execution_id,
            status,
            exit_code,
            code,
            message,
            self.settings.retry_backoff_seconds,
            result_text=state.result_text,
            cli_session_id=state.session_id,
            **usage.columns(state.init, state.result),
            **changes,
            output_bytes=self.recorder.bytes,
            output_truncated=self.recorder.truncated,
        )
        self.publish(
            EventKind.TASK_COMPLETED,
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
        self.leave(ExecutionEnded(self.plan.execution_id, status, requeued))

    def _record_transcript(self) -> None:
        """Store the messages of the events parsed since the last call and publish each."""
        assert self.plan is not None and self.transcript is not None
        parsed = [message for event in self.parser.events() for message in messages(event)]
        if not parsed:
            return
        at = utcnow()
        for seq, message in self.transcript.record(parsed, at):
            self.publish(
                EventKind.TRANSCRIPT_MESSAGE,
                {
                    "task_id": self.plan.task_id,
                    "execution_id": self.plan.execution_id,
                    "seq": seq,
                    "kind": message.kind,
                    "data": message.data,
                    "timestamp": iso_ms(at),
                },
                stream=self.plan.execution_id,
            )

    def _publish_update(self, status: ExecutionStatus, progress: int) -> None:
        assert self.plan is not None
        self.publish(
            EventKind.TASK_UPDATE,
            {
                "task_id": self.plan.task_id,
                "execution_id": self.plan.execution_id,
                "status": status,
                "progress_percentage": progress,
            },
        )
