"""Markdown articles (`.md`, `.markdown`).

Optional front matter between `---` lines holds simple `key: value` pairs (title, date/published, author,
source, url). Without a front-matter title, the first `# Heading` is the title. The body is parsed by
markdown-it-py (CommonMark): headings, list items and block quotes become blocks of those kinds, inline markup
is reduced to plain text, and inline links are collected as :class:`Link` s.
"""

from __future__ import annotations

import re
from datetime import datetime

from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing import textsafe
from briefing.model import Article, Block, BlockKind, Link, content_hash, stable_id
from briefing.sources.dates import find_date, parse_date
from briefing.sources.plaintext import shorten
from briefing.sources.reading import SkipFile
from briefing.sources.structure import _LINK_LINE, _dateline, normalise

_FRONT_KEYS = {
    "title": "title",
    "date": "published",
    "published": "published",
    "author": "author",
    "authors": "author",
    "source": "source",
    "site": "source",
    "url": "url",
    "link": "url",
}
_MD = MarkdownIt("commonmark", {"html": True, "linkify": False})
#: Front matter longer than this many lines is not front matter.
MAX_FRONT_LINES = 100


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(`key: value` pairs of a leading `---` block, the rest). Unknown keys and nested values are ignored."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, min(len(lines), MAX_FRONT_LINES + 1)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, text
    meta: dict[str, str] = {}
    for line in lines[1:end]:
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not m:
            continue
        key = _FRONT_KEYS.get(m.group(1).lower())
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key and value and key not in meta:
            meta[key] = value.strip("[] ") if key == "author" else value
    return meta, "\n".join(lines[end + 1 :])


def parse_markdown(
    text: str, *, path: str | None = None, folder: str | None = None, mtime: datetime | None = None
) -> Article:
    """One article from the text of a Markdown file. Raises SkipFile when there is nothing in it."""
    text = normalise(text)
    meta, body = split_front_matter(text)
    blocks, links, headings = _blocks(body)
    title = textsafe.clean_line(meta.get("title"))
    if headings and (not title or _same(blocks[headings[0]].text, title)):
        title = title or blocks[headings[0]].text
        blocks.pop(headings[0])
    if not title and blocks:
        title = shorten(blocks[0].text)
    if not title and not blocks:
        raise SkipFile("empty file")

    # "READ MORE: ..." paragraphs are links, not body.
    body_blocks: list[Block] = []
    for b in blocks:
        m = _LINK_LINE.match(b.text) if b.kind == "paragraph" else None
        if m and m.group("rest").strip():
            rest = m.group("rest").strip()
            url = next((lk.url for lk in links if lk.text and lk.text in rest), None)
            links = [lk for lk in links if not (lk.text and lk.text in rest)]
            links.append(Link(" ".join(m.group("label").split()), rest, url))
        else:
            body_blocks.append(b)

    dateline = None
    source = meta.get("source")
    first = next((n for n, b in enumerate(body_blocks) if b.kind == "paragraph"), None)
    if first is not None and (dl := _dateline(body_blocks[first].text)):
        dateline, agency, rest = dl
        body_blocks[first] = Block(rest, "paragraph")
        source = source or agency

    published = parse_date(meta.get("published"))
    estimated = False
    if published is None:
        published = next((d for b in body_blocks[:3] if (d := find_date(b.text))), None)
    if published is None and mtime is not None:
        published, estimated = mtime, True
    article = Article(
        id="",
        title=title,
        source=textsafe.clean_line(source or folder or "local"),
        blocks=tuple(body_blocks),
        published=published,
        published_estimated=estimated,
        url=textsafe.safe_url(meta.get("url")),
        author=textsafe.clean_line(meta.get("author")) or None,
        dateline=dateline,
        links=tuple(links),
        path=path,
    )
    article.id = stable_id("file", content_hash(article.title, article.text))
    return article


def _same(a: str, b: str) -> bool:
    return re.findall(r"\w+", a.casefold()) == re.findall(r"\w+", b.casefold())


def _blocks(body: str) -> tuple[list[Block], list[Link], list[int]]:
    """Blocks, inline links and indexes of level-1 headings (else the first heading) of a Markdown body."""
    tokens = _MD.parse(body)
    blocks: list[Block] = []
    links: list[Link] = []
    h1: list[int] = []
    other_headings: list[int] = []
    context: list[str] = []
    for tok in tokens:
        if tok.nesting == 1:
            context.append(tok.tag)
        elif tok.nesting == -1:
            if context:
                context.pop()
        elif tok.type == "inline":
            kind: BlockKind = "paragraph"
            if context and context[-1] in ("h1", "h2", "h3", "h4", "h5", "h6"):
                kind = "heading"
                (h1 if context[-1] == "h1" else other_headings).append(len(blocks))
            elif "li" in context:
                kind = "list_item"
            elif "blockquote" in context:
                kind = "quote"
            text = _inline_text(tok, links)
            if text:
                blocks.append(Block(text, kind))
        elif tok.type in ("fence", "code_block"):
            for line in tok.content.split("\n\n"):
                if line.strip():
                    blocks.append(Block(textsafe.clean_line(line), "paragraph"))
        elif tok.type == "html_block":
            from briefing.sources.html_text import html_to_blocks  # lxml: only for raw HTML, seldom in Markdown

            blocks.extend(html_to_blocks(tok.content))
    return blocks, links, h1 or other_headings[:1]


def _inline_text(tok: Token, links: list[Link]) -> str:
    parts: list[str] = []
    href: str | None = None
    start = 0
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            if not child.content.startswith("<"):
                from briefing.sources.html_text import html_to_text  # (lxml, imported when first needed)

                parts.append(html_to_text(child.content))
            else:
                parts.append("")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "link_open":
            href = str(child.attrs.get("href") or "")
            start = len(parts)
        elif child.type == "link_close":
            label = textsafe.clean_line("".join(parts[start:]))
            url = textsafe.safe_url(href)
            if url or label:
                links.append(Link("link", label or (url or ""), url))
            href = None
    return textsafe.clean_line("".join(parts))
