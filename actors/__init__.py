"""The actor-model runtime on Thespian: supervisor, queues, tasks, commands."""
