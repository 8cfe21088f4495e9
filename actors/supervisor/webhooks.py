"""The Supervisor's WebhookActor: started at boot, started again when it dies or cannot start."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from actors.base import ActorExitRequest, PoisonMessage
from actors.messages import StartWebhooks, WebhooksStarted
from actors.names import ActorAddress, ActorClass
from actors.supervisor.base import SupervisorBase

log = logging.getLogger(__name__)
RESTART_DELAY = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class RestartWebhooks:
    """Wakeup payload: start the WebhookActor again (its start failed)."""


class WebhookOwner(SupervisorBase):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.webhooks: ActorAddress | None = None
        self.webhooks_pid: int | None = None

    def receiveMsg_WebhooksStarted(self, msg: WebhooksStarted, sender: ActorAddress) -> None:
        if sender == self.webhooks:
            self.webhooks_pid = msg.pid

    def _start_webhooks(self) -> None:
        if not self.stopping:
            self.webhooks, self.webhooks_pid = self.createActor(ActorClass.WEBHOOKS), None
            self.send(self.webhooks, StartWebhooks())

    def _webhooks_exited(self, address: ActorAddress) -> None:
        if address == self.webhooks:
            log.warning("the webhook actor exited; starting it again")
            self._start_webhooks()

    def _webhooks_poisoned(self, msg: PoisonMessage, sender: ActorAddress) -> bool:
        """A WebhookActor that could not start is stopped and started again a little later."""
        if not isinstance(msg.poisonMessage, StartWebhooks):
            return False
        log.error("the webhook actor could not start (%s); retrying", msg.details)
        self.webhooks = None
        self.send(sender, ActorExitRequest())
        self.wakeupAfter(RESTART_DELAY, payload=RestartWebhooks())
        return True
