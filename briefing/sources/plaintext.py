"""Plain-text articles (`.txt`): the first non-blank line is the title, then the parts found by
:mod:`briefing.sources.structure` (byline, caption and credit, dateline, links, pull quotes, body).

An optional header of `Key: value` lines before the title (Title, Source, Date/Published, Author/By, URL/Link)
is read as metadata.
"""

from __future__ import annotations

import re
from datetime import datetime

from briefing import textsafe
from briefing.model import Article, content_hash, stable_id
from briefing.sources.dates import parse_date
from briefing.sources.reading import SkipFile
from briefing.sources.structure import Parts, find_parts, normalise, split_paragraphs

_META_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]{0,15}):\s*(?P<value>.*)$")
_META_KEYS = {
    "title": "title",
    "headline": "title",
    "source": "source",
    "site": "source",
    "publisher": "source",
    "date": "published",
    "published": "published",
    "author": "author",
    "by": "author",
    "byline": "author",
    "url": "url",
    "link": "url",
}
#: Titles longer than this are not titles but a first paragraph.
MAX_TITLE = 200


def parse_plaintext(
    text: str, *, path: str | None = None, folder: str | None = None, mtime: datetime | None = None
) -> Article:
    """One article from the text of a `.txt` file. `folder` names the source when the text names none;
    `mtime` (aware) is the published time of last resort. Raises SkipFile when there is no text."""
    text = normalise(text)
    if not text:
        raise SkipFile("empty file")
    meta, text = split_header(text)
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    title = meta.get("title") or ""
    if first is not None and title and " ".join(lines[first].split()) == " ".join(title.split()):
        text = "\n".join(lines[first + 1 :])  # the header's title repeated as the first line
    elif first is not None and not title:
        title = lines[first].strip()
        rest = lines[first + 1 :]
        # lines glued under the title (byline, date, caption) are separate paragraphs
        end = next((n for n, line in enumerate(rest) if not line.strip()), len(rest))
        text = "\n\n".join(rest[:end]) + "\n\n" + "\n".join(rest[end:])
        if len(title) > MAX_TITLE:
            text = title + "\n\n" + text
            title = shorten(title)
    paragraphs = split_paragraphs(text)
    if not title and not paragraphs:
        raise SkipFile("empty file")
    parts = find_parts(paragraphs)
    return make_article(title or shorten(parts.blocks[0].text if parts.blocks else ""), parts, meta=meta,
                        path=path, folder=folder, mtime=mtime)  # fmt: skip


def split_header(text: str) -> tuple[dict[str, str], str]:
    """Leading `Key: value` metadata lines (known keys only, all of the first paragraph) and the rest."""
    head, _sep, rest = text.partition("\n\n")
    meta: dict[str, str] = {}
    for line in head.split("\n"):
        m = _META_LINE.match(line)
        key = _META_KEYS.get(m.group("key").strip().lower()) if m else None
        if not m or key is None:
            return {}, text
        value = m.group("value").strip()
        if value:
            meta[key] = value
    return meta, rest


def shorten(text: str, limit: int = 120) -> str:
    """The first sentence of `text`, cut at a word boundary to at most `limit` characters (with "…")."""
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(?:\s|$)", text)
    sentence = m.group(1) if m and len(m.group(1)) >= 20 else text
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–— ")
    return cut + "…"


def make_article(
    title: str,
    parts: Parts,
    *,
    meta: dict[str, str] | None = None,
    path: str | None = None,
    folder: str | None = None,
    mtime: datetime | None = None,
    article_id: str | None = None,
) -> Article:
    """An :class:`Article` from found parts and metadata; ids are content based (stable across moves)."""
    meta = meta or {}
    title = textsafe.clean_line(title)
    published = parse_date(meta.get("published")) or parts.published
    estimated = False
    if published is None and mtime is not None:
        published, estimated = mtime, True
    source = textsafe.clean_line(meta.get("source") or parts.source or parts.agency or folder or "local")
    article = Article(
        id="",
        title=title,
        source=source,
        blocks=tuple(parts.blocks),
        published=published,
        published_estimated=estimated,
        url=textsafe.safe_url(meta.get("url")),
        author=textsafe.clean_line(meta.get("author") or parts.author) or None,
        caption=parts.caption,
        credit=parts.credit,
        dateline=parts.dateline,
        links=tuple(parts.links),
        pull_quotes=tuple(parts.pull_quotes),
        path=path,
    )
    article.id = article_id or stable_id("file", content_hash(article.title, article.text))
    return article
