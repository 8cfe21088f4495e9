"""One attempt, run here with a resolver seam: the destination is checked again before each
attempt (a name that now resolves to loopback is refused: DNS rebinding), and the attempt
connects to the address checked, not to whatever a second lookup would say."""

from __future__ import annotations

import asyncio
import ipaddress
from dataclasses import replace

import pytest

from actors.webhooks.destinations import Refused, Resolver, check, refusal
from actors.webhooks.sender import attempt
from config.webhooks import WebhookSettings
from storage.webhooks.attempts import DeliveryJob
from storage.webhooks.crud import new_secret
from storage.webhooks.outbox import payload
from tests.support.receiver import HOOK_PATH, Receiver

REBOUND = "hooks.example"  # never looked up for real: the seam answers for it


def job(url: str, secret: str) -> DeliveryJob:
    body = payload("webhook.test", {"message": "hello"}, "w1", "d1", None, "2025-07-30T14:00:00Z")
    return DeliveryJob("d1", "w1", "webhook.test", url, body, 1, "token", secret)


def resolving_to(address: str) -> Resolver:
    def resolve(host: str, port: int) -> list[str]:
        assert host == REBOUND
        return [address]

    return resolve


async def test_a_name_that_now_resolves_to_loopback_is_refused(receiver: Receiver) -> None:
    secret = new_secret()
    receiver.secrets["w1"] = secret
    url = f"http://{REBOUND}:{receiver.port}{HOOK_PATH}"
    # at creation the name resolved to a public address ...
    assert check(url, frozenset(), resolving_to("93.184.216.34")).address == "93.184.216.34"
    # ... before this attempt it resolves to loopback
    settings = WebhookSettings(timeout=2)
    outcome = await asyncio.to_thread(
        attempt, job(url, secret), settings, resolving_to("127.0.0.1")
    )
    assert not outcome.succeeded and outcome.response_code is None
    assert (
        outcome.error
        == f"refused: the URL host {REBOUND} resolves to a loopback address (127.0.0.1)"
    )
    assert receiver.received == []


async def test_the_attempt_connects_to_the_checked_address(receiver: Receiver) -> None:
    secret = new_secret()
    receiver.secrets["w1"] = secret
    url = f"http://{REBOUND}:{receiver.port}{HOOK_PATH}"
    settings = WebhookSettings(allowed_hosts=frozenset({REBOUND}), timeout=2)
    outcome = await asyncio.to_thread(
        attempt, job(url, secret), settings, resolving_to("127.0.0.1")
    )
    assert outcome.succeeded and outcome.response_code == 200, outcome
    (received,) = receiver.received
    assert received.headers["host"] == f"{REBOUND}:{receiver.port}"  # the name, as written
    assert received.verified, received.problems


def test_every_address_of_a_name_must_be_public() -> None:
    def mixed(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]

    with pytest.raises(Refused, match="private address"):
        check("https://mixed.example/", frozenset(), mixed)


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("10.0.0.1", "private"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("fc00::1", "private"),
        ("169.254.169.254", "metadata"),
        ("fd00:ec2::254", "metadata"),
        ("169.254.1.1", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not public"),
        ("::ffff:10.0.0.1", "private"),
        ("2002:7f00:1::", "loopback"),  # 6to4 of 127.0.0.1
        ("64:ff9b::a9fe:a9fe", "metadata"),  # NAT64 of 169.254.169.254
    ],
)
def test_addresses_that_are_not_public_are_named(address: str, kind: str) -> None:
    reason = refusal(ipaddress.ip_address(address))
    assert reason is not None and kind in reason


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_settings_of_the_attempt_are_plain_values() -> None:
    settings = replace(WebhookSettings(), timeout=1.5)
    assert settings.lease_seconds > 2 * settings.timeout
