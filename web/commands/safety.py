"""Safety analysis of a command line: bash's own syntax check plus the rules of safety_rules.

`validate` is what the API serves and what execute enforces. The analysis errs on the side of
caution: a quoted operator or an odd construct may be flagged although bash would not run it.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import dataclass

from web.commands.lexer import ShellSyntaxError
from web.commands.parse import calls
from web.commands.rules import DANGER, RULES, Finding

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
    syntax_error = await syntax_check(command, shell)
    if not check_safety:
        return Verdict(syntax_error is None, None, syntax_error, ())
    try:
        findings = analyze(command)
    except ShellSyntaxError as exc:  # what cannot be read cannot be called safe
        return Verdict(False, False, syntax_error or str(exc), ())
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
    """Every finding of every rule, once each; raises ShellSyntaxError if it cannot be lexed."""
    found: dict[tuple[str, str], Finding] = {}
    for call in calls(command):
        for rule in RULES:
            for finding in rule(call):
                found.setdefault((finding.rule, finding.message), finding)
    return tuple(found.values())
