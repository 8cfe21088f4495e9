"""Configuration: one frozen Settings object read from the environment."""

from config.errors import ConfigError
from config.settings import VERSION, Settings, load_settings
from config.startup import CONFIG_ERROR_EXIT, LOG_FORMAT, process_settings

__all__ = [
    "CONFIG_ERROR_EXIT",
    "LOG_FORMAT",
    "VERSION",
    "ConfigError",
    "Settings",
    "load_settings",
    "process_settings",
]
