"""Names of the runtime's actors: the address type, the Supervisor's global name, class paths.

Actors are created by dotted class path so that the creator never imports the module of the
actor it starts (the new process does); the paths live here, once.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:

    class ActorAddress:
        """Where a message goes. Thespian's addresses are opaque, compared only with ==
        (neither hashable nor stable as text)."""

else:
    from thespian.actors import ActorAddress

SUPERVISOR_NAME = "supervisor"


class ActorClass(StrEnum):
    """The class path of every actor the runtime creates."""

    SUPERVISOR = "actors.supervisor.Supervisor"
    QUEUE = "actors.queues.queue.QueueActor"
    TASK = "actors.runs.task.TaskActor"
    ADHOC_COMMAND = "actors.runs.adhoc.AdhocCommandActor"
    COMMAND = "actors.runs.command.CommandActor"
    EVENT_HUB = "actors.live.hub.EventHub"
    SESSION_HOST = "actors.live.session_host.SessionHost"
    SESSION = "actors.live.session.SessionActor"
    SESSION_STORE = "actors.live.session_storage.SessionStore"
    WEBHOOKS = "actors.webhooks.actor.WebhookActor"


__all__ = ["SUPERVISOR_NAME", "ActorAddress", "ActorClass"]
