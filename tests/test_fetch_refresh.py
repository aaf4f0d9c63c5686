"""refresh() against a real server: statuses, dedup, dates, validators, hostile feeds."""

from __future__ import annotations

import pytest
from werkzeug import Request, Response

from briefing.config import FeedConfig, Settings
from briefing.fetch.parse_pool import ParsePool
from briefing.fetch.refresh import refresh
from briefing.store import Store
from tests.fetch_support import SETTINGS, rss


def stored(st: Store) -> list:
    return list(st.articles())


def last_fetch(st: Store, url: str):
    [info] = [f for f in st.feeds() if f.url == url]
    return info


@pytest.fixture
def pool():
    with ParsePool(workers=1, timeout=10.0) as p:
        yield p


async def run(store, feeds, pool, settings=SETTINGS):
    seen = []
    out = await refresh(store, feeds, settings, pool=pool, on_progress=seen.append)
    assert sorted(o.url for o in seen) == sorted(f.url for f in feeds)
    return out


async def test_new_then_not_modified_then_updated(server, pool, store):
    state = {"body": rss(items=3), "etag": '"a"'}

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == state["etag"]:
            return Response(status=304)
        return Response(state["body"], headers={"ETag": state["etag"], "Content-Type": "application/rss+xml"})

    server.expect_request("/feed").respond_with_handler(handler)
    feed = FeedConfig(server.url_for("/feed"), name="Harbour")
    [o] = await run(store, [feed], pool)
    assert (o.status, o.new, o.updated, o.unchanged, o.error) == ("new", 3, 0, 0, None)
    info = last_fetch(store, feed.url)
    assert (info.etag, info.last_modified, info.last_status, info.last_error) == ('"a"', None, 200, None)
    [o] = await run(store, [feed], pool)
    assert o.status == "unchanged" and o.http_status == 304 and o.line() == "unchanged  Harbour: not modified"
    ids = sorted(a.id for a in stored(store))
    store.set_read(ids)
    store.set_starred(ids[0])
    state["body"] = rss(items=3).replace(b"Paragraph 1 on", b"Paragraph 1, corrected, on")
    state["etag"] = '"b"'
    [o] = await run(store, [feed], pool)
    assert (o.status, o.new, o.updated, o.unchanged) == ("updated", 0, 1, 2)
    # updated in place: same ids, the new text, and the read and star marks kept
    assert sorted(a.id for a in stored(store)) == ids
    assert any("corrected" in a.text for a in stored(store))
    marks = store.marks(ids)
    assert all(m.read for m in marks.values()) and marks[ids[0]].starred


async def test_duplicates_are_dropped_and_undated_entries_get_estimated_dates(server, pool, store):
    body = rss(items=2, dated=False)
    first = body[body.index(b"<item>") : body.index(b"</item>") + 7]
    items = body.replace(
        b"</channel>",
        first.replace(b"<guid>item-0</guid>", b"")  # the same entry again, without its guid
        + b"<item><title>same link</title><link>http://example.invalid/item/1</link><description>x</description>"
        b"</item></channel>",
    )
    server.expect_request("/feed").respond_with_data(items)
    [o] = await run(store, [FeedConfig(server.url_for("/feed"))], pool)
    assert o.new == 2, o
    arts = sorted(stored(store), key=lambda a: a.published, reverse=True)
    assert all(a.published_estimated and a.published.tzinfo is not None for a in arts)
    assert [a.title for a in arts] == ["item 0 about the ferry timetable", "item 1 about the ferry timetable"]


async def test_failures_are_one_line_and_do_not_stop_others(server, pool, store):
    server.expect_request("/ok").respond_with_data(rss(items=1))
    server.expect_request("/missing").respond_with_data("no", status=404)
    server.expect_request("/page").respond_with_data(
        "<!DOCTYPE html><html><head><title>Home</title></head><body><p>Welcome</p></body></html>",
        content_type="text/html",
    )
    server.expect_request("/empty").respond_with_data(b"")
    feeds = [FeedConfig(server.url_for(p)) for p in ("/ok", "/missing", "/page", "/empty")]
    out = await run(store, feeds, pool)
    assert [o.status for o in out] == ["new", "failed", "failed", "failed"]
    assert out[1].error == "HTTP 404 Not Found"
    assert out[2].error is not None and out[2].error.startswith("not a feed")
    assert out[3].error is not None and "\n" not in out[3].error
    info = {f.url: f for f in store.feeds()}
    assert info[feeds[1].url].last_status == 404 and info[feeds[1].url].last_error == "HTTP 404 Not Found"
    # the validators of a body that could not be used are not kept (the next refresh fetches it again)
    assert info[feeds[2].url].etag is None and info[feeds[2].url].last_error == out[2].error


async def test_wrong_content_type_still_parses(server, pool, store):
    server.expect_request("/feed").respond_with_data(rss(items=2), content_type="application/octet-stream")
    [o] = await run(store, [FeedConfig(server.url_for("/feed"))], pool)
    assert o.status == "new" and o.new == 2


async def test_malformed_xml_keeps_parsed_entries_and_records_error(server, pool, store):
    body = rss(items=3)
    cut = body[: body.index(b"<item><title>item 2")] + b"<item><title>broken <b>entry</title></item></channel>"
    server.expect_request("/feed").respond_with_data(cut)
    [o] = await run(store, [FeedConfig(server.url_for("/feed"))], pool)
    assert o.status == "new" and o.new >= 2
    assert o.error is not None and "\n" not in o.error
    assert last_fetch(store, o.url).last_error == o.error


async def test_non_utf8_charset(server, pool, store):
    body = (
        '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\u00e9 news</title>'
        "<item><title>Cr\u00e8me br\u00fbl\u00e9e at the fair</title><guid>c1</guid>"
        "<description>\u00a3 prices up at the na\u00efve stall</description></item></channel></rss>"
    ).encode("latin-1")
    server.expect_request("/feed").respond_with_data(body, content_type="text/xml; charset=iso-8859-1")
    [o] = await run(store, [FeedConfig(server.url_for("/feed"))], pool)
    [art] = stored(store)
    assert o.title == "Caf\u00e9 news" and art.title == "Cr\u00e8me br\u00fbl\u00e9e at the fair"
    assert "\u00a3 prices" in art.text


BILLION = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
]>
<rss version="2.0"><channel><title>Bomb</title>
<item><title>laughs &g;</title><guid>b1</guid><description>&g;&g;&g;</description></item>
</channel></rss>"""


def quadratic_bomb() -> bytes:
    big = "q" * 20000
    refs = "&big;" * 5000
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{big}">]><rss version="2.0"><channel>'
        f"<title>Quad</title><item><title>quad</title><guid>q1</guid><description>{refs}</description></item>"
        "</channel></rss>"
    ).encode()


def external_entity(path: str) -> bytes:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{path}">]>'
        '<rss version="2.0"><channel><title>XXE</title>'
        "<item><title>leak &xxe;</title><guid>x1</guid><description>see &xxe; here</description></item>"
        "</channel></rss>"
    ).encode()


@pytest.mark.parametrize("kind", ["billion", "quadratic", "external"])
async def test_entity_bombs_and_external_entities_do_not_expand(server, pool, store, tmp_path, kind):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET-MARKER")
    body = {"billion": BILLION, "quadratic": quadratic_bomb(), "external": external_entity(str(secret))}[kind]
    server.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    [o] = await run(store, [FeedConfig(server.url_for("/feed"))], pool)
    for art in stored(store):
        assert "TOPSECRET" not in art.title + art.text
        assert len(art.title) + len(art.text) < 50_000  # expanded, it would be megabytes
        assert "aaaaaaaaaa" not in art.text and "qqqq" not in art.text
    assert o.status in ("new", "failed")


async def test_runaway_parse_is_killed_by_the_timeout(server, store):
    # Megabytes of unclosed tags: slow in feedparser's loose parser; the pool must give up in time.
    junk = b"<rss><channel>" + b"<item><title>x" * 400_000
    server.expect_request("/junk").respond_with_data(junk)
    server.expect_request("/ok").respond_with_data(rss(items=1))
    with ParsePool(workers=1, timeout=2.0) as small:
        out = await run(store, [FeedConfig(server.url_for("/junk")), FeedConfig(server.url_for("/ok"))], small)
    assert out[0].status == "failed" and out[0].error == "parsing took longer than 2 s"
    assert out[1].status == "new"


PAGE = """<!DOCTYPE html><html><head><title>Ferry timetable changes</title></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article><h1>Ferry timetable changes from June</h1>
<p>The harbour board announced on Monday that the morning ferry will leave twenty minutes earlier from the
first of June, after a long consultation with commuters and the island's two schools.</p>
<p>Board chair Ilse Varga said the change would let students reach the mainland before the first bell, and
that the evening crossing would stay at its present time through the summer season.</p>
<p>Local businesses welcomed the earlier crossing, although some fishermen asked for the cargo slot to be
kept separate from passenger traffic during the busiest weeks of the herring run.</p>
<p>The full timetable will be posted at the terminal and on the board's website by the end of the month.</p>
</article><footer>Copyright the harbour gazette</footer></body></html>"""


def _feed_linking_to(server) -> bytes:
    link = server.url_for("/story")
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
        f"<item><title>Ferry timetable changes</title><link>{link}</link><guid>s1</guid>"
        "<description>Short teaser only.</description></item></channel></rss>"
    ).encode()


@pytest.mark.parametrize("allow_private", [True, False])
async def test_full_text_per_feed(server, pool, store, allow_private):
    server.expect_request("/feed").respond_with_data(_feed_linking_to(server))
    server.expect_request("/story").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    feed = FeedConfig(server.url_for("/feed"), full_text=True)
    settings = Settings(feed_deadline=10.0, allow_private_addresses=allow_private)
    [o] = await refresh(store, [feed], settings, pool=pool)
    assert o.status == "new"
    [art] = stored(store)
    if allow_private:
        assert art.full_text and "Ilse Varga" in art.text
    else:  # the page is on a loopback address: refused, the teaser stays
        assert not art.full_text and art.text == "Short teaser only."
        assert [req.path for req, _ in server.log] == ["/feed"]


async def test_load_feed_without_a_store(server, pool):
    from briefing.fetch.refresh import load_feed

    server.expect_request("/feed").respond_with_data(rss(items=2))
    server.expect_request("/nope").respond_with_data("", status=404)
    got = await load_feed(server.url_for("/feed"), SETTINGS, pool=pool)
    assert got.error is None and got.title == "Harbour Notes" and len(got.articles) == 2
    bad = await load_feed(server.url_for("/nope"), SETTINGS, pool=pool)
    assert bad.error == "HTTP 404 Not Found" and bad.articles == []


async def test_a_cancelled_refresh_does_not_wait_for_a_running_parse(server, store):
    import asyncio
    import contextlib
    import time

    server.expect_request("/junk").respond_with_data(b"<rss><channel>" + b"<item><title>x" * 400_000)
    task = asyncio.create_task(refresh(store, [FeedConfig(server.url_for("/junk"))], Settings(feed_deadline=60.0)))
    await asyncio.sleep(2.0)  # fetched; the parse is running in a worker
    assert not task.done()
    t = time.monotonic()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert time.monotonic() - t < 3.0
