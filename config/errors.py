"""Errors of the configuration layer."""


class ConfigError(Exception):
    """Raised when an environment variable holds a value the server cannot start with."""
