"""Users: the caller's profile and preferences, and account management for admins."""

from __future__ import annotations

from storage.accounts import profiles, users
from storage.formats import utcnow
from storage.live.protocol import AccessChange
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
from web.http.calls import Call, NoBody
from web.http.pagination import split_list
from web.http.routing import Resource
from web.http.validation import required
from web.runtime import announce

api = Resource(tag="users")


@api.get("/api/users/profile")
def get_profile(call: Call) -> ProfileOut:
    """The caller's profile"""
    return ProfileOut.of(call.user)


@api.put("/api/users/profile")
async def update_profile(call: Call[ProfileUpdate]) -> ProfileOut:
    """Update the caller's profile

    email, full_name, avatar_url; a new password needs current_password and ends the caller's
    logins: refresh tokens revoked, access tokens issued before refused (401), sockets closed
    (4401) on every server process; log in again with the new password. Role and activity are
    set by admins only (422 here).
    """
    fields = call.body.sent()
    password, current = fields.pop("password", None), fields.pop("current_password", None)

    def update() -> ProfileOut:
        if password is not None:
            if current is None:
                raise required("current_password", "to change the password")
            users.change_own_password(call.user, current, password)
        return ProfileOut.of(users.update_account(call.user.id, fields))

    profile = await call.off_loop(update)
    if password is not None:
        await announce.access_changed(call.app, AccessChange.LOGINS_ENDED, user_id=call.user.id)
    return profile


@api.put("/api/users/preferences")
def update_preferences(call: Call[PreferencesUpdate]) -> PreferencesOut:
    """Update the caller's preferences

    Merged into the stored preferences (objects key by key); unknown keys are refused (422). The
    response shows every preference, defaults included.
    """
    preferences = profiles.set_preferences(call.user, call.body.sent())
    return PreferencesOut(preferences=preferences, updated_at=utcnow())


@api.get("/api/users/", permission=Permission.ADMIN)
def list_users(call: Call[NoBody, UserListQuery]) -> UserPage:
    """List accounts"""
    query = call.query
    where = users.UserFilter(split_list(query.role), query.is_active, query.search)
    page = users.list_users(where, query.page_request())
    return UserPage.of(call.request, page, UserOut.of)


@api.post("/api/users/", permission=Permission.ADMIN, status=201)
def create_user(call: Call[UserCreate]) -> UserOut:
    """Create an account

    409 RESOURCE_ALREADY_EXISTS when the username is taken.
    """
    return UserOut.of(users.create_user(**call.body.sent()))


@api.get("/api/users/{user_id}", permission=Permission.ADMIN)
def get_user(call: Call) -> UserOut:
    """An account"""
    return UserOut.of(users.get_user(call.path("user_id")))


@api.put("/api/users/{user_id}", permission=Permission.ADMIN)
async def update_user(call: Call[UserUpdate]) -> UserOut:
    """Change an account

    Role, activity, password, profile fields. Disabling an account or setting its password ends its
    logins: its refresh tokens are revoked, access tokens issued before are refused (401) and its
    sockets close (4401) on every server process; a disabled account gets 403
    AUTH_ACCOUNT_DISABLED. A new role re-checks the live subscriptions of its sockets. The last
    active admin cannot be demoted or disabled (409 RESOURCE_IN_USE). Accounts are disabled, never
    deleted, so their history keeps its authors.
    """
    changes = call.body.sent()

    def update() -> UserOut:
        return UserOut.of(users.update_account(call.path("user_id"), changes))

    user = await call.off_loop(update)
    if users.ends_logins(changes):
        await announce.access_changed(call.app, AccessChange.LOGINS_ENDED, user_id=user.id)
    elif "role" in changes:
        await announce.access_changed(call.app, AccessChange.ACCOUNT_ROLE, user_id=user.id)
    return user
