"""`python -m benchmarks [name ...]`: run every benchmark module (or the named ones) in turn.

A benchmark module defines `main() -> None`, prints its figures and the ratio to a baseline it
measured in the same run, and cleans up every process and file it started.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(names: list[str]) -> int:
    available = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_")
    )
    unknown = sorted(set(names) - set(available))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}")
        return 2
    for name in names or available:
        print(f"== {name}", flush=True)
        importlib.import_module(f"benchmarks.{name}").main()
    return 0


raise SystemExit(main(sys.argv[1:]))
