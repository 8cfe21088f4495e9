"""Runs: the actors that own a process (task executions, ad-hoc commands) and their helpers."""
