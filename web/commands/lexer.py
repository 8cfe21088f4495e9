"""A shell lexer for safety analysis: words as bash passes them on, operators, substitutions.

Unlike shlex it knows which characters were quoted (a quoted ";" is a word, not an operator),
keeps $( ), ` ` and <( ) bodies whole so they can be analysed as code (except inside single
quotes, where they are text), skips comments and here-document bodies, and joins continued lines.
Whether the line is valid bash is decided by `bash -n`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

OPERATORS = (
    ";;&", "&>>", "<<<", "<<-",
    "&&", "||", ";;", ";&", "|&", "&>", ">>", "<<", ">&", "<&", ">|", "<>",
    "(", ")", ";", "&", "|", "<", ">", "\n",
)  # fmt: skip
_BREAK = set(" \t\n;&|<>()")


class ShellSyntaxError(ValueError):
    """Raised when a quote, substitution or here-document is never closed."""


@dataclass(frozen=True)
class Token:
    """A word (text with quotes removed) or an operator; substitutions are code run on expansion."""

    text: str
    operator: bool = False
    quoted: bool = False
    substitutions: tuple[str, ...] = ()


class _Lexer:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.tokens: list[Token] = []
        self.heredocs: list[tuple[str, bool]] = []  # (delimiter, strip leading tabs)

    def run(self) -> list[Token]:
        while self.pos < len(self.src):
            char = self.src[self.pos]
            if char in " \t\r":
                self.pos += 1
            elif self.src.startswith("\\\n", self.pos):
                self.pos += 2
            elif char == "#":
                end = self.src.find("\n", self.pos)
                self.pos = len(self.src) if end < 0 else end
            elif self.src.startswith(("<(", ">("), self.pos):
                self.pos += 1
                body = self._balanced()
                self.tokens.append(Token("/dev/fd/63", substitutions=(body,)))
            elif op := next((o for o in OPERATORS if self.src.startswith(o, self.pos)), None):
                self._operator(op)
            else:
                self.tokens.append(self._word())
        if self.heredocs:
            raise ShellSyntaxError(f"here-document delimited by {self.heredocs[0][0]!r} never ends")
        return self.tokens

    def _operator(self, op: str) -> None:
        self.pos += len(op)
        self.tokens.append(Token(op, operator=True))
        if op in ("<<", "<<-"):
            while self.src.startswith((" ", "\t"), self.pos):
                self.pos += 1
            delimiter = self._word()
            self.tokens.append(delimiter)
            self.heredocs.append((delimiter.text, op == "<<-"))
        elif op == "\n":
            self._skip_heredoc_bodies()

    def _skip_heredoc_bodies(self) -> None:
        for delimiter, strip_tabs in self.heredocs:
            while True:
                if self.pos >= len(self.src):
                    raise ShellSyntaxError(f"here-document delimited by {delimiter!r} never ends")
                end = self.src.find("\n", self.pos)
                end = len(self.src) if end < 0 else end
                line = self.src[self.pos : end]
                self.pos = min(end + 1, len(self.src))
                if (line.lstrip("\t") if strip_tabs else line) == delimiter:
                    break
        self.heredocs.clear()

    def _word(self) -> Token:
        text: list[str] = []
        subs: list[str] = []
        quoted = False
        while self.pos < len(self.src) and self.src[self.pos] not in _BREAK:
            char = self.src[self.pos]
            if char == "\\":
                if self.src.startswith("\\\n", self.pos):
                    self.pos += 2
                    continue
                text.append(self.src[self.pos + 1 : self.pos + 2])
                self.pos += 2
                quoted = True
            elif char == "'":
                text.append(self._until("'", self.pos + 1))
                quoted = True
            elif self.src.startswith("$'", self.pos):
                self.pos += 1
                text.append(self._until("'", self.pos + 1, escapes=True))
                quoted = True
            elif char == '"':
                self.pos += 1
                text.append(self._double_quoted(subs))
                quoted = True
            elif char in "$`":
                text.append(self._expansion(subs))
            else:
                text.append(char)
                self.pos += 1
        return Token("".join(text), quoted=quoted, substitutions=tuple(subs))

    def _double_quoted(self, subs: list[str]) -> str:
        text: list[str] = []
        while self.pos < len(self.src):
            char = self.src[self.pos]
            if char == '"':
                self.pos += 1
                return "".join(text)
            if char == "\\" and self.src[self.pos + 1 : self.pos + 2] in ('"', "\\", "$", "`"):
                text.append(self.src[self.pos + 1])
                self.pos += 2
            elif char in "$`":
                text.append(self._expansion(subs))
            else:
                text.append(char)
                self.pos += 1
        raise ShellSyntaxError("unterminated double quote")

    def _expansion(self, subs: list[str]) -> str:
        """$( ), $(( )), ${ } or ` `: kept as text; command bodies also go to subs."""
        start = self.pos
        if self.src.startswith("$((", self.pos):
            self.pos += 1
            self._balanced()  # arithmetic: no command runs
        elif self.src.startswith("$(", self.pos):
            self.pos += 1
            subs.append(self._balanced())
        elif self.src.startswith("${", self.pos):
            end = self.src.find("}", self.pos)
            if end < 0:
                raise ShellSyntaxError("unterminated ${")
            self.pos = end + 1
        elif self.src[self.pos] == "`":
            subs.append(self._until("`", self.pos + 1, escapes=True))
        else:
            self.pos += 1
        return self.src[start : self.pos]

    def _until(self, closing: str, start: int, escapes: bool = False) -> str:
        """Text up to the closing character (backslash escapes it when escapes is set)."""
        index = start
        while index < len(self.src):
            if escapes and self.src[index] == "\\":
                index += 2
                continue
            if self.src[index] == closing:
                self.pos = index + 1
                return self.src[start:index]
            index += 1
        raise ShellSyntaxError(f"unterminated {closing}")

    def _balanced(self) -> str:
        """From an opening parenthesis at pos, the body up to its match (quotes respected)."""
        depth, index, start = 0, self.pos, self.pos + 1
        quote: str | None = None
        while index < len(self.src):
            char = self.src[index]
            if char == "\\":
                index += 2
                continue
            if quote:
                quote = None if char == quote else quote
            elif char in "'\"`":
                quote = char
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    self.pos = index + 1
                    return self.src[start:index]
            index += 1
        raise ShellSyntaxError("unterminated (")


def tokenize(source: str) -> list[Token]:
    """Tokens of a command line; raises ShellSyntaxError on an unclosed quote or substitution."""
    return _Lexer(source).run()
