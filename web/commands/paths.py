"""What the safety rules read in a call's words: paths that reach too far, operands, flags."""

from __future__ import annotations

import posixpath
import re

_DEEP: tuple[str, ...] = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32")
_DEEP += ("/proc", "/sbin", "/sys", "/usr", "/var", "/snap")
_SHALLOW = ("/home", "/mnt", "/media", "/opt", "/srv", "/run", "/root")
WRITE_PROTECTED = ("/etc", "/boot", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/sys", "/proc")
BLOCK_DEVICE = re.compile(
    r"^/dev/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|loop\d|md\d|dm-\d|sr\d"
    r"|disk/|mapper/|k?mem$|port$)"
)
_HOME = re.compile(r"^(~[^/]*|\$HOME|\$\{HOME\})(/\.?\*?)?/?$")
_BARE_VARIABLE = re.compile(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?(/\.?\*?)?/?$")


def sweeping(word: str) -> str | None:
    """What a recursive operation on word would reach, when that is far too much."""
    if re.fullmatch(r"(\./)?\.?\*|\.|\./|(\.\./?)+\*?", word):
        return "everything in the current or a parent directory"
    if _HOME.match(word):
        return "a whole home directory"
    if _BARE_VARIABLE.match(word) and ":?" not in word:
        return f"{word.split('/')[0]} (if it is empty or unset, this means /)"
    if not word.startswith("/"):
        return None
    path = absolute(word)
    if path.endswith("/*"):
        path = path[:-2] or "/"
    if path == "/":
        return "the root directory"
    return f"the system directory {path}" if system_path(path) else None


def system_path(path: str) -> bool:
    if any(path == d or path.startswith(d + "/") for d in _DEEP):
        return True
    return any(path == d or (path.startswith(d + "/") and path.count("/") == 2) for d in _SHALLOW)


def absolute(path: str) -> str:
    """An absolute path without ., .. or repeated slashes (no symlinks are followed)."""
    return "/" + posixpath.normpath(path).lstrip("/")


def operands(args: tuple[str, ...]) -> list[str]:
    if "--" in args:
        index = args.index("--")
        return [a for a in args[:index] if not a.startswith("-")] + list(args[index + 1 :])
    return [a for a in args if not a.startswith("-")]


def has_flag(args: tuple[str, ...], letters: str, long: str) -> bool:
    for arg in args:
        if arg == "--":
            return False
        if arg == long or (re.fullmatch(r"-[A-Za-z]+", arg) and set(letters) & set(arg[1:])):
            return True
    return False
