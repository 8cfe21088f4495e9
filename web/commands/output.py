"""What a command writes to its standard output, when the line itself shows it.

`echo rm -rf / | bash` feeds bash a line the rules can read: echo and printf of literal words,
and cat of a here-document or here-string, print text known before anything runs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from tree_sitter import Node

from web.commands.redirects import Redirect, read
from web.commands.words import command_words, decode_escapes, word
from web.commands.wrappers import basename

_ECHO_OPTIONS = re.compile(r"^-[neE]+$")
_OUTPUT_REDIRECTS = frozenset({">", ">>", "&>", "&>>", ">|"})


def printed(node: Node, fed_text: str | None, redirects: Sequence[Redirect] = ()) -> str | None:
    """The text a statement prints, or None when only running it would tell."""
    if node.type == "redirected_statement":
        own, _ = read(node.children_by_field_name("redirect"))
        body = node.child_by_field_name("body")
        return printed(body, fed_text, [*own, *redirects]) if body is not None else None
    if node.type != "command":
        return None
    redirects = [*redirects, *read(node.children_by_field_name("redirect"))[0]]
    if any(r.op in _OUTPUT_REDIRECTS for r in redirects):
        return None
    fed_text = next((r.fed_text for r in reversed(redirects) if r.feed), fed_text)
    words = [word(n) for n in command_words(node)]
    if not words or not all(w.literal for w in words):
        return None
    program, args = basename(words[0].text), [w.text for w in words[1:]]
    if program == "echo":
        while args and _ECHO_OPTIONS.match(args[0]):
            args = args[1:]
        return " ".join(args) + "\n"
    if program == "printf" and args:
        return "\n".join(args[1:]) + "\n" if "%" in args[0] else decode_escapes(args[0])
    if program == "cat" and args in ([], ["-"]):
        return fed_text
    return None
