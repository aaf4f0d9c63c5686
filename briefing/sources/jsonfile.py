"""JSON articles (`.json`): one article object, a list of them, or `{"articles": [...]}`.

Fields used: `title`, `text`, `published`, `url`, `source`, `author`, `id` (kept, as a string, as the
article's id); other fields are ignored. `text` goes through the same cleaning as plain text (caption,
dateline, links, pull quotes). A JSON Feed (`"version": "https://jsonfeed.org/version/..."`) goes to
the feed parser.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from briefing import textsafe
from briefing.model import Article
from briefing.sources import LoadResult
from briefing.sources.plaintext import make_article, shorten
from briefing.sources.reading import SkipFile, decode_text
from briefing.sources.structure import find_parts, normalise, split_paragraphs

#: A title-less article's first paragraph is taken as its headline when at most this long.
MAX_HEADLINE = 150


def is_json_feed(obj: object) -> bool:
    """True for a JSON Feed document (https://jsonfeed.org)."""
    version = obj.get("version") if isinstance(obj, dict) else None
    return isinstance(version, str) and version.startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    )


def parse_json_bytes(
    data: bytes, *, path: str | None = None, folder: str | None = None, mtime: datetime | None = None
) -> LoadResult:
    """Articles from the bytes of a `.json` file. Raises SkipFile when the file holds no article."""
    text, _ = decode_text(data)
    if not text.strip():
        raise SkipFile("empty file")
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise SkipFile(f"invalid JSON ({_short(exc)})") from None
    if is_json_feed(obj):
        from briefing.sources.feedfile import load_feed_bytes

        return load_feed_bytes(data, path=path or "", folder=folder)
    if isinstance(obj, dict) and isinstance(obj.get("articles"), list):
        obj = obj["articles"]
    items = obj if isinstance(obj, list) else [obj]
    result = LoadResult()
    bad = 0
    for item in items:
        article = article_from_json(item, path=path, folder=folder, mtime=mtime)
        if article is None:
            bad += 1
        else:
            result.articles.append(article)
    if not result.articles:
        raise SkipFile("no articles (objects with a title or text)")
    if bad:
        name = textsafe.clean_line(path or "JSON")
        result.warnings.append(f"{name}: skipped {bad} of {len(items)} items without a title or text")
    return result


def article_from_json(
    item: Any, *, path: str | None = None, folder: str | None = None, mtime: datetime | None = None
) -> Article | None:
    """One article from a JSON object, or None when it has neither a title nor a text."""
    if not isinstance(item, dict):
        return None
    title = item.get("title") if isinstance(item.get("title"), str) else None
    body = item.get("text")
    if not isinstance(body, str):
        body = item.get("body") if isinstance(item.get("body"), str) else ""
    title = normalise(title or "")
    paragraphs = split_paragraphs(normalise(body))
    if not title and not paragraphs:
        return None
    if title and paragraphs and _same(paragraphs[0], title):
        paragraphs.pop(0)
    elif not title and paragraphs:
        if len(paragraphs) > 1 and _headline(paragraphs[0], paragraphs[1]):
            title = paragraphs.pop(0)
        else:
            title = shorten(paragraphs[0])
    parts = find_parts(paragraphs)
    meta = {k: str(item[k]) for k in ("source", "url", "author") if isinstance(item.get(k), str | int | float)}
    if item.get("published") is not None:
        meta["published"] = item["published"]
    raw_id = item.get("id")
    article_id = textsafe.clean_line(str(raw_id)) if isinstance(raw_id, str | int) and str(raw_id) else None
    return make_article(title, parts, meta=meta, path=path, folder=folder, mtime=mtime, article_id=article_id)


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    return norm(a) == norm(b)


def _headline(p: str, following: str) -> bool:
    """A first paragraph that reads like a headline: short, one sentence, and unpunctuated, capitalised, or
    much shorter than the paragraph after it."""
    if len(p) > MAX_HEADLINE or "\n" in p:
        return False
    if re.search(r"[.!?]\s+[A-Z]", p.rstrip(".!?\"”’' ")):
        return False
    if not re.search(r"[.!?]\W*$", p) or (len(p) <= 100 and len(following) >= 2 * len(p)):
        return True
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", p) if len(w) > 3]
    return bool(words) and sum(w[0].isupper() for w in words) / len(words) >= 0.6


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:80] or exc.__class__.__name__
