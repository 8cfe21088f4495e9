"""The web process's line to the actor runtime: the bridge and announcing what the web wrote."""

from web.runtime import announce
from web.runtime.bridge import ActorBridge, ActorSystemUnavailable

__all__ = ["ActorBridge", "ActorSystemUnavailable", "announce"]
