"""Safety analysis of a command line: bash's own syntax check plus the rules, over its calls.

`validate` is what the API serves and what execute enforces. `bash -n` judges the syntax; the
rules read the tree-sitter-bash syntax tree (web.commands.walk). The analysis errs on the side of
caution: a line it cannot read, or an odd construct, may be flagged although bash would run it
harmlessly.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass

from web.commands.findings import danger
from web.commands.rules import DANGER, RULES, Finding
from web.commands.syntax import Unreadable
from web.commands.walk import calls

SYNTAX_CHECK_SECONDS = 5.0


@dataclass(frozen=True)
class Verdict:
    """valid: execute accepts it as is (syntax ok, safe); safe: no 'danger' (None: not checked)."""

    valid: bool
    safe: bool | None
    syntax_error: str | None
    findings: tuple[Finding, ...]

    @property
    def warnings(self) -> list[str]:
        return list(dict.fromkeys(f.message for f in self.findings))

    @property
    def suggestions(self) -> list[str]:
        return list(dict.fromkeys(f.suggestion for f in self.findings))


async def validate(command: str, shell: str, check_safety: bool = True) -> Verdict:
    """Syntax (by `shell -n`) and, unless told not to, the safety rules."""
    if "\0" in command:
        return Verdict(False, False, "a command cannot contain NUL characters", ())
    if not check_safety:
        syntax_error = await syntax_check(command, shell)
        return Verdict(syntax_error is None, None, syntax_error, ())
    # the shell's check and the analysis (up to ~75 ms for a 16 KiB line) run side by side,
    # the analysis in a thread so the event loop keeps serving
    syntax_error, read = await asyncio.gather(
        syntax_check(command, shell), asyncio.to_thread(_read, command)
    )
    if isinstance(read, Unreadable):  # what cannot be read cannot be called safe
        if syntax_error is not None:
            return Verdict(False, False, syntax_error, ())
        read = (_unreadable(read),)
    findings = read
    safe = not any(f.severity == DANGER for f in findings)
    return Verdict(syntax_error is None and safe, safe, syntax_error, findings)


async def syntax_check(command: str, shell: str) -> str | None:
    """The shell's own complaint about the line (`-n` parses without running), or None."""
    process = await asyncio.create_subprocess_exec(
        shell,
        "-n",
        "-c",
        command,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"},
    )
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), SYNTAX_CHECK_SECONDS)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        return "the syntax check took too long"
    if process.returncode == 0:
        return None
    text = stderr.decode(errors="replace").strip()
    return re.sub(rf"^{re.escape(shell)}: (-c: )?", "", text) or "invalid shell syntax"


def analyze(command: str) -> tuple[Finding, ...]:
    """Every finding of every rule, once each; a line that cannot be read is one danger."""
    try:
        return _findings(command)
    except Unreadable as exc:
        return (_unreadable(exc),)


def _read(command: str) -> tuple[Finding, ...] | Unreadable:
    try:
        return _findings(command)
    except Unreadable as exc:
        return exc


def _findings(command: str) -> tuple[Finding, ...]:
    found: dict[tuple[str, str], Finding] = {}
    for call in calls(command):
        for rule in RULES:
            for finding in rule(call):
                found.setdefault((finding.rule, finding.message), finding)
    return tuple(found.values())


def _unreadable(exc: Unreadable) -> Finding:
    return danger(
        "unreadable",
        f"The safety check cannot read this command ({exc}), so it cannot call it safe",
        "Write it more plainly: one simple command per line, or a script file in your project",
    )
