"""Users: the caller's profile and preferences, and account management for admins."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from aiohttp import web

from storage.accounts import profiles, users
from storage.formats import duration, iso, utcnow
from storage.models import User
from web.http.errors import ValidationFailed
from web.http.pagination import paging_fields, render_page, split_list
from web.http.routing import endpoint
from web.http.validation import Field, Schema
from web.keys import body_key, query_key, user_key

USERNAME = r"[A-Za-z0-9._-]{3,64}"
EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
PASSWORD = Field("password", min_length=8, max_length=1024)
PROFILE_FIELDS = (
    Field("email", pattern=EMAIL, max_length=254, nullable=True),
    Field("full_name", max_length=200, nullable=True),
    Field("avatar_url", pattern=r"https?://\S+", max_length=500, nullable=True),
)
PREFERENCES = Schema(
    Field("theme", choices=("light", "dark", "system")),
    Field("language", choices=("en", "fr", "de", "es", "it", "pt", "nl", "ja", "zh", "ko")),
    Field("timezone", max_length=64, description="an IANA time zone, e.g. Europe/Paris"),
    Field(
        "notifications",
        "object",
        schema=Schema(
            *(
                Field(name, "boolean")
                for name in ("email", "push", "task_updates", "project_updates")
            )
        ),
    ),
    Field(
        "dashboard_layout",
        "object",
        schema=Schema(
            Field("widgets", "array", items="string", max_length=20),
            Field("columns", "integer", minimum=1, maximum=6),
        ),
    ),
)
PROFILE_UPDATE = Schema(
    *PROFILE_FIELDS,
    PASSWORD,
    Field("current_password", max_length=1024, description="required with password"),
)
ROLE = Field("role", choices=users.ROLES)
USER_CREATE = Schema(
    Field("username", required=True, pattern=USERNAME),
    Field("password", required=True, min_length=8, max_length=1024),
    Field("role", required=True, choices=users.ROLES),
    *PROFILE_FIELDS,
)
USER_UPDATE = Schema(ROLE, Field("is_active", "boolean"), PASSWORD, *PROFILE_FIELDS)
USER_LIST = Schema(
    Field("role", description="comma-separated: " + ", ".join(users.ROLES)),
    Field("is_active", "boolean"),
    Field("search", max_length=200, description="substring of username, email or full name"),
    *paging_fields(tuple(users.SORTS), default_sort="username"),
)


def render_user(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "username": user.username,
        "email": user.email,
        "full_name": user.full_name,
        "avatar_url": user.avatar_url,
        "role": user.role,
        "permissions": list(users.permissions_of(user.role)),
        "is_active": user.is_active,
        "created_at": iso(user.created_at),
        "last_login": iso(user.last_login),
    }


def render_profile(user: User) -> dict[str, Any]:
    statistics = profiles.statistics_of(user)
    statistics["total_login_time"] = duration(statistics["total_login_time"])
    return {
        **render_user(user),
        "preferences": profiles.preferences_of(user),
        "statistics": statistics,
    }


async def _off_loop(call: Callable[..., Any], *args: Any) -> Any:
    """Run a call that may hash a password (scrypt, slow) in the default executor."""
    return await asyncio.get_running_loop().run_in_executor(None, call, *args)


@endpoint("GET", "/api/users/profile", "The caller's profile", tag="users")
async def get_profile(request: web.Request) -> Any:
    return render_profile(request[user_key])


@endpoint(
    "PUT",
    "/api/users/profile",
    "Update the caller's profile",
    tag="users",
    body=PROFILE_UPDATE,
    description="email, full_name, avatar_url; a new password needs current_password and ends "
    "the caller's other logins. Role and activity are set by admins only (422 here).",
)
async def update_profile(request: web.Request) -> Any:
    body = dict(request[body_key])
    user = request[user_key]
    password, current = body.pop("password", None), body.pop("current_password", None)
    if password is not None:
        if current is None:
            raise ValidationFailed(
                "current_password is required to change the password",
                {"field": "current_password", "issue": "Field is required"},
                code="VALIDATION_REQUIRED_FIELD",
            )
        await _off_loop(users.change_own_password, user, current, password)
    return render_profile(await _off_loop(users.update_account, user.id, body))


@endpoint(
    "PUT",
    "/api/users/preferences",
    "Update the caller's preferences",
    tag="users",
    body=PREFERENCES,
    description="Merged into the stored preferences (objects key by key); unknown keys are "
    "refused (422). The response shows every preference, defaults included.",
)
async def update_preferences(request: web.Request) -> Any:
    preferences = profiles.set_preferences(request[user_key], request[body_key])
    return {"preferences": preferences, "updated_at": iso(utcnow())}


@endpoint("GET", "/api/users/", "List accounts", tag="users", permission="admin", query=USER_LIST)
async def list_users(request: web.Request) -> Any:
    query = request[query_key]
    is_active = query.get("is_active")
    where = users.UserFilter(split_list(query.get("role")), is_active, query.get("search"))
    page = users.list_users(where, query["page"], query["page_size"], query["sort"], query["order"])
    return render_page(request, page, render_user)


@endpoint(
    "POST",
    "/api/users/",
    "Create an account",
    tag="users",
    permission="admin",
    body=USER_CREATE,
    status=201,
    description="409 RESOURCE_ALREADY_EXISTS when the username is taken.",
)
async def create_user(request: web.Request) -> Any:
    body = request[body_key]
    return render_user(await _off_loop(lambda: users.create_user(**body)))


@endpoint("GET", "/api/users/{user_id}", "An account", tag="users", permission="admin")
async def get_user(request: web.Request) -> Any:
    return render_user(users.get_user(request.match_info["user_id"]))


@endpoint(
    "PUT",
    "/api/users/{user_id}",
    "Change an account",
    tag="users",
    permission="admin",
    body=USER_UPDATE,
    description="Role, activity, password, profile fields. Disabling an account or setting "
    "its password ends its logins; a disabled account gets 403 AUTH_ACCOUNT_DISABLED. The "
    "last active admin cannot be demoted or disabled (409 RESOURCE_IN_USE). Accounts are "
    "disabled, never deleted, so their history keeps its authors.",
)
async def update_user(request: web.Request) -> Any:
    user_id = request.match_info["user_id"]
    return render_user(await _off_loop(users.update_account, user_id, request[body_key]))
