"""The safety rules: each looks at one call and reports a warning with a safer alternative.

A call is one program a command line would run (see `web.commands.walk.calls`): wrappers such as
sudo or env are peeled off, and code inside `bash -c`, `eval` or substitutions counts too. Rules
about code the line does not show are in web.commands.code_rules.
'danger' findings make a command unsafe; 'caution' findings are shown but do not block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from web.commands.call import Call, Feed
from web.commands.code_rules import code_from_input, download_into_shell, dynamic_command
from web.commands.environment import refusal
from web.commands.findings import CAUTION, DANGER, Finding, caution, danger
from web.commands.paths import (
    BLOCK_DEVICE,
    WRITE_PROTECTED,
    absolute,
    has_flag,
    operands,
    sweeping,
    system_path,
)

__all__ = ["CAUTION", "DANGER", "RULES", "Finding"]

_FORMATTERS = frozenset({"mkfs", "mke2fs", "mkswap", "wipefs", "fdisk", "sfdisk", "cfdisk"})
_FORMATTERS |= {"parted", "gdisk", "sgdisk", "blkdiscard"}
_POWER = frozenset({"shutdown", "reboot", "halt", "poweroff", "kexec"})
_POWER_VERBS = frozenset({"poweroff", "reboot", "halt", "kexec", "suspend", "hibernate"})
_PRIVILEGE = frozenset({"sudo", "su", "doas", "pkexec", "runuser"})
_WRITERS = frozenset({"tee", "touch", "truncate", "rm", "unlink", "rmdir", "mkdir", "chattr"})
_WRITERS |= {"chmod", "chown", "chgrp", "setfacl", "sed", "perl", "mv"}
_COPIERS = frozenset({"cp", "install", "ln", "rsync", "scp"})
_OUTPUT_REDIRECTS = frozenset({">", ">>", "&>", "&>>", ">|", "<>"})


def _recursive_delete(call: Call) -> Iterator[Finding]:
    targets: list[str] = []
    if call.program == "rm" and has_flag(call.args, "rR", "--recursive"):
        targets = operands(call.args)
    elif call.program == "find" and ("-delete" in call.args):
        targets = [a for a in call.args if not a.startswith(("-", "(", "!"))][:1]
    for target in targets:
        reach = sweeping(target)
        if reach or "--no-preserve-root" in call.args:
            yield danger(
                "recursive_delete",
                f"This command is potentially destructive: it deletes {reach or '/'} recursively",
                "Delete a specific directory inside your project, e.g. 'rm -rf ./build', "
                "and run 'ls' on it first",
            )
        else:
            yield caution(
                "recursive_delete",
                f"Deletes {target} recursively without asking",
                f"Check what will go with 'ls -R {target}' first, or use 'rm -rI'",
            )
    fed = call.feed == Feed.ARGUMENTS and not operands(call.args)
    if call.program == "rm" and fed and has_flag(call.args, "rR", "--recursive"):
        yield caution(
            "recursive_delete",
            "Deletes recursively whatever names xargs reads from its input",
            "Print the names first (drop '| xargs rm ...') and delete specific ones",
        )
    if call.program in ("rm", "unlink") and not targets:
        for target in operands(call.args):
            if target.startswith("/") and system_path(absolute(target)):
                yield danger(
                    "system_delete",
                    f"Command attempts to delete system files ({target})",
                    "Only delete files inside your project directory",
                )


def _fork_bomb(call: Call) -> Iterator[Finding]:
    if call.function and call.program == call.function and (call.consumer or call.background):
        yield danger(
            "fork_bomb",
            f"Fork bomb: function {call.function!r} keeps starting copies of itself",
            "Remove the self-invoking function; for parallel work use 'xargs -P' or 'make -j'",
        )


def _disk_format(call: Call) -> Iterator[Finding]:
    if call.program in _FORMATTERS or call.program.startswith("mkfs."):
        yield danger(
            "disk_format",
            f"'{call.program}' formats or repartitions a disk",
            "Format disks from an administrator's console after checking the device with 'lsblk'",
        )


def _device_write(call: Call) -> Iterator[Finding]:
    devices = [t for op, t in call.redirects if op in _OUTPUT_REDIRECTS and BLOCK_DEVICE.match(t)]
    if call.program == "dd":
        devices += [a[3:] for a in call.args if a.startswith("of=") and BLOCK_DEVICE.match(a[3:])]
    given = operands(call.args)
    if call.program in ("tee", "shred"):
        devices += [a for a in given if BLOCK_DEVICE.match(a)]
    if call.program == "cp" and given and BLOCK_DEVICE.match(given[-1]):
        devices.append(given[-1])
    for device in dict.fromkeys(devices):
        yield danger(
            "device_write",
            f"Writes directly onto the block device {device}, destroying its filesystem",
            "Write to a regular file instead, e.g. 'dd if=... of=./disk.img'",
        )


def _recursive_permissions(call: Call) -> Iterator[Finding]:
    if call.program not in ("chmod", "chown", "chgrp"):
        return
    if has_flag(call.args, "R", "--recursive"):
        for target in operands(call.args)[1:]:
            reach = sweeping(target)
            if reach:
                yield danger(
                    "recursive_permissions",
                    f"Changes ownership or permissions of {reach} recursively",
                    f"Limit '{call.program} -R' to your project's files, e.g. "
                    f"'{call.program} -R u+rwX ./dir'",
                )
    modes = operands(call.args)[:1]
    if call.program == "chmod" and modes and _world_writable(modes[0]):
        yield caution(
            "world_writable",
            "Makes files writable by every user of the host",
            "Grant only what is needed, e.g. 'chmod u+w' or 'chmod 755'",
        )


def _world_writable(mode: str) -> bool:
    if re.fullmatch(r"[0-7]{3,4}", mode):
        return bool(int(mode, 8) & 0o002)
    return bool(re.fullmatch(r"[ugo]*[ao][ugo]*\+[rwxXst]*w[rwxXst]*", mode))


def _protected_write(call: Call) -> Iterator[Finding]:
    paths = [t for op, t in call.redirects if op in _OUTPUT_REDIRECTS]
    given = operands(call.args)
    if call.program in _WRITERS and not (call.program in ("sed", "perl") and "-i" not in call.args):
        paths += given
    elif call.program in _COPIERS and given:
        paths.append(given[-1])
    elif call.program == "dd":
        paths += [a[3:] for a in call.args if a.startswith("of=")]
    for path in dict.fromkeys(p for p in paths if p.startswith("/")):
        normal = absolute(path)
        top = next((d for d in WRITE_PROTECTED if normal == d or normal.startswith(d + "/")), None)
        if top is not None:
            yield danger(
                "protected_write",
                f"Modifies system files under {top} ({path})",
                "Keep configuration in your project (e.g. ./config) and ask an administrator "
                "to change system files",
            )


def _power(call: Call) -> Iterator[Finding]:
    verbs = set(operands(call.args))
    if (
        call.program in _POWER
        or (call.program in ("systemctl", "loginctl") and verbs & _POWER_VERBS)
        or (call.program in ("init", "telinit") and verbs & {"0", "6"})
    ):
        yield danger(
            "power",
            "Shuts down or restarts the host, stopping every user's work",
            "Ask an administrator to schedule maintenance; to stop your own program, cancel it",
        )


def _privilege(call: Call) -> Iterator[Finding]:
    for name in dict.fromkeys((*call.wrappers, call.program)):
        if name in _PRIVILEGE:
            yield danger(
                "privilege",
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
            yield danger(
                "environment",
                f"Sets {name}, which {why}",
                f"Remove {name}; run the program with its defaults",
            )


def _kill_everything(call: Call) -> Iterator[Finding]:
    if (call.program == "kill" and "-1" in call.args[1:]) or call.program == "killall5":
        yield danger(
            "kill_all",
            "Signals every process the server's user runs, including this server",
            "Cancel the command from the web, or kill one process by its pid",
        )


def _git_history(call: Call) -> Iterator[Finding]:
    if call.program != "git" or not call.args:
        return
    verb, rest = call.args[0], call.args[1:]
    if verb == "push" and ("--force" in rest or has_flag(rest, "f", "--force")):
        yield caution(
            "git_force_push",
            "Overwrites the remote branch, possibly discarding others' commits",
            "Use 'git push --force-with-lease'",
        )
    if (verb == "reset" and "--hard" in rest) or (verb == "clean" and has_flag(rest, "f", "")):
        yield caution(
            "git_discard",
            "Discards uncommitted changes for good",
            "Run 'git status' and 'git stash' first",
        )


RULES: tuple[Callable[[Call], Iterator[Finding]], ...] = (
    _recursive_delete,
    _fork_bomb,
    _disk_format,
    _device_write,
    _recursive_permissions,
    download_into_shell,
    code_from_input,
    dynamic_command,
    _protected_write,
    _power,
    _privilege,
    _environment,
    _kill_everything,
    _git_history,
)
