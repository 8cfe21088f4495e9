"""Request and response examples of each endpoint, read from the API document (docs/API.md).

The document shows each endpoint as a line `METHOD /path`, then an optional JSON request body,
then `Response:` and the JSON envelope. An example that is not valid JSON is skipped; without the
document (an installed package) the OpenAPI document simply has no examples.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import JsonValue

API_DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "API.md"
_ENDPOINT = re.compile(r"^(GET|POST|PUT|DELETE) (/[^\s?]*)")


@dataclass
class Example:
    request: JsonValue = None
    response: JsonValue = None


@functools.cache
def examples(document: Path = API_DOCUMENT) -> dict[tuple[str, str], Example]:
    """(method, path) -> the first request and response example the document gives."""
    if not document.is_file():
        return {}
    found: dict[tuple[str, str], Example] = {}
    current: Example | None = None
    in_response = False
    lines = document.read_text(encoding="utf-8").splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        if match := _ENDPOINT.match(line):
            current = found.setdefault((match.group(1).lower(), match.group(2)), Example())
            in_response = False
        elif line.startswith("Response"):
            in_response = True
        elif current is not None and line.startswith(("{", "[")):
            text, index = _json_block(lines, index)
            _record(current, text, in_response)
        index += 1
    return found


def _json_block(lines: list[str], start: int) -> tuple[str, int]:
    """The lines from start until the brackets balance; returns the text and its last line."""
    depth, index = 0, start
    while index < len(lines):
        depth += sum(lines[index].count(c) for c in "{[") - sum(lines[index].count(c) for c in "}]")
        if depth <= 0:
            break
        index += 1
    return "\n".join(lines[start : index + 1]), index


def _record(example: Example, text: str, in_response: bool) -> None:
    try:
        value: JsonValue = json.loads(text)
    except ValueError:
        return
    if in_response and example.response is None:
        example.response = value
    elif not in_response and example.request is None:
        example.request = value
