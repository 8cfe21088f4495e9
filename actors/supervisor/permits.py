"""Runners lent to web processes: while a slot is free, each web bridge holds a Permit, a
prepared TaskActor it may start one newly queued execution on itself, so an idle start skips
the Supervisor's hop (the web sends the plan to the runner and, beside it, the notice naming
the runner; the Supervisor claims the execution there, ExecutionSlots).

The Supervisor keeps the terms (which priorities and projects would be admitted at once) and
sends them again whenever they change; a runner is lent to at most as many bridges as slots
are free. When no slot is free, or the runtime stops, or a bridge falls silent, its runner is
recalled and stopped: never given other work, as a start may be on its way to it. A start
whose runner was recalled, or that the Supervisor cannot admit (a race with a pause, a full
slot or project), is stopped before anything of it is recorded and starts the normal way."""

from __future__ import annotations

import time
from dataclasses import dataclass

from actors.base import ActorExitRequest
from actors.live.hub import BRIDGE_SILENCE_SECONDS
from actors.messages import ClaimSettled, LentStart, Permit, PermitRecalled, PermitTerms
from actors.names import ActorAddress
from actors.supervisor.spares import SpareRunners


@dataclass
class _Bridge:
    address: ActorAddress
    seen: float  # when it last registered (time.monotonic)


@dataclass(frozen=True)
class _Lent:
    runner: ActorAddress
    bridge: ActorAddress


class RunnerPermits(SpareRunners):
    """Lends spare TaskActors to web bridges; ExecutionSlots says on what terms. (Thespian's
    addresses compare equal but do not hash: lists, not dicts.)"""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.bridges: list[_Bridge] = []
        self.lent: list[_Lent] = []
        self.offered: tuple[PermitTerms, ActorAddress | None] | None = None  # terms, hub

    def _permit_terms(self) -> PermitTerms | None:
        """What a new execution may start under now; None: nothing may (ExecutionSlots)."""
        raise NotImplementedError

    def _bridge_registered(self, address: ActorAddress) -> None:
        known = next((b for b in self.bridges if b.address == address), None)
        if known is None:
            self.bridges.append(_Bridge(address, time.monotonic()))
        else:
            known.seen = time.monotonic()
        self._offer_permits()

    def _forget_silent_bridges(self) -> None:
        silent_since = time.monotonic() - BRIDGE_SILENCE_SECONDS
        silent = [b.address for b in self.bridges if b.seen < silent_since]
        self.bridges = [b for b in self.bridges if b.seen >= silent_since]
        self._recall([lent for lent in self.lent if lent.bridge in silent])

    def _returned(self, start: LentStart) -> bool:
        """The runner of a start a web process made was lent (and is not any more)."""
        count = len(self.lent)
        self.lent = [lent for lent in self.lent if lent.runner != start.runner]
        return len(self.lent) < count

    def _refuse_lent(self, start: LentStart) -> None:
        """A lent start that was not admitted: its runner stops, unrecorded."""
        self.send(start.runner, ClaimSettled(start.plan.execution_id, claimed=False))
        self.send(start.runner, ActorExitRequest())

    def _offer_permits(self) -> None:
        """Lend, recall or re-send terms after anything that may change them."""
        terms = self._permit_terms() if self.sandbox is not None else None
        room = 0 if terms is None else max(0, self._free_slots())
        self._recall(self.lent[room:])
        if terms is None or self.sandbox is None:
            self.offered = None
            return
        if (terms, self.events) != self.offered:  # new terms, or a new EventHub to publish to
            for lent in self.lent:
                self.send(lent.bridge, Permit(lent.runner, self.sandbox, self.events, terms))
        self.offered = (terms, self.events)
        for bridge in self.bridges:
            if len(self.lent) >= room or not self.spares:
                break
            if not any(lent.bridge == bridge.address for lent in self.lent):
                runner = self.spares.pop(0)
                self._replenish_soon()
                self.lent.append(_Lent(runner, bridge.address))
                self.send(bridge.address, Permit(runner, self.sandbox, self.events, terms))

    def _recall(self, recalled: list[_Lent]) -> None:
        """Recall these lent runners from their bridges and stop them."""
        self.lent = [lent for lent in self.lent if lent not in recalled]
        for lent in recalled:
            self.send(lent.bridge, PermitRecalled(lent.runner))
            self.send(lent.runner, ActorExitRequest())

    def _recall_all(self) -> None:
        self._recall(list(self.lent))
        self.offered = None

    def _replenish(self) -> None:
        super()._replenish()
        self._offer_permits()  # a spare to lend, maybe

    def _lent_exited(self, address: ActorAddress) -> bool:
        """A lent runner died before it was used: recalled (and so replaced)."""
        exited = [lent for lent in self.lent if lent.runner == address]
        self._recall(exited)
        if exited:
            self._replenish_soon()
        return bool(exited)
