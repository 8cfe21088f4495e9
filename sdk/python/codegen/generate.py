"""Generate claude_cli_sdk's models, resources, error classes and version from the server's
OpenAPI document, so the SDK says what the server serves.

    python sdk/python/codegen/generate.py SOURCE [--check]

SOURCE is the document's URL (http://127.0.0.1:8000/openapi.json) or a file. With --check
nothing is written: the generated text is compared with the files (exit 1 and a diff when
they differ); tests/sdk runs it against a live server.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from render_models import models_module  # noqa: E402
from render_resources import resources_module  # noqa: E402
from schema import Document, Schema, Types, camel  # noqa: E402
from text import docstring, formatted, header  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "claude_cli_sdk"


def errors_module(document: Document) -> str:
    codes = [str(code) for code in document.schemas["ErrorCode"]["enum"]]
    out = [
        header(
            document.version, "One exception per error code of the API (catch TaskNotFound, ...)."
        ),
        "from __future__ import annotations\n\n",
        "from typing import ClassVar\n\n",
        "from claude_cli_sdk._errors import (\n    ApiError,\n    ClaudeCliError,\n",
        "    RequestTimeout,\n    TransportError,\n    WebhookVerificationError,\n",
        "    WebSocketClosed,\n)\n",
    ]
    for code in codes:
        out.append(f"\n\nclass {camel(code.lower())}(ApiError):\n")
        out.append(docstring(f"The API answered {code}.", 4))
        out.append(f'\n    CODE: ClassVar[str | None] = "{code}"\n')
    out.append("\n\nBY_CODE: dict[str, type[ApiError]] = {\n")
    out.extend(f'    {camel(code.lower())}.CODE or "": {camel(code.lower())},\n' for code in codes)
    out.append("}\n")
    names = ["ApiError", "ClaudeCliError", "RequestTimeout", "TransportError"]
    names += ["WebSocketClosed", "WebhookVerificationError", "BY_CODE"]
    names += [camel(code.lower()) for code in codes]
    out.append("\n__all__ = [\n" + "".join(f'    "{name}",\n' for name in sorted(names)) + "]\n")
    return "".join(out)


def version_module(document: Document) -> str:
    return (
        '"""The SDK\'s version: the version of the API it was generated from (OpenAPI '
        'info.version)."""\n\n'
        f'__version__ = "{document.version}"\n'
    )


def generated(spec: Schema) -> dict[Path, str]:
    document = Document(spec)
    types = Types(document)
    texts = {
        PACKAGE / "models.py": models_module(document, types),
        PACKAGE / "resources.py": resources_module(document, types),
        PACKAGE / "errors.py": errors_module(document),
        PACKAGE / "_version.py": version_module(document),
    }
    return {path: formatted(text, path) for path, text in texts.items()}


def load(source: str) -> Schema:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=30) as answer:  # noqa: S310 (a given URL)
            return dict(json.load(answer))
    return dict(json.loads(Path(source).read_text(encoding="utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", help="the OpenAPI document: a URL or a file")
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    options = parser.parse_args(argv)
    stale = []
    for path, text in generated(load(options.source)).items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        stale.append(path)
        if options.check:
            diff = difflib.unified_diff(
                current.splitlines(keepends=True),
                text.splitlines(keepends=True),
                f"{path.name} (committed)",
                f"{path.name} (from the document)",
            )
            sys.stdout.writelines(diff)
        else:
            path.write_text(text, encoding="utf-8")
    if options.check and stale:
        names = ", ".join(path.name for path in stale)
        print(f"\n{names} differ from the document: run {Path(__file__).name} {options.source}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
