"""Users: the caller's profile and preferences, and account management for admins."""

from __future__ import annotations

from storage.accounts import profiles, users
from storage.formats import utcnow
from storage.roles import Permission
from web.api.schemas.accounts import (
    PreferencesOut,
    PreferencesUpdate,
    ProfileOut,
    ProfileUpdate,
    UserCreate,
    UserListQuery,
    UserOut,
    UserPage,
    UserUpdate,
)
from web.http.pagination import split_list
from web.http.routing import Call, NoBody, Resource
from web.http.validation import required

api = Resource(tag="users")


@api.get("/api/users/profile", "The caller's profile")
def get_profile(call: Call) -> ProfileOut:
    return ProfileOut.of(call.user)


@api.put(
    "/api/users/profile",
    "Update the caller's profile",
    description="email, full_name, avatar_url; a new password needs current_password and ends "
    "the caller's other logins. Role and activity are set by admins only (422 here).",
)
def update_profile(call: Call[ProfileUpdate]) -> ProfileOut:
    fields = call.body.sent()
    password, current = fields.pop("password", None), fields.pop("current_password", None)
    if password is not None:
        if current is None:
            raise required("current_password", "to change the password")
        users.change_own_password(call.user, current, password)
    return ProfileOut.of(users.update_account(call.user.id, fields))


@api.put(
    "/api/users/preferences",
    "Update the caller's preferences",
    description="Merged into the stored preferences (objects key by key); unknown keys are "
    "refused (422). The response shows every preference, defaults included.",
)
def update_preferences(call: Call[PreferencesUpdate]) -> PreferencesOut:
    preferences = profiles.set_preferences(call.user, call.body.sent())
    return PreferencesOut(preferences=preferences, updated_at=utcnow())


@api.get("/api/users/", "List accounts", permission=Permission.ADMIN)
def list_users(call: Call[NoBody, UserListQuery]) -> UserPage:
    query = call.query
    where = users.UserFilter(split_list(query.role), query.is_active, query.search)
    page = users.list_users(where, query.page_request())
    return UserPage.of(call.request, page, UserOut.of)


@api.post(
    "/api/users/",
    "Create an account",
    permission=Permission.ADMIN,
    status=201,
    description="409 RESOURCE_ALREADY_EXISTS when the username is taken.",
)
def create_user(call: Call[UserCreate]) -> UserOut:
    return UserOut.of(users.create_user(**call.body.sent()))


@api.get("/api/users/{user_id}", "An account", permission=Permission.ADMIN)
def get_user(call: Call) -> UserOut:
    return UserOut.of(users.get_user(call.path("user_id")))


@api.put(
    "/api/users/{user_id}",
    "Change an account",
    permission=Permission.ADMIN,
    description="Role, activity, password, profile fields. Disabling an account or setting "
    "its password ends its logins; a disabled account gets 403 AUTH_ACCOUNT_DISABLED. The "
    "last active admin cannot be demoted or disabled (409 RESOURCE_IN_USE). Accounts are "
    "disabled, never deleted, so their history keeps its authors.",
)
def update_user(call: Call[UserUpdate]) -> UserOut:
    return UserOut.of(users.update_account(call.path("user_id"), call.body.sent()))
