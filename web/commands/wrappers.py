"""Programs that run other programs: wrappers to peel off (sudo, env, xargs, ...) and the code
that a call runs as a command line of its own (`bash -c`, `eval`, `su -c`, `find -exec`, ...)."""

from __future__ import annotations

import posixpath
import re
import shlex
from collections.abc import Sequence
from dataclasses import dataclass

from web.commands.call import Call
from web.commands.interpreters import SHELLS
from web.commands.words import Word, split_words

ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
# wrapper → (options that take a value, positional arguments before the wrapped command)
_WRAPPERS: dict[str, tuple[frozenset[str], int]] = {
    "sudo": (frozenset({"-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-U", "-T"}), 0),
    "doas": (frozenset({"-u", "-C"}), 0),
    "pkexec": (frozenset({"--user"}), 0),
    "env": (frozenset({"-u", "-C", "--unset", "--chdir"}), 0),
    "nohup": (frozenset(), 0),
    "nice": (frozenset({"-n", "--adjustment"}), 0),
    "ionice": (frozenset({"-c", "-n", "-p", "--class", "--classdata"}), 0),
    "timeout": (frozenset({"-s", "-k", "--signal", "--kill-after"}), 1),
    "stdbuf": (frozenset({"-i", "-o", "-e"}), 0),
    "setsid": (frozenset(), 0),
    "exec": (frozenset({"-a"}), 0),
    "command": (frozenset(), 0),
    "builtin": (frozenset(), 0),
    "time": (frozenset({"-f", "-o"}), 0),
    "xargs": (frozenset({"-I", "-n", "-P", "-d", "-E", "-L", "-s", "-a"}), 0),
    "chroot": (frozenset(), 1),
    "flock": (frozenset({"-w", "-E"}), 1),
    "busybox": (frozenset(), 0),
    "strace": (frozenset({"-o", "-e", "-p", "-s", "-u", "-E"}), 0),
    "ltrace": (frozenset({"-o", "-e", "-p", "-s", "-u"}), 0),
    "unshare": (frozenset(), 0),
    "taskset": (frozenset(), 1),
    "chrt": (frozenset(), 1),
}
_SPLIT_STRING = ("-S", "--split-string")


@dataclass(frozen=True)
class Unwrapped:
    """A command's words with its wrappers peeled off."""

    program: Word | None
    args: tuple[Word, ...]
    wrappers: tuple[str, ...]
    assignments: tuple[str, ...]  # env's NAME=value words
    options: tuple[str, ...]  # the wrappers' own options


def unwrap(words: Sequence[Word]) -> Unwrapped:
    """The wrapped program and its arguments, the wrappers, and env's NAME=value words."""
    rest, wrappers, assignments, options = list(words), [], [], []
    while rest and basename(rest[0].text) in _WRAPPERS:
        name = basename(rest[0].text)
        valued, positional = _WRAPPERS[name]
        wrappers.append(name)
        index = 1
        while index < len(rest) and rest[index].text.startswith("-") and rest[index].text != "-":
            option = rest[index].text
            if name == "env" and option.startswith(_SPLIT_STRING):
                split = _split_string(rest, index)
                rest, index = split + rest[index + (1 if option not in _SPLIT_STRING else 2) :], 0
                break
            options.append(option)
            index += 2 if option in valued else 1
            if option == "--":
                break
        while name == "env" and index < len(rest) and ASSIGNMENT.match(rest[index].text):
            assignments.append(rest[index].text)
            index += 1
        rest = rest[index + positional :]
    program = rest[0] if rest else None
    return Unwrapped(program, tuple(rest[1:]), tuple(wrappers), tuple(assignments), tuple(options))


def _split_string(words: list[Word], index: int) -> list[Word]:
    """env -S 'a b c': one argument split into words, as env does."""
    option = words[index].text
    if option in _SPLIT_STRING:
        value = words[index + 1] if index + 1 < len(words) else Word("", True, "")
    else:
        text = option.split("=", 1)[1] if option.startswith("--") else option[2:]
        value = Word(text, words[index].literal, words[index].source)
    return [Word(part, value.literal, value.source) for part in split_words(value.text)]


def nested_code(call: Call) -> list[str]:
    """Code that the call runs as a command line of its own."""
    args = list(call.args)
    if call.program in SHELLS:
        for i, arg in enumerate(args):
            if re.fullmatch(r"-[a-zA-Z]*c[a-zA-Z]*", arg):
                rest = [a for a in args[i + 1 :] if not a.startswith("-")]
                return rest[:1]
    if call.program == "eval":
        return [" ".join(args)]
    if call.program == "watch":
        while args and args[0].startswith("-"):
            args = args[2:] if args[0] in ("-n", "--interval", "-q", "--equexit") else args[1:]
        return [" ".join(args)]
    if call.program in ("-c", "--command") and call.wrappers[-1:] == ("flock",):
        return args[:1]  # flock FILE -c CODE
    if call.program in ("su", "runuser", "script"):
        for i, arg in enumerate(args):
            if arg in ("-c", "--command") and i + 1 < len(args):
                return [args[i + 1]]
            if arg.startswith("--command="):
                return [arg.split("=", 1)[1]]
    if call.program == "trap" and len(args) >= 2 and args[0] not in ("-", "-p", "-l", "--"):
        return args[:1]
    if call.program == "find":
        return _find_exec(args)
    if call.program == "alias":  # expanded once `shopt -s expand_aliases` is on
        return [a.split("=", 1)[1] for a in args if "=" in a]
    if call.program == "coproc":  # coproc [NAME] command: tree-sitter-bash reads it as words
        words = args[1:] if len(args) > 1 and args[1] in ("{", "(") else args
        return [" ".join(shlex.quote(w) if w not in ("{", "(") else w for w in words)]
    return []


def _find_exec(args: list[str]) -> list[str]:
    found: list[str] = []
    current: list[str] | None = None
    for arg in args:
        if current is None and arg in ("-exec", "-execdir", "-ok", "-okdir"):
            current = []
        elif current is not None and arg in (";", "+"):
            found.append(" ".join(shlex.quote(w) for w in current))
            current = None
        elif current is not None:
            current.append(arg)
    if current:
        found.append(" ".join(shlex.quote(w) for w in current))
    return found


def basename(word: str) -> str:
    return posixpath.basename(word) if "/" in word.rstrip("/") else word
