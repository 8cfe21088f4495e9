"""Live state for watchers: the task event log and who may watch which channel."""
