"""Where a webhook may post: http or https to a host whose every address is public.

A URL is checked when it is stored and again before each attempt (its name may resolve
elsewhere by then: DNS rebinding), and the attempt connects to the very address checked.
Loopback, private, link-local, multicast, reserved, unspecified and cloud metadata addresses
(also inside IPv4-mapped, 6to4 and NAT64 IPv6 addresses) are refused unless the URL's host is
listed in WEBHOOK_ALLOWED_HOSTS.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]  # (host, port) → its addresses, as text

SCHEMES = {"http": 80, "https": 443}
METADATA = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
NAT64 = ipaddress.ip_network("64:ff9b::/96")
KINDS = (  # the most telling name first: Python counts most special ranges as private too
    ("is_loopback", "loopback"),
    ("is_unspecified", "unspecified"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_reserved", "reserved"),
    ("is_private", "private"),
)


class Refused(Exception):
    """Raised when a URL may not receive deliveries; the message says why."""


@dataclass(frozen=True)
class Target:
    """A checked URL and the address an attempt connects to."""

    scheme: str
    host: str
    port: int
    path: str  # with its query
    address: str

    @property
    def connect_url(self) -> str:
        """The URL with the checked address in place of the host name."""
        address = f"[{self.address}]" if ":" in self.address else self.address
        return f"{self.scheme}://{address}:{self.port}{self.path}"

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if SCHEMES[self.scheme] == self.port else f"{host}:{self.port}"


def system_resolver(host: str, port: int) -> list[str]:
    """The host's addresses as the system resolves them (blocking: call it off the loop)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check(url: str, allowed_hosts: Collection[str], resolver: Resolver = system_resolver) -> Target:
    """The target of url, resolved now; raises Refused naming the problem."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise Refused("must be an http or https URL")
    if parts.username is not None or parts.password is not None:
        raise Refused("must not carry credentials (deliveries are signed instead)")
    host = (parts.hostname or "").lower()
    if not host:
        raise Refused("must name a host")
    try:
        port = parts.port or SCHEMES[scheme]
    except ValueError:
        raise Refused("has an invalid port") from None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError):
        raise Refused(f"host {host} does not resolve") from None
    if not addresses:
        raise Refused(f"host {host} does not resolve")
    if host not in allowed_hosts:
        for text in addresses:
            reason = refusal(ipaddress.ip_address(text.split("%")[0]))
            if reason is not None:
                raise Refused(f"host {host} resolves to {reason} ({text})")
    return Target(scheme, host, port, path, addresses[0])


def refusal(address: IPAddress) -> str | None:
    """Why an address may not receive deliveries, or None for a public one."""
    address = _embedded(address)
    if address in METADATA:
        return "a cloud metadata address"
    for test, kind in KINDS:
        if getattr(address, test):
            return f"a {kind} address"
    if not address.is_global:
        return "an address that is not public"
    return None


def _embedded(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address
