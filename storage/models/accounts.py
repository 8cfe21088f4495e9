"""Users and their refresh tokens."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField

from storage.models.base import BaseModel, JSONField, utcnow
from storage.roles import Role


class User(BaseModel):
    username = CharField(max_length=64, unique=True)
    email = CharField(max_length=254, null=True)
    full_name = CharField(max_length=200, null=True)
    avatar_url = CharField(max_length=500, null=True)
    password_hash = CharField(max_length=255)
    role = CharField(max_length=16, default=Role.DEVELOPER)
    is_active = BooleanField(default=True)
    preferences = JSONField(default=dict)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    last_login = DateTimeField(null=True)
    tokens_valid_after = DateTimeField(null=True)  # access tokens issued before are refused


class RefreshToken(BaseModel):
    """One issued refresh token (id = its jti); a family shares one login."""

    user = ForeignKeyField(User, backref="refresh_tokens", on_delete="CASCADE")
    user_id: str
    family_id = CharField(max_length=36, index=True)
    expires_at = DateTimeField()
    revoked_at = DateTimeField(null=True)
    replaced_by = CharField(max_length=36, null=True)
    created_at = DateTimeField(default=utcnow)
