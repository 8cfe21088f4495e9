"""Tasks: records, history, tags, dependencies, lists and bulk operations.

`from storage import tasks` gives the task records' functions; the rest are submodules
(`storage.tasks.dependencies`, `storage.tasks.listing`, ...)."""

from storage.tasks.crud import (
    SETTABLE_STATUSES,
    TRACKED,
    Changes,
    check_room,
    create_task,
    delete_task,
    get_task,
    history,
    record,
    update_task,
)

__all__ = [
    "history",
    "record",
    "SETTABLE_STATUSES",
    "TRACKED",
    "Changes",
    "create_task",
    "get_task",
    "update_task",
    "delete_task",
    "check_room",
]
