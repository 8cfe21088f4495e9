"""Lists and pipelines as the flat chains bash runs, each redirection on its own statement.

tree-sitter-bash nests `a && b && c` to the left, and hangs a redirection written after the last
statement of a list or pipeline on the whole of it: `a | b > f` reads as `(a | b) > f`. These
flatten the chain without recursion and give each statement the redirections that are its own.
"""

from __future__ import annotations

from tree_sitter import Node

Item = tuple[Node, tuple[Node, ...]]  # a statement, and redirect nodes hung on its chain


def items(node: Node, extra: tuple[Node, ...] = ()) -> list[Item]:
    """The statements of a list (a && b || c)."""
    return _flatten(node, extra, "list")


def stages(node: Node, extra: tuple[Node, ...] = ()) -> list[Item]:
    """The stages of a pipeline (a | b |& c)."""
    return _flatten(node, extra, "pipeline")


def chain_of(node: Node) -> str | None:
    """'list' or 'pipeline' when node is one, or a redirected one; else None."""
    if node.type == "redirected_statement":
        body = node.child_by_field_name("body")
        return chain_of(body) if body is not None and body.type != "redirected_statement" else None
    return node.type if node.type in ("list", "pipeline") else None


def _flatten(node: Node, extra: tuple[Node, ...], kind: str) -> list[Item]:
    found: list[Item] = []
    stack: list[Item] = [(node, extra)]
    while stack:
        item, more = stack.pop()
        if item.type == kind:
            parts = [c for c in item.named_children if c.type != "comment"]
            last = len(parts) - 1
            stack.extend(reversed([(p, more if i == last else ()) for i, p in enumerate(parts)]))
        elif item.type == "redirected_statement" and chain_of(item) == kind:
            body = item.child_by_field_name("body")
            assert body is not None
            stack.append((body, (*item.children_by_field_name("redirect"), *more)))
        else:
            found.append((item, more))
    return found
