"""ClaimGate: a TaskActor's CLI may start before its execution is claimed, but nothing of the
run is recorded until the Supervisor says how the claim settled.

The Supervisor sends StartExecution, claims the execution in storage, then sends ClaimSettled:
the CLI starts while the claim's transaction runs, where it used to wait for it (a few
milliseconds of every start). Until ClaimSettled comes, each message that would record
something (the CommandActor's reports, the lease's wakeups, a runner's exit) is held, and
handled after it in the order it came. A claimed run then records what it would have; an
unclaimed one (its execution was cancelled meanwhile) is stopped and leaves no trace. When
ClaimSettled does not come within CLAIM_WAIT (the Supervisor died between the two), the run is
stopped as unclaimed: its execution is still queued, and the next Supervisor starts it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from actors.base import ActorExitRequest, WakeupMessage
from actors.messages import ClaimSettled, CommandStarted
from actors.names import ActorAddress
from actors.runs.owner import ProcessGroup, ProcessOwner

CLAIM_WAIT = dt.timedelta(seconds=10)


@dataclass(frozen=True)
class ClaimWaitOver:
    """Wakeup payload: ClaimSettled is overdue."""


class ClaimGate(ProcessOwner):
    """Holds what would record a run until its claim settles; subclasses implement claimed()."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.awaiting_claim = False
        self.claiming: str | None = None  # the execution whose claim it waits for
        self.held: list[tuple[object, ActorAddress]] = []
        self.settled_early: list[ClaimSettled] = []

    def await_claim(self, execution_id: str) -> None:
        """Hold what would record the run until its ClaimSettled; one that came first (a web
        process sent StartExecution to a lent runner while the Supervisor claimed) settles at
        once. A ClaimSettled of another execution never settles this one."""
        self.awaiting_claim, self.claiming = True, execution_id
        early = [msg for msg in self.settled_early if msg.execution_id == execution_id]
        if early:
            self._settle(early[0].claimed)
        else:
            self.wakeupAfter(CLAIM_WAIT, payload=ClaimWaitOver())

    def receiveMessage(self, message: object, sender: ActorAddress) -> object:
        if not self.awaiting_claim or isinstance(message, ClaimSettled):
            return super().receiveMessage(message, sender)
        if isinstance(message, WakeupMessage) and isinstance(message.payload, ClaimWaitOver):
            self._settle(claimed=False)
        elif isinstance(message, ActorExitRequest):  # stopped first: nothing is recorded
            self._settle(claimed=False, stopping=True)
            return super().receiveMessage(message, sender)
        else:
            if isinstance(message, CommandStarted):  # its group can be killed meanwhile
                self.process = ProcessGroup(message.pgid, message.process_started)
            self.held.append((message, sender))
        return None

    def receiveMsg_ClaimSettled(self, msg: ClaimSettled, sender: ActorAddress) -> None:
        if self.claiming is None:
            self.settled_early.append(msg)
        elif self.awaiting_claim and msg.execution_id == self.claiming:
            self._settle(msg.claimed)

    def _settle(self, claimed: bool, stopping: bool = False) -> None:
        self.awaiting_claim = False
        held, self.held = self.held, []
        if not claimed:
            self.ended = True  # nothing of this run is recorded
            self.kill_process_group()
            if self.runner is not None:  # its CLI, reported or not, goes with it
                self.send(self.runner, ActorExitRequest())
            if not stopping:
                self.send(self.myAddress, ActorExitRequest())
            return
        self.claimed()
        for message, sender in held:
            self.receiveMessage(message, sender)

    def claimed(self) -> None:
        """The execution is the run's: begin recording (and start what waited for it)."""
        raise NotImplementedError
