"""Runs: the actors that own a process and their helpers.

ProcessOwner is the lifecycle both owners share: TaskActor (an execution of the CLI) and
AdhocCommandActor (a command from the web); CommandActor wraps the subprocess itself."""

from actors.runs.adhoc import AdhocCommandActor
from actors.runs.command import CommandActor
from actors.runs.owner import ProcessOwner
from actors.runs.recorder import OutputRecorder
from actors.runs.stream_json import StreamParser
from actors.runs.task import TaskActor

__all__ = [
    "AdhocCommandActor",
    "CommandActor",
    "OutputRecorder",
    "ProcessOwner",
    "StreamParser",
    "TaskActor",
]
