"""Users: accounts, roles and the first administrator."""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from peewee import IntegrityError, ModelSelect

from storage.accounts import refresh_tokens
from storage.accounts.passwords import hash_password, verify_password
from storage.database import locked, write_transaction
from storage.error_codes import ErrorCode
from storage.errors import AccountDisabled, Conflict, Invalid, InvalidCredentials, NotFound
from storage.models import User, database, utcnow
from storage.pages import Page, PageRequest, paginate
from storage.prepared import Binds, Slot
from storage.roles import ROLE_PERMISSIONS, Permission, Role
from storage.search.filters import check_members

ROLES: tuple[Role, ...] = tuple(Role)  # kept for web/api/users.py
SORTS = {"username": User.username, "created_at": User.created_at, "last_login": User.last_login}
ACCOUNT_FIELDS = ("email", "full_name", "avatar_url", "role", "is_active")


def permissions_of(role: str) -> tuple[Permission, ...]:
    """What an account role allows; an unknown role allows nothing."""
    return ROLE_PERMISSIONS[Role(role)] if role in ROLES else ()


def create_user(
    username: str,
    password: str,
    role: str = Role.DEVELOPER,
    email: str | None = None,
    full_name: str | None = None,
    avatar_url: str | None = None,
) -> User:
    """A new account; a taken username is RESOURCE_ALREADY_EXISTS (409)."""
    password_hash = hash_password(password)
    try:
        with database.atomic():
            return User.create(
                username=username,
                password_hash=password_hash,
                role=role,
                email=email,
                full_name=full_name,
                avatar_url=avatar_url,
            )
    except IntegrityError:
        raise Conflict(
            ErrorCode.RESOURCE_ALREADY_EXISTS, "Username is taken", field="username"
        ) from None


@dataclass(frozen=True)
class UserFilter:
    roles: Sequence[str] = ()
    is_active: bool | None = None
    search: str | None = None


def list_users(where: UserFilter, paging: PageRequest) -> Page[User]:
    query = User.select()
    if where.roles:
        check_members("role", where.roles, ROLES)
        query = query.where(User.role.in_(list(where.roles)))
    if where.is_active is not None:
        query = query.where(User.is_active == where.is_active)
    if where.search:
        text = where.search.strip()
        query = query.where(
            User.username.contains(text) | User.email.contains(text) | User.full_name.contains(text)
        )
    return paginate(query, paging, SORTS)


def get_user(user_id: str) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound("user", user_id)
    return user


def ends_logins(changes: dict[str, Any]) -> bool:
    """Whether these account changes end the account's logins (a new password, disabling)."""
    return bool(changes.get("password")) or changes.get("is_active") is False


def update_account(user_id: str, changes: dict[str, Any], acting: User | None = None) -> User:
    """Change an account (admin); a new password or a disabled account ends its logins.

    Ending them revokes every refresh token and refuses access tokens issued before the change
    (`tokens_valid_after`).

    The last active admin can be neither demoted nor disabled (RESOURCE_IN_USE).
    """
    fields = {k: v for k, v in changes.items() if k in ACCOUNT_FIELDS}
    if changes.get("password"):
        fields["password_hash"] = hash_password(changes["password"])
    with write_transaction():
        # the row lock first, the moment after: a rotation holding the row's share lock has
        # committed by now, so tokens it dated are before tokens_valid_after
        locked(User.select(User.id).where(User.id == user_id)).execute()
        user = get_user(user_id)
        losing_admin = (
            user.role == Role.ADMIN
            and user.is_active
            and (fields.get("role", Role.ADMIN) != Role.ADMIN or fields.get("is_active") is False)
        )
        if losing_admin and _active_admins() <= 1:
            raise Conflict(
                ErrorCode.RESOURCE_IN_USE, "The last active admin cannot be demoted or disabled"
            )
        if ends_logins(changes):
            fields["tokens_valid_after"] = utcnow()
        if fields:
            User.update(updated_at=utcnow(), **fields).where(User.id == user.id).execute()
        if ends_logins(changes):
            refresh_tokens.revoke_user(user.id)
    return get_user(user_id)


def change_own_password(user: User, current: str, new: str) -> None:
    """The caller's own password, proven by the current one; other logins end."""
    if not verify_password(user.password_hash, current):
        raise Invalid("current_password", "does not match")
    update_account(user.id, {"password": new})


def _active_admins() -> int:
    return User.select().where((User.role == Role.ADMIN) & User.is_active).count()


def ensure_admin(username: str, password: str | None) -> str | None:
    """Create the first admin if no user exists; returns a generated password to print once.

    Of web processes starting together on an empty database one creates it (and prints)."""
    if User.select().exists():
        return None
    generated = None if password else secrets.token_urlsafe(18)
    try:
        create_user(username, password or generated or "", role=Role.ADMIN)
    except Conflict:
        return None  # another process created it a moment ago
    return generated


def authenticate(username: str, password: str) -> User:
    user = User.get_or_none(User.username == username)
    if user is None:
        verify_password(_dummy_hash(), password)
        raise InvalidCredentials("Invalid username or password")
    if not verify_password(user.password_hash, password):
        raise InvalidCredentials("Invalid username or password")
    if not user.is_active:
        raise AccountDisabled("Account is disabled")
    User.update(last_login=utcnow()).where(User.id == user.id).execute()
    return user


def get_active_user(user_id: str) -> User:
    """The account behind a request (every request looks it up: a prepared query, built
    once, its row made a model without peewee's result machinery: half the time)."""
    rows = Binds({"id": user_id}).run_dicts(("active user",), _user_by_id())
    if not rows:
        raise NotFound("user", user_id)
    user = User(**rows[0])
    if not user.is_active:
        raise AccountDisabled("Account is disabled")
    return user


@functools.cache
def _user_by_id() -> ModelSelect[User]:
    return User.select().where(User.id == Slot("id"))


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both failures cost the same time."""
    return hash_password(secrets.token_urlsafe(16))
