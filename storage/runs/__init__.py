"""Runs: executions of tasks and ad-hoc commands, their queues, leases and output."""
