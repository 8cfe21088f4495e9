"""Runs: executions of tasks and ad-hoc commands, their queues, leases and output.

`executions` is the web's side of an execution (enqueue, retry, cancel, reads), `running` the
runtime's (claim, finish, process records); `transitions` holds what both write."""

from storage.runs import commands, executions, leases, output, queues, running

__all__ = ["commands", "executions", "leases", "output", "queues", "running"]
