"""Supervisor: owns the worker slots, starts TaskActors, and recovers state at boot."""

from __future__ import annotations

import logging
from typing import Any

from thespian.actors import ActorExitRequest, ActorTypeDispatcher, ChildActorExited

from actors.messages import (
    AdhocCommandEnded,
    Boot,
    Booted,
    CommandLaunched,
    CommandStopped,
    ExecutionEnded,
    ExecutionQueued,
    LaunchCommand,
    Ping,
    Pong,
    RegisterBridge,
    Shutdown,
    ShutdownComplete,
    StartCommand,
    StartExecution,
    StopCommand,
)
from config import Settings
from storage import executions
from storage.database import open_database

log = logging.getLogger(__name__)
SUPERVISOR_NAME = "supervisor"
INTERRUPTED = "interrupted by service disruption"


class Supervisor(ActorTypeDispatcher):
    """The root of the actor tree (global name 'supervisor')."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.settings: Settings | None = None
        self.running: dict[str, Any] = {}
        self.events: Any = None
        self.stopping = False
        self.commands: dict[str, Any] = {}  # ad-hoc command id → its AdhocCommandActor

    def receiveMsg_Boot(self, msg: Boot, sender: Any) -> None:
        if self.settings is None:
            self.settings = msg.settings
            open_database(msg.settings.database_url)
            self.events = self.createActor("actors.events.EventHub")
            self._recover()
            self._dispatch()
        self.send(sender, Booted(running=len(self.running), slots=self._slots()))

    def receiveMsg_ExecutionQueued(self, msg: ExecutionQueued, sender: Any) -> None:
        self._dispatch()

    def receiveMsg_ExecutionEnded(self, msg: ExecutionEnded, sender: Any) -> None:
        self.running.pop(msg.execution_id, None)
        self._dispatch()

    def receiveMsg_ChildActorExited(self, msg: ChildActorExited, sender: Any) -> None:
        if msg.childAddress == self.events and not self.stopping:
            self.events = self.createActor("actors.events.EventHub")
        for execution_id, address in list(self.running.items()):
            if address == msg.childAddress:
                del self.running[execution_id]
                executions.finish(
                    execution_id,
                    "failed",
                    None,
                    "TASK_EXECUTION_FAILED",
                    "the task runner exited unexpectedly",
                )
        self._dispatch()

    def receiveMsg_Ping(self, msg: Ping, sender: Any) -> None:
        pong = Pong(msg.correlation_id, self.settings is not None, len(self.running), self._slots())
        self.send(msg.reply_to or sender, pong)

    def receiveMsg_RegisterBridge(self, msg: RegisterBridge, sender: Any) -> None:
        if self.events is not None:
            self.send(self.events, RegisterBridge(address=sender))

    def receiveMsg_Shutdown(self, msg: Shutdown, sender: Any) -> None:
        """Start nothing more and record running executions as interrupted by the stop."""
        self.stopping = True
        ended = list(self.running)
        for execution_id in ended:
            executions.finish(
                execution_id,
                "failed",
                None,
                "TASK_EXECUTION_FAILED",
                f"interrupted by {msg.reason}",
            )
        self.running.clear()
        self.send(sender, ShutdownComplete(cancelled=len(ended)))

    def _slots(self) -> int:
        return self.settings.max_concurrent_tasks if self.settings else 0

    def _recover(self) -> None:
        """Executions left running by a previous runtime cannot be resumed: fail them."""
        for execution_id in executions.interrupted_executions():
            executions.finish(execution_id, "failed", None, "TASK_EXECUTION_FAILED", INTERRUPTED)

    def _dispatch(self) -> None:
        """Start the next queued executions while worker slots are free."""
        if self.settings is None or self.stopping:
            return
        free = self._slots() - len(self.running)
        if free <= 0:
            return
        for execution_id in executions.next_queued(free):
            plan = executions.claim(execution_id, self.settings.execution_lease_seconds)
            if plan is None:
                continue
            actor = self.createActor("actors.task.TaskActor")
            self.running[execution_id] = actor
            self.send(actor, StartExecution(plan=plan, settings=self.settings, events=self.events))

    def receiveMsg_StartCommand(self, msg: StartCommand, sender: Any) -> None:
        """A written command from the web: its own AdhocCommandActor runs it and answers."""
        command_id = msg.spec.command_id
        if self.settings is None or self.stopping:
            refusal = "the runtime is starting or stopping"
            reply = CommandLaunched(
                msg.correlation_id, command_id=command_id, status="refused", error=refusal
            )
            self.send(msg.reply_to or sender, reply)
        elif command_id not in self.commands:
            actor = self.createActor("actors.adhoc.AdhocCommandActor")
            self.commands[command_id] = actor
            self.send(actor, LaunchCommand(request=msg, settings=self.settings, events=self.events))

    def receiveMsg_StopCommand(self, msg: StopCommand, sender: Any) -> None:
        actor = self.commands.get(msg.command_id)
        if actor is None:
            reply = CommandStopped(msg.correlation_id, command_id=msg.command_id, known=False)
            self.send(msg.reply_to or sender, reply)
        else:
            self.send(actor, msg)

    def receiveMsg_AdhocCommandEnded(self, msg: AdhocCommandEnded, sender: Any) -> None:
        self.commands.pop(msg.command_id, None)

    def receiveMsg_ActorExitRequest(self, msg: ActorExitRequest, sender: Any) -> None:
        log.info("supervisor exiting with %d running executions", len(self.running))
