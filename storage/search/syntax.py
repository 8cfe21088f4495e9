"""The search syntax of the API, parsed into a tree the storage layer turns into SQL.

    authentication            a word (whole word, case-insensitive)
    "user authentication"     an exact phrase (words next to each other, in order)
    auth*                     a prefix ("auth", "authentication", ...)
    title:auth*  tags:security  status:pending  description:"two words"
    a AND b   a b   a OR b   NOT a   (a OR b) AND NOT c

AND binds tighter than OR; two terms side by side mean AND. Only upper-case AND, OR, NOT are
operators ("and" is a word). A malformed query raises Invalid naming the problem.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from storage.errors import Invalid

MAX_TERMS = 20
MAX_DEPTH = 10
OPERATORS = ("AND", "OR", "NOT")
_FIELD = re.compile(r"([A-Za-z_]+):(.*)", re.DOTALL)
_WORD_CHARS = re.compile(r"\w", re.UNICODE)


@dataclass(frozen=True)
class Term:
    field: str | None
    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class Bool:
    op: str  # "AND" | "OR"
    operands: tuple[Node, ...]


Node = Term | Not | Bool


def parse(text: str, fields: Sequence[str], param: str = "search") -> Node | None:
    """The tree of a query (None when it is blank); fields are those `field:` may name."""
    tokens = _Tokenizer(text, fields, param).tokens()
    if not tokens:
        return None
    if sum(isinstance(t, Term) for t in tokens) > MAX_TERMS:
        raise Invalid(param, f"at most {MAX_TERMS} search terms are allowed")
    return _Parser(tokens, param).parse()


def compile_tree(node: Node, term: Callable[[Term], Any]) -> Any:
    """Fold the tree into one expression; term() turns each term into a peewee expression."""
    if isinstance(node, Term):
        return term(node)
    if isinstance(node, Not):
        return ~compile_tree(node.operand, term)
    combine = operator.and_ if node.op == "AND" else operator.or_
    return functools.reduce(combine, (compile_tree(n, term) for n in node.operands))


def words(term: Term) -> list[str]:
    """The lower-cased words of a term, as both databases' tokenizers split them."""
    return re.findall(r"\w+", term.text.lower())


Token = Term | str


class _Tokenizer:
    def __init__(self, text: str, fields: Sequence[str], param: str) -> None:
        self.text, self.fields, self.param, self.pos = text, fields, param, 0

    def tokens(self) -> list[Token]:
        found: list[Token] = []
        while (char := self._skip_space()) is not None:
            if char in "()":
                found.append(char)
                self.pos += 1
            elif char == '"':
                found.append(self._phrase(None))
            else:
                found.append(self._word())
        return found

    def _skip_space(self) -> str | None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1
        return self.text[self.pos] if self.pos < len(self.text) else None

    def _word(self) -> Token:
        start = self.pos
        while self.pos < len(self.text) and not (
            self.text[self.pos].isspace() or self.text[self.pos] in '()"'
        ):
            self.pos += 1
        raw = self.text[start : self.pos]
        if raw in OPERATORS:
            return raw
        field = None
        match = _FIELD.fullmatch(raw)
        if match:
            field, raw = match.group(1).lower(), match.group(2)
            if field not in self.fields:
                self._fail(f"unknown field '{field}:' (use {', '.join(self.fields)})")
            if not raw:
                if self.pos < len(self.text) and self.text[self.pos] == '"':
                    return self._phrase(field)
                self._fail(f"'{field}:' needs a value")
        prefix = raw.endswith("*")
        body = raw[:-1] if prefix else raw
        if "*" in body:
            self._fail(f"'*' may only end a word, as in auth* (got '{raw}')")
        return self._term(Term(field, body, prefix=prefix), raw)

    def _phrase(self, field: str | None) -> Term:
        start = self.pos
        end = self.text.find('"', start + 1)
        if end < 0:
            self._fail(f"unterminated quote at position {start + 1}")
        self.pos = end + 1
        prefix = self.pos < len(self.text) and self.text[self.pos] == "*"
        self.pos += prefix
        body = self.text[start + 1 : end]
        return self._term(Term(field, body, phrase=True, prefix=prefix), f'"{body}"')

    def _term(self, term: Term, raw: str) -> Term:
        if not _WORD_CHARS.search(term.text):
            self._fail(f"search term '{raw}' has no letters or digits")
        return term

    def _fail(self, issue: str) -> NoReturn:
        raise Invalid(self.param, issue)


class _Parser:
    def __init__(self, tokens: list[Token], param: str) -> None:
        self.tokens, self.param, self.pos, self.depth = tokens, param, 0, 0

    def parse(self) -> Node:
        node = self._or()
        if self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            self._fail("unmatched ')'" if token == ")" else f"unexpected '{token}'")
        return node

    def _peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _or(self) -> Node:
        operands = [self._and()]
        while self._peek() == "OR":
            self.pos += 1
            operands.append(self._and())
        return operands[0] if len(operands) == 1 else Bool("OR", tuple(operands))

    def _and(self) -> Node:
        operands = [self._unary()]
        while (token := self._peek()) is not None and token not in ("OR", ")"):
            if token == "AND":
                self.pos += 1
            operands.append(self._unary())
        return operands[0] if len(operands) == 1 else Bool("AND", tuple(operands))

    def _unary(self) -> Node:
        token = self._peek()
        if token == "NOT":
            self.pos += 1
            return Not(self._unary())
        if token == "(":
            self.pos += 1
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self._fail(f"parentheses nest deeper than {MAX_DEPTH}")
            if self._peek() == ")":
                self._fail("empty parentheses")
            node = self._or()
            if self._peek() != ")":
                self._fail("missing ')'")
            self.pos += 1
            self.depth -= 1
            return node
        if isinstance(token, Term):
            self.pos += 1
            return token
        previous = self.tokens[self.pos - 1] if self.pos else None
        where = f"after '{previous}'" if isinstance(previous, str) else "at the start"
        found = "the end of the query" if token is None else f"'{token}'"
        self._fail(f"expected a search term {where}, found {found}")

    def _fail(self, issue: str) -> NoReturn:
        raise Invalid(self.param, issue)
