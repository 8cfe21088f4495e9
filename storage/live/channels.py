"""Which live channels a user may watch, by the same access rules as the REST API.

Each authorised subscription names the fan-out topic events are routed by and the stream a
client resumes from: a project's task events ("project:<id>", also filtered per task) or an
output stream (an execution's or a command's chunks, "output:<id>").
"""

from __future__ import annotations

from dataclasses import dataclass

from storage import tasks
from storage.errors import NotFound
from storage.live import event_log
from storage.live.protocol import Channel, TopicKind, topic
from storage.models import Command, Execution, User
from storage.projects.access import can_see, get_project
from storage.roles import Role

ID_FIELDS = {
    Channel.PROJECT_UPDATES: "project_id",
    Channel.TASK_UPDATES: "task_id",
    Channel.COMMAND_OUTPUT: "command_id",
}


@dataclass(frozen=True)
class Grant:
    """An authorised subscription: route by key; resume from stream (last_seq: its head)."""

    channel: str
    object_id: str | None
    key: str
    stream: str | None = None
    project_id: str | None = None
    task_id: str | None = None
    last_seq: int | None = None


def authorise(user: User, channel: str, object_id: str | None, session_project: str) -> Grant:
    """The grant for channel on object_id; NotFound (or PermissionDenied) when not allowed."""
    if channel == Channel.PROJECT_UPDATES:
        project = get_project(user, object_id or "")
        return _task_stream(channel, project.id, None, topic(TopicKind.PROJECT, project.id))
    if channel == Channel.TASK_UPDATES:
        task = tasks.get_task(user, object_id or "")
        return _task_stream(channel, task.project_id, task.id, topic(TopicKind.TASK, task.id))
    if channel == Channel.COMMAND_OUTPUT:
        stream_id = _output_stream(user, object_id or "")
        stream = topic(TopicKind.OUTPUT, stream_id)
        last_seq = event_log.last_output_seq(stream_id)
        return Grant(channel, stream_id, stream, stream=stream, last_seq=last_seq)
    if channel == Channel.NOTIFICATIONS:
        return Grant(channel, None, topic(TopicKind.NOTIFICATIONS, session_project))
    return Grant(channel, None, Channel.PERFORMANCE)


def _task_stream(channel: str, project_id: str, task_id: str | None, key: str) -> Grant:
    return Grant(
        channel,
        task_id or project_id,
        key,
        stream=topic(TopicKind.PROJECT, project_id),
        project_id=project_id,
        task_id=task_id,
        last_seq=event_log.last_task_seq(project_id),
    )


def _output_stream(user: User, stream_id: str) -> str:
    """An execution's output (its task must be readable) or a command's (its own, or admin)."""
    execution = Execution.get_or_none(Execution.id == stream_id)
    if execution is not None:
        try:
            tasks.get_task(user, execution.task_id)
        except NotFound:
            raise NotFound("command", stream_id) from None  # what it is stays unrevealed
        return stream_id
    command = Command.get_or_none(Command.id == stream_id)
    if command is not None and (
        user.role == Role.ADMIN
        or command.user_id == user.id
        or (command.project_id is not None and can_see(user, command.project_id))
    ):
        return stream_id
    raise NotFound("command", stream_id)
