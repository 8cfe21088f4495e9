"""The safety rules: each looks at one call and reports a warning with a safer alternative.

A call is one program a command line would run (see `web.shell_parse.calls`): wrappers such as
sudo or env are peeled off, and code inside `bash -c`, `eval` or substitutions counts too.
'danger' findings make a command unsafe; 'caution' findings are shown but do not block.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from web.commands.environment import refusal
from web.commands.parse import EXECUTED, SHELLS, Call

DANGER, CAUTION = "danger", "caution"
_DEEP: tuple[str, ...] = ("/bin", "/boot", "/dev", "/etc", "/lib", "/lib32", "/lib64", "/libx32")
_DEEP += ("/proc", "/sbin", "/sys", "/usr", "/var", "/snap")
_SHALLOW = ("/home", "/mnt", "/media", "/opt", "/srv", "/run", "/root")
_WRITE_PROTECTED = ("/etc", "/boot", "/usr", "/bin", "/sbin", "/lib", "/lib64", "/sys", "/proc")
_BLOCK_DEVICE = re.compile(
    r"^/dev/(sd[a-z]|hd[a-z]|vd[a-z]|xvd[a-z]|nvme\d|mmcblk\d|loop\d|md\d|dm-\d|sr\d"
    r"|disk/|mapper/|k?mem$|port$)"
)
_HOME = re.compile(r"^(~[^/]*|\$HOME|\$\{HOME\})(/\.?\*?)?/?$")
_BARE_VARIABLE = re.compile(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?(/\.?\*?)?/?$")
_DOWNLOADERS = frozenset({"curl", "wget", "fetch", "aria2c", "http", "https", "lwp-request"})
_INTERPRETERS = SHELLS | {EXECUTED, "source", ".", "eval", "python", "python2", "python3"}
_INTERPRETERS |= {"perl", "ruby", "node", "php", "lua"}
_FORMATTERS = frozenset({"mkfs", "mke2fs", "mkswap", "wipefs", "fdisk", "sfdisk", "cfdisk"})
_FORMATTERS |= {"parted", "gdisk", "sgdisk", "blkdiscard"}
_POWER = frozenset({"shutdown", "reboot", "halt", "poweroff", "kexec"})
_POWER_VERBS = frozenset({"poweroff", "reboot", "halt", "kexec", "suspend", "hibernate"})
_PRIVILEGE = frozenset({"sudo", "su", "doas", "pkexec", "runuser"})
_WRITERS = frozenset({"tee", "touch", "truncate", "rm", "unlink", "rmdir", "mkdir", "chattr"})
_WRITERS |= {"chmod", "chown", "chgrp", "setfacl", "sed", "perl", "mv"}
_COPIERS = frozenset({"cp", "install", "ln", "rsync", "scp"})
_OUTPUT_REDIRECTS = frozenset({">", ">>", "&>", "&>>", ">|", "<>"})


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str
    message: str
    suggestion: str


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
    path = _absolute(word)
    if path.endswith("/*"):
        path = path[:-2] or "/"
    if path == "/":
        return "the root directory"
    return f"the system directory {path}" if system_path(path) else None


def system_path(path: str) -> bool:
    if any(path == d or path.startswith(d + "/") for d in _DEEP):
        return True
    return any(path == d or (path.startswith(d + "/") and path.count("/") == 2) for d in _SHALLOW)


def _absolute(path: str) -> str:
    """An absolute path without ., .. or repeated slashes (no symlinks are followed)."""
    return "/" + posixpath.normpath(path).lstrip("/")


def _operands(args: tuple[str, ...]) -> list[str]:
    if "--" in args:
        index = args.index("--")
        return [a for a in args[:index] if not a.startswith("-")] + list(args[index + 1 :])
    return [a for a in args if not a.startswith("-")]


def _has_flag(args: tuple[str, ...], letters: str, long: str) -> bool:
    for arg in args:
        if arg == "--":
            return False
        if arg == long or (re.fullmatch(r"-[A-Za-z]+", arg) and set(letters) & set(arg[1:])):
            return True
    return False


def _recursive_delete(call: Call) -> Iterator[Finding]:
    targets: list[str] = []
    if call.program == "rm" and _has_flag(call.args, "rR", "--recursive"):
        targets = _operands(call.args)
    elif call.program == "find" and ("-delete" in call.args):
        targets = [a for a in call.args if not a.startswith(("-", "(", "!"))][:1]
    for target in targets:
        reach = sweeping(target)
        if reach or "--no-preserve-root" in call.args:
            yield Finding(
                "recursive_delete",
                DANGER,
                f"This command is potentially destructive: it deletes {reach or '/'} recursively",
                "Delete a specific directory inside your project, e.g. 'rm -rf ./build', "
                "and run 'ls' on it first",
            )
        else:
            yield Finding(
                "recursive_delete",
                CAUTION,
                f"Deletes {target} recursively without asking",
                f"Check what will go with 'ls -R {target}' first, or use 'rm -rI'",
            )
    if call.program in ("rm", "unlink") and not targets:
        for target in _operands(call.args):
            if target.startswith("/") and system_path(_absolute(target)):
                yield Finding(
                    "system_delete",
                    DANGER,
                    f"Command attempts to delete system files ({target})",
                    "Only delete files inside your project directory",
                )


def _fork_bomb(call: Call) -> Iterator[Finding]:
    if call.function and call.program == call.function and (call.consumer or call.background):
        yield Finding(
            "fork_bomb",
            DANGER,
            f"Fork bomb: function {call.function!r} keeps starting copies of itself",
            "Remove the self-invoking function; for parallel work use 'xargs -P' or 'make -j'",
        )


def _disk_format(call: Call) -> Iterator[Finding]:
    if call.program in _FORMATTERS or call.program.startswith("mkfs."):
        yield Finding(
            "disk_format",
            DANGER,
            f"'{call.program}' formats or repartitions a disk",
            "Format disks from an administrator's console after checking the device with 'lsblk'",
        )


def _device_write(call: Call) -> Iterator[Finding]:
    devices = [t for op, t in call.redirects if op in _OUTPUT_REDIRECTS and _BLOCK_DEVICE.match(t)]
    if call.program == "dd":
        devices += [a[3:] for a in call.args if a.startswith("of=") and _BLOCK_DEVICE.match(a[3:])]
    operands = _operands(call.args)
    if call.program in ("tee", "shred"):
        devices += [a for a in operands if _BLOCK_DEVICE.match(a)]
    if call.program == "cp" and operands and _BLOCK_DEVICE.match(operands[-1]):
        devices.append(operands[-1])
    for device in dict.fromkeys(devices):
        yield Finding(
            "device_write",
            DANGER,
            f"Writes directly onto the block device {device}, destroying its filesystem",
            "Write to a regular file instead, e.g. 'dd if=... of=./disk.img'",
        )


def _recursive_permissions(call: Call) -> Iterator[Finding]:
    if call.program not in ("chmod", "chown", "chgrp"):
        return
    if _has_flag(call.args, "R", "--recursive"):
        for target in _operands(call.args)[1:]:
            reach = sweeping(target)
            if reach:
                yield Finding(
                    "recursive_permissions",
                    DANGER,
                    f"Changes ownership or permissions of {reach} recursively",
                    f"Limit '{call.program} -R' to your project's files, e.g. "
                    f"'{call.program} -R u+rwX ./dir'",
                )
    modes = _operands(call.args)[:1]
    if call.program == "chmod" and modes and _world_writable(modes[0]):
        yield Finding(
            "world_writable",
            CAUTION,
            "Makes files writable by every user of the host",
            "Grant only what is needed, e.g. 'chmod u+w' or 'chmod 755'",
        )


def _world_writable(mode: str) -> bool:
    if re.fullmatch(r"[0-7]{3,4}", mode):
        return bool(int(mode, 8) & 0o002)
    return bool(re.fullmatch(r"[ugo]*[ao][ugo]*\+[rwxXst]*w[rwxXst]*", mode))


def _download_into_shell(call: Call) -> Iterator[Finding]:
    if call.program in _DOWNLOADERS and call.consumer in _INTERPRETERS:
        yield Finding(
            "download_into_shell",
            DANGER,
            f"Runs code downloaded by {call.program} without any review (piped into "
            f"{call.consumer})",
            "Download to a file, read it and check its checksum, then run it: "
            "'curl -fsSLo install.sh URL && less install.sh'",
        )


def _protected_write(call: Call) -> Iterator[Finding]:
    paths = [t for op, t in call.redirects if op in _OUTPUT_REDIRECTS]
    operands = _operands(call.args)
    if call.program in _WRITERS and not (call.program in ("sed", "perl") and "-i" not in call.args):
        paths += operands
    elif call.program in _COPIERS and operands:
        paths.append(operands[-1])
    elif call.program == "dd":
        paths += [a[3:] for a in call.args if a.startswith("of=")]
    for path in dict.fromkeys(p for p in paths if p.startswith("/")):
        normal = _absolute(path)
        top = next((d for d in _WRITE_PROTECTED if normal == d or normal.startswith(d + "/")), None)
        if top is not None:
            yield Finding(
                "protected_write",
                DANGER,
                f"Modifies system files under {top} ({path})",
                "Keep configuration in your project (e.g. ./config) and ask an administrator "
                "to change system files",
            )


def _power(call: Call) -> Iterator[Finding]:
    verbs = set(_operands(call.args))
    if (
        call.program in _POWER
        or (call.program in ("systemctl", "loginctl") and verbs & _POWER_VERBS)
        or (call.program in ("init", "telinit") and verbs & {"0", "6"})
    ):
        yield Finding(
            "power",
            DANGER,
            "Shuts down or restarts the host, stopping every user's work",
            "Ask an administrator to schedule maintenance; to stop your own program, cancel it",
        )


def _privilege(call: Call) -> Iterator[Finding]:
    for name in dict.fromkeys((*call.wrappers, call.program)):
        if name in _PRIVILEGE:
            yield Finding(
                "privilege",
                DANGER,
                f"'{name}' runs commands with elevated privileges or as another user",
                f"Run it without '{name}': commands run as the server's user, "
                "which owns your project's files",
            )


def _environment(call: Call) -> Iterator[Finding]:
    assigned = [*call.assignments]
    if call.program in ("export", "declare", "typeset", "readonly"):
        assigned += [a for a in call.args if not a.startswith("-")]
    for assignment in assigned:
        name = assignment.split("=", 1)[0].split("[", 1)[0].rstrip("+")
        why = refusal(name)
        if why is not None:
            yield Finding(
                "environment",
                DANGER,
                f"Sets {name}, which {why}",
                f"Remove {name}; run the program with its defaults",
            )


def _kill_everything(call: Call) -> Iterator[Finding]:
    if (call.program == "kill" and "-1" in call.args[1:]) or call.program == "killall5":
        yield Finding(
            "kill_all",
            DANGER,
            "Signals every process the server's user runs, including this server",
            "Cancel the command from the web, or kill one process by its pid",
        )


def _git_history(call: Call) -> Iterator[Finding]:
    if call.program != "git" or not call.args:
        return
    verb, rest = call.args[0], call.args[1:]
    if verb == "push" and ("--force" in rest or _has_flag(rest, "f", "--force")):
        yield Finding(
            "git_force_push",
            CAUTION,
            "Overwrites the remote branch, possibly discarding others' commits",
            "Use 'git push --force-with-lease'",
        )
    if (verb == "reset" and "--hard" in rest) or (verb == "clean" and _has_flag(rest, "f", "")):
        yield Finding(
            "git_discard",
            CAUTION,
            "Discards uncommitted changes for good",
            "Run 'git status' and 'git stash' first",
        )


RULES: tuple[Callable[[Call], Iterator[Finding]], ...] = (
    _recursive_delete,
    _fork_bomb,
    _disk_format,
    _device_write,
    _recursive_permissions,
    _download_into_shell,
    _protected_write,
    _power,
    _privilege,
    _environment,
    _kill_everything,
    _git_history,
)
