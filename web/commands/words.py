"""Words as bash passes them on: quotes removed, escapes decoded, expansions kept as their source.

A word is literal when bash passes its text unchanged: no parameter, command, arithmetic or
process substitution, no brace expansion and no unquoted glob character. A command whose name is
not literal runs a program the line does not name.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from tree_sitter import Node

from web.commands.syntax import text_of

EXPANSIONS = frozenset(
    {"simple_expansion", "expansion", "command_substitution", "arithmetic_expansion"}
)
PROCESS_SUBSTITUTION_PATH = "/dev/fd/63"  # what bash passes in place of <( ) and >( )
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_IN_DOUBLE_QUOTES = re.compile(r"\\([$`\"\\\n])")
_GLOB = re.compile(r"[*?[]")
_ANSI_C = re.compile(r"\\(x[0-9A-Fa-f]{1,2}|u[0-9A-Fa-f]{1,4}|U[0-9A-Fa-f]{1,8}|[0-7]{1,3}|c.|.)")
_ANSI_C_SIMPLE = {"a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n"}
_ANSI_C_SIMPLE |= {"r": "\r", "t": "\t", "v": "\v", "\\": "\\", "'": "'", '"': '"', "?": "?"}


@dataclass(frozen=True)
class Word:
    """A word's text after quote removal, whether it is literal, and where it comes from."""

    text: str
    literal: bool
    source: str  # as written in the line
    node: Node | None = None  # None for words split out of another (env -S)


def word(node: Node) -> Word:
    text, literal = _read(node)
    return Word(text, literal, text_of(node), node)


def unescape(text: str) -> str:
    """An unquoted word's text: a backslash quotes the next character, backslash-newline joins."""
    return _ESCAPED.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), text)


def visible(text: str) -> str:
    """Text with every backslash-escaped character removed: what is left is what bash reads."""
    return _ESCAPED.sub("", text)


def _read(node: Node) -> tuple[str, bool]:
    kind, source = node.type, text_of(node)
    if kind == "word":
        return unescape(source), not _GLOB.search(visible(source))
    if kind == "raw_string":
        return source[1:-1], True
    if kind == "ansi_c_string":
        return decode_escapes(source[2:-1]), True
    if kind == "string":
        return _double_quoted(node)
    if kind in ("concatenation", "translated_string", "command_name"):
        parts = [_read(child) for child in node.children]
        return "".join(t for t, _ in parts), all(lit for _, lit in parts)
    if kind == "process_substitution":
        return PROCESS_SUBSTITUTION_PATH, False
    if kind in EXPANSIONS or kind == "brace_expression":
        return source, False
    return source, True


def _double_quoted(node: Node) -> tuple[str, bool]:
    """Inside "...": only $ ` " \\ and newline are escaped; expansions keep their source."""
    data = node.text or b""
    pieces: list[str] = []
    literal = True
    position = 1  # after the opening quote
    for child in node.children[1:-1]:
        start, end = child.start_byte - node.start_byte, child.end_byte - node.start_byte
        pieces.append(_unescape_quoted(data[position:start].decode(errors="replace")))
        if child.type == "string_content":
            pieces.append(_unescape_quoted(text_of(child)))
        else:
            pieces.append(text_of(child))
            literal = literal and child.type not in EXPANSIONS
        position = end
    closing = max(len(data) - 1, position)
    pieces.append(_unescape_quoted(data[position:closing].decode(errors="replace")))
    return "".join(pieces), literal


def _unescape_quoted(text: str) -> str:
    return _IN_DOUBLE_QUOTES.sub(lambda m: "" if m.group(1) == "\n" else m.group(1), text)


def _ansi_c_escape(match: re.Match[str]) -> str:
    code = match.group(1)
    try:
        if code[0] in "xuU":
            return chr(int(code[1:], 16))
        if code[0].isdigit():
            return chr(int(code, 8) & 0xFF)
    except (ValueError, OverflowError):
        return "\ufffd"
    if code[0] == "c" and len(code) == 2:
        return chr(ord(code[1]) & 0x1F)
    return _ANSI_C_SIMPLE.get(code, "\\" + code)


def command_words(node: Node) -> list[Node]:
    """The nodes of a `command`'s name and arguments, in order."""
    name = node.child_by_field_name("name")
    return ([name] if name is not None else []) + node.children_by_field_name("argument")


def decode_escapes(text: str) -> str:
    """Backslash escapes as $'...' and printf decode them (\\n, \\t, \\x41, \\101, ...)."""
    return _ANSI_C.sub(_ansi_c_escape, text)


def assignment(node: Node) -> str:
    """A variable_assignment as NAME=value (or NAME+=value) with the value's quotes removed."""
    name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    op = "+=" if any(c.type == "+=" for c in node.children) else "="
    return (text_of(name) if name is not None else "") + op + (word(value).text if value else "")


def split_words(text: str) -> list[str]:
    """Text split into words as xargs and env -S split it (quotes group, backslash escapes)."""
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()
