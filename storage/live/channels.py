"""Which live channels a user may watch, by the same access rules as the REST API.

Each authorised subscription names the fan-out topic events are routed by and the stream a
client resumes from: a project's task events ("project:<id>", also filtered per task) or an
output stream (an execution's or a command's chunks, "output:<id>"). A grant is checked when
it is asked for and again whenever access may have changed (SessionActor), by this one
function: a project must be readable and not archived (an archived project has no live
streams; REST still reads it), a task or an execution's output needs its project's read
right, a command's output its owner or an admin (storage.runs.commands, as over REST), the
notifications of the session's project that project's read right.
"""

from __future__ import annotations

from dataclasses import dataclass

from storage import tasks
from storage.error_codes import ErrorCode
from storage.errors import Conflict, NotFound
from storage.live import event_log
from storage.live.protocol import Channel, TopicKind, topic
from storage.models import Execution, Project, User
from storage.projects.access import get_project
from storage.runs import commands
from storage.statuses import ProjectStatus

ID_FIELDS: dict[str, str] = {  # the field naming the object of a channel
    Channel.PROJECT_UPDATES: "project_id",
    Channel.TASK_UPDATES: "task_id",
    Channel.COMMAND_OUTPUT: "command_id",
}


@dataclass(frozen=True)
class Grant:
    """An authorised subscription: route by key; resume from stream (last_seq: its head).

    project_id is the project the grant depends on (None: a command's output, performance).
    """

    channel: str
    object_id: str | None
    key: str
    stream: str | None = None
    project_id: str | None = None
    task_id: str | None = None
    last_seq: int | None = None


def authorise(user: User, channel: str, object_id: str | None, session_project: str) -> Grant:
    """The grant for channel on object_id; NotFound, PermissionDenied or Conflict
    (PROJECT_ARCHIVED) when not allowed."""
    if channel == Channel.PROJECT_UPDATES:
        project = _streaming(get_project(user, object_id or ""))
        return _task_stream(channel, project.id, None, topic(TopicKind.PROJECT, project.id))
    if channel == Channel.TASK_UPDATES:
        task = tasks.get_task(user, object_id or "")
        _streaming(task.project)
        return _task_stream(channel, task.project_id, task.id, topic(TopicKind.TASK, task.id))
    if channel == Channel.COMMAND_OUTPUT:
        stream_id, project_id = _output_stream(user, object_id or "")
        stream = topic(TopicKind.OUTPUT, stream_id)
        last_seq = event_log.last_output_seq(stream_id)
        return Grant(channel, stream_id, stream, stream, project_id, last_seq=last_seq)
    if channel == Channel.NOTIFICATIONS:
        project = _streaming(get_project(user, session_project))
        return Grant(channel, None, topic(TopicKind.NOTIFICATIONS, project.id), None, project.id)
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


def _output_stream(user: User, stream_id: str) -> tuple[str, str | None]:
    """An execution's output (its task readable; its project then) or a command's (REST's rule:
    its owner or an admin; no project). Anything else, or not allowed: NotFound."""
    execution = Execution.get_or_none(Execution.id == stream_id)
    if execution is not None:
        try:
            task = tasks.get_task(user, execution.task_id)
        except NotFound:
            raise NotFound("command", stream_id) from None  # what it is stays unrevealed
        return stream_id, _streaming(task.project).id
    return commands.get_command(user, stream_id).id, None


def _streaming(project: Project) -> Project:
    """The project, or Conflict (PROJECT_ARCHIVED) when it is archived: no live streams."""
    if project.status == ProjectStatus.ARCHIVED:
        raise Conflict(
            ErrorCode.PROJECT_ARCHIVED, "Project is archived: it has no live streams", id=project.id
        )
    return project
