"""Accounts: users and roles, passwords, refresh tokens, profiles."""
