"""Refresh tokens: rotation on every use, and a replayed token revokes its whole family."""

from __future__ import annotations

import datetime as dt

from storage.database import locked, write_transaction
from storage.errors import TokenRevoked
from storage.models import RefreshToken, User, new_id, utcnow


def issue(
    user: User, ttl_seconds: int, family_id: str | None = None, token_id: str | None = None
) -> RefreshToken:
    return RefreshToken.create(
        id=token_id or new_id(),
        user=user,
        family_id=family_id or new_id(),
        expires_at=utcnow() + dt.timedelta(seconds=ttl_seconds),
    )


def rotate(token_id: str, ttl_seconds: int) -> RefreshToken:
    """Spend a refresh token and issue its successor; a second spend revokes the family.

    Spending is one conditional update: of two concurrent uses only the one whose update changed
    the row wins (on PostgreSQL the other waits for the row, then matches nothing); the loser is a
    replay like any later one.

    The account's row is share-locked first, so a password change or a disabling (which updates
    that row, then revokes every token in one transaction) either waits for this rotation and then
    revokes its successor too, or commits first and this rotation finds its token revoked.
    """
    with write_transaction():
        token = RefreshToken.get_or_none(RefreshToken.id == token_id)
        if token is None:
            raise TokenRevoked("Refresh token is not recognised")
        locked(User.select(User.id).where(User.id == token.user_id), shared=True).execute()
        if token.revoked_at is None and token.expires_at > utcnow():
            successor_id = new_id()
            spent = (
                RefreshToken.update(revoked_at=utcnow(), replaced_by=successor_id)
                .where((RefreshToken.id == token.id) & RefreshToken.revoked_at.is_null())
                .execute()
            )
            if spent == 1:
                return issue(token.user, ttl_seconds, token.family_id, successor_id)
            token = RefreshToken.get_by_id(token.id)  # spent or revoked concurrently: as it is now
    if token.revoked_at is not None and token.replaced_by is not None:
        revoke_family(token.family_id)
        raise TokenRevoked("Refresh token was already used: every token of this login is revoked")
    if token.revoked_at is not None:
        raise TokenRevoked("Refresh token was revoked")
    raise TokenRevoked("Refresh token has expired")


def revoke_family(family_id: str) -> None:
    RefreshToken.update(revoked_at=utcnow()).where(
        (RefreshToken.family_id == family_id) & RefreshToken.revoked_at.is_null()
    ).execute()


def revoke_user(user_id: str) -> None:
    """End every login of a user (disabled account, new password)."""
    RefreshToken.update(revoked_at=utcnow()).where(
        (RefreshToken.user == user_id) & RefreshToken.revoked_at.is_null()
    ).execute()


def family_of(token_id: str) -> str | None:
    token = RefreshToken.get_or_none(RefreshToken.id == token_id)
    return None if token is None else token.family_id


def is_live(token_id: str) -> bool:
    """Whether a login's token is neither spent, revoked nor expired (a page session's check:
    a new password, a disabled account or a sign-out revokes it)."""
    return (
        RefreshToken.select(RefreshToken.id)
        .where(
            (RefreshToken.id == token_id)
            & RefreshToken.revoked_at.is_null()
            & (RefreshToken.expires_at > utcnow())
        )
        .exists()
    )
