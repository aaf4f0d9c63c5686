"""The fetcher's httpx client runs on asyncio streams: plain HTTP, TLS, keep-alive and failures behave."""

from __future__ import annotations

import shutil
import ssl
import subprocess

import httpx
import pytest
from pytest_httpserver import HTTPServer

from briefing.fetch.http import Fetcher, make_client
from briefing.fetch.netbackend import AsyncioBackend, use_asyncio_streams
from tests.fetch_support import SETTINGS, rss


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl not installed")
    d = tmp_path_factory.mktemp("tls")
    key, cert = d / "key.pem", d / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    return key, cert


@pytest.fixture
def tls_server(certificate):
    key, cert = certificate
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    srv = HTTPServer(host="127.0.0.1", port=0, ssl_context=ctx, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    srv.stop()


def test_the_fetchers_client_uses_asyncio_streams():
    client = make_client(SETTINGS)
    assert isinstance(client._transport._pool._network_backend, AsyncioBackend)
    assert use_asyncio_streams(httpx.AsyncClient(transport=httpx.MockTransport(lambda r: None))) is False


async def test_plain_http_and_keep_alive_on_asyncio_streams(server):
    server.expect_request("/feed").respond_with_data(rss(items=2), content_type="application/rss+xml")
    async with Fetcher(SETTINGS) as fetcher:
        first = await fetcher.fetch(server.url_for("/feed"))
        second = await fetcher.fetch(server.url_for("/feed"))
    assert first.ok and second.ok and first.body == second.body == rss(items=2)


async def test_https_with_a_trusted_certificate(tls_server, certificate):
    tls_server.expect_request("/feed").respond_with_data(rss(items=3), content_type="application/rss+xml")
    ctx = ssl.create_default_context(cafile=str(certificate[1]))
    client = httpx.AsyncClient(verify=ctx)
    assert use_asyncio_streams(client)
    async with client, Fetcher(SETTINGS, client=client) as fetcher:
        result = await fetcher.fetch(tls_server.url_for("/feed"))
    assert result.error is None and result.body == rss(items=3)


async def test_https_with_an_untrusted_certificate_is_a_one_line_error(tls_server):
    tls_server.expect_request("/feed").respond_with_data(rss(), content_type="application/rss+xml")
    async with Fetcher(SETTINGS) as fetcher:
        result = await fetcher.fetch(tls_server.url_for("/feed"))
    assert result.body is None and result.error is not None
    assert "\n" not in result.error and ("TLS" in result.error or "certificate" in result.error.lower())


async def test_a_refused_connection_is_reported_as_such():
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with Fetcher(SETTINGS) as fetcher:
        result = await fetcher.fetch(f"http://127.0.0.1:{port}/feed")
    assert result.error == "connection refused"
