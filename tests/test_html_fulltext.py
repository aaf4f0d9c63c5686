"""Full text on demand, against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import re
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from briefing.config import Settings
from briefing.fetch.fulltext import fetch_full_text
from briefing.fetch.urlsafety import check_url
from briefing.model import Article, Block

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
PAGE = (FIXTURES / "ferry-jsonld.html").read_bytes()
NO_TEXT = (FIXTURES.parent / "bad" / "no-text.html").read_bytes()

LOCAL = Settings(allow_private_addresses=True, feed_deadline=5.0, connect_timeout=2.0, read_timeout=2.0)


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    yield srv
    srv.clear()
    if srv.is_running():
        srv.stop()


@pytest.fixture
def http(server: HTTPServer) -> Iterator[HTTPServer]:
    server.clear()
    yield server
    server.clear()


def teaser(url: str) -> Article:
    return Article(
        id="feed-entry-1",
        title="Ferry back on the river",
        source="Valley Ledger feed",
        blocks=(Block("The ferry is back. Read the full story on our site."),),
        published=datetime(2024, 5, 3, 6, 0, tzinfo=UTC),
        url=url,
        feed="https://ledger.example.org/feed.xml",
    )


async def test_page_fetched_and_extracted(http: HTTPServer) -> None:
    http.expect_request("/story").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    original = teaser(http.url_for("/story"))
    result = await fetch_full_text(original, settings=LOCAL)
    assert result.error is None
    a = result.article
    assert a is not None and a.full_text
    assert (a.id, a.feed, a.published, a.url) == (original.id, original.feed, original.published, original.url)
    assert a.title == "Ferry returns to the Wend after six years"  # the headline the page states
    assert a.text.startswith("The chain ferry that once carried farmers")
    assert any(b.kind == "list_item" for b in a.blocks) and any(b.kind == "heading" for b in a.blocks)
    assert "COMMENT-LEAK" not in a.text and "SCRIPT-LEAK" not in a.text
    assert a.author == "Mara Okonkwo, Tomas Reyes"  # the feed had none: the page's
    assert a.credit == "Lars Whitcombe"
    assert original.text.startswith("The ferry is back")  # the original is not changed
    assert not original.full_text


async def test_feed_title_kept_when_the_page_states_none(http: HTTPServer) -> None:
    untitled = re.sub(rb"<title>.*?</title>|<h1>.*?</h1>", b"", PAGE)
    untitled = re.sub(rb'<script type="application/ld\+json">.*?</script>', b"", untitled, flags=re.S)
    http.expect_request("/story").respond_with_data(untitled, content_type="text/html")
    result = await fetch_full_text(teaser(http.url_for("/story")), settings=LOCAL)
    assert result.article is not None and result.article.full_text
    assert result.article.title == "Ferry back on the river"


async def test_page_title_used_when_the_article_has_none(http: HTTPServer) -> None:
    http.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    original = teaser(http.url_for("/story"))
    original.title = ""
    result = await fetch_full_text(original, settings=LOCAL)
    assert result.article is not None
    assert result.article.title == "Ferry returns to the Wend after six years"


async def test_local_server_refused_by_default(http: HTTPServer) -> None:
    http.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    result = await fetch_full_text(teaser(http.url_for("/story")), settings=Settings())
    assert result.article is None
    assert result.error is not None and "127.0.0.1 is a loopback address" in result.error
    assert "\n" not in result.error
    assert http.log == []  # refused before any request was sent


async def test_redirects_followed_by_hand(http: HTTPServer) -> None:
    http.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/middle"})
    http.expect_request("/middle").respond_with_data("", status=302, headers={"Location": http.url_for("/story")})
    http.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    result = await fetch_full_text(teaser(http.url_for("/old")), settings=LOCAL)
    assert result.error is None and result.article is not None
    assert result.article.extra["page_url"] == http.url_for("/story")
    assert [req.path for req, _ in http.log] == ["/old", "/middle", "/story"]


async def test_redirect_to_file_url_refused(http: HTTPServer) -> None:
    http.expect_request("/story").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    result = await fetch_full_text(teaser(http.url_for("/story")), settings=LOCAL)
    assert result.article is None
    assert result.error is not None and "refused redirect to file:///etc/passwd" in result.error


async def test_redirect_to_private_address_refused_at_the_hop(http: HTTPServer) -> None:
    """The first url is allowed; its redirect to 127.0.0.1 (spelled as one number) is refused unsent."""
    origin = http.url_for("/")
    checked: list[str] = []

    async def only_this_server(url: str) -> str | None:
        checked.append(url)
        return None if url.startswith(origin) else check_url(url)

    target = f"http://2130706433:{http.port}/secret"
    http.expect_request("/story").respond_with_data("", status=307, headers={"Location": target})
    http.expect_request("/secret").respond_with_data(PAGE, content_type="text/html")
    result = await fetch_full_text(teaser(http.url_for("/story")), settings=Settings(), url_check=only_this_server)
    assert result.article is None
    assert "redirect" in (result.error or "") and "127.0.0.1 is a loopback address" in (result.error or "")
    assert [req.path for req, _ in http.log] == ["/story"]
    assert checked == [http.url_for("/story"), target]


async def test_redirect_loop_stops(http: HTTPServer) -> None:
    http.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    http.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result = await fetch_full_text(teaser(http.url_for("/a")), settings=LOCAL)
    assert result.article is None
    assert "more than 5 redirects" in (result.error or "") or "redirect loop" in (result.error or "")
    assert len(http.log) <= 6


async def test_huge_page_capped(http: HTTPServer) -> None:
    body = b"<html><body>" + b"<p>" + b"lorem ipsum dolor sit amet " * 50_000 + b"</p></body></html>"

    def chunked(_request: Request) -> Response:  # no Content-Length: the cap must hold while reading
        return Response((body[i : i + 65536] for i in range(0, len(body), 65536)), content_type="text/html")

    http.expect_request("/big").respond_with_handler(chunked)
    settings = Settings(allow_private_addresses=True, max_bytes=256 * 1024)
    result = await fetch_full_text(teaser(http.url_for("/big")), settings=settings)
    assert result.article is None and "response over 0.25 MB" in (result.error or "")


async def test_gzip_bomb_capped(http: HTTPServer) -> None:
    bomb = gzip.compress(b"<html><body><p>" + b"a" * (64 * 1024 * 1024) + b"</p></body></html>")
    assert len(bomb) < 200_000
    http.expect_request("/bomb").respond_with_data(bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    settings = Settings(allow_private_addresses=True, max_bytes=1024 * 1024)
    result = await fetch_full_text(teaser(http.url_for("/bomb")), settings=settings)
    assert result.article is None and "response over 1 MB" in (result.error or "")


async def test_gzip_page_read(http: HTTPServer) -> None:
    http.expect_request("/gz").respond_with_data(
        gzip.compress(PAGE), content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    result = await fetch_full_text(teaser(http.url_for("/gz")), settings=LOCAL)
    assert result.article is not None and "chain ferry" in result.article.text


async def test_page_that_never_finishes_hits_the_deadline(http: HTTPServer) -> None:
    stop = threading.Event()

    def trickle(_request: Request) -> Response:
        def body() -> Iterator[bytes]:
            yield b"<html><body><p>"
            while not stop.is_set():
                time.sleep(0.1)
                yield b"x"

        return Response(body(), content_type="text/html")

    http.expect_request("/slow").respond_with_handler(trickle)
    settings = Settings(allow_private_addresses=True, feed_deadline=1.0, read_timeout=5.0)
    started = time.monotonic()
    try:
        result = await fetch_full_text(teaser(http.url_for("/slow")), settings=settings)
    finally:
        stop.set()
    assert time.monotonic() - started < 4.0
    assert result.article is None and "timed out after 1 s" in (result.error or "")


async def test_page_with_no_text_keeps_the_teaser(http: HTTPServer) -> None:
    http.expect_request("/empty").respond_with_data(NO_TEXT, content_type="text/html")
    result = await fetch_full_text(teaser(http.url_for("/empty")), settings=LOCAL)
    assert result.article is None and "no article text" in (result.error or "")


@pytest.mark.parametrize(
    ("status", "content_type", "why"),
    [(404, "text/html", "HTTP 404"), (500, "text/html", "HTTP 500"), (200, "image/png", "not a web page")],
)
async def test_http_errors_and_wrong_types(http: HTTPServer, status: int, content_type: str, why: str) -> None:
    http.expect_request("/x").respond_with_data(b"\x89PNG....", status=status, content_type=content_type)
    result = await fetch_full_text(teaser(http.url_for("/x")), settings=LOCAL)
    assert result.article is None and why in (result.error or "")


async def test_unknown_or_damaged_encoding_refused(http: HTTPServer) -> None:
    http.expect_request("/zz").respond_with_data(
        b"\x00\x01", content_type="text/html", headers={"Content-Encoding": "x-unknown"}
    )
    http.expect_request("/gz").respond_with_data(
        b"not gzip at all", content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    for path in ("/zz", "/gz"):
        result = await fetch_full_text(teaser(http.url_for(path)), settings=LOCAL)
        assert result.article is None and result.error and "\n" not in result.error


async def test_article_without_link_and_closed_port() -> None:
    no_link = teaser("")
    no_link.url = None
    assert (await fetch_full_text(no_link, settings=LOCAL)).error == "this article has no link to fetch"
    # a port nobody listens on: a one-line connection error
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = await fetch_full_text(teaser(f"http://127.0.0.1:{port}/x"), settings=LOCAL)
    assert result.article is None and result.error and "connect" in result.error.lower()


async def test_shared_fetcher_object_used_for_several_pages(http: HTTPServer) -> None:
    from briefing.fetch.http import Fetcher

    http.expect_request("/one").respond_with_data(PAGE, content_type="text/html")
    http.expect_request("/two").respond_with_data(NO_TEXT, content_type="text/html")
    async with Fetcher(LOCAL) as fetcher:
        one = await fetch_full_text(teaser(http.url_for("/one")), settings=LOCAL, fetcher=fetcher)
        two = await fetch_full_text(teaser(http.url_for("/two")), settings=LOCAL, fetcher=fetcher)
    assert one.article is not None and one.article.full_text
    assert two.article is None and "no article text" in (two.error or "")


async def test_refresh_full_text_hook_fills_new_articles(http: HTTPServer) -> None:
    """The refresh's per-feed full text goes through fetch_full_text with a callable fetcher."""
    from briefing.fetch.http import Fetcher
    from briefing.fetch.refresh import _default_full_text

    run = _default_full_text()
    assert run is not None
    http.expect_request("/story").respond_with_data(PAGE, content_type="text/html")
    http.expect_request("/gone").respond_with_data("gone", status=404)
    articles = [teaser(http.url_for("/story")), teaser(http.url_for("/gone"))]
    async with Fetcher(LOCAL) as fetcher:
        out = await run(articles, fetcher, LOCAL)
    assert out[0].full_text and out[0].text.startswith("The chain ferry")
    assert out[1] is articles[1]  # failed page: the teaser stays

    # by default the refresh refuses the local server, at the first url
    async with Fetcher(Settings()) as fetcher:
        out = await run([teaser(http.url_for("/story"))], fetcher, Settings())
    assert not out[0].full_text
