"""Live state for watchers: the protocol's vocabulary, the task event log, channel access."""

from storage.live import channels, event_log, protocol

__all__ = ["channels", "event_log", "protocol"]
