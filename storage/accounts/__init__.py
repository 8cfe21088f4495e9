"""Accounts: users and roles, passwords, refresh tokens, profiles."""

from storage.accounts import passwords, profiles, refresh_tokens, users

__all__ = ["passwords", "profiles", "refresh_tokens", "users"]
