"""Python source text: headers, wrapped docstrings, literals, and ruff's formatting."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def header(version: str, purpose: str) -> str:
    return (
        f'"""{purpose}\n\nGenerated from the OpenAPI document of API {version} by '
        'sdk/python/codegen/generate.py:\ndo not edit, regenerate."""\n\n'
    )


def docstring(text: str, indent: int) -> str:
    """A docstring wrapped to the line length (100) at that indentation."""
    text = " ".join(text.split()).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if text.endswith('"'):
        text += " "
    pad = " " * indent
    if len(text) + indent + 6 <= 100:
        return f'{pad}"""{text}"""\n'
    lines = textwrap.wrap(text, 100 - indent)
    body = "\n".join(f"{pad}{line}" for line in lines)
    return f'{pad}"""\n{body}\n{pad}"""\n'


def method_docstring(summary: str, description: str, indent: int) -> str:
    """A method's docstring: its summary, then its description as a paragraph of its own."""
    if not description:
        return docstring(summary, indent)
    pad = " " * indent
    summary = " ".join(summary.split()).replace("\\", "\\\\")
    paragraphs = [" ".join(part.split()) for part in description.split("\n\n")]
    body = (
        "\n\n".join(
            "\n".join(pad + line for line in textwrap.wrap(paragraph, 100 - indent))
            for paragraph in paragraphs
            if paragraph
        )
        .replace("\\", "\\\\")
        .replace('"""', '\\"\\"\\"')
    )
    return f'{pad}"""{summary}\n\n{body}\n{pad}"""\n'


def tuple_of(names: list[str]) -> str:
    """A tuple literal of strings (no magic trailing comma but for one element)."""
    return "(" + ", ".join(f'"{name}"' for name in names) + ("," if len(names) == 1 else "") + ")"


def formatted(text: str, path: Path) -> str:
    """The text with its imports sorted and pruned and formatted, as ruff (the repository's
    settings) leaves it."""
    for command in (["check", "--fix", "--select", "I,F401", "--quiet"], ["format"]):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *command, "--stdin-filename", str(path), "-"],
            input=text,
            capture_output=True,
            text=True,
            cwd=REPO,
            check=False,
        )
        if result.returncode != 0:
            raise SystemExit(f"ruff {command[0]} failed on {path.name}:\n{result.stderr}")
        text = result.stdout
    return text
