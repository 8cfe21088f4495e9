"""Configuration: one frozen Settings object read from the environment."""

from config.errors import ConfigError
from config.logs import LogFormat, logging_config
from config.sandbox import SandboxMode, SandboxSettings
from config.settings import VERSION, Settings, current_settings, load_settings
from config.startup import CONFIG_ERROR_EXIT, process_settings

__all__ = [
    "CONFIG_ERROR_EXIT",
    "SandboxMode",
    "SandboxSettings",
    "VERSION",
    "ConfigError",
    "LogFormat",
    "Settings",
    "current_settings",
    "load_settings",
    "logging_config",
    "process_settings",
]
