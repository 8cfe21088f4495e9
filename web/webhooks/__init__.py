"""The web side of webhooks: a URL's destination checked before it is stored, and the
system.alert of a runtime this process cannot reach."""

from web.webhooks.runtime_alert import watch_runtime
from web.webhooks.urls import refuse_unsafe_url

__all__ = ["refuse_unsafe_url", "watch_runtime"]
