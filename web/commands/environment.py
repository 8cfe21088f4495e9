"""The environment of commands run from the web: a small clean base plus checked variables.

The server's own environment (database URL, JWT secret, API keys) never reaches a command; only
COMMAND_ENV_PASSTHROUGH does. Variables that change how programs load, how the shell starts, or
which programs tools run by themselves are refused: they would make a command do what its text
(the part `validate` sees) does not say.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from storage.error_codes import ErrorCode
from web.http.errors import ValidationFailed

DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin"
MAX_VARIABLES = 64
MAX_VALUE_CHARS = 32 * 1024
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_LOADER = "changes how programs are loaded or how the C library behaves"
_SHELL = "changes how the shell starts or parses commands"
_INTERPRETER = "makes an interpreter load extra code when it starts"
_TOOLS = "names a program that tools run on their own"
_CONFIG = "changes where programs read their configuration (which can run commands)"
_PREFIXES = {"LD_": _LOADER, "DYLD_": _LOADER, "MALLOC_": _LOADER, "GIT_CONFIG": _TOOLS}
_NAMES = {
    **dict.fromkeys(
        ("GCONV_PATH", "GLIBC_TUNABLES", "LOCPATH", "NLSPATH", "HOSTALIASES", "RESOLV_HOST_CONF"),
        _LOADER,
    ),
    **dict.fromkeys(
        (
            "BASH_ENV", "ENV", "IFS", "PS4", "PROMPT_COMMAND", "SHELLOPTS", "BASHOPTS",
            "GLOBIGNORE", "CDPATH", "EXECIGNORE", "BASH_XTRACEFD", "BASH_LOADABLES_PATH",
        ),
        _SHELL,
    ),
    **dict.fromkeys(
        (
            "PYTHONSTARTUP", "PYTHONPATH", "PYTHONHOME", "PYTHONINSPECT", "PYTHONUSERBASE",
            "PYTHONBREAKPOINT", "PYTHONWARNINGS", "PERL5OPT", "PERL5LIB", "PERLLIB", "PERL5DB",
            "RUBYOPT", "RUBYLIB", "NODE_OPTIONS", "NODE_PATH", "JAVA_TOOL_OPTIONS",
            "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "LUA_INIT", "PHPRC", "PHP_INI_SCAN_DIR",
        ),
        _INTERPRETER,
    ),
    **dict.fromkeys(
        (
            "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXEC_PATH", "GIT_PAGER", "GIT_EDITOR",
            "GIT_ASKPASS", "GIT_EXTERNAL_DIFF", "GIT_TEMPLATE_DIR", "SSH_ASKPASS",
            "SUDO_ASKPASS", "PAGER", "MANPAGER", "EDITOR", "VISUAL", "LESSOPEN", "LESSCLOSE",
            "BROWSER",
        ),
        _TOOLS,
    ),
    **dict.fromkeys(("HOME", "XDG_CONFIG_HOME"), _CONFIG),
}  # fmt: skip


def refusal(name: str) -> str | None:
    """Why a variable may not be set from the web, or None when it may."""
    upper = name.upper()
    if upper in _NAMES:
        return _NAMES[upper]
    return next((why for prefix, why in _PREFIXES.items() if upper.startswith(prefix)), None)


def command_environment(base: Mapping[str, str], requested: Mapping[str, Any]) -> dict[str, str]:
    """The exact environment of a command: base, then the requested variables once checked."""
    if len(requested) > MAX_VARIABLES:
        raise _invalid(f"at most {MAX_VARIABLES} variables may be set")
    environment = {"PATH": DEFAULT_PATH, **base}
    for name, value in requested.items():
        if not _NAME.match(name):
            raise _invalid(f"{name!r} is not a valid variable name", name)
        why = refusal(name)
        if why is not None:
            raise _invalid(f"{name} may not be set: it {why}", name)
        if not isinstance(value, str) or "\0" in value or len(value) > MAX_VALUE_CHARS:
            raise _invalid(
                f"{name} must be a string without NUL of at most {MAX_VALUE_CHARS} characters",
                name,
            )
        environment[name] = value
    return environment


def _invalid(issue: str, name: str | None = None) -> ValidationFailed:
    details = {"field": "environment", "issue": issue}
    if name is not None:
        details["variable"] = name
    return ValidationFailed(issue, details, code=ErrorCode.VALIDATION_INVALID_FORMAT)
