"""Feed entries parsed without feedparser's sanitiser: html_text alone keeps active content out of articles.

feedparser runs with ``sanitize_html=False`` (and resolves relative URIs only when a feed sets xml:base), so
these tests check that scripts, styles, frames, event handlers and unsafe link schemes never reach an
article's blocks, title, author or links, whatever element of the feed carries them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.fetch.parse_pool import parse_bytes
from briefing.model import Block, Link
from briefing.sources.feedfile import parse_feed_bytes
from briefing.sources.html_text import html_to_blocks, html_to_blocks_and_links, html_to_text, links_from_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

ACTIVE = (
    "<p>Ferry <b onmouseover=\"steal('b')\">times</b> change"
    "<script>steal('script')</script><style>.x{background:url(javascript:steal('style'))}</style></p>"
    "<iframe src=\"https://evil.example/frame\">steal('iframe')</iframe>"
    "<img src=\"x\" onerror=\"steal('img')\"><svg onload=\"steal('svg')\"><text>steal('svgtext')</text></svg>"
    "<object data=\"x.swf\">steal('object')</object><noscript>steal('noscript')</noscript>"
    "<form action=\"https://evil.example/post\"><input value=\"steal('input')\"><button>steal('button')</button>"
    "</form>"
    '<p><a href="javascript:steal(\'js\')">js link</a> <a href="JaVaScRiPt:steal(1)">mixed case</a> '
    '<a href="data:text/html,steal">data link</a> <a href="vbscript:steal">vb link</a> '
    '<a href=" javascript:steal(2)">spaced</a> <a href="file:///etc/passwd">file</a> '
    '<a href="https://ok.example/story" onclick="steal(\'click\')">the story</a> '
    '<a href="/local/page">relative</a></p>'
)


def _rss(description: str, *, title: str = "Ferry news", author: str = "desk@example.org (Desk)") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour</title>'
        "<link>https://harbour.example/</link><item>"
        f"<title>{title}</title><link>https://harbour.example/a/1</link><guid>item-1</guid>"
        f"<author>{author}</author><description><![CDATA[{description}]]></description>"
        "</item></channel></rss>"
    ).encode()


def _atom(content: str, *, content_type: str = "html") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour</title>'
        "<id>urn:x</id><updated>2026-03-01T10:00:00Z</updated><entry><id>urn:e1</id><title>Ferry news</title>"
        '<link href="https://harbour.example/a/1"/><updated>2026-03-01T10:00:00Z</updated>'
        f'<content type="{content_type}">{content}</content></entry></feed>'
    ).encode()


def _everything(article) -> str:
    parts = [article.title, article.author or "", article.text, article.url or "", article.dateline or ""]
    parts += [f"{lk.label} {lk.text} {lk.url}" for lk in article.links]
    return "\n".join(parts)


def _assert_inert(article) -> None:
    text = _everything(article)
    assert "steal" not in text, text
    assert "<" not in text and ">" not in text, text
    for lk in article.links:
        assert lk.url is not None and lk.url.startswith(("http://", "https://")), lk


def test_active_content_in_an_rss_description_never_reaches_the_article():
    result = parse_feed_bytes(_rss(ACTIVE), feed_url="https://harbour.example/feed.xml")
    (a,) = result.articles
    _assert_inert(a)
    assert a.blocks[0] == Block("Ferry times change")
    assert [lk.url for lk in a.links] == ["https://ok.example/story", "https://harbour.example/local/page"]
    assert [lk.text for lk in a.links] == ["the story", "relative"]


def test_active_content_in_escaped_atom_html_and_in_titles_never_reaches_the_article():
    from xml.sax.saxutils import escape

    data = _atom(escape(ACTIVE))
    (a,) = parse_feed_bytes(data, feed_url="https://harbour.example/atom.xml").articles
    _assert_inert(a)
    assert "Ferry times change" in a.text
    hostile_title = escape("<script>steal('title')</script>Ferry <img src=x onerror=steal(1)>news")
    (b,) = parse_feed_bytes(
        _rss("<p>ok</p>", title=hostile_title, author=escape("<b onclick=steal()>Desk</b>")), feed_url=None
    ).articles
    _assert_inert(b)
    assert b.title == "Ferry news"


def test_active_content_in_xhtml_atom_content_never_reaches_the_article():
    xhtml = (
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>Tide <span onclick="steal(1)">tables</span></p>'
        "<script>steal('x')</script><a href=\"javascript:steal('x')\">bad</a></div>"
    )
    (a,) = parse_feed_bytes(_atom(xhtml, content_type="xhtml"), feed_url="https://harbour.example/a").articles
    _assert_inert(a)
    assert a.blocks == (Block("Tide tables"), Block("bad"))


def test_double_escaped_markup_is_converted_not_shown():
    (a,) = parse_feed_bytes(
        _rss("&lt;p&gt;Night ferry&lt;/p&gt;&lt;script&gt;steal(1)&lt;/script&gt;"), feed_url=None
    ).articles
    _assert_inert(a)
    assert a.text == "Night ferry"


def test_hostile_fixture_through_the_worker_entry_point():
    outcome = parse_bytes((FIXTURES / "hostile" / "markup-feed.rss").read_bytes(), "https://h.example/f", None)
    (a,) = outcome.articles
    assert a.url is None  # javascript: link refused
    assert [lk.url for lk in a.links] == ["https://ok.example/"]
    assert "alert" not in a.text


def test_relative_links_resolve_against_the_feed_and_xml_base_is_honoured():
    plain = _rss('<p><a href="pics/1.png">picture</a> <a href="/top">top</a></p>')
    (a,) = parse_feed_bytes(plain, feed_url="https://harbour.example/feeds/main.xml").articles
    assert [lk.url for lk in a.links] == ["https://harbour.example/feeds/pics/1.png", "https://harbour.example/top"]
    based = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://base.example/blog/">'
        b"<title>B</title><id>urn:b</id><entry><id>urn:b1</id><title>T</title>"
        b'<content type="html">&lt;a href="post/2"&gt;next&lt;/a&gt;</content></entry></feed>'
    )
    (b,) = parse_feed_bytes(based, feed_url="https://harbour.example/feeds/main.xml").articles
    assert b.links == (Link("link", "next", "https://base.example/blog/post/2"),)


def test_ids_do_not_depend_on_the_sanitiser():
    # An RSS guid is a permalink by default: feedparser resolves it against the feed url, and ids keep that.
    url = "https://harbour.example/feed.xml"
    (a,) = parse_feed_bytes(_rss("<p>x</p>"), feed_url=url).articles
    from briefing.model import stable_id

    assert a.id == stable_id(url, "https://harbour.example/item-1")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "plain words only",
        "Fish &amp; chips\n\nSecond paragraph",
        "Tom &lt;b&gt;bold&lt;/b&gt;",
        "<p>One</p><p>Two <a href='/x'>link</a></p>",
        "leading <b>text</b><div>block</div>tail",
        "<html><head><title>Head</title><script>s()</script></head><body><p>Body</p></body></html>",
        "<!doctype html><p>doc",
        "<p>a<br><br>b<br>c</p>",
        "<a href='https://x.example/'><img alt='pic'></a>",
        "</div></div><p>unbalanced</p>",
        "<p>\x00nul</p>",
    ],
)
def test_one_parse_for_blocks_and_links_gives_what_two_did(html):
    blocks, links = html_to_blocks_and_links(html, base_url="https://s.example/d/")
    assert blocks == html_to_blocks(html)
    assert links == links_from_html(html, base_url="https://s.example/d/")
    assert html_to_text(html) == " ".join(b.text for b in blocks)


def test_plain_and_fragment_fast_paths_keep_the_rules():
    assert html_to_blocks("Fish &amp; chips\n\nSecond") == (Block("Fish & chips"), Block("Second"))
    assert html_to_blocks("<p>Head</p>leading <b>bold</b>") == (Block("Head"), Block("leading bold"))
    assert html_to_blocks("<html><head><title>T</title></head><body><h2>H</h2></body></html>") == (
        Block("H", "heading"),
    )
    _blocks, links = html_to_blocks_and_links(
        "".join(f'<a href="https://x.example/{i}">{i}</a>' for i in range(30)), max_links=5
    )
    assert [lk.text for lk in links] == ["0", "1", "2", "3", "4"]


@pytest.mark.parametrize(
    "item, expected_id_part, expected_url",
    [
        # a permalink guid (the default) and a relative link: both joined to the feed's url
        ("<guid>p/7</guid><link>/story/7</link>", "https://h.example/news/p/7", "https://h.example/story/7"),
        # a guid that says it is no permalink keeps its text
        ('<guid isPermaLink="false">p/7</guid><link>s/7</link>', "p/7", "https://h.example/news/s/7"),
        # without a link, a permalink guid is the link
        ("<guid>http:///h.example/x</guid>", "http://h.example/x", "http://h.example/x"),
        ("<link>https://other.example/a?b=1</link>", "https://other.example/a?b=1", "https://other.example/a?b=1"),
    ],
)
def test_guids_and_links_resolve_against_the_feed_url(item, expected_id_part, expected_url):
    from briefing.model import stable_id

    feed_url = "https://h.example/news/feed.xml"
    data = f'<rss version="2.0"><channel><title>H</title><item><title>T</title>{item}</item></channel></rss>'
    (a,) = parse_feed_bytes(data.encode(), feed_url=feed_url).articles
    assert a.id == stable_id(feed_url, expected_id_part)
    assert a.url == expected_url


def test_rdf_item_ids_are_kept_as_written():
    from briefing.model import stable_id

    data = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        b'<channel rdf:about="c"><title>R</title><link>http://r.example/</link></channel>'
        b'<item rdf:about="item/1"><title>T</title><link>item/1</link></item></rdf:RDF>'
    )
    (a,) = parse_feed_bytes(data, feed_url="https://r.example/rss").articles
    assert a.id == stable_id("https://r.example/rss", "item/1")
    assert a.url == "https://r.example/item/1"
