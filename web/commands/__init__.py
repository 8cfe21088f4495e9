"""Command policy: the calls in a command line (from its tree-sitter-bash syntax tree), safety
rules, environment, working directory, suggestions, and running and cancelling commands."""

from web.commands import environment, runs, safety, suggestions, workdir

__all__ = ["environment", "runs", "safety", "suggestions", "workdir"]
