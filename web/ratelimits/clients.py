"""Who a request comes from: the socket's peer, or the client a trusted proxy names."""

from __future__ import annotations

from aiohttp import web

from config.rate_limits import Network
from web.http.proxies import is_proxy as _is_proxy
from web.http.proxies import parse_address as _address

UNKNOWN = "unknown"  # a peer without an address (a Unix socket)


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
