"""Is a page url safe to fetch? Only http(s), and (by default) only public addresses.

Article links come from feeds, i.e. from strangers: a link to `http://127.0.0.1:631/` or to a cloud metadata
address must not make briefing a proxy into the user's machine or network. As Miniflux and FreshRSS do,
private, loopback, link-local, multicast, unspecified and reserved addresses are refused unless the user
allows them.

Hostnames are read the way browsers and libc's ``inet_aton`` read them, so every spelling of an address is
caught: ``2130706433``, ``0x7f.1``, ``0177.0.0.1``, ``127.1``, ``[::ffff:127.0.0.1]``, full-width digits, a
trailing dot. Names are refused when they are `localhost`-like; :func:`check_url_resolved` also resolves a
name (with a timeout) and checks every address it maps to.

Known limit (time of check to time of use): the HTTP client resolves the name again when it connects, so a
hostile DNS server answering a public address to us and a private one a moment later (DNS rebinding) is not
caught. Pinning the checked address into the connection would close this; we accept the gap, as the checks
here already stop every link that names or plainly resolves to a private address.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Names that always mean this machine, whatever DNS says.
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "localdomain"}
_LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".home.arpa", ".localdomain")
_NUMBER = re.compile(r"^(?:0[xX][0-9a-fA-F]*|[0-9]+)$")
_DOTS = re.compile("[.\u3002\uff0e\uff61]")

_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")


def parse_ipv4(host: str) -> ipaddress.IPv4Address | bool | None:
    """Read `host` as the WHATWG URL standard (and inet_aton) reads an IPv4 address.

    Returns the address; None when the host is a name; False when it looks numeric but is not a valid
    address (a browser refuses such a url, so do we). Parts may be decimal, octal (leading 0) or hex (0x);
    with fewer than four parts the last one fills the remaining bytes (``127.1`` is ``127.0.0.1``,
    ``2130706433`` is one number).
    """
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not parts or not _NUMBER.match(parts[-1]):
        return None  # the last label is not a number: a domain name
    if len(parts) > 4 or not all(_NUMBER.match(p) for p in parts):
        return False
    values: list[int] = []
    for p in parts:
        if p[:2].lower() == "0x":
            values.append(int(p[2:], 16) if p[2:] else 0)
        elif len(p) > 1 and p.startswith("0"):
            if not re.fullmatch(r"[0-7]+", p):
                return False
            values.append(int(p, 8))
        else:
            values.append(int(p))
    *head, last = values
    if any(v > 255 for v in head) or last >= 256 ** (5 - len(values)):
        return False
    number = last
    for i, v in enumerate(head):
        number += v << (8 * (3 - i))
    return ipaddress.IPv4Address(number)


def address_refusal(ip: IPAddress) -> str | None:
    """Why an address must not be fetched (private, loopback, ...), or None when it is public."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is None and int(ip) >> 32 == 0 and int(ip) > 1:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)  # deprecated IPv4-compatible ::a.b.c.d
        if embedded is not None and (reason := address_refusal(embedded)):
            return reason
    kinds = (
        ("loopback", ip.is_loopback),
        ("unspecified", ip.is_unspecified),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private or (isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED)),
    )
    for name, hit in kinds:
        if hit:
            return f"{ip} is {'an' if name[0] in 'aeiou' else 'a'} {name} address"
    if not ip.is_global:
        return f"{ip} is not a public address"
    return None


def _host_of(url: str) -> tuple[str | None, str | None]:
    """(host, None) or (None, refusal reason)."""
    if not isinstance(url, str) or not url:
        return None, "empty url"
    if any(c.isspace() or ord(c) < 0x20 or c == "\\" for c in url):
        return None, "url contains spaces, control characters or backslashes"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        return None, f"malformed url ({exc})"
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        return None, f"{scheme or 'no'} scheme (only http and https)"
    if not host:
        return None, "url has no host"
    if "%" in host and not parts.netloc.count("["):
        return None, "percent-encoded host"
    return host, None


def _normalise_host(host: str) -> tuple[str | None, str | None]:
    if "%" in host:  # IPv6 zone id: fe80::1%eth0
        host = host.split("%", 1)[0]
    if not host.isascii():
        try:
            # The IDNA mapping turns full-width digits and ideographic dots into ASCII, as browsers do.
            host = ".".join(label.encode("idna").decode("ascii") if label else "" for label in _DOTS.split(host))
        except UnicodeError:
            return None, "invalid international host name"
    return host.lower(), None


def host_refusal(host: str, *, allow_private: bool = False) -> str | None:
    """Why a url host (name or address literal, brackets removed) must not be fetched, or None."""
    host, reason = _normalise_host(host)
    if reason or host is None:
        return reason
    ip: IPAddress | None = None
    if ":" in host:
        try:
            ip = ipaddress.IPv6Address(host)
        except ValueError:
            return f"invalid IPv6 address {host!r}"
    else:
        v4 = parse_ipv4(host)
        if v4 is False:
            return f"invalid numeric host {host!r}"
        ip = v4 or None
    if allow_private:
        return None
    if ip is not None:
        return address_refusal(ip)
    name = host.rstrip(".")
    if not name:
        return "empty host name"
    if name in _LOCAL_NAMES or name.endswith(_LOCAL_SUFFIXES):
        return f"{name} is a local name"
    return None


def check_url(url: str, *, allow_private: bool = False) -> str | None:
    """The reason a url must not be fetched, or None when it may be (no DNS lookup; see module doc)."""
    host, reason = _host_of(url)
    if reason or host is None:
        return reason
    return host_refusal(host, allow_private=allow_private)


Resolver = Callable[[str], Awaitable[list[str]]]


async def system_resolve(host: str) -> list[str]:
    """Every address the system resolver (getaddrinfo) gives for `host`."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def check_url_resolved(
    url: str, *, allow_private: bool = False, timeout: float = 3.0, resolve: Resolver | None = None
) -> str | None:
    """:func:`check_url`, then resolve a host name (`resolve`, the system resolver by default) and check every
    address it maps to. A name that does not resolve in `timeout` seconds is refused too.
    """
    reason = check_url(url, allow_private=allow_private)
    if reason or allow_private:
        return reason
    host, _ = _host_of(url)
    assert host is not None
    host, _ = _normalise_host(host)
    if host is None or ":" in host or parse_ipv4(host):
        return None  # a literal address, already checked
    try:
        async with asyncio.timeout(timeout):
            addresses = await (resolve or system_resolve)(host.rstrip("."))
    except TimeoutError:
        return f"{host} did not resolve within {timeout:g}s"
    except (OSError, UnicodeError) as exc:
        return f"cannot resolve {host} ({exc.strerror if isinstance(exc, OSError) else exc})"
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return f"{host} resolved to an unreadable address"
        if why := address_refusal(ip):
            return f"{why} ({host} resolves to it)"
    return None if addresses else f"{host} has no address"
