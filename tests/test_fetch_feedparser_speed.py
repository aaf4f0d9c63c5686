"""The parse workers' feedparser speed-ups change nothing in what feedparser returns (real and hostile feeds)."""

from __future__ import annotations

import io
import os
from pathlib import Path

import feedparser
import pytest

from briefing.fetch import feedparser_speed
from briefing.sources import feedfile
from briefing.sources.feedfile import parse_feed_bytes

_OWN = [
    # Entity-escaped HTML, split by expat at every reference: the case buffered text joins.
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>T &amp; more</title><link>http://a.example/</link>'
    b"<item><title>One &lt;b&gt;bold&lt;/b&gt; &#233;t&#233;</title><link>/rel/1?x=1&amp;y=2</link>"
    b"<guid>g-1</guid><description>&lt;p&gt;First &amp;amp; second&lt;/p&gt;&lt;p&gt;third&lt;/p&gt;</description>"
    b"<pubDate>Tue, 01 Sep 2026 10:00:00 GMT</pubDate></item>"
    b'<item><title>Two</title><guid isPermaLink="true">rel/2</guid>'
    b"<description><![CDATA[<p>Cdata <a href='x.html'>link</a></p>]]></description></item></channel></rss>",
    # Atom with xml:base, xhtml content (escaped by feedparser piece by piece), categories and a source.
    b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://b.example/x/">'
    b"<title type='html'>Atom &lt;i&gt;feed&lt;/i&gt;</title><id>urn:f</id><updated>2026-09-01T00:00:00Z</updated>"
    b"<entry><title>E1</title><id>urn:e1</id><link href='e1.html'/><updated>2026-09-01T01:00:00Z</updated>"
    b"<category term='a'/><category term='b'/><source><title>Src</title><id>urn:s</id></source>"
    b"<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'><p>A &amp; B <b>c</b> &lt; d</p></div></content>"
    b"</entry><entry><title>E2</title><id>urn:e2</id><summary type='text'>plain &lt;text&gt;</summary></entry></feed>",
    # Malformed: the strict parser stops, the loose one takes over.
    b"<rss version='2.0'><channel><title>Broken</title><item><title>Kept &amp; well</title><description>a &lt;p"
    b"</channel>",
    # latin-1 declared, entity-heavy text.
    '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title>'
    "<item><title>na\xefve &amp;&amp;&amp; &#x263A;</title><description>x&lt;br/&gt;y</description></item>"
    "</channel></rss>".encode("latin-1"),
]


def _eval_feeds() -> list[bytes]:
    env = os.environ.get("BRIEFING_EVAL_DIR")
    root = (Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "eval") / "feeds"
    if not root.is_dir():
        return []
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix not in (".json", ".md"))
    return [p.read_bytes() for p in files if p.stat().st_size < 300_000]


def _results(docs: list[bytes]) -> list[str]:
    out = []
    for data in docs:
        parsed = feedparser.parse(io.BytesIO(data), response_headers={"content-location": "http://c.example/f"})
        exc = parsed.pop("bozo_exception", None)
        out.append(repr(parsed) + type(exc).__name__)
        out.append(repr(parse_feed_bytes(data, feed_url="http://c.example/feed.xml")))
    return out


@pytest.fixture
def stock():
    feedparser_speed.uninstall()
    yield
    feedparser_speed.uninstall()


def test_speedups_return_exactly_what_feedparser_returns(stock):
    docs = _OWN + _eval_feeds()
    before = _results(docs)
    feedparser_speed.install()
    assert feedparser_speed.installed()
    after = _results(docs)
    assert len(after) == len(before)
    for i, (a, b) in enumerate(zip(before, after, strict=True)):
        assert a == b, f"document {i // 2} differs"


def test_install_is_idempotent_and_uninstall_restores(stock):
    import feedparser.api
    import feedparser.mixin
    from feedparser.util import FeedParserDict

    originals = (feedparser.api.PREFERRED_XML_PARSERS, feedparser.mixin.copy, feedparser.mixin._urljoin)
    methods = {name: FeedParserDict.__dict__[name] for name in ("__getitem__", "get", "__contains__", "__setitem__")}
    feedparser_speed.install()
    entry = FeedParserDict(published="p", links=[{"rel": "enclosure", "href": "h"}], tags=[{"term": "t"}])
    entry["description"] = "d"  # a legacy alias, stored under its new name
    assert entry["summary"] == "d" and entry.get("description") == "d" and "summary" in entry
    with pytest.warns(DeprecationWarning):  # feedparser's own fallback, kept
        assert entry.get("updated") == "p"
    assert entry["category"] == "t" and entry.enclosures == [{"href": "h"}]
    assert entry.get("missing", 1) == 1 and "missing" not in entry
    feedparser_speed.install()
    assert feedparser.api.PREFERRED_XML_PARSERS[0] == "briefing.fetch.feedparser_speed"
    assert feedparser.api.PREFERRED_XML_PARSERS.count("briefing.fetch.feedparser_speed") == 1
    feedparser_speed.uninstall()
    assert (feedparser.api.PREFERRED_XML_PARSERS, feedparser.mixin.copy, feedparser.mixin._urljoin) == originals
    assert {name: FeedParserDict.__dict__[name] for name in methods} == methods


def test_external_entities_stay_unread_with_the_speedups(stock, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss version='2.0'><channel><title>t</title><item><title>a &x; b</title></item></channel></rss>"
    ).encode()
    feedparser_speed.install()
    parsed = feedparser.parse(io.BytesIO(doc))
    assert "TOPSECRET" not in repr(parsed)
    assert "TOPSECRET" not in repr(parse_feed_bytes(doc, feed_url="http://c.example/f"))


@pytest.mark.parametrize(
    "uri",
    [
        "http://a.example/x",
        "https://a.example:8080/p/q.html?x=1&y=2#frag",
        "HTTP://A.example/",
        "http://a/b;p",
        "http://a/b?",
        "http://a/b#",
        "http:///x",
        "http://a/./b/../c",
        "rel/path",
        "//host/x",
        "ftp://h/x",
        "http://a/ b",
        "https://a.example/%7Euser/",
    ],
)
def test_the_feed_url_joiner_matches_urljoin(uri):
    from urllib.parse import urljoin

    base = "http://c.example/dir/feed.xml"
    expected = urljoin(base, feedfile._URIFIXER.sub(r"\1\3", uri))
    assert feedfile._joiner(base)(uri) == expected


@pytest.mark.parametrize(
    ("doc", "varies"),
    [
        (b'<feed xml:BASE = "http://x/">', True),
        (b'<guid IsPermaLink="false">g</guid>', True),
        (b'<item rdf:About="http://x/1">', True),
        (b"<p>database = big</p>", True),  # looks like an attribute: the careful path, as before
        (b"<p>the base of it, all about it</p>", False),
        (b"<rss><item><title>plain</title></item></rss>", False),
    ],
)
def test_base_detection_is_the_case_insensitive_search(doc, varies):
    import re

    assert feedfile._base_varies(doc) is varies
    assert (re.search(rb"(?i)base\s*=|ispermalink|about\s*=", doc) is not None) is varies


def test_a_feedparser_with_other_insides_is_left_as_it_is(stock, monkeypatch):
    """Should a feedparser release move a helper, install() changes nothing and parsing still works."""
    import feedparser.api
    import feedparser.mixin
    from feedparser.util import FeedParserDict

    # A helper it swaps has moved (here: a FeedParserDict method that is no longer its own).
    monkeypatch.setattr(feedparser_speed, "_DICT_METHODS", (*feedparser_speed._DICT_METHODS, "no_such_method"))
    parsers = feedparser.api.PREFERRED_XML_PARSERS
    methods = {name: FeedParserDict.__dict__[name] for name in ("__getitem__", "get", "__contains__", "__setitem__")}
    assert feedparser_speed.install() is False
    assert not feedparser_speed.installed()
    assert parsers == feedparser.api.PREFERRED_XML_PARSERS
    assert {name: FeedParserDict.__dict__[name] for name in methods} == methods
    assert feedparser.parse(io.BytesIO(_OWN[0])).entries[0].title == "One <b>bold</b> été"
