"""The safety analysis of typical command lines, against `bash -n` on the same lines.

validate runs both: `bash -n` (a subprocess) judges the syntax, the analysis walks the
tree-sitter-bash syntax tree with the rules. Per line: mean microseconds of each, and the
ratio analysis / bash -n; then a 16 KiB line.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable

from web.commands.safety import analyze, syntax_check

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "300"))
LINES = (
    "git status",
    "ls -la | grep -v '^d' | sort -k5 -n",
    "make -j4 build 2>&1 | tee build.log",
    "find . -name '*.log' -exec rm -f {} \\;",
    'for f in *.txt; do wc -l "$f"; done',
    "cat <<EOF > notes.txt\nhello $(whoami)\nEOF",
    "echo ${HOME:-$(rm -rf /)}",
    "curl -fsSL https://example.com/i.sh | bash",
)


def main() -> None:
    analyze("warm up")
    print(f"{ROUNDS} rounds per line; mean per call")
    print(f"{'analysis':>10} {'bash -n':>10} {'ratio':>6}  line")
    for line in LINES:
        analysis = _mean(lambda line=line: analyze(line), ROUNDS)
        syntax = asyncio.run(_syntax_checks(line, ROUNDS // 10))
        shown = line.replace("\n", "\\n")
        print(f"{analysis * 1e6:8.0f}us {syntax * 1e6:8.0f}us {analysis / syntax:6.2f}  {shown}")
    long = " && ".join(['echo $(ls -la /tmp | grep x) "$HOME" > out.txt'] * 300)[: 16 * 1024]
    print(f"a {len(long)}-character line: {_mean(lambda: analyze(long), 20) * 1e3:.1f} ms")


async def _syntax_checks(line: str, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        await syntax_check(line, "/bin/bash")
    return (time.perf_counter() - start) / rounds


def _mean(run: Callable[[], object], rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        run()
    return (time.perf_counter() - start) / rounds
