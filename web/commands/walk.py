"""Command lines as calls: every program a line would run, found by walking its syntax tree.

`calls(source)` walks the whole tree-sitter-bash tree (lists, pipelines, subshells, groups, loops,
function bodies) and the code bash runs while expanding words: command and process
substitutions, arithmetic, parameter-expansion operands, here-documents and here-strings.
Wrappers (sudo, env, xargs, ...) are peeled off; code given to `bash -c`, `eval`, `su -c`,
`find -exec`, `watch` or `trap`, or fed to a shell on its standard input, is read as a command
line of its own. Where tree-sitter-bash leaves a substitution unparsed inside a word, the word is
read again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from tree_sitter import Node

from web.commands.call import Call, Feed
from web.commands.chains import chain_of, items, stages
from web.commands.interpreters import EXECUTED, Source, code_source, runs_stdin_as_shell
from web.commands.output import printed
from web.commands.redirects import Redirect, read
from web.commands.syntax import Unreadable, parse, text_of, uncovered
from web.commands.words import assignment, command_words, split_words, visible, word
from web.commands.wrappers import basename, nested_code, unwrap

MAX_DEPTH = 4  # command lines inside command lines: bash -c "eval '...'"
_TEXT = ("word", "regex", "extglob_pattern", "string_content", "heredoc_content")
_STREAMED = frozenset({Feed.PIPE, Feed.HEREDOC, Feed.HERESTRING})


@dataclass(frozen=True)
class _Context:
    consumer: str | None = None
    background: bool = False
    function: str | None = None
    feed: Feed = Feed.NONE
    fed_text: str | None = None  # what standard input carries, when the line shows it
    quoted: bool = False  # inside "..." or a here-document, where ' is an ordinary character
    depth: int = 0
    rereading: str | None = None


def calls(source: str, depth: int = 0) -> list[Call]:
    """Every program the line would run; raises Unreadable when it cannot be analysed."""
    if depth > MAX_DEPTH:
        raise Unreadable(f"it nests command lines more than {MAX_DEPTH} levels deep")
    try:
        return _walk(parse(source), _Context(depth=depth))
    except RecursionError:  # parse bounds the depth; this is the net under that bound
        raise Unreadable("it nests too deeply") from None


def _walk(node: Node, ctx: _Context) -> list[Call]:
    handler = _HANDLERS.get(node.type)
    if handler is not None:
        return handler(node, ctx)
    return _children(node, ctx)


def _children(node: Node, ctx: _Context) -> list[Call]:
    found = [call for gap in uncovered(node) for call in _reread(gap, ctx)]
    for child in node.named_children:
        after = child.next_sibling
        backgrounded = after is not None and after.type == "&" and not ctx.background
        found += _walk(child, replace(ctx, background=True) if backgrounded else ctx)
    return found


def _list(node: Node, ctx: _Context, extra: tuple[Node, ...] = ()) -> list[Call]:
    return [call for item, more in items(node, extra) for call in _statement(item, ctx, more)]


def _pipeline(node: Node, ctx: _Context, extra: tuple[Node, ...] = ()) -> list[Call]:
    """Stages right to left, so each knows the program its output goes to."""
    parts = stages(node, extra)
    found: list[list[Call]] = []
    consumer = ctx.consumer
    for index in range(len(parts) - 1, -1, -1):
        stage = replace(ctx, consumer=consumer)
        if index > 0:
            before, more = parts[index - 1]
            fed_text = printed(before, ctx.fed_text if index == 1 else None, read(more)[0])
            stage = replace(stage, feed=Feed.PIPE, fed_text=fed_text)
        node_at, more_at = parts[index]
        found.insert(0, _statement(node_at, stage, more_at))
        consumer = found[0][0].program if found[0] else None
    return [call for stage_calls in found for call in stage_calls]


def _statement(node: Node, ctx: _Context, extra: tuple[Node, ...]) -> list[Call]:
    """A statement with the redirect nodes that tree-sitter hung on the chain around it."""
    if not extra:
        return _walk(node, ctx)
    if node.type == "redirected_statement":
        return _redirected(node, ctx, extra)
    return _with_redirects(node, extra, ctx)


def _redirected(node: Node, ctx: _Context, extra: tuple[Node, ...] = ()) -> list[Call]:
    body = node.child_by_field_name("body")
    redirects = (*node.children_by_field_name("redirect"), *extra)
    kind = chain_of(node)
    if body is not None and kind == "list":
        return _list(body, ctx, redirects)
    if body is not None and kind == "pipeline":
        return _pipeline(body, ctx, redirects)
    return _with_redirects(body, redirects, ctx)


def _with_redirects(body: Node | None, nodes: tuple[Node, ...], ctx: _Context) -> list[Call]:
    redirects, trailer = read(nodes)
    after: list[Call] = []
    consumer = ctx.consumer
    for pipeline in trailer.pipe:  # `cat <<EOF | bash`: the pipe starts on the first line
        fed_text = printed(body, ctx.fed_text, redirects) if body is not None else None
        stage_calls = _pipeline(pipeline, replace(ctx, feed=Feed.PIPE, fed_text=fed_text))
        consumer = stage_calls[0].program if stage_calls and not after else consumer
        after += stage_calls
    own = replace(ctx, consumer=consumer)
    if body is not None and body.type == "command":
        found = _command(body, own, redirects)
    else:
        found = [_bare(redirects, own)] + _redirect_code(redirects, ctx, "")
        found += _walk(body, _fed(own, redirects)) if body is not None else []
    for statement in trailer.then:
        after += _walk(statement, ctx)
    return found + after


def _command(node: Node, ctx: _Context, outer: Sequence[Redirect] = ()) -> list[Call]:
    own, _ = read(node.children_by_field_name("redirect"))
    redirects = [*outer, *own]
    fed = _fed(ctx, redirects)
    nodes = command_words(node)
    head = unwrap([word(n) for n in nodes])
    program = basename(head.program.text) if head.program is not None else ""
    args = [w.text for w in head.args]
    feed = fed.feed
    if "xargs" in head.wrappers:  # its input becomes arguments; the program's stdin is empty
        feed = Feed.ARGUMENTS
        if fed.fed_text and code_source(program, tuple(args)) != Source.MISSING:
            args += _xargs_input(fed.fed_text, head.options)
    assignments = [c for c in node.named_children if c.type == "variable_assignment"]
    dynamic = head.program is not None and not head.program.literal
    call = Call(
        program=program,
        args=tuple(args),
        wrappers=head.wrappers,
        assignments=tuple(assignment(a) for a in assignments) + head.assignments,
        redirects=tuple((r.op, r.target) for r in redirects),
        consumer=ctx.consumer,
        background=ctx.background,
        function=ctx.function,
        feed=feed,
        dynamic=head.program.source if dynamic and head.program is not None else None,
    )
    found = [call]
    for child in nodes:
        runs_output = head.program is not None and child == head.program.node
        found += _walk(child, replace(ctx, consumer=EXECUTED if runs_output else program))
    for prefix in assignments:
        found += _children(prefix, replace(ctx, consumer=None))
    found += _redirect_code(redirects, ctx, program)
    for code in nested_code(call):
        found += calls(code, ctx.depth + 1)
    if (
        fed.fed_text is not None
        and feed in _STREAMED
        and runs_stdin_as_shell(call.program, call.args)
    ):
        found += calls(fed.fed_text, ctx.depth + 1)
    return found


def _xargs_input(text: str, options: tuple[str, ...]) -> list[str]:
    """The arguments xargs makes of its input: words, or with -0 or -d the items it holds."""
    if any(o in ("-0", "--null") or o.startswith(("-d", "--delimiter")) for o in options):
        return [text.removesuffix("\n")]
    return split_words(text)


def _declaration(node: Node, ctx: _Context) -> list[Call]:
    """declare, export, local, readonly, typeset, unset: their words are names and values."""
    keyword = node.children[0].type if node.children else ""
    args = tuple(
        assignment(c) if c.type == "variable_assignment" else word(c).text
        for c in node.named_children
    )
    call = Call(keyword, args, background=ctx.background, function=ctx.function, feed=ctx.feed)
    inner = replace(ctx, consumer=keyword)
    return [call] + [found for c in node.named_children for found in _children_of(c, inner)]


def _assignments(node: Node, ctx: _Context) -> list[Call]:
    """NAME=value as a statement of its own."""
    nodes = [node] if node.type == "variable_assignment" else node.named_children
    nodes = [n for n in nodes if n.type == "variable_assignment"]
    call = Call(
        "",
        (),
        assignments=tuple(assignment(n) for n in nodes),
        background=ctx.background,
        function=ctx.function,
    )
    return [call] + [found for n in nodes for found in _children(n, replace(ctx, consumer=None))]


def _function(node: Node, ctx: _Context) -> list[Call]:
    name = node.child_by_field_name("name")
    inner = replace(ctx, function=word(name).text if name is not None else None)
    redirects, _ = read(node.children_by_field_name("redirect"))
    return ([_bare(redirects, inner)] if redirects else []) + _children(node, inner)


def _substitution(node: Node, ctx: _Context) -> list[Call]:
    return _children(node, replace(ctx, quoted=False))


def _string(node: Node, ctx: _Context) -> list[Call]:
    return _children(node, replace(ctx, quoted=True))


def _raw_string(node: Node, ctx: _Context) -> list[Call]:
    """'...' quotes, except inside "${x:-'...'}" where bash expands what it holds."""
    return _reread(text_of(node), ctx) if ctx.quoted else []


def _text(node: Node, ctx: _Context) -> list[Call]:
    return _reread(text_of(node), ctx)


def _inert(node: Node, ctx: _Context) -> list[Call]:
    return []


def _reread(text: str, ctx: _Context) -> list[Call]:
    """Text in which tree-sitter-bash left a substitution unparsed (`${x:-`id`}`), read again."""
    shown = visible(text)
    if "`" not in shown and "$(" not in shown:
        return []
    if text == ctx.rereading:
        raise Unreadable(f"it cannot tell where the substitution in {text!r} ends")
    if ctx.depth >= MAX_DEPTH:
        raise Unreadable(f"it nests command lines more than {MAX_DEPTH} levels deep")
    wrapped = '"' + re.sub(r'(?<!\\)"', r"\"", text) + '"' if ctx.quoted else text
    root = parse(": " + wrapped)
    statement = root.named_children[0] if root.named_children else None
    if statement is None or statement.type != "command":
        raise Unreadable(f"it cannot read the substitution in {text!r}")
    inner = replace(ctx, depth=ctx.depth + 1, rereading=text, quoted=False)
    return [c for a in statement.children_by_field_name("argument") for c in _walk(a, inner)]


def _bare(redirects: Sequence[Redirect], ctx: _Context) -> Call:
    """A call without a program: redirections of a group, or of nothing (`> file`)."""
    return Call(
        "",
        (),
        redirects=tuple((r.op, r.target) for r in redirects),
        consumer=ctx.consumer,
        background=ctx.background,
        function=ctx.function,
    )


def _redirect_code(redirects: Sequence[Redirect], ctx: _Context, program: str) -> list[Call]:
    found: list[Call] = []
    for redirect in redirects:
        into = program if redirect.feed in (Feed.HEREDOC, Feed.HERESTRING) else None
        inner = replace(ctx, consumer=into, quoted=redirect.feed == Feed.HEREDOC)
        for node in redirect.code:
            found += _walk(node, inner)
    return found


def _fed(ctx: _Context, redirects: Sequence[Redirect]) -> _Context:
    """The context with standard input as the last redirection of it leaves it."""
    for redirect in reversed(redirects):
        if redirect.feed is not None:
            return replace(ctx, feed=redirect.feed, fed_text=redirect.fed_text)
    return ctx


def _children_of(node: Node, ctx: _Context) -> list[Call]:
    return _children(node, ctx) if node.type == "variable_assignment" else _walk(node, ctx)


_HANDLERS: dict[str, Callable[[Node, _Context], list[Call]]] = {
    "list": _list,
    "pipeline": _pipeline,
    "redirected_statement": _redirected,
    "command": _command,
    "declaration_command": _declaration,
    "unset_command": _declaration,
    "variable_assignment": _assignments,
    "variable_assignments": _assignments,
    "function_definition": _function,
    "command_substitution": _substitution,
    "process_substitution": _substitution,
    "string": _string,
    "raw_string": _raw_string,
    **dict.fromkeys(_TEXT, _text),
    "ansi_c_string": _inert,
    "comment": _inert,
    "heredoc_start": _inert,
    "heredoc_end": _inert,
}
