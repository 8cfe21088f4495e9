"""The Supervisor's ad-hoc commands: an AdhocCommandActor per command, found by its id."""

from __future__ import annotations

from actors.base import ActorExitRequest
from actors.messages import (
    AdhocCommandEnded,
    CommandLaunched,
    CommandStopped,
    LaunchCommand,
    StartCommand,
    StopCommand,
)
from actors.names import ActorAddress, ActorClass
from actors.processes import kill_recorded_group
from actors.supervisor.base import SupervisorBase
from storage.error_codes import ErrorCode
from storage.runs import commands
from storage.statuses import CommandStatus

NOT_NOW = "the runtime is starting or stopping"
NO_SANDBOX = (
    "this server runs without a sandbox: only administrators may run commands "
    "(the operator may set ALLOW_UNSANDBOXED=true)"
)
COMMAND_RUNNER_DIED = "the command runner exited unexpectedly"


class AdhocCommands(SupervisorBase):
    """Starts each written command's owner, forwards stops to it, and fails its row if the
    owner dies before recording an end."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.commands: dict[str, ActorAddress] = {}  # command id → its AdhocCommandActor

    def receiveMsg_StartCommand(self, msg: StartCommand, sender: ActorAddress) -> None:
        """A written command from the web: its own AdhocCommandActor runs it and answers."""
        command_id = msg.spec.command_id
        if self.settings is None or self.sandbox is None or self.stopping:
            self._refuse(msg, sender, NOT_NOW)
        elif not self.sandbox.allows(msg.spec.by_admin):
            self._refuse(msg, sender, NO_SANDBOX, ErrorCode.SANDBOX_UNAVAILABLE)
        elif command_id not in self.commands:
            actor = self.createActor(ActorClass.ADHOC_COMMAND)
            self.commands[command_id] = actor
            self.send(actor, LaunchCommand(request=msg, sandbox=self.sandbox, events=self.events))

    def _refuse(
        self, msg: StartCommand, sender: ActorAddress, why: str, code: ErrorCode | None = None
    ) -> None:
        reply = CommandLaunched(
            msg.correlation_id,
            command_id=msg.spec.command_id,
            status=CommandStatus.REFUSED,
            error=why,
            code=code,
        )
        self.send(msg.reply_to or sender, reply)

    def receiveMsg_StopCommand(self, msg: StopCommand, sender: ActorAddress) -> None:
        actor = self.commands.get(msg.command_id)
        if actor is None:
            reply = CommandStopped(msg.correlation_id, command_id=msg.command_id, known=False)
            self.send(msg.reply_to or sender, reply)
        else:
            self.send(actor, msg)

    def receiveMsg_AdhocCommandEnded(self, msg: AdhocCommandEnded, sender: ActorAddress) -> None:
        self.send(sender, ActorExitRequest())  # read: the owner may go (orphans.py)
        self.commands.pop(msg.command_id, None)

    def _command_owner_exited(self, address: ActorAddress) -> None:
        for command_id, actor in list(self.commands.items()):
            if actor == address:
                del self.commands[command_id]
                failed = commands.fail_active(COMMAND_RUNNER_DIED, [command_id])
                for pgid, marker in failed.groups:
                    kill_recorded_group(pgid, marker)
