"""The address of the reader behind a request: one answer for the whole site
(comment rate limit, stored comment IP, admin lockouts, logs).

With no trusted proxies (TRUSTED_PROXIES unset), it is the socket's peer,
REMOTE_ADDR, and X-Forwarded-For is ignored. Behind trusted proxies, the chain
is X-Forwarded-For's entries followed by REMOTE_ADDR, and the client is the
right-most entry that is not a trusted proxy: each trusted proxy appended the
address it was contacted from, so everything right of the client is trusted and
anything a client wrote itself is left of it. A request whose peer is not a
trusted proxy (a client reaching an app server directly) gets its own address
whatever its header says.

TRUSTED_PROXIES is either a number of hops (the last N addresses of the chain are
proxies: for fleets whose proxy addresses change) or a list of addresses and
networks.

django-ipware was tried for this: its chain model counts the proxies inside
X-Forwarded-For and never checks the peer, so behind one nginx it returned no
address for a plain "X-Forwarded-For: <client>" and trusted headers sent
directly to an app server. The rule above is the one reverse proxies document.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_address(text: str) -> Address | None:
    """An address as proxies write it ("203.0.113.5", "[2001:db8::1]:443", "1.2.3.4:80"),
    or None for anything else ("unknown", garbage)."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def trusted_proxies(setting: str) -> int | tuple[Network, ...]:
    """TRUSTED_PROXIES read: a hop count, or the trusted networks."""
    setting = setting.strip()
    if not setting:
        return 0
    if setting.isdigit():
        return int(setting)
    try:
        return tuple(
            ipaddress.ip_network(entry.strip(), strict=False)
            for entry in setting.split(",")
            if entry.strip()
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from None


def client_ip(request: HttpRequest) -> str | None:
    """The reader's address, as text; None when the request carries none."""
    peer = parse_address(request.META.get("REMOTE_ADDR", ""))
    trusted = trusted_proxies(settings.TRUSTED_PROXIES)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if peer is None or not trusted or not forwarded:
        return str(peer) if peer else None
    chain = [parse_address(entry) for entry in forwarded.split(",")] + [peer]
    if isinstance(trusted, int):
        # The last `trusted` entries are proxies; the one before is the client.
        index = max(0, len(chain) - 1 - trusted)
        client = chain[index]
        return str(client) if client else str(peer)
    if not any(peer in network for network in trusted):
        return str(peer)
    for address in reversed(chain):
        if address is None:
            # Unreadable: written by someone no trusted proxy vouches for.
            break
        if not any(address in network for network in trusted):
            return str(address)
        peer = address
    # Every readable hop is a proxy: the last one we could vouch for.
    return str(peer)
