"""The client address of a request: the peer, or what a trusted proxy says it saw."""

from __future__ import annotations

import ipaddress
from unittest import mock

import pytest
from aiohttp.test_utils import make_mocked_request
from multidict import CIMultiDict

from web.ratelimits.clients import client_address

PROXIES = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8"))


def address(peer: str | None, *forwarded: str, trusted: bool = True) -> str:
    transport = mock.Mock()
    transport.get_extra_info.side_effect = lambda name, default=None: (
        (peer, 40000) if name == "peername" and peer else default
    )
    headers = CIMultiDict(("X-Forwarded-For", value) for value in forwarded)
    request = make_mocked_request("GET", "/", headers=headers, transport=transport)
    return client_address(request, PROXIES if trusted else ())


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("198.51.100.1", ("203.0.113.5",), "198.51.100.1"),  # not a proxy: its claim is ignored
        ("127.0.0.1", (), "127.0.0.1"),  # a proxy that names nobody
        ("127.0.0.1", ("203.0.113.5",), "203.0.113.5"),
        ("127.0.0.1", ("6.6.6.6, 203.0.113.5",), "203.0.113.5"),  # a client's invented hop
        ("127.0.0.1", ("203.0.113.5, 10.1.2.3",), "203.0.113.5"),  # two proxies in a row
        ("127.0.0.1", ("6.6.6.6", "203.0.113.5"), "203.0.113.5"),  # several headers: one list
        ("127.0.0.1", ("203.0.113.5, junk, 10.1.2.3",), "10.1.2.3"),  # no trust past junk
        ("127.0.0.1", ("10.1.2.3",), "10.1.2.3"),  # nothing but proxies: the first of them
        ("127.0.0.1", ("2001:db8::1",), "2001:db8::1"),
        ("::ffff:127.0.0.1", ("203.0.113.5",), "203.0.113.5"),  # a dual-stack socket's peer
    ],
)
def test_the_rightmost_untrusted_hop_is_the_client(
    peer: str, forwarded: tuple[str, ...], expected: str
) -> None:
    assert address(peer, *forwarded) == expected


def test_without_trusted_proxies_the_peer_is_the_client() -> None:
    assert address("127.0.0.1", "203.0.113.5", trusted=False) == "127.0.0.1"


def test_a_peer_without_an_address_is_unknown() -> None:
    assert address(None, "203.0.113.5") == "unknown"
