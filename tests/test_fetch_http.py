"""The fetcher against a real HTTP server on 127.0.0.1: statuses, redirects, limits, bombs, deadlines."""

from __future__ import annotations

import gzip
import threading
import time
import tracemalloc
import zlib

import pytest
from werkzeug import Request, Response

from briefing import __version__
from briefing.config import Settings
from briefing.fetch.http import Fetcher, parse_retry_after
from tests.fetch_support import rss, serve, trickle

FAST = Settings(connect_timeout=2.0, read_timeout=2.0, feed_deadline=3.0)


async def fetch(url: str, settings: Settings = FAST, **kwargs):
    async with Fetcher(settings, retry_backoff=0.05) as f:
        return await f.fetch(url, **kwargs)


async def test_200_returns_body_validators_and_user_agent(server):
    seen = {}

    def handler(request: Request) -> Response:
        seen["ua"] = request.headers.get("User-Agent")
        seen["ae"] = request.headers.get("Accept-Encoding")
        return Response(rss(), headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jun 2026 10:00:00 GMT"})

    server.expect_request("/feed").respond_with_handler(handler)
    r = await fetch(server.url_for("/feed"))
    assert r.ok and r.status == 200 and r.body == rss()
    assert r.etag == '"v1"' and r.last_modified == "Mon, 01 Jun 2026 10:00:00 GMT"
    assert seen["ua"] == f"briefing/{__version__} (+terminal news reader)"
    assert "gzip" in seen["ae"]


async def test_304_with_validators(server):
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            assert request.headers.get("If-Modified-Since") == "Mon, 01 Jun 2026 10:00:00 GMT"
            return Response(status=304)
        return Response(rss(), headers={"ETag": '"v1"'})

    server.expect_request("/feed").respond_with_handler(handler)
    first = await fetch(server.url_for("/feed"))
    assert first.status == 200
    r = await fetch(server.url_for("/feed"), etag=first.etag, last_modified="Mon, 01 Jun 2026 10:00:00 GMT")
    assert r.not_modified and r.body is None and r.error is None
    assert r.etag == '"v1"'  # kept when the 304 does not repeat it


async def test_redirect_chain_is_followed(server):
    for a, b in (("/r1", "/r2"), ("/r2", "r3"), ("/r3", "/feed")):
        server.expect_request(a).respond_with_data("", status=302, headers={"Location": b})
    server.expect_request("/feed").respond_with_data(rss())
    r = await fetch(server.url_for("/r1"))
    assert r.ok and r.final_url == server.url_for("/feed")
    assert not r.permanent_redirect


async def test_permanent_redirect_is_reported(server):
    server.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/new"})
    server.expect_request("/new").respond_with_data(rss())
    r = await fetch(server.url_for("/old"))
    assert r.ok and r.permanent_redirect and r.final_url.endswith("/new")


async def test_redirect_loop(server):
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=307, headers={"Location": "/a"})
    r = await fetch(server.url_for("/a"))
    assert r.error == "redirect loop" and r.body is None


async def test_too_many_redirects(server):
    for i in range(8):
        server.expect_request(f"/h{i}").respond_with_data("", status=302, headers={"Location": f"/h{i + 1}"})
    r = await fetch(server.url_for("/h0"))
    assert r.error == "more than 5 redirects"


async def test_redirect_to_file_is_refused(server):
    server.expect_request("/evil").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    r = await fetch(server.url_for("/evil"))
    assert r.error is not None and r.error.startswith("refused redirect to file:///etc/passwd")


async def test_url_check_hook_vets_every_hop(server):
    server.expect_request("/start").respond_with_data("", status=302, headers={"Location": "http://localhost:1/secret"})
    checked = []

    def check(url: str) -> str | None:
        checked.append(url)
        return "private address" if "localhost" in url else None

    r = await fetch(server.url_for("/start"), url_check=check)
    assert checked == [server.url_for("/start"), "http://localhost:1/secret"]
    assert r.error == "refused redirect to http://localhost:1/secret (private address)"


async def test_non_http_url_is_refused_without_a_request():
    r = await fetch("file:///etc/passwd")
    assert r.error == "refused file:///etc/passwd: not an http(s) url" and r.status is None


@pytest.mark.parametrize(("status", "line"), [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone")])
async def test_client_errors_are_one_line_and_not_retried(server, status, line):
    server.expect_request("/gone").respond_with_data("nope", status=status)
    r = await fetch(server.url_for("/gone"))
    assert r.error == line and r.status == status and r.body is None
    assert len(server.log) == 1


async def test_500_then_success_is_retried_once(server):
    server.expect_oneshot_request("/flaky").respond_with_data("boom", status=500)
    server.expect_request("/flaky").respond_with_data(rss())
    r = await fetch(server.url_for("/flaky"))
    assert r.ok and r.status == 200 and len(server.log) == 2


async def test_500_twice_fails_after_one_retry(server):
    server.expect_request("/down").respond_with_data("boom", status=503)
    r = await fetch(server.url_for("/down"))
    assert r.error == "HTTP 503 Service Unavailable" and len(server.log) == 2


async def test_429_short_retry_after_is_waited_for(server):
    server.expect_oneshot_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "1"})
    server.expect_request("/busy").respond_with_data(rss())
    t = time.monotonic()
    r = await fetch(server.url_for("/busy"))
    assert r.ok and time.monotonic() - t >= 0.95


async def test_429_long_retry_after_is_reported_not_waited(server):
    server.expect_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    t = time.monotonic()
    r = await fetch(server.url_for("/busy"))
    assert time.monotonic() - t < 1.5
    assert r.error == "HTTP 429 Too Many Requests (retry after 3600 s)" and r.retry_after == 3600
    assert len(server.log) == 1


def test_parse_retry_after_forms():
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480 - 60) == 60
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


async def test_trickling_server_hits_the_total_deadline(server):
    server.expect_request("/slow").respond_with_response(
        Response(trickle(40, 0.25), headers={"Content-Type": "application/rss+xml"})
    )
    settings = Settings(connect_timeout=2.0, read_timeout=2.0, feed_deadline=1.5)
    t = time.monotonic()
    r = await fetch(server.url_for("/slow"), settings)
    elapsed = time.monotonic() - t
    assert r.error == "timed out after 1.5 s" and r.body is None
    assert elapsed < 2.5


async def test_body_over_the_cap_without_length(server):
    def chunks():
        for _ in range(40):
            yield b"x" * 65536

    server.expect_request("/big").respond_with_response(Response(chunks()))
    r = await fetch(server.url_for("/big"), Settings(max_bytes=1024 * 1024))
    assert r.error == "response over 1 MB" and r.body is None


async def test_body_over_the_cap_by_content_length(server):
    server.expect_request("/big").respond_with_data(b"x" * (2 * 1024 * 1024))
    r = await fetch(server.url_for("/big"), Settings(max_bytes=1024 * 1024))
    assert r.error == "response over 1 MB"


def _bomb(data_size: int, encoding: str) -> bytes:
    zeros = b"\0" * data_size
    if encoding == "gzip":
        return gzip.compress(zeros, compresslevel=9)
    if encoding == "deflate":
        return zlib.compress(zeros, 9)
    import brotli

    return brotli.compress(zeros, quality=5)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
async def test_compression_bomb_is_stopped_at_the_cap_with_bounded_memory(server, encoding):
    body = _bomb(200 * 1024 * 1024, encoding)
    assert len(body) < 1024 * 1024
    server.expect_request("/bomb").respond_with_data(body, headers={"Content-Encoding": encoding})
    tracemalloc.start()
    try:
        r = await fetch(server.url_for("/bomb"), Settings(max_bytes=2 * 1024 * 1024))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert r.error == "response over 2 MB" and r.body is None
    assert peak < 12 * 1024 * 1024, peak


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "gzip, br"])
async def test_compressed_body_is_decoded(server, encoding):
    import brotli

    data = rss(items=20)
    body = data
    for enc in [e.strip() for e in encoding.split(",")]:
        body = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[enc](body)
    server.expect_request("/z").respond_with_data(body, headers={"Content-Encoding": encoding})
    r = await fetch(server.url_for("/z"))
    assert r.ok and r.body == data


async def test_raw_deflate_is_decoded(server):
    c = zlib.compressobj(wbits=-15)
    body = c.compress(rss()) + c.flush()
    server.expect_request("/z").respond_with_data(body, headers={"Content-Encoding": "deflate"})
    r = await fetch(server.url_for("/z"))
    assert r.body == rss()


async def test_corrupt_gzip_and_unknown_encoding_are_one_line_errors(server):
    server.expect_request("/bad").respond_with_data(b"not gzip at all", headers={"Content-Encoding": "gzip"})
    server.expect_request("/zstd").respond_with_data(b"??", headers={"Content-Encoding": "zstd"})
    bad = await fetch(server.url_for("/bad"))
    assert bad.error is not None and bad.error.startswith("corrupt compressed body")
    z = await fetch(server.url_for("/zstd"))
    assert z.error == "unsupported content encoding 'zstd'"


async def test_connection_refused_is_one_line():
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    r = await fetch(f"http://127.0.0.1:{port}/feed")
    assert r.error == "connection refused" and "\n" not in r.error


async def test_per_host_and_total_concurrency_are_bounded(server):
    lock = threading.Lock()
    state = {"now": 0, "max": 0}

    def handler(request: Request) -> Response:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
        time.sleep(0.15)
        with lock:
            state["now"] -= 1
        return Response(rss(items=1))

    server.expect_request("/feed").respond_with_handler(handler)
    import asyncio

    settings = Settings(concurrency=16, per_host_connections=2)
    async with Fetcher(settings) as f:
        results = await asyncio.gather(*(f.fetch(server.url_for("/feed") + f"?n={i}") for i in range(8)))
    assert all(r.ok for r in results)
    assert state["max"] == 2


async def test_a_busy_host_does_not_starve_other_hosts(server):
    import asyncio

    def slow(request: Request) -> Response:
        time.sleep(0.3)
        return Response(rss(items=1))

    server.expect_request("/slow").respond_with_handler(slow)
    other_gen = serve()
    other = next(other_gen)
    try:
        other.expect_request("/quick").respond_with_data(rss(items=1))
        settings = Settings(concurrency=3, per_host_connections=1)
        async with Fetcher(settings) as f:
            busy = [asyncio.create_task(f.fetch(server.url_for("/slow") + f"?n={i}")) for i in range(6)]
            await asyncio.sleep(0.05)
            t = time.monotonic()
            quick = await f.fetch(other.url_for("/quick"))
            waited = time.monotonic() - t
            await asyncio.gather(*busy)
        assert quick.ok and waited < 0.25, waited
    finally:
        other_gen.close()
