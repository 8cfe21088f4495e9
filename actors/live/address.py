"""The type of an actor address, for the live actors' signatures.

Defined here once until the runtime's names module (actors/names.py, ActorAddress) is merged;
then this module re-exports that one. Thespian's addresses are opaque and compared only with ==
(neither hashable nor stable as text).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:

    class ActorAddress:
        """Where a message goes."""

else:
    from thespian.actors import ActorAddress

__all__ = ["ActorAddress"]
