"""The JavaScript SDK (sdk/js, `@claude-cli/sdk`) served to the pages as ES modules under
/static/sdk/: its entry point and its sources, nothing else of its folder (no tests, no
node_modules, no package files), read from the repository's own copy (no build, no CDN)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from aiohttp import web

SDK_ROOT = Path(__file__).resolve().parents[2] / "sdk" / "js"
ENTRY = "index.js"
SOURCES = "src"
PREFIX = "/static/sdk/"
JAVASCRIPT = "text/javascript"


def sdk_file(root: Path, name: str) -> Path | None:
    """The file a request names, when it is the SDK's entry point or one of its modules."""
    path = PurePosixPath(name)
    if path.suffix != ".js" or path.is_absolute() or ".." in path.parts:
        return None
    if path != PurePosixPath(ENTRY) and path.parts[0] != SOURCES:
        return None
    found = (root / path).resolve()  # a link must lead to the entry point or into the sources
    inside = found == (root / ENTRY).resolve() or found.is_relative_to((root / SOURCES).resolve())
    return found if inside and found.is_file() else None


def add_sdk_files(app: web.Application, root: Path = SDK_ROOT) -> None:
    async def serve(request: web.Request) -> web.StreamResponse:
        found = sdk_file(root, request.match_info["name"])
        if found is None:
            raise web.HTTPNotFound()
        return web.FileResponse(found, headers={"Content-Type": JAVASCRIPT})

    app.router.add_get(PREFIX + "{name:.+}", serve, name="sdk")
