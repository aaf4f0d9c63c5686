"""Live feeds in the app, served by a real HTTP server on 127.0.0.1: opening a URL, refreshing, the feeds view,
full text on demand."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import settle
from pytest_httpserver import HTTPServer
from werkzeug import Response

from briefing.ui.screens.feeds_screen import FeedsScreen


def rss(title: str, items: list[tuple[str, str, str]]) -> str:
    body = "".join(
        f"<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>{date}</pubDate>"
        f"<description>&lt;p&gt;Teaser for {t}.&lt;/p&gt;</description></item>"
        for t, link, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{body}</channel></rss>'


ITEMS = [
    ("Tide tables updated for winter", "/tides", "Mon, 23 Nov 2026 08:00:00 GMT"),
    ("Lighthouse open day draws crowds", "/lighthouse", "Sun, 22 Nov 2026 12:00:00 GMT"),
]
PAGE = """<html><head><title>Tide tables updated for winter</title>
<meta property="og:site_name" content="Harbour Post"></head><body><nav>Home | News</nav>
<article><h1>Tide tables updated for winter</h1>
<p>The harbour office published new tide tables on Monday, covering December to March.</p>
<p>Harbour master Ruth Kell said the tables now include the new outer basin, which opened in October.</p>
<p>"Skippers asked for one table for both basins, and now they have it," Kell said.</p>
</article><footer>Copyright</footer></body></html>"""


def write_config(text: str) -> None:
    path = Path(os.environ["BRIEFING_CONFIG"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def feed_items(server: HTTPServer) -> list[tuple[str, str, str]]:
    return [(t, server.url_for(p), d) for t, p, d in ITEMS]


async def test_briefing_url_opens_one_feed_without_config(make_test_app, httpserver: HTTPServer):
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss("Harbour Post", feed_items(httpserver)), content_type="application/rss+xml"
    )
    app = make_test_app([httpserver.url_for("/feed.xml")])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [h.title for h in app.visible] == [t for t, _, _ in ITEMS]
        assert app.article is not None and "Teaser for Tide tables" in app.article.text
        assert app.is_running


async def test_refresh_all_adds_new_articles_and_keeps_the_cursor(make_test_app, httpserver: HTTPServer):
    items = feed_items(httpserver)
    served = {"items": items[1:]}
    httpserver.expect_request("/a.xml").respond_with_handler(
        lambda request: Response(rss("Harbour Post", served["items"]), content_type="application/rss+xml")
    )
    httpserver.expect_request("/gone.xml").respond_with_data("gone", status=410)
    write_config(
        f'[[feeds]]\nurl = "{httpserver.url_for("/a.xml")}"\nname = "Harbour Post"\ncategory = "Local"\n\n'
        f'[[feeds]]\nurl = "{httpserver.url_for("/gone.xml")}"\nname = "Gone Gazette"\n'
    )
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # The user has feeds and the store is empty (a first run): they are fetched at once, no samples shown.
        assert [h.title for h in app.visible] == [ITEMS[1][0]]
        await pilot.press("m")  # read the one article
        await settle(pilot)
        served["items"] = items  # the feed gains an article
        await pilot.press("R")
        await settle(pilot)
        # The new article appears above, the cursor stays on the article being read, its mark is kept.
        assert [h.title for h in app.visible] == [ITEMS[0][0], ITEMS[1][0]]
        assert app.selected.title == ITEMS[1][0] and app.selected.read
        assert app.progress == ""
        # The feeds view shows both feeds, the failed one with its error; e jumps to it.
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        screen = app.screen
        names = [f.name for f in screen.feeds]
        assert names == ["Gone Gazette", "Harbour Post"]
        gone = screen.feeds[0]
        assert gone.last_status == 410 or "410" in (gone.last_error or "")
        table = screen.query_one("#feeds-table")
        table.move_cursor(row=1)
        await pilot.press("e")
        assert table.cursor_row == 0
        # c on the Harbour Post row shows its category.
        await pilot.press("j", "c")
        await settle(pilot)
        assert not isinstance(app.screen, FeedsScreen)
        assert app.view.category == "Local"
        assert [h.title for h in app.visible] == [ITEMS[0][0], ITEMS[1][0]]


async def test_full_text_on_demand(make_test_app, httpserver: HTTPServer):
    httpserver.expect_request("/feed.xml").respond_with_data(rss("Harbour Post", feed_items(httpserver)))
    httpserver.expect_request("/tides").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    # The test server lives on 127.0.0.1, which article pages may not use unless allowed.
    write_config("[settings]\nallow_private_addresses = true\n")
    app = make_test_app([httpserver.url_for("/feed.xml")])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.selected.title == ITEMS[0][0]
        teaser_facts = app.facts
        await pilot.press("t")
        await settle(pilot)
        assert app.article.full_text
        assert "Harbour master Ruth Kell" in app.article.text
        assert "Copyright" not in app.article.text
        assert app.facts is not None and app.facts != teaser_facts
        assert any(p.name == "Ruth Kell" for p in app.facts.people)


@pytest.mark.parametrize("allow", [False])
async def test_full_text_refused_for_loopback_by_default(make_test_app, httpserver: HTTPServer, allow):
    httpserver.expect_request("/feed.xml").respond_with_data(rss("Harbour Post", feed_items(httpserver)))
    app = make_test_app([httpserver.url_for("/feed.xml")])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert not app.article.full_text
        assert "Teaser for Tide tables" in app.article.text
        assert all(req.path != "/tides" for req, _ in httpserver.log)
