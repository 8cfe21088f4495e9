"""Redirections: where output goes, what feeds standard input, and the code they expand.

tree-sitter-bash puts the rest of a here-document's first line (`cat <<EOF | bash`,
`<<EOF && next`, `<<EOF > out`) inside the here-document's redirect node; `read` hands those
statements back as a Trailer so the walker treats them as the pipeline or list they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from tree_sitter import Node

from web.commands.call import Feed
from web.commands.syntax import text_of
from web.commands.words import word

_INPUT = frozenset({"<", "<>", "<&"})


@dataclass(frozen=True)
class Redirect:
    op: str
    target: str
    feed: Feed | None = None  # how it feeds standard input, if it does
    fed_text: str | None = None  # the text it feeds, when the line shows it
    code: tuple[Node, ...] = ()  # nodes whose expansions bash runs to perform it


@dataclass(frozen=True)
class Trailer:
    """Statements after a here-document's first line: piped into, or following, its command."""

    pipe: tuple[Node, ...] = ()  # pipeline nodes whose stages read the command's output
    then: tuple[Node, ...] = ()


def read(nodes: Iterable[Node]) -> tuple[list[Redirect], Trailer]:
    """Redirect nodes in order, and the statements a here-document's redirect holds."""
    redirects: list[Redirect] = []
    pipe: list[Node] = []
    then: list[Node] = []
    for node in nodes:
        if node.type == "heredoc_redirect":
            redirects.append(_heredoc(node))
            inner, trailer = read(node.children_by_field_name("redirect"))
            redirects += inner
            pipe += [p for p in node.children if p.type == "pipeline"]
            pipe += trailer.pipe
            then += [*node.children_by_field_name("right"), *trailer.then]
        elif node.type == "herestring_redirect":
            redirects.append(_herestring(node))
        elif node.type == "file_redirect":
            redirects.append(_file(node))
    return redirects, Trailer(tuple(pipe), tuple(then))


def _file(node: Node) -> Redirect:
    op = next((c.type for c in node.children if not c.is_named), "")
    destinations = node.children_by_field_name("destination")
    target = word(destinations[0]).text if destinations else ""
    if op == ">&" and not (target.isdigit() or target == "-"):
        op = "&>"  # `>& file` sends both output streams to a file
    feed = Feed.FILE if op in _INPUT and _descriptor(node) in ("", "0") else None
    return Redirect(op, target, feed, code=tuple(destinations))


def _herestring(node: Node) -> Redirect:
    value = next((c for c in node.named_children if c.type != "file_descriptor"), None)
    text = word(value).text if value is not None else ""
    feed = Feed.HERESTRING if _descriptor(node) in ("", "0") else None
    return Redirect("<<<", text, feed, text + "\n", code=(value,) if value is not None else ())


def _heredoc(node: Node) -> Redirect:
    op = next((c.type for c in node.children if not c.is_named), "<<")
    start = next((c for c in node.children if c.type == "heredoc_start"), None)
    delimiter = text_of(start) if start is not None else ""
    body = next((c for c in node.children if c.type == "heredoc_body"), None)
    text = text_of(body) if body is not None else ""
    if op == "<<-":
        text = "\n".join(line.lstrip("\t") for line in text.split("\n"))
    quoted = any(q in delimiter for q in "'\"\\")  # then bash expands nothing in the body
    code = (body,) if body is not None and not quoted else ()
    feed = Feed.HEREDOC if _descriptor(node) in ("", "0") else None
    return Redirect(op, word(start).text if start is not None else "", feed, text, code)


def _descriptor(node: Node) -> str:
    descriptor = node.child_by_field_name("descriptor")
    return text_of(descriptor) if descriptor is not None else ""
