"""How an interpreter finds the code it runs: inline (-c, -e), a script file, or a stream.

A stream is standard input (no script, `-`, /dev/stdin, `bash -s`) or another command's output
(/dev/fd/N, which is what a process substitution becomes). Code from a stream is code the
command line does not show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "rbash"})
SHELLS |= {"csh", "tcsh", "yash", "posh"}
EXECUTED = "sh"  # the consumer of output that the shell runs as a command
STREAM = re.compile(r"^(-|/dev/stdin|/dev/fd/\d+|/proc/(self|thread-self|\d+)/fd/\d+)$")
_CLUSTER = re.compile(r"^-[A-Za-z]+$")


class Source(StrEnum):
    INLINE = "inline"  # -c CODE, -e CODE, -m MODULE: the line shows it
    MISSING = "missing"  # -c with nothing after it: under xargs, the code is its input
    FILE = "file"
    STDIN = "stdin"
    STREAM = "stream"  # another command's output, e.g. bash <(curl ...)


@dataclass(frozen=True)
class _Options:
    inline: str  # short option letters whose value is the code (or module) itself
    long_inline: frozenset[str] = frozenset()
    valued: frozenset[str] = frozenset()  # options whose value is the next argument
    attached: str = ""  # short option letters whose value is the rest of their cluster
    stdin_letter: str = ""  # a short option that makes it read commands from standard input


_SHELL = _Options(
    "c", valued=frozenset({"-o", "+o", "-O", "+O", "--rcfile", "--init-file"}), stdin_letter="s"
)
_PYTHON = _Options("cm", valued=frozenset({"-W", "-X", "--check-hash-based-pycs"}), attached="WX")
_PERL = _Options("eE", valued=frozenset({"-I"}), attached="IMmixCd")
_RUBY = _Options("e", valued=frozenset({"-I", "-r", "-C", "-E"}), attached="IrCExF")
_NODE = _Options(
    "ep",
    long_inline=frozenset({"--eval", "--print"}),
    valued=frozenset({"-r", "--require", "--import", "--loader", "--input-type"}),
)
_PHP = _Options("r", valued=frozenset({"-d", "-c", "-z"}), attached="dcz")
_LUA = _Options("e", valued=frozenset({"-l"}), attached="l")
_FAMILIES: dict[str, _Options] = dict.fromkeys(SHELLS, _SHELL)
_FAMILIES |= dict.fromkeys(("python", "python2", "python3", "pypy", "pypy3"), _PYTHON)
_FAMILIES |= {"perl": _PERL, "ruby": _RUBY, "node": _NODE, "nodejs": _NODE, "php": _PHP}
_FAMILIES |= {"lua": _LUA, "luajit": _LUA}
_VERSIONED = re.compile(r"^(python|pypy|perl|ruby|php|lua)[0-9.]+$")
SOURCING = frozenset({"source", "."})


def interpreter(program: str) -> bool:
    """Whether program runs code given to it (its output piped into it, say)."""
    return _options(program) is not None or program in SOURCING | {EXECUTED, "eval"}


def code_source(program: str, args: tuple[str, ...]) -> Source | None:
    """Where an interpreter's code comes from, or None when program is no interpreter."""
    if program in SOURCING:
        return _script(args[:1])
    options = _options(program)
    if options is None:
        return None
    index = 0
    while index < len(args):
        arg = args[index]
        if arg == "--":
            return _script(args[index + 1 : index + 2])
        if arg == "-" or not arg.startswith(("-", "+")):
            return _script(args[index : index + 1])
        if arg in options.long_inline or _CLUSTER.match(arg) and _has(arg, options.inline, options):
            return Source.INLINE if index + 1 < len(args) else Source.MISSING
        if _CLUSTER.match(arg) and _has(arg, options.stdin_letter, options):
            return Source.STDIN
        index += 2 if arg in options.valued else 1
    return Source.STDIN


def runs_stdin_as_shell(program: str, args: tuple[str, ...]) -> bool:
    """Whether a shell (or source) runs what its standard input carries as shell code."""
    if program in SOURCING:
        return bool(args) and args[0] == "/dev/stdin"
    return program in SHELLS and code_source(program, args) == Source.STDIN


def _has(cluster: str, letters: str, options: _Options) -> bool:
    """Whether a short option cluster (-xec) holds one of letters before any attached value."""
    for letter in cluster[1:]:
        if letter in letters:
            return True
        if letter in options.attached:
            return False
    return False


def _script(operand: tuple[str, ...]) -> Source:
    if not operand or operand[0] in ("-", "/dev/stdin"):
        return Source.STDIN
    return Source.STREAM if STREAM.match(operand[0]) else Source.FILE


def _options(program: str) -> _Options | None:
    if program in _FAMILIES:
        return _FAMILIES[program]
    match = _VERSIONED.match(program)
    return _FAMILIES.get(match.group(1)) if match else None
