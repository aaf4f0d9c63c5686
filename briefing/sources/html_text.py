"""Turn untrusted HTML (feed entries, article pages) into plain :class:`Block` s and links.

`html_to_blocks(html)` keeps paragraphs, headings, list items and block quotes as text; scripts, styles,
frames, forms and media are dropped; entities are decoded; no tag ever shows. It never fetches anything
(lxml's HTML parser with no network, no entity resolution, no huge trees) and walks the tree without
recursion.
"""

from __future__ import annotations

import html as html_lib
import re
from datetime import datetime
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from briefing import textsafe
from briefing.model import Article, Block, BlockKind, Link, content_hash, stable_id

#: Longest HTML (characters) converted; the rest is ignored.
MAX_HTML_CHARS = 5_000_000

_DROP = frozenset(
    [
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "form",
        "noscript",
        "template",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "button",
        "input",
        "select",
        "textarea",
        "option",
        "head",
        "title",
        "meta",
        "link",
        "canvas",
        "video",
        "audio",
        "source",
        "track",
        "map",
        "area",
        "dialog",
        "nav",
    ]
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "blockquote",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "figure",
        "figcaption",
        "address",
        "hr",
        "center",
        "details",
        "summary",
        "body",
        "html",
    ]
)
_KIND: dict[str, BlockKind] = {
    **dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "heading"),
    "li": "list_item",
    "dt": "list_item",
    "blockquote": "quote",
}
_BR = "\ue000"  # private-use stand-in for <br> while collecting text
_BR_SPLIT = re.compile(_BR + r"\s*" + _BR + r"[\s" + _BR + r"]*")
_TAGLIKE = re.compile(r"</?(?:p|div|br|span|a|b|i|em|strong|img|ul|ol|li|h[1-6]|blockquote|script|style)\b[^>]*>", re.I)
_LOOKS_LIKE_DOCUMENT = re.compile(r"^\s*<(?:html|!doctype)", re.I)  # as lxml.html decides
_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, default_doctype=False
)
# The same settings without lxml.html's element classes: plain elements are several times cheaper to walk,
# and the walk below needs nothing more than tags, attributes, text and tails.
_FAST_PARSER = lxml.etree.HTMLParser(
    remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, default_doctype=False
)


def html_to_blocks(html: str | None) -> tuple[Block, ...]:
    """Blocks of text from an HTML fragment or page (an empty tuple for empty input).

    Kinds: "heading" (h1-h6), "list_item" (li, dt), "quote" (inside blockquote), else "paragraph". Two
    consecutive <br> split a paragraph. Text without any tag is split into paragraphs on blank lines.
    """
    if not html or not html.strip():
        return ()
    if "<" not in html:
        return _unescape_twice(_plain_blocks(html_lib.unescape(html[:MAX_HTML_CHARS])))
    return _unescape_twice(_root_blocks(_parse(html)))


def html_to_blocks_and_links(
    html: str | None, *, base_url: str | None = None, label: str = "link", max_links: int | None = None
) -> tuple[tuple[Block, ...], tuple[Link, ...]]:
    """``(html_to_blocks(html), links_from_html(html, ...)[:max_links])``, parsing the HTML once."""
    if not html or not html.strip():
        return (), ()
    if "<" not in html:
        return _unescape_twice(_plain_blocks(html_lib.unescape(html[:MAX_HTML_CHARS]))), ()
    root = _parse(html)
    blocks = _unescape_twice(_root_blocks(root))
    links = _root_links(root, base_url=base_url, label=label, limit=max_links)
    return blocks, links


def html_to_text(html: str | None) -> str:
    """The text of an HTML snippet (a title, an author) on one line."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return textsafe.clean_line(html)
    return " ".join(b.text for b in html_to_blocks(html))


def links_from_html(html: str | None, *, base_url: str | None = None, label: str = "link") -> tuple[Link, ...]:
    """The http(s) links of an HTML fragment (relative ones resolved against `base_url`), once each."""
    if not html or "<" not in html:
        return ()
    return _root_links(_parse(html), base_url=base_url, label=label, limit=None)


def _root_links(
    root: lxml.etree._Element | None, *, base_url: str | None, label: str, limit: int | None
) -> tuple[Link, ...]:
    if root is None:
        return ()
    out: list[Link] = []
    seen: set[str] = set()
    for a in root.iter("a"):
        if limit is not None and len(out) >= limit:
            break
        href = (a.get("href") or "").strip()
        if not href:
            continue
        if base_url:
            try:
                href = urljoin(base_url, href)
            except ValueError:
                continue
        url = textsafe.safe_url(href)
        if url is None or url in seen:
            continue
        seen.add(url)
        text = textsafe.clean_line("".join(a.itertext())) or url
        out.append(Link(label, text, url))
    return tuple(out)


def _parse(html: str | None) -> lxml.etree._Element | None:
    """The element holding the fragment's content (a ``body``), or None when there is nothing to parse.

    Like ``lxml.html.fragment_fromstring(html, create_parent=...)``, a fragment is parsed inside a body, and a
    whole document contributes its body (never its head)."""
    if not html or not html.strip():
        return None
    html = html[:MAX_HTML_CHARS].replace(_BR, "").replace("\x00", "")
    if not _LOOKS_LIKE_DOCUMENT.match(html):
        html = f"<html><body>{html}</body></html>"
    try:
        doc = lxml.etree.fromstring(html, _FAST_PARSER)
    except (lxml.etree.LxmlError, ValueError):
        return None
    if doc is None:
        return None
    body = doc.find("body")
    return body if body is not None else doc


def _unescape_twice(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """Double-escaped markup ("&lt;p&gt;...") decodes to tags in text: convert such blocks once more."""
    if not any("<" in b.text and _TAGLIKE.search(b.text) for b in blocks):
        return blocks
    out: list[Block] = []
    for block in blocks:
        if "<" in block.text and _TAGLIKE.search(block.text):
            out.extend(Block(b.text, block.kind if b.kind == "paragraph" else b.kind) for b in _convert(block.text))
        else:
            out.append(block)
    return tuple(out)


def _convert(html: str | None) -> tuple[Block, ...]:
    if not html or not html.strip():
        return ()
    if "<" not in html:
        return _plain_blocks(html_lib.unescape(html[:MAX_HTML_CHARS]))
    return _root_blocks(_parse(html))


def _root_blocks(root: lxml.etree._Element | None) -> tuple[Block, ...]:
    if root is None:
        return ()
    blocks: list[Block] = []
    buf: list[str] = []
    kinds: list[BlockKind] = []
    clean_line = textsafe.clean_line

    def flush() -> None:
        if not buf:
            return
        text = "".join(buf)
        buf.clear()
        kind = kinds[-1] if kinds else "paragraph"
        pieces = _BR_SPLIT.split(text) if _BR in text else (text,)
        for piece in pieces:
            line = clean_line(piece.replace(_BR, " ") if _BR in piece else piece)
            if line and any(c.isalnum() for c in line):
                blocks.append(Block(line, kind))

    walker = lxml.etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None:
                continue
            if tag in _DROP:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
                kinds.append(_KIND.get(tag, kinds[-1] if kinds else "paragraph"))
            elif tag == "br":
                buf.append(_BR)
            elif tag == "img":
                alt = el.get("alt")
                parent = el.getparent()
                if alt and parent is not None and parent.tag == "a":
                    buf.append(alt)
            if el.text:
                buf.append(el.text)
        else:
            if tag is not None and tag in _BLOCK:
                flush()
                if kinds:
                    kinds.pop()
            if el.tail:
                buf.append(el.tail)
    flush()
    return tuple(blocks)


def _plain_blocks(text: str) -> tuple[Block, ...]:
    from briefing.sources.structure import normalise, split_paragraphs

    return tuple(Block(p) for p in split_paragraphs(normalise(text)))


def basic_page_article(data: bytes, *, path: str, folder: str | None, mtime: datetime | None) -> Article:
    """A plain fallback for a saved web page: its <title> (or first <h1>) and the blocks of its <article>,
    <main> or <body>; the file's mtime as an estimated date. Raises SkipFile when the page has no text."""
    from briefing.sources.reading import SkipFile, decode_text

    text, _encoding = decode_text(data)
    try:
        doc = lxml.html.document_fromstring(text[:MAX_HTML_CHARS].replace("\x00", ""), parser=_PARSER)
    except (lxml.etree.ParserError, ValueError):
        raise SkipFile("not an HTML page") from None
    title_el = doc.find(".//title")
    h1 = doc.find(".//h1")
    title = textsafe.clean_line(title_el.text_content() if title_el is not None else "")
    if not title and h1 is not None:
        title = textsafe.clean_line(h1.text_content())
    body = next((el for tag in ("article", "main", "body") if (el := doc.find(f".//{tag}")) is not None), doc)
    blocks = html_to_blocks(lxml.html.tostring(body, encoding="unicode"))
    if blocks and blocks[0].kind == "heading" and blocks[0].text == title:
        blocks = blocks[1:]
    if not blocks:
        raise SkipFile("no text in the page")
    article = Article(
        id="",
        title=title or blocks[0].text[:120],
        source=textsafe.clean_line(folder or "local"),
        blocks=blocks,
        published=mtime,
        published_estimated=mtime is not None,
        path=path,
    )
    article.id = stable_id("file", content_hash(article.title, article.text))
    return article
