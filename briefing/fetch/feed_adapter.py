"""Turn feed bytes into articles: `briefing.sources.feedfile.parse_feed_bytes` when it is present.

The sources package owns feed parsing (feedparser, the entity-DOCTYPE guard, entry HTML to blocks). Until
it is installed this module falls back to a small parser of its own with the same interface and the same
guards, so that refresh works either way. Everything here runs in a parse worker process, never on the
event loop.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser

from briefing.model import Article, Block, stable_id
from briefing.textsafe import clean, clean_line, safe_url


@dataclass(slots=True)
class FallbackParseResult:
    """Same shape as sources' FeedParseResult: the articles, the feed's title, and a one-line error."""

    articles: list[Article] = field(default_factory=list)
    title: str | None = None
    error: str | None = None


def parse_feed(data: bytes, *, feed_url: str, source_name: str | None = None):
    """Parse feed bytes with sources' parser when available, else with the fallback below."""
    try:
        from briefing.sources.feedfile import parse_feed_bytes
    except ImportError:
        return fallback_parse(data, feed_url=feed_url, source_name=source_name)
    return parse_feed_bytes(data, feed_url=feed_url, source_name=source_name)


# An internal DTD subset that declares entities: the door to billion-laughs and quadratic blowups.
_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


def strip_entity_doctype(data: bytes) -> tuple[bytes, bool]:
    """Remove a DOCTYPE whose internal subset declares entities (in the first 64 KB); True when removed."""
    head = data[:65536]
    m = _DOCTYPE_SUBSET.search(head)
    if m and _ENTITY.search(m.group(0)):
        return data[: m.start()] + data[m.end() :], True
    if _ENTITY.search(head) and b"<!DOCTYPE" in head.upper():
        # An unterminated or odd subset: cut everything from the DOCTYPE to the first element after it.
        start = head.upper().index(b"<!DOCTYPE")
        nxt = re.compile(rb"\]\s*>").search(data, start)
        end = nxt.end() if nxt else len(data)
        return data[:start] + data[end:], True
    return data, False


def fallback_parse(data: bytes, *, feed_url: str, source_name: str | None = None) -> FallbackParseResult:
    """A minimal, safe feed parser (bytes only; entity DOCTYPEs removed; entry HTML to plain blocks)."""
    import feedparser

    data, stripped = strip_entity_doctype(data)
    if not data.strip():
        return FallbackParseResult(error="empty document")
    parsed = feedparser.parse(data, response_headers={"content-location": feed_url})
    title = clean_line(parsed.feed.get("title")) or None
    source = source_name or title or feed_url
    articles: list[Article] = []
    for entry in parsed.entries:
        art = _article(entry, feed_url, source)
        if art is not None:
            articles.append(art)
    error = None
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        if not articles and not parsed.feed:
            error = "not a feed" if _looks_like_html(data) else f"not a feed ({_one_line(exc)})"
        elif not isinstance(exc, (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)):
            error = f"malformed feed: {_one_line(exc)}"
    if not articles and error is None and not parsed.get("version"):
        error = "not a feed" if _looks_like_html(data) else "no feed entries found"
    if stripped:
        error = (error + "; " if error else "") + "entity declarations ignored"
    return FallbackParseResult(articles=articles, title=title, error=error)


def _one_line(exc: object) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:120]


def _looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip().lower()
    return head.startswith(b"<!doctype html") or b"<html" in head


def _article(entry, feed_url: str, source: str) -> Article | None:
    title = clean_line(entry.get("title")) or ""
    link = safe_url(entry.get("link"))
    body_html = ""
    if entry.get("content"):
        body_html = max((c.get("value") or "" for c in entry["content"]), key=len, default="")
    body_html = body_html or entry.get("summary") or ""
    blocks = html_to_blocks(body_html)
    if not title and not blocks:
        return None
    guid = entry.get("id") or entry.get("guid")
    key = guid or link or _hash_key(title, blocks)
    published = None
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(name)
        if t:
            try:
                published = datetime(*t[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                published = None
            if published is not None:
                break
    author = clean_line(entry.get("author")) or None
    return Article(
        id=stable_id(feed_url, key),
        title=title or (blocks[0].text[:80] if blocks else "(untitled)"),
        source=source,
        blocks=blocks,
        published=published,
        url=link,
        author=author,
        feed=feed_url,
        extra={"guid": str(guid)[:500]} if guid else {},
    )


def _hash_key(title: str, blocks: tuple[Block, ...]) -> str:
    from briefing.model import content_hash

    return "hash:" + content_hash(title, "\n\n".join(b.text for b in blocks))


_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "section"}
_SKIP_TAGS = {"script", "style", "template", "noscript", "iframe", "object"}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._cur: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._cur.append(data)

    def _flush(self) -> None:
        text = clean_line("".join(self._cur))
        if text:
            self.blocks.append(text)
        self._cur = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_blocks(markup: str) -> tuple[Block, ...]:
    """Entry HTML (untrusted) to plain paragraphs; nothing of it is kept as markup."""
    if not markup:
        return ()
    if "<" not in markup:
        text = clean(html.unescape(markup))
        return tuple(Block(p) for p in (clean_line(x) for x in re.split(r"\n\s*\n", text)) if p)
    parser = _TextCollector()
    parser.feed(markup[:2_000_000])
    parser.close()
    return tuple(Block(t) for t in parser.blocks)
