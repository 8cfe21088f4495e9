"""The syntax tree of a command line, read by tree-sitter-bash; a tree it cannot read is refused.

tree-sitter recovers from what it cannot parse by inserting ERROR and MISSING nodes; the safety
rules must not guess around them, so such a tree raises Unreadable. Whether a line is valid bash
is still decided by `bash -n` (web.commands.safety); this only decides whether it can be analysed.
"""

from __future__ import annotations

import functools

import tree_sitter_bash
from tree_sitter import Language, Node, Parser

MAX_TREE_DEPTH = 150  # nodes deep: far beyond real command lines, well inside Python's recursion
_CHAINS = frozenset({"list", "pipeline", "redirected_statement"})


class Unreadable(ValueError):
    """Raised when a command line (or code nested in it) cannot be analysed safely."""


@functools.cache
def _language() -> Language:
    return Language(tree_sitter_bash.language())


def parse(source: str) -> Node:
    """The root of source's syntax tree; raises Unreadable if it has errors or is too deep."""
    root = Parser(_language()).parse(source.encode()).root_node
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            raise Unreadable(f"it nests more than {MAX_TREE_DEPTH} levels deep")
        if node.is_error or node.is_missing:
            raise Unreadable(_describe(node, source))
        # `a && b && c` nests to the left; the walk flattens such chains, so they add no depth
        chained = node.type in _CHAINS
        stack.extend((c, depth + (not chained or c.type not in _CHAINS)) for c in node.children)
    return root


def _describe(node: Node, source: str) -> str:
    line, column = node.start_point.row + 1, node.start_point.column + 1
    where = f"line {line}, column {column}" if "\n" in source else f"column {column}"
    if node.is_missing:
        return f"{node.type!r} is missing at {where}"
    text = text_of(node)
    snippet = text if len(text) <= 40 else text[:37] + "..."
    return f"it cannot parse {snippet!r} at {where}"


def text_of(node: Node) -> str:
    """The source text of a node."""
    return (node.text or b"").decode(errors="replace")


def uncovered(node: Node) -> list[str]:
    """The text of a node that none of its children covers (a here-document's plain lines)."""
    data, base = node.text or b"", node.start_byte
    if not node.children:
        return [data.decode(errors="replace")] if node.type == "heredoc_body" else []
    gaps, position = [], 0
    for child in node.children:
        if child.start_byte - base > position:
            gaps.append(data[position : child.start_byte - base].decode(errors="replace"))
        position = max(position, child.end_byte - base)
    if position < len(data):
        gaps.append(data[position:].decode(errors="replace"))
    return gaps
