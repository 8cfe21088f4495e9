"""Benchmarks (`make bench`): each module measures a path next to a baseline in the same run."""
