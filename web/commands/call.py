"""A call: one program that a command line would run, as the safety rules see it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Feed(StrEnum):
    """Where a call's standard input (or, under xargs, its extra arguments) comes from."""

    NONE = "none"  # inherited: the command's own standard input
    PIPE = "pipe"
    HEREDOC = "here-document"
    HERESTRING = "here-string"
    FILE = "file"
    ARGUMENTS = "arguments"  # xargs turns its input into the call's arguments


@dataclass(frozen=True)
class Call:
    """A program the line would run: wrappers peeled off, words with their quotes removed."""

    program: str
    args: tuple[str, ...]
    wrappers: tuple[str, ...] = ()
    assignments: tuple[str, ...] = ()
    redirects: tuple[tuple[str, str], ...] = ()
    consumer: str | None = None  # the program its output goes to (pipe or substitution)
    background: bool = False
    function: str | None = None  # the shell function whose body runs it
    feed: Feed = Feed.NONE
    dynamic: str | None = None  # the program word as written, when it is not a literal word
