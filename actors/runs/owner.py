"""ProcessOwner: the lifecycle shared by every actor that owns one process through a child
CommandActor (TaskActor for an execution, AdhocCommandActor for a command).

The skeleton, written once here: start the CommandActor with a RunCommand, remember the
process group it reports, store its output through an OutputRecorder, renew the owner's lease
in storage every third of its length, and end exactly once. When the runner dies
(ChildActorExited), a handler fails twice (PoisonMessage) or the actor is stopped from outside
(ActorExitRequest), the owner SIGKILLs the recorded group first, so no process outlives it.

Hooks (only process_started and output_received may still come after the end):
- `process_started(msg)`: record the pid and group the CommandActor reported.
- `output_received(pieces, stored)`: what was read, and what the recorder stored of it
  (numbered, within the output cap): publish it.
- `process_exited(msg)`: decide the final status from how the group ended, and `end` it.
- `process_lost(reason)`: the runner is gone and its group killed; record the failure.
- `interrupted()`: stopped from outside while the process ran (default: nothing more).
- `renew_lease()`: extend this owner's lease in storage.
- `topics()`: who may see this owner's events; none means publish nothing.
- `log_fields()`: what names the run on its log lines (execution_id, command_id, ...).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from actors.base import (
    Actor,
    ActorExitRequest,
    ChildActorExited,
    PoisonMessage,
    WakeupMessage,
)
from actors.messages import (
    CommandExited,
    CommandOutput,
    CommandStarted,
    Event,
    OutputPiece,
    RunCommand,
)
from actors.names import ActorAddress, ActorClass
from actors.orphans import StopExpected, expect_stop
from actors.processes import kill_recorded_group
from actors.runs.recorder import OutputRecorder, StoredChunk
from actors.sandbox import RunCgroup, SandboxPolicy
from storage.live.protocol import EventKind
from storage.runs.leases import renewal_period

log = logging.getLogger(__name__)
RUNNER_EXITED = "the command runner exited unexpectedly"
RUNNER_FAILED = "the command runner failed"


@dataclass(frozen=True)
class LeaseDue:
    """Wakeup payload: time to renew the owner's lease."""


@dataclass(frozen=True)
class ProcessGroup:
    """The group the CommandActor started and its leader's start marker (tells reuse apart)."""

    pgid: int
    marker: str


class ProcessOwner(Actor):
    """Base of the actors that own a process; subclasses implement the hooks above."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.supervisor: ActorAddress | None = None
        self.events: ActorAddress | None = None
        self.runner: ActorAddress | None = None
        self.recorder: OutputRecorder | None = None
        self.process: ProcessGroup | None = None
        self.sandbox: SandboxPolicy | None = None
        self.lease_seconds = 30.0
        self.ended = False

    # --- the skeleton -----------------------------------------------------------------

    def start_process(self, run: RunCommand, lease_seconds: float) -> None:
        """Have the CommandActor (pre-started, or made now) run `run`; renew the lease. The
        owner sets its `recorder` before this handler returns (output comes after)."""
        self.lease_seconds, self.sandbox = lease_seconds, run.sandbox
        if self.runner is None:
            self.runner = self.createActor(ActorClass.COMMAND)
        self.send(self.runner, run)
        self.wakeupAfter(renewal_period(lease_seconds), payload=LeaseDue())

    def receiveMsg_CommandStarted(self, msg: CommandStarted, sender: ActorAddress) -> None:
        self.process = ProcessGroup(msg.pgid, msg.process_started)
        log.info("run started, pid %s", msg.pid, extra={**self.log_fields(), "pid": msg.pid})
        self.process_started(msg)

    def receiveMsg_CommandOutput(self, msg: CommandOutput, sender: ActorAddress) -> None:
        if self.recorder is not None:
            self.output_received(msg.chunks, self.recorder.record(msg.chunks))

    def receiveMsg_CommandExited(self, msg: CommandExited, sender: ActorAddress) -> None:
        if not self.ended:
            fields = {"exit_code": msg.exit_code, "reason": msg.reason, "error": msg.error}
            log.info(
                "run exited (%s)",
                msg.reason or msg.exit_code,
                extra={**self.log_fields(), **fields},
            )
            self.process_exited(msg)
        if sender == self.runner:
            self.send(sender, ActorExitRequest())  # read: the runner may go (orphans.py)

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: ActorAddress) -> None:
        if msg.childAddress == self.runner and not self.ended:  # it reported no end
            log.warning(RUNNER_EXITED, extra=self.log_fields())
            self.kill_process_group()
            self.process_lost(RUNNER_EXITED)

    def receiveMsg_PoisonMessage(self, msg: PoisonMessage, sender: ActorAddress) -> None:
        if not self.ended:
            log.warning(RUNNER_FAILED, extra=self.log_fields())
            self.kill_process_group()
            self.process_lost(RUNNER_FAILED)

    def receiveMsg_WakeupMessage(self, msg: WakeupMessage, sender: ActorAddress) -> None:
        if isinstance(msg.payload, StopExpected):
            self.send(self.myAddress, ActorExitRequest())
        elif isinstance(msg.payload, LeaseDue) and not self.ended:
            self.renew_lease()
            self.wakeupAfter(renewal_period(self.lease_seconds), payload=LeaseDue())

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: ActorAddress) -> None:
        if not self.ended:  # stopped from outside (lease expired, shutdown): leave no process
            self.kill_process_group()
            self.interrupted()

    def kill_process_group(self) -> None:
        """SIGKILL the recorded group; sandboxed, also whatever is left in the run's cgroups
        (which the runner, gone, cannot remove)."""
        if self.process is not None:
            kill_recorded_group(self.process.pgid, self.process.marker)
        if self.sandbox is not None:
            RunCgroup.existing(self.sandbox.controllers, self.sandbox.cgroup_name).remove()

    def end(self) -> bool:
        """Mark the end; False if it had already ended (every end is recorded once)."""
        if self.ended:
            return False
        self.ended = True
        return True

    def leave(self, notice: object) -> None:
        """Tell the Supervisor this owner is done (notice); it stops us once it has read it."""
        if self.supervisor is not None:
            self.send(self.supervisor, notice)
            expect_stop(self)
        else:
            self.send(self.myAddress, ActorExitRequest())

    def publish(
        self,
        kind: EventKind,
        data: dict[str, Any],
        stream: str | None = None,
        seq: int | None = None,
    ) -> None:
        """One event to the EventHub, for the owner's topics."""
        topics = self.topics()
        if self.events is not None and topics:
            self.send(self.events, Event(kind, data, topics, stream, seq))

    # --- hooks ------------------------------------------------------------------------

    def process_started(self, msg: CommandStarted) -> None:
        raise NotImplementedError

    def output_received(self, pieces: tuple[OutputPiece, ...], stored: list[StoredChunk]) -> None:
        raise NotImplementedError

    def process_exited(self, msg: CommandExited) -> None:
        raise NotImplementedError

    def process_lost(self, reason: str) -> None:
        raise NotImplementedError

    def interrupted(self) -> None:
        """Stopped from outside while running; the group is already killed."""

    def renew_lease(self) -> None:
        raise NotImplementedError

    def topics(self) -> tuple[str, ...]:
        raise NotImplementedError

    def log_fields(self) -> dict[str, str]:
        raise NotImplementedError
