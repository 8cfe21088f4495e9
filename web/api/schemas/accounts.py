"""Accounts (API.md, Authentication and User Management): login, profiles, users, members."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import Field

from storage.accounts import profiles, users
from storage.models import ProjectMember, User
from storage.roles import Permission, ProjectRole, Role
from web.http.models import Body, DurationText, Nullable, Out, Timestamp, Uuid
from web.http.pagination import Page, Paging

USERNAME = r"^[A-Za-z0-9._-]{3,64}$"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
UserSort = Literal["username", "created_at", "last_login"]  # storage.accounts.users.SORTS
Language = Literal["en", "fr", "de", "es", "it", "pt", "nl", "ja", "zh", "ko"]
MemberRole = Literal[ProjectRole.VIEWER, ProjectRole.DEVELOPER, ProjectRole.MAINTAINER]
MEMBER_ROLES = (
    "viewer: read; developer: also write and execute; maintainer: also manage the project "
    "and its members"
)


class LoginRequest(Body):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


class Profile(Body):
    """The profile fields a user, or an admin for them, may set."""

    email: Nullable[str] = Field(None, pattern=EMAIL, max_length=254)
    full_name: Nullable[str] = Field(None, max_length=200)
    avatar_url: Nullable[str] = Field(None, pattern=r"^https?://\S+$", max_length=500)


class ProfileUpdate(Profile):
    password: str | None = Field(None, min_length=8, max_length=1024)
    current_password: str | None = Field(
        None, max_length=1024, description="required with password"
    )


class Notifications(Body):
    email: bool | None = None
    push: bool | None = None
    task_updates: bool | None = None
    project_updates: bool | None = None


class DashboardLayout(Body):
    widgets: list[Annotated[str, Field(max_length=100)]] | None = Field(None, max_length=20)
    columns: int | None = Field(None, ge=1, le=6)


class PreferencesUpdate(Body):
    theme: Literal["light", "dark", "system"] | None = None
    language: Language | None = None
    timezone: str | None = Field(
        None, max_length=64, description="an IANA time zone, e.g. Europe/Paris"
    )
    notifications: Notifications | None = None
    dashboard_layout: DashboardLayout | None = None


class UserCreate(Profile):
    username: str = Field(max_length=64, pattern=USERNAME)
    password: str = Field(min_length=8, max_length=1024)
    role: Role


class UserUpdate(Profile):
    role: Role | None = None
    is_active: bool | None = None
    password: str | None = Field(None, min_length=8, max_length=1024)


class UserListQuery(Paging):
    role: str | None = Field(None, description="comma-separated: " + ", ".join(Role))
    is_active: bool | None = None
    search: str | None = Field(
        None, max_length=200, description="substring of username, email or full name"
    )
    sort: UserSort = "username"


class MemberAdd(Body):
    user_id: Uuid | None = Field(None, description="the user to add; or give username")
    username: str | None = Field(None, min_length=1, max_length=64)
    role: MemberRole = Field(description=MEMBER_ROLES)


class MemberUpdate(Body):
    role: MemberRole = Field(description=MEMBER_ROLES)


class UserOut(Out):
    id: str
    username: str
    email: str | None
    full_name: str | None
    avatar_url: str | None
    role: Role
    permissions: list[Permission]
    is_active: bool
    created_at: Timestamp
    last_login: Timestamp | None

    @classmethod
    def of(cls, user: User) -> Self:
        return cls.read(user, permissions=users.permissions_of(user.role))


class NotificationsOut(Out):
    email: bool
    push: bool
    task_updates: bool
    project_updates: bool


class DashboardLayoutOut(Out):
    widgets: list[str]
    columns: int


class Preferences(Out):
    """Every preference, defaults included."""

    theme: str
    language: str
    timezone: str
    notifications: NotificationsOut
    dashboard_layout: DashboardLayoutOut


class ProfileStatistics(Out):
    tasks_created: int
    tasks_completed: int
    projects_created: int
    total_login_time: DurationText | None


class ProfileOut(UserOut):
    preferences: Preferences
    statistics: ProfileStatistics

    @classmethod
    def of(cls, user: User) -> Self:
        return cls.read(
            user,
            permissions=users.permissions_of(user.role),
            preferences=profiles.preferences_of(user),
            statistics=profiles.statistics_of(user),
        )


class PreferencesOut(Out):
    preferences: Preferences
    updated_at: Timestamp


class UserPage(Page[UserOut]):
    """A page of accounts."""


class TokenUser(Out):
    id: str
    username: str
    email: str | None
    role: Role


class TokenPair(Out):
    access_token: str
    refresh_token: str | None = Field(
        None, description="Left out when an access token was refreshed with an access token"
    )
    token_type: Literal["bearer"]
    expires_in: int
    user: TokenUser


class Person(Out):
    user_id: str = Field(validation_alias="id")
    username: str
    full_name: str | None


class MemberOut(Person):
    role: ProjectRole
    added_at: Timestamp

    @classmethod
    def of(cls, member: ProjectMember) -> Self:
        return cls.read(member.user, role=member.role, added_at=member.created_at)


class MemberList(Out):
    project_id: str
    owner: Person
    members: list[MemberOut]


class MemberRemoved(Out):
    message: str
    project_id: str
    user_id: str
