"""Supervisor: the root of the actor tree (global name 'supervisor'), split by concern.

root: boot, shutdown, liveness, bridges, sessions and the EventHub; queues: the QueueActors;
slots: the worker slots and the executions running in them; recovery: what a dead runtime
left behind; commands: the ad-hoc commands' owners.
"""

from actors.names import SUPERVISOR_NAME
from actors.supervisor.root import Supervisor

__all__ = ["SUPERVISOR_NAME", "Supervisor"]
