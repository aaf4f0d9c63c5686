"""check_url: only http(s), and no private/loopback/... address in any spelling."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest

from briefing.fetch.urlsafety import check_url, check_url_resolved, parse_ipv4

LOOPBACK_SPELLINGS = [
    "http://127.0.0.1/",
    "http://127.0.0.1:8080/feed",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://0177.1/",
    "http://127.1/",
    "http://127.0.1/",
    "http://127.255.255.254/",
    "http://[::1]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::127.0.0.1]/",
    "http://localhost/",
    "http://LOCALHOST:80/",
    "http://localhost./",
    "http://foo.localhost/",
    "http://ip6-localhost/",
    "https://127.0.0.1./",
    "http://user:pw@127.0.0.1/",
    "http://１２７.０.０.１/",  # full-width digits: browsers map them to ASCII
    "http://127。0。0。1/",  # ideographic full stops
    "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
    "http://[64:ff9b::7f00:1]/",  # NAT64 around 127.0.0.1
    "HTTP://127.0.0.1/",
]

OTHER_REFUSED = [
    ("http://10.0.0.1/", "private"),
    ("http://10.1/", "private"),
    ("http://172.16.5.4/", "private"),
    ("http://192.168.1.1/", "private"),
    ("http://0xc0.0xa8.1.1/", "private"),
    ("http://3232235777/", "private"),  # 192.168.1.1 as one number
    ("http://100.64.0.1/", "private"),  # carrier-grade NAT
    ("http://169.254.169.254/latest/meta-data/", "link-local"),  # cloud metadata
    ("http://[fe80::1]/", "link-local"),
    ("http://[fe80::1%25eth0]/", "link-local"),
    ("http://[fc00::1]/", "private"),
    ("http://224.0.0.1/", "multicast"),
    ("http://[ff02::1]/", "multicast"),
    ("http://0.0.0.0/", "unspecified"),
    ("http://0/", "unspecified"),
    ("http://[::]/", "unspecified"),
    ("http://240.0.0.1/", "reserved"),
    ("http://255.255.255.255/", "address"),
    ("http://printer.local/", "local name"),
    ("http://metadata.internal/", "local name"),
]

BAD_SYNTAX = [
    ("file:///etc/passwd", "file scheme"),
    ("FILE:///etc/passwd", "file scheme"),
    ("ftp://example.com/a", "ftp scheme"),
    ("javascript:alert(1)", "javascript scheme"),
    ("data:text/html,hi", "data scheme"),
    ("smb://server/share", "smb scheme"),
    ("gopher://127.0.0.1:25/", "gopher scheme"),
    ("//example.com/a", "no scheme"),
    ("http:///path", "no host"),
    ("http://1.2.3.4.5/", "invalid numeric host"),
    ("http://08.0.0.1/", "invalid numeric host"),
    ("http://4294967296/", "invalid numeric host"),
    ("http://256.1.1.1/", "invalid numeric host"),
    ("http://example.123/", "invalid numeric host"),
    ("http://%31%32%37.0.0.1/", "percent-encoded"),
    ("http://evil.example\\@127.0.0.1/", "backslash"),
    ("http://exa mple.com/", "spaces"),
    ("http://example.com:99999/", "malformed"),
    ("http://[::1/", "malformed"),
    ("", "empty"),
]

ALLOWED = [
    "http://example.com/news/1",
    "https://example.com./a?b=c#d",
    "https://news.example.co.uk:8443/a",
    "http://8.8.8.8/",
    "http://134744072/",  # 8.8.8.8 as one number: odd, but public
    "https://[2001:4860:4860::8888]/",
    "https://bücher.example/",
    "http://127.0.0.1@example.com/",  # userinfo, host is example.com
]


@pytest.mark.parametrize("url", LOOPBACK_SPELLINGS)
def test_loopback_refused_in_every_spelling(url: str) -> None:
    reason = check_url(url)
    assert reason is not None
    assert "loopback" in reason or "local name" in reason


@pytest.mark.parametrize(("url", "why"), OTHER_REFUSED)
def test_private_and_special_addresses_refused(url: str, why: str) -> None:
    reason = check_url(url)
    assert reason is not None and why in reason


@pytest.mark.parametrize(("url", "why"), BAD_SYNTAX)
def test_bad_schemes_and_hosts_refused(url: str, why: str) -> None:
    reason = check_url(url)
    assert reason is not None and why in reason
    # allowing private addresses never allows another scheme or a malformed host
    assert check_url(url, allow_private=True) is not None


@pytest.mark.parametrize("url", ALLOWED)
def test_public_urls_allowed(url: str) -> None:
    assert check_url(url) is None


@pytest.mark.parametrize("url", LOOPBACK_SPELLINGS[:14] + [u for u, _ in OTHER_REFUSED[:12]])
def test_allow_private_lets_addresses_through(url: str) -> None:
    assert check_url(url, allow_private=True) is None


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.258", "10.0.1.2"),
        ("0x0a.0.0x1.02", "10.0.1.2"),
        ("1.2.3.4.", "1.2.3.4"),
    ],
)
def test_parse_ipv4_reads_inet_aton_forms(host: str, expected: str) -> None:
    assert parse_ipv4(host) == ipaddress.IPv4Address(expected)


def test_parse_ipv4_names_and_invalid() -> None:
    assert parse_ipv4("example.com") is None
    assert parse_ipv4("1.example") is None
    assert parse_ipv4("1.2.3.4.5") is False
    assert parse_ipv4("0x100.1.1.1") is False


async def test_resolved_name_pointing_at_loopback_is_refused() -> None:
    async def resolve(host: str) -> list[str]:
        assert host == "innocent.example"
        return ["93.184.216.34", "127.0.0.1"]  # one bad address among good ones is enough

    reason = await check_url_resolved("http://innocent.example/a", resolve=resolve)
    assert reason is not None and "loopback" in reason and "innocent.example" in reason


async def test_resolved_name_pointing_at_mapped_ipv6_loopback_is_refused() -> None:
    async def resolve(host: str) -> list[str]:
        return ["::ffff:127.0.0.1"]

    assert "loopback" in (await check_url_resolved("http://x.example/", resolve=resolve) or "")


async def test_resolved_public_name_allowed() -> None:
    async def resolve(host: str) -> list[str]:
        return ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"]

    assert await check_url_resolved("https://public.example/", resolve=resolve) is None


async def test_slow_resolution_times_out() -> None:
    async def resolve(host: str) -> list[str]:
        await asyncio.sleep(5)
        return ["93.184.216.34"]

    reason = await check_url_resolved("https://slow.example/", resolve=resolve, timeout=0.2)
    assert reason is not None and "did not resolve" in reason


async def test_unresolvable_name_refused_by_system_resolver() -> None:
    # .invalid is reserved (RFC 2606) and never resolves.
    reason = await check_url_resolved("https://no-such-host.invalid/", timeout=5)
    assert reason is not None and "resolve" in reason


async def test_resolved_check_still_refuses_literals_and_schemes() -> None:
    assert "loopback" in (await check_url_resolved("http://2130706433/") or "")
    assert "scheme" in (await check_url_resolved("file:///etc/passwd") or "")
    assert await check_url_resolved("http://127.0.0.1/", allow_private=True) is None
