"""Feeds (RSS 0.9x/1.0/2.0, Atom, RDF through feedparser; JSON Feed directly) to articles.

:func:`parse_feed_bytes` is shared by saved feed files and the live-feed fetcher. It always hands feedparser
a byte stream (a str would be taken for a path or URL), caps the size, and strips a DOCTYPE that declares
entities (feedparser lets a "quadratic blowup" entity through). A malformed feed keeps the entries that
parsed and reports the problem in `error`.
"""

from __future__ import annotations

import calendar
import codecs
import io
import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from briefing import textsafe
from briefing.model import Article, Block, content_hash, stable_id
from briefing.sources import LoadResult
from briefing.sources.dates import parse_date, plausible
from briefing.sources.html_text import html_to_blocks, html_to_blocks_and_links, html_to_text, links_from_html
from briefing.sources.reading import SkipFile, sniff_binary
from briefing.sources.structure import normalise, split_dateline, split_paragraphs

#: Largest feed document parsed (bytes).
MAX_FEED_BYTES = 15 * 1024 * 1024
#: At most this many entries are read from one feed.
MAX_ENTRIES = 2000
#: Inline links kept per entry.
MAX_LINKS = 20

_ENTITY_DOCTYPE = re.compile(rb"<!DOCTYPE(?:[^\[>]|\[.*?\])*>", re.I | re.S)
#: What makes feedparser's base URI differ between elements: xml:base (or an HTML-style base) attributes, and
#: guids that say whether they are permalinks (only permalink guids are resolved), and RDF ids (never resolved).
_BASE_VARIES = re.compile(rb"base\s*=|ispermalink|about\s*=")  # searched in the lowercased document
#: feedparser's clean-up of a url before joining it (``feedparser.urls._urljoin``): "http:///x" -> "http://x".
_URIFIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
#: An absolute http(s) url that ``urljoin`` gives back unchanged whatever the base (lowercase scheme, a host,
#: no path parameters, no empty query or fragment, nothing urlsplit strips): joining it is skipped.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~!$&'()*+,=:@%/-]*)?"
    r"(?:\?[A-Za-z0-9._~!$&'()*+,;=:@%/?-]+)?(?:#[A-Za-z0-9._~!$&'()*+,;=:@%/?-]+)?\Z"
)
_BENIGN_BOZO = ("CharacterEncodingOverride", "NonXMLContentType")


@dataclass(slots=True)
class FeedParseResult:
    """The articles of one feed, its title, and a one-line `error` when it was (partly) malformed."""

    articles: list[Article] = field(default_factory=list)
    title: str | None = None
    error: str | None = None
    #: The feed's own web page (its `link`), if any.
    link: str | None = None


def parse_feed_bytes(
    data: bytes, *, feed_url: str | None, source_name: str | None = None, max_bytes: int = MAX_FEED_BYTES
) -> FeedParseResult:
    """Parse a feed document. `feed_url` (or a file path) keys the article ids and resolves relative links;
    `source_name` overrides the feed's title as the articles' source. Never raises for bad input."""
    if len(data) > max_bytes:
        return FeedParseResult(error=f"feed larger than {max_bytes // (1024 * 1024)} MiB")
    what = sniff_binary(data)
    if what:
        return FeedParseResult(error=f"not a feed ({what})")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (ValueError, RecursionError) as exc:
            return FeedParseResult(error=f"invalid JSON feed ({' '.join(str(exc).split())[:80]})")
        return parse_json_feed(obj, feed_url=feed_url, source_name=source_name)
    return _parse_xml_feed(data, feed_url=feed_url, source_name=source_name)


def load_feed_bytes(data: bytes, *, path: str, folder: str | None = None) -> LoadResult:
    """A saved feed file as a LoadResult (for the loader). Raises SkipFile when nothing could be read."""
    result = parse_feed_bytes(data, feed_url=None, source_name=None)
    for article in result.articles:
        article.path = path
    name = textsafe.clean_line(path)
    if not result.articles:
        raise SkipFile(result.error or "feed has no entries")
    warnings = []
    if result.error:
        n = len(result.articles)
        warnings.append(f"{name}: {result.error}; kept {n} {'entry' if n == 1 else 'entries'}")
    return LoadResult(result.articles, warnings)


# ---------------------------------------------------------------- XML feeds


def strip_entity_doctype(data: bytes) -> tuple[bytes, bool]:
    """`data` without a DOCTYPE that declares entities (and True), or unchanged (and False)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        try:
            text = data.decode("utf-32" if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) else "utf-16")
        except UnicodeDecodeError:
            return data, False
        text = re.sub(r"(<\?xml[^>]*encoding=)([\"'])[^\"']*\2", r"\1\2utf-8\2", text, count=1)
        data = text.encode("utf-8")
    if b"<!entity" not in data[:65536].lower() and b"<!entity" not in data.lower():
        return data, False
    stripped, _count = _ENTITY_DOCTYPE.subn(lambda m: b"" if b"<!entity" in m.group(0).lower() else m.group(0), data)
    if b"<!entity" in stripped.lower():  # a declaration outside any DOCTYPE we could match: neutralise it
        stripped = re.sub(rb"(?i)<!ENTITY", b"<!-- -->", stripped)
    return stripped, True


def _parse_xml_feed(data: bytes, *, feed_url: str | None, source_name: str | None) -> FeedParseResult:
    import feedparser  # imported here: it is slow to import and only feeds need it

    data, stripped = strip_entity_doctype(data)
    # The feed's url is the base of relative links and permalink guids (ids depend on it). Given as
    # content-location, feedparser re-joins the base at every element (a fifth of its time); when nothing in
    # the feed can change the base, the few urls read here are joined afterwards, exactly as feedparser would.
    resolve = None
    headers = {}
    if feed_url:
        if _base_varies(data):
            headers = {"content-location": feed_url}
        else:
            resolve = _joiner(feed_url)
    try:
        # feedparser's own sanitising and relative-URI rewriting of entry HTML cost about a third of its time
        # and are redundant here: every piece of entry HTML goes through html_text, which keeps text only
        # (no script, style, frame, form or attribute survives) and resolves (against the feed's url) and vets
        # each link itself. Only a feed that sets other bases (xml:base) needs feedparser to resolve links.
        parsed = feedparser.parse(
            io.BytesIO(data),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=b"xml:base" in data,
        )
    except (
        Exception,
        RecursionError,
    ) as exc:  # feedparser should not raise, but a bad feed must not crash us
        return FeedParseResult(error=f"could not parse feed ({exc.__class__.__name__})")
    feed = parsed.get("feed", {}) or {}
    title = html_to_text(feed.get("title")) or None
    link = textsafe.safe_url(_resolved(feed.get("link"), resolve))
    error = None
    if stripped:
        error = "entity declarations removed"
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        name = exc.__class__.__name__ if exc is not None else ""
        if name not in _BENIGN_BOZO:
            message = " ".join(str(exc or "").split())[:120]
            bozo = f"malformed feed ({message or name})"
            error = f"{error}; {bozo}" if error else bozo
    entries = parsed.get("entries", []) or []
    if not entries and not parsed.get("version") and not title:
        return FeedParseResult(title=title, link=link, error=error or "not a feed")
    source = source_name or title or _host(feed_url) or _host(link) or "feed"
    key = feed_url or link or title or ""
    source = textsafe.clean_line(source)
    now = datetime.now(UTC)
    articles = []
    with warnings.catch_warnings():  # feedparser warns about its updated/published fallback on some keys
        warnings.simplefilter("ignore", DeprecationWarning)
        for entry in entries[:MAX_ENTRIES]:
            article = _entry_article(entry, key=key, source=source, feed_url=feed_url, now=now, resolve=resolve)
            if article is not None:
                articles.append(article)
    return FeedParseResult(_dedupe_ids(articles), title, error, link)


def _entry_article(
    entry: Any,
    *,
    key: str,
    source: str,
    feed_url: str | None,
    now: datetime | None = None,
    resolve: Callable[[str], str] | None = None,
) -> Article | None:
    """One feed entry as an Article (``source`` already clean), or None when it has neither title nor text."""
    # Plain dict lookups: an entry is a FeedParserDict, whose own ``get`` maps legacy key names at a cost
    # this loop pays for every entry; the keys read here are its canonical ones.
    get = dict.get if isinstance(entry, dict) else type(entry).get
    html, is_html = _entry_body(entry, get)
    url = textsafe.safe_url(_resolved(get(entry, "link"), resolve))
    if is_html:
        # Relative links in entry HTML resolve against the feed (as feedparser would), else the entry's page.
        blocks, links = html_to_blocks_and_links(html, base_url=feed_url or url, max_links=MAX_LINKS)
    else:
        blocks, links = tuple(Block(p) for p in split_paragraphs(normalise(html))), ()
    title = html_to_text(get(entry, "title"))
    if not title and blocks:
        from briefing.sources.plaintext import shorten

        title = shorten(blocks[0].text)
    if not title and not blocks:
        return None
    published = _entry_date(entry, get, now)
    blocks, dateline = split_dateline(blocks)
    article = Article(
        id="",
        title=title,
        source=source,
        blocks=blocks,
        dateline=dateline,
        published=published,
        url=url,
        author=html_to_text(get(entry, "author")) or None,
        links=links,
        feed=feed_url,
    )
    guid = _resolved(get(entry, "id") or get(entry, "guid") or get(entry, "link"), resolve)
    article.id = stable_id(key, str(guid) if guid else content_hash(article.title, article.text))
    return article


def _entry_body(entry: Any, get: Any = dict.get) -> tuple[str, bool]:
    """The richest body of an entry (content, else summary) and whether it is HTML."""
    best: tuple[str, bool] = ("", True)
    for content in get(entry, "content") or []:
        value = content.get("value") or ""
        if len(value) > len(best[0]):
            best = (value, "html" in (content.get("type") or "text/html"))
    if not best[0]:
        detail = get(entry, "summary_detail") or {}
        best = (get(entry, "summary") or "", "html" in (detail.get("type") or "text/html"))
    return best


def _entry_date(entry: Any, get: Any = dict.get, now: datetime | None = None) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = get(entry, key)
        if t:
            try:
                dt = plausible(datetime.fromtimestamp(calendar.timegm(t), UTC), now=now)
            except (OverflowError, OSError, ValueError, TypeError):
                dt = None
            if dt:
                return dt
    for key in ("published", "updated"):
        value = get(entry, key)
        if value:
            dt = parse_date(value)
            if dt:
                return dt
    return None


def _base_varies(data: bytes) -> bool:
    """Whether `data` has what makes feedparser's base differ between elements (``_BASE_VARIES``, any case).

    A case-insensitive regex over a whole feed costs more than lowercasing it once and looking for the
    words first (most feeds have none of them)."""
    low = data.lower()
    if b"ispermalink" in low:
        return True
    return (b"base" in low or b"about" in low) and _BASE_VARIES.search(low) is not None


def _joiner(feed_url: str) -> Callable[[str], str]:
    """Join a url against the feed's url the way feedparser joins against its base (content-location)."""

    def join(base: str, uri: str) -> str:
        try:
            return urljoin(base, _URIFIXER.sub(r"\1\3", uri))
        except ValueError:
            return ""

    base = join(feed_url, feed_url)  # what feedparser's base becomes after its first element
    plain = _PLAIN_URL.match
    return lambda uri: uri if plain(uri) else join(base, uri)


def _resolved(value: Any, resolve: Callable[[str], str] | None) -> Any:
    return resolve(value) if resolve is not None and isinstance(value, str) and value else value


def _dedupe_ids(articles: list[Article]) -> list[Article]:
    """Entries sharing a guid keep distinct ids (the later ones get their content hash mixed in)."""
    seen: set[str] = set()
    for a in articles:
        if a.id in seen:
            a.id = stable_id(a.id, a.content_hash)
        seen.add(a.id)
    return articles


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


# ---------------------------------------------------------------- JSON Feed


def parse_json_feed(obj: Any, *, feed_url: str | None, source_name: str | None = None) -> FeedParseResult:
    """A JSON Feed (https://jsonfeed.org/version/1.1) document, already decoded."""
    if not isinstance(obj, dict):
        return FeedParseResult(error="not a JSON Feed")
    title = textsafe.clean_line(obj.get("title") if isinstance(obj.get("title"), str) else "") or None
    link = textsafe.safe_url(obj.get("home_page_url") if isinstance(obj.get("home_page_url"), str) else None)
    feed_link = feed_url or (obj.get("feed_url") if isinstance(obj.get("feed_url"), str) else None)
    items = obj.get("items")
    if not isinstance(items, list):
        return FeedParseResult(title=title, link=link, error="JSON Feed without items")
    source = source_name or title or _host(feed_link) or _host(link) or "feed"
    key = feed_link or link or title or ""
    articles = []
    skipped = 0
    for item in items[:MAX_ENTRIES]:
        article = _json_item(item, key=key, source=source, feed_url=feed_url) if isinstance(item, dict) else None
        if article is None:
            skipped += 1
        else:
            articles.append(article)
    error = f"{skipped} items without content skipped" if skipped else None
    return FeedParseResult(_dedupe_ids(articles), title, error, link)


def _json_item(item: dict[str, Any], *, key: str, source: str, feed_url: str | None) -> Article | None:
    def text(name: str) -> str:
        value = item.get(name)
        return value if isinstance(value, str) else ""

    url = textsafe.safe_url(text("url") or text("external_url"))
    if text("content_html"):
        blocks = html_to_blocks(text("content_html"))
        links = links_from_html(text("content_html"), base_url=url)[:MAX_LINKS]
    else:
        blocks = tuple(Block(p) for p in split_paragraphs(normalise(text("content_text") or text("summary"))))
        links = ()
    title = html_to_text(text("title"))
    if not title and blocks:
        from briefing.sources.plaintext import shorten

        title = shorten(blocks[0].text)
    if not title and not blocks:
        return None
    authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
    names = [a.get("name") for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
    article = Article(
        id="",
        title=title,
        source=textsafe.clean_line(source),
        blocks=blocks,
        published=parse_date(item.get("date_published")) or parse_date(item.get("date_modified")),
        url=url,
        author=textsafe.clean_line(", ".join(names)) or None,
        links=links,
        feed=feed_url,
    )
    guid = item.get("id")
    guid = str(guid) if isinstance(guid, str | int) and str(guid) else None
    article.id = stable_id(key, guid or url or content_hash(article.title, article.text))
    return article
