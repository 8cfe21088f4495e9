"""Command suggestions: a catalog by context, merged with the caller's own history.

History comes first, ranked by frequency and recency (uses weighed down by age: a command used
often last month ranks below one used a few times today); catalog entries fill the rest.
Unsafe commands from history (an admin's forced run) are never suggested.
"""

from __future__ import annotations

import datetime as dt
import math
import posixpath
from dataclasses import dataclass

from web.commands.rules import DANGER
from web.commands.safety import analyze

HALF_LIFE_DAYS = 7.0


@dataclass(frozen=True)
class Suggestion:
    command: str
    description: str
    category: str


def _catalog(category: str, *entries: tuple[str, str]) -> list[Suggestion]:
    return [Suggestion(command, description, category) for command, description in entries]


CATALOG: tuple[Suggestion, ...] = (
    *_catalog(
        "git",
        ("git status", "Show the working tree status"),
        ("git add .", "Add all files to staging area"),
        ("git commit -m", "Commit staged changes with message"),
        ("git diff", "Show unstaged changes"),
        ("git log --oneline -20", "Show the last 20 commits, one line each"),
        ("git pull --rebase", "Fetch and rebase onto the upstream branch"),
        ("git push", "Push commits to the upstream branch"),
        ("git checkout -b", "Create and switch to a new branch"),
        ("git stash", "Set uncommitted changes aside"),
        ("git branch -a", "List local and remote branches"),
    ),
    *_catalog(
        "npm",
        ("npm install", "Install the project's dependencies"),
        ("npm ci", "Clean install exactly from package-lock.json"),
        ("npm test", "Run the test script"),
        ("npm run build", "Run the build script"),
        ("npm run lint", "Run the lint script"),
        ("npm outdated", "List dependencies with newer versions"),
        ("npm audit", "Report known vulnerabilities in dependencies"),
    ),
    *_catalog(
        "pip",
        ("pip install -r requirements.txt", "Install the listed requirements"),
        ("pip install -e .", "Install the project in editable mode"),
        ("pip list --outdated", "List packages with newer versions"),
        ("pip freeze", "Print installed packages as requirements"),
        ("pip show", "Show details of an installed package"),
    ),
    *_catalog(
        "pytest",
        ("pytest", "Run the test suite"),
        ("pytest -x -q", "Stop at the first failure, quiet output"),
        ("pytest -k", "Run tests whose names match an expression"),
        ("pytest --lf", "Re-run only the tests that failed last time"),
        ("pytest --cov", "Run tests with coverage"),
    ),
    *_catalog(
        "make",
        ("make", "Build the default target"),
        ("make test", "Run the test target"),
        ("make lint", "Run the lint target"),
        ("make clean", "Remove build products"),
        ("make -n", "Print what would run without running it"),
    ),
    *_catalog(
        "docker",
        ("docker ps", "List running containers"),
        ("docker images", "List local images"),
        ("docker build -t", "Build an image from the Dockerfile"),
        ("docker compose up -d", "Start the compose services in the background"),
        ("docker compose logs --tail=100", "Show the last lines of the services' logs"),
        ("docker compose down", "Stop and remove the compose services"),
    ),
    *_catalog(
        "claude",
        ("claude --version", "Show the Claude CLI version"),
        ("claude -p", "Ask Claude once and print the answer"),
        ("claude -c -p", "Continue the latest conversation in this directory"),
        ("claude mcp list", "List configured MCP servers"),
        ("claude --help", "Show the CLI's options"),
    ),
    *_catalog(
        "shell",
        ("ls -la", "List files with details, hidden ones included"),
        ("pwd", "Print the working directory"),
        ("du -sh *", "Show the size of each entry"),
        ("df -h", "Show free disk space"),
        ("grep -rn", "Search file contents recursively with line numbers"),
        ("find . -name", "Find files by name below this directory"),
        ("cat", "Print a file"),
        ("tail -n 100", "Show the last 100 lines of a file"),
        ("wc -l", "Count lines"),
    ),
)
CONTEXTS = tuple(dict.fromkeys(s.category for s in CATALOG))
_PROGRAMS = {"npx": "npm", "yarn": "npm", "pip3": "pip", "docker-compose": "docker"}


def category_of(command: str) -> str:
    """The context a command belongs to, from its first word."""
    words = command.split()
    if words[:3] in (["python", "-m", "pytest"], ["python3", "-m", "pytest"]):
        return "pytest"
    program = posixpath.basename(words[0]) if words else ""
    program = _PROGRAMS.get(program, program)
    return program if program in CONTEXTS else "shell"


def suggest(
    history: list[tuple[str, int, dt.datetime]],
    now: dt.datetime,
    context: str | None,
    prefix: str,
    limit: int,
) -> list[dict[str, object]]:
    """History (command, uses, last used) ranked, then the catalog; filtered; at most limit."""
    ranked = sorted(history, key=lambda row: -_score(row[1], row[2], now))
    found: dict[str, dict[str, object]] = {}
    for command, uses, last_used in ranked:
        category = category_of(command)
        if not command.startswith(prefix) or (context and category != context):
            continue
        if _suggestible(command):
            found.setdefault(
                command,
                {
                    "command": command,
                    "description": f"From your history: used {uses} time{'s' * (uses != 1)}",
                    "category": category,
                    "source": "history",
                    "use_count": uses,
                    "last_used": last_used.replace(microsecond=0).isoformat() + "Z",
                },
            )
    for entry in CATALOG:
        if (context is None or entry.category == context) and entry.command.startswith(prefix):
            found.setdefault(
                entry.command,
                {
                    "command": entry.command,
                    "description": entry.description,
                    "category": entry.category,
                    "source": "catalog",
                },
            )
    return list(found.values())[:limit]


def _score(uses: int, last_used: dt.datetime, now: dt.datetime) -> float:
    age_days = max((now - last_used).total_seconds(), 0.0) / 86400
    return math.log2(1 + uses) * math.pow(0.5, age_days / HALF_LIFE_DAYS)


def _suggestible(command: str) -> bool:
    return not any(f.severity == DANGER for f in analyze(command))
