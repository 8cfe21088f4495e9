"""Projects: records, who may reach them (access, members), clones and analytics.

`from storage import projects` gives the project records' functions."""

from storage.projects.access import get_project
from storage.projects.crud import (
    EDITABLE,
    SORTS,
    STATUSES,
    TASK_COUNTS,
    ProjectFilter,
    create_project,
    delete_project,
    detailed_statistics,
    list_projects,
    recent_activity,
    role_in,
    statistics,
    update_project,
)

__all__ = [
    "get_project",
    "STATUSES",
    "SORTS",
    "TASK_COUNTS",
    "EDITABLE",
    "ProjectFilter",
    "create_project",
    "update_project",
    "delete_project",
    "list_projects",
    "statistics",
    "detailed_statistics",
    "recent_activity",
    "role_in",
]
