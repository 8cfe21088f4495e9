"""Reverse proxies: which peer is one we trust (TRUSTED_PROXIES) to speak for the client."""

from __future__ import annotations

import ipaddress

from aiohttp import web

from config.rate_limits import Network
from web.keys import settings_key

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def trusted_peer(request: web.Request) -> bool:
    """Whether the socket's peer is a trusted proxy, whose X-Forwarded-* headers are believed."""
    address = parse_address(request.remote or "")
    trusted = request.app[settings_key].rate_limits.trusted_proxies
    return address is not None and is_proxy(address, trusted)


def parse_address(text: str) -> Address | None:
    """The address in text (an IPv4-mapped IPv6 one as IPv4), or None."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return mapped or address


def is_proxy(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)
