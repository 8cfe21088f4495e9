"""Users: accounts, roles and the first administrator."""

from __future__ import annotations

import functools
import secrets

from storage.errors import AccountDisabled, InvalidCredentials, NotFound
from storage.models import User, utcnow
from storage.passwords import hash_password, verify_password

ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "admin": ("read", "write", "execute", "admin"),
    "developer": ("read", "write", "execute"),
    "viewer": ("read",),
}


def permissions_of(role: str) -> tuple[str, ...]:
    return ROLE_PERMISSIONS.get(role, ())


def create_user(
    username: str,
    password: str,
    role: str = "developer",
    email: str | None = None,
    full_name: str | None = None,
) -> User:
    return User.create(
        username=username,
        password_hash=hash_password(password),
        role=role,
        email=email,
        full_name=full_name,
    )


def ensure_admin(username: str, password: str | None) -> str | None:
    """Create the first admin if no user exists; returns a generated password to print once."""
    if User.select().exists():
        return None
    generated = None if password else secrets.token_urlsafe(18)
    create_user(username, password or generated or "", role="admin")
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
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound("user", user_id)
    if not user.is_active:
        raise AccountDisabled("Account is disabled")
    return user


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so both failures cost the same time."""
    return hash_password(secrets.token_urlsafe(16))
