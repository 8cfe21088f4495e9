"""Shell command lines as calls: which program runs, with what, fed into what — nested code too.

`calls(source)` flattens a line into every program it would run: each simple command of each
list and pipeline, with wrappers (sudo, env, nohup, xargs, ...) peeled off, plus the code inside
`bash -c`, `eval`, `su -c`, `find -exec`, `watch`, and command or process substitutions.
"""

from __future__ import annotations

import posixpath
import re
import shlex
from dataclasses import dataclass, field

from web.commands.lexer import Token, tokenize

MAX_DEPTH = 4
SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash", "fish", "busybox"})
EXECUTED = "sh"  # the consumer of output that the shell runs as a command
REDIRECTS = frozenset({">", ">>", "&>", "&>>", ">|", "<", "<>", "<<<", ">&", "<&", "<<", "<<-"})
_RESERVED = frozenset(
    {"if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "time", "esac"}
)
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
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
}


@dataclass
class Simple:
    """One simple command as parsed, before wrappers are peeled off."""

    words: list[Token] = field(default_factory=list)
    assignments: list[Token] = field(default_factory=list)
    redirects: list[tuple[str, Token]] = field(default_factory=list)
    piped: bool = False
    background: bool = False
    function: str | None = None


@dataclass(frozen=True)
class Call:
    """A program the line would run, as the safety rules see it."""

    program: str
    args: tuple[str, ...]
    wrappers: tuple[str, ...] = ()
    assignments: tuple[str, ...] = ()
    redirects: tuple[tuple[str, str], ...] = ()
    consumer: str | None = None  # the program its output goes to (pipe or substitution)
    background: bool = False
    function: str | None = None  # the shell function whose body runs it


def parse(tokens: list[Token]) -> list[Simple]:
    """Simple commands in order; a piped one is followed by the command it feeds."""
    out: list[Simple] = []
    current = Simple()
    functions: list[tuple[str, int]] = []  # (name, brace depth of its body)
    pending: str | None = None
    depth = 0

    def finish(**flags: bool) -> Simple:
        for name, value in flags.items():
            setattr(current, name, value)
        if current.words or current.assignments or current.redirects:
            out.append(current)
        return Simple(function=functions[-1][0] if functions else None)

    i = 0
    while i < len(tokens):
        token = tokens[i]
        at_start = not (current.words or current.assignments)
        if token.operator and token.text in REDIRECTS:
            target = tokens[i + 1] if i + 1 < len(tokens) else Token("")
            if current.words and current.words[-1].text.isdigit():
                current.words.pop()  # "2>" names a file descriptor, not an argument
            current.redirects.append((token.text, target))
            i += 2
            continue
        if token.operator:
            if token.text == "(" and len(current.words) == 1 and _next_is(tokens, i, ")"):
                pending, current = current.words[0].text, Simple()
                i += 2
                continue
            current = finish(
                piped=token.text in ("|", "|&") or current.piped,
                background=token.text == "&" or current.background,
            )
        elif at_start and not token.quoted and token.text == "{":
            depth += 1
            if pending:
                functions.append((pending, depth))
                pending = None
            current.function = functions[-1][0] if functions else None
        elif at_start and not token.quoted and token.text == "}":
            if functions and functions[-1][1] == depth:
                functions.pop()
            depth -= 1
            current.function = functions[-1][0] if functions else None
        elif at_start and not token.quoted and token.text == "function" and i + 1 < len(tokens):
            pending = tokens[i + 1].text
            i += 2 + (2 if _next_is(tokens, i + 1, "(") else 0)
            continue
        elif at_start and not token.quoted and token.text in _RESERVED:
            pass
        elif not current.words and _ASSIGNMENT.match(token.text):
            current.assignments.append(token)
        else:
            current.words.append(token)
        i += 1
    finish()
    return out


def calls(source: str, consumer: str | None = None, depth: int = 0) -> list[Call]:
    """Every program the line would run; raises ShellSyntaxError when it cannot be tokenized."""
    if depth > MAX_DEPTH:
        return []
    simples = parse(tokenize(source))
    found: list[Call] = []
    for index, simple in enumerate(simples):
        words = [t.text for t in simple.words]
        program_at, wrappers, env_assignments = unwrap(words)
        program = _basename(words[program_at]) if program_at < len(words) else ""
        feeds = consumer
        if simple.piped and index + 1 < len(simples):
            following = [t.text for t in simples[index + 1].words]
            at, _, _ = unwrap(following)
            feeds = _basename(following[at]) if at < len(following) else None
        call = Call(
            program=program,
            args=tuple(words[program_at + 1 :]),
            wrappers=wrappers,
            assignments=tuple(t.text for t in simple.assignments) + env_assignments,
            redirects=tuple((op, target.text) for op, target in simple.redirects),
            consumer=feeds,
            background=simple.background,
            function=simple.function,
        )
        found.append(call)
        for position, token in enumerate(simple.words):
            into = EXECUTED if position == program_at else program
            for body in token.substitutions:
                found += calls(body, into, depth + 1)
        for token in [*simple.assignments, *(target for _, target in simple.redirects)]:
            for body in token.substitutions:
                found += calls(body, None, depth + 1)
        for code in nested_code(call):
            found += calls(code, None, depth + 1)
    return found


def unwrap(words: list[str]) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    """Index of the program word after wrappers, the wrappers, and env's NAME=value words."""
    index, wrappers, assignments = 0, [], []
    while index < len(words) and _basename(words[index]) in _WRAPPERS:
        name = _basename(words[index])
        valued, positional = _WRAPPERS[name]
        wrappers.append(name)
        index += 1
        while index < len(words) and words[index].startswith("-") and words[index] != "-":
            index += 2 if words[index] in valued else 1
            if words[index - 1] == "--":
                break
        while name == "env" and index < len(words) and _ASSIGNMENT.match(words[index]):
            assignments.append(words[index])
            index += 1
        index += positional
    return index, tuple(wrappers), tuple(assignments)


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
    if call.program in ("su", "runuser"):
        for i, arg in enumerate(args):
            if arg in ("-c", "--command") and i + 1 < len(args):
                return [args[i + 1]]
            if arg.startswith("--command="):
                return [arg.split("=", 1)[1]]
    if call.program == "find":
        return _find_exec(args)
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


def _next_is(tokens: list[Token], i: int, text: str) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].operator and tokens[i + 1].text == text


def _basename(word: str) -> str:
    return posixpath.basename(word) if "/" in word.rstrip("/") else word
