"""Configuration: one frozen Settings object read from the environment."""

from config.errors import ConfigError
from config.settings import VERSION, Settings, load_settings

__all__ = ["VERSION", "ConfigError", "Settings", "load_settings"]
