"""Who a request comes from: the socket's peer, or the client a trusted proxy names."""

from __future__ import annotations

import ipaddress

from aiohttp import web

from config.rate_limits import Network

UNKNOWN = "unknown"  # a peer without an address (a Unix socket)
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request: web.Request, trusted: tuple[Network, ...]) -> str:
    """The peer's address; when the peer is a trusted proxy (TRUSTED_PROXIES), the rightmost
    X-Forwarded-For hop that is not itself one (hops further left are the client's to invent)."""
    peer = request.remote
    if peer is None:
        return UNKNOWN
    client = _address(peer)
    if client is None or not _is_proxy(client, trusted):
        return str(client or peer)
    forwarded = ",".join(request.headers.getall("X-Forwarded-For", []))
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        address = _address(hop)
        if address is None:
            break  # not an address: nothing left of it can be believed
        client = address
        if not _is_proxy(address, trusted):
            break
    return str(client)


def _address(text: str) -> Address | None:
    """The address in text (an IPv4-mapped IPv6 one as IPv4), or None."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    return mapped or address


def _is_proxy(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)
