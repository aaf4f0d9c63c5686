"""A web page (saved `.html`/`.htm` file or fetched page) to a clean :class:`~briefing.model.Article`.

The main text comes from trafilatura (boilerplate, navigation, ads and comments removed); its XML-like body
tree is walked into :class:`~briefing.model.Block` objects (paragraphs, headings, list items, block quotes)
and :class:`~briefing.model.Link` objects (http/https only). Metadata (title, author, published date, site
name, canonical url) is read from JSON-LD, OpenGraph and meta tags first (see
:mod:`briefing.sources.html_meta`), then from trafilatura's own guesses.

Safety: input is capped in size, decoded by us, a DOCTYPE internal subset (where entity declarations live)
is cut before parsing, and lxml's HTML parser never resolves entities or touches the network: an entity bomb
or an external entity stays unexpanded text-free, and no local file is read.
"""

from __future__ import annotations

import codecs
import html as htmllib
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from briefing.model import Article, Block, Link, stable_id
from briefing.sources import LoadResult
from briefing.sources.html_meta import PageMeta, read_meta
from briefing.sources.reading import SkipFile, sniff_binary
from briefing.textsafe import clean, clean_line, safe_url

# The extractor's libraries log routine rejections ("discarding data") as warnings; without a handler of
# their own those would reach stderr (the terminal) through logging's last-resort handler.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

#: Largest page we parse (the same default as a feed body).
MAX_HTML_BYTES = 10 * 1024 * 1024
#: Most elements (after scripts, styles and SVG are dropped) handed to the extractor, whose time grows with them:
#: news pages have a few thousand; 50,000 plain paragraphs take about 10 s.
MAX_ELEMENTS = 50_000
#: Never article text; dropped (after the metadata is read from JSON-LD scripts) to spare the extractor.
_NOT_CONTENT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas")
#: Fewer words than this is a shell page (a login wall, an app loader), not an article.
MIN_WORDS = 20
#: ... unless it is this long (languages written without spaces).
MIN_CHARS = 120
#: Below this many words the fast extraction is retried with trafilatura's fallback extractors.
FALLBACK_WORDS = 150


class HtmlPageError(ValueError):
    """The page cannot be turned into an article; the message is one line for the user."""


# ------------------------------------------------------------------ decoding

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9._:-]{1,40})""", re.I)
_LATIN = {"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "windows-1252", "cp1252", "iso8859-1"}


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Bytes to text: BOM, then the HTTP charset, then `<meta charset>`, then UTF-8, then cp1252."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    declared: str | None = None
    if content_type and (m := _HEADER_CHARSET.search(content_type)):
        declared = m.group(1)
    elif m := _META_CHARSET.search(data[:8192]):
        declared = m.group(1).decode("ascii")
    if declared and declared.lower() not in _LATIN:
        try:
            return data.decode(codecs.lookup(declared).name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        # Pages declared latin-1 are very often UTF-8 in truth; valid UTF-8 is never an accident.
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# ------------------------------------------------------------------ parsing

# A DOCTYPE with an internal subset: `<!DOCTYPE html [ <!ENTITY ...> ]>`. HTML has no use for it.
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^>\[]*\[.*?\]\s*>", re.I | re.S)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)


def parse_tree(text: str) -> lxml.html.HtmlElement:
    """Parse HTML text with a safe lxml HTML parser (no entities resolved, no network, no huge trees)."""
    # Control characters: terminal escapes are never wanted, and lxml refuses XML-incompatible ones later.
    text = clean(text)
    head = _XML_DECL.sub("", text[:200_000], count=1)
    head = _DOCTYPE_SUBSET.sub("", head, count=1)
    text = head + text[200_000:]
    parser = lxml.html.HTMLParser(
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        default_doctype=False,
        collect_ids=False,
    )
    try:
        tree = lxml.html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise HtmlPageError(f"not an HTML page ({clean_line(str(exc))[:80] or 'empty'})") from None
    return tree


# ------------------------------------------------------------------ blocks


_HTML5_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{0,31};)")


def _text(value: str) -> str:
    """Clean one block's text: HTML5 entities the parser did not know are decoded, unknown ones (a page's own
    DTD entities, never expanded) dropped, whitespace folded."""
    value = _HTML5_ENTITY.sub(lambda m: htmllib.entities.html5.get(m.group(1), ""), value)
    return clean_line(value)


#: Tags inside a block whose edges separate words (trafilatura's and leftover HTML ones).
_SPACED = {"lb", "p", "div", "item", "list", "row", "cell", "head", "quote", "td", "th", "tr", "li", "br", "table"}


def _inline_text(el: etree._Element) -> str:
    """An element's text; line breaks and nested block edges become spaces, so words never run together."""
    parts: list[str] = []

    def visit(node: etree._Element) -> None:
        spaced = node is not el and isinstance(node.tag, str) and node.tag in _SPACED
        if spaced:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            visit(child)
            if child.tail:
                parts.append(child.tail)
        if spaced:
            parts.append(" ")

    visit(el)
    return "".join(parts)


class _Walker:
    """Turn trafilatura's body tree (p, head, list/item, quote, table, ref, lb) into blocks and links."""

    def __init__(self, base_url: str | None) -> None:
        self.blocks: list[Block] = []
        self.links: list[Link] = []
        self._seen_urls: set[str] = set()
        self.base_url = base_url

    def walk(self, body: etree._Element) -> None:
        for child in body:
            self._block(child, quote=False)

    def _add(self, el: etree._Element, kind: str) -> None:
        self._collect_links(el)
        text = _text(_inline_text(el))
        if text:
            self.blocks.append(Block(text, kind))  # type: ignore[arg-type]

    def _block(self, el: etree._Element, *, quote: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("p", "code", "div", "ab"):
            if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
                self._mixed(el, quote=quote)
            else:
                self._add(el, "quote" if quote else "paragraph")
        elif tag == "head":
            self._add(el, "heading")
        elif tag == "list":
            for item in el:
                if item.tag == "item":
                    nested = [c for c in item if c.tag == "list"]
                    for c in nested:
                        item.remove(c)
                    self._add(item, "quote" if quote else "list_item")
                    for c in nested:
                        self._block(c, quote=quote)
        elif tag == "quote":
            if any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el):
                self._mixed(el, quote=True)
            else:
                self._add(el, "quote")
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_text(_inline_text(c)) for c in row if c.tag == "cell"]
                self._collect_links(row)
                line = " | ".join(c for c in cells if c)
                if line:
                    self.blocks.append(Block(line, "paragraph"))
        elif tag in ("graphic", "lb"):
            return
        else:
            self._add(el, "quote" if quote else "paragraph")

    def _mixed(self, el: etree._Element, *, quote: bool) -> None:
        """A container with both loose text and block children: loose runs become paragraphs."""
        run: list[str] = [el.text or ""]
        for child in el:
            if isinstance(child.tag, str) and child.tag in _BLOCK_TAGS:
                self._flush(run, quote)
                run = []
                self._block(child, quote=quote)
            else:
                self._collect_links(child)
                run.append(_inline_text(child))
            run.append(child.tail or "")
        self._flush(run, quote)

    def _flush(self, run: list[str], quote: bool) -> None:
        text = _text("".join(run))
        if text:
            self.blocks.append(Block(text, "quote" if quote else "paragraph"))

    def _collect_links(self, el: etree._Element) -> None:
        for ref in el.iter("ref"):
            url = _absolute(ref.get("target"), self.base_url)
            label = _text("".join(ref.itertext()))
            if url and label and url not in self._seen_urls:
                self._seen_urls.add(url)
                self.links.append(Link(label="", text=label, url=url))


_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "code", "div"}


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    href = href.strip()
    if base and not re.match(r"(?i)^[a-z][a-z0-9+.-]*:", href):
        from urllib.parse import urljoin

        href = urljoin(base, href)
    return safe_url(href)


# ------------------------------------------------------------------ captions, credits, related links

_RELATED = re.compile(
    r"^(?P<label>read more|related|see also|more on this|also read|read also|recommended|watch|"
    r"related articles?|related stories|more from [\w ]{1,30})\s*[:|»›>—–-]\s*(?P<rest>.+)$",
    re.I,
)
_CREDIT = re.compile(
    r"^(?:\(?(?:photo|image|picture|photograph|illustration|video)s?\s*(?:credit)?\s*(?::|by)\s*|"
    r"credit\s*:?\s*)(?P<who>.{2,120}?)\)?$",
    re.I,
)


# "Photo: X", "Image by X", "(Photograph credit: X)", "Credit X" / "CreditX" at the end of a caption.
_CAPTION_CREDIT = re.compile(
    r"(?i)(?:^|[\s.;|(])(?:(?:photo(?:graph)?|image|picture|illustration)s?\s*(?:credit\s*)?(?::|\bby\b)|credit\s*:?)"
    r"\s*(?P<who>[^:]{2,100}?)\)?\s*$"
)


def _caption(tree: lxml.html.HtmlElement) -> tuple[str | None, str | None]:
    """The lead picture's caption and its credit, from the first non-empty <figcaption> of the article."""
    found = tree.xpath("//article//figcaption") or tree.xpath("//figure//figcaption")
    for el in found[:3]:
        caption, credit = split_credit(_text(el.text_content()))
        if caption or credit:
            return caption, credit
    return None, None


def split_credit(text: str) -> tuple[str | None, str | None]:
    """A caption and the photo credit at its end: ("Boats at dawn.", "Ana Ruiz") for
    "Boats at dawn. Photo: Ana Ruiz"; (text, None) when it names no credit."""
    m = _CAPTION_CREDIT.search(text)
    if not m:
        return (text[:400] or None), None
    before = (text[: m.start()] + ("." if m.group(0).startswith(".") else "")).rstrip()
    caption = before.strip(" .;|") + ("." if before.endswith(".") else "")
    return (caption[:400] or None), (m.group("who").strip(" .") or None)


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    return norm(a) == norm(b)


def _separate(blocks: list[Block], links: list[Link]) -> tuple[list[Block], list[Link], str | None]:
    """Move related-link lines to `links` and photo-credit lines out of the body (as for plain text)."""
    body: list[Block] = []
    credit: str | None = None
    by_text = {link.text.casefold(): link for link in links}
    related: list[Link] = []
    for block in blocks:
        if block.kind in ("paragraph", "list_item") and (m := _RELATED.match(block.text)):
            rest = m.group("rest").strip()
            known = by_text.get(rest.casefold())
            related.append(Link(label=m.group("label").strip().upper(), text=rest, url=known.url if known else None))
            continue
        if block.kind == "paragraph" and len(block.text) < 140 and (m := _CREDIT.match(block.text)):
            credit = credit or m.group("who").strip()
            continue
        body.append(block)
    related_urls = {link.url for link in related if link.url}
    rest = [link for link in links if link.url not in related_urls]
    return body, related + rest, credit


# ------------------------------------------------------------------ public API


def article_from_html(
    html: bytes | str,
    *,
    url: str | None = None,
    path: str | None = None,
    content_type: str | None = None,
    max_bytes: int = MAX_HTML_BYTES,
    source: str | None = None,
) -> Article | None:
    """Extract the article of one page, or None when the page holds no article text.

    Raises :class:`HtmlPageError` (one-line message) for input that is too large or not HTML at all.
    """
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise HtmlPageError(f"page is {size // 1024} KiB, over the {max_bytes // 1024} KiB limit")
    if isinstance(html, bytes) and (what := sniff_binary(html)):
        raise HtmlPageError(f"not an HTML page ({what})")
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    if not text.strip():
        return None
    tree = parse_tree(text)
    meta = read_meta(tree, url)
    etree.strip_elements(tree, *_NOT_CONTENT, with_tail=False)
    if sum(1 for _ in tree.iter()) > MAX_ELEMENTS:
        raise HtmlPageError(f"page has more than {MAX_ELEMENTS:,} elements")
    base = meta.url or url
    # trafilatura's own extraction first; only when it finds little is its slower fallback (Readability and
    # jusText compared) tried, as that fallback tends to sweep teaser lists into a good extraction.
    doc, blocks, links, credit = _extract(tree, base, fast=True)
    if _words(blocks) < FALLBACK_WORDS:
        second = _extract(tree, base, fast=False)
        if _words(second[1]) > _words(blocks):
            doc, blocks, links, credit = second
    if doc is None:
        return None
    stated_title = meta.title  # from the page's own markup, not the extractor's guess (an <h2>, first words)
    meta = meta.fill_from(doc)
    for i, block in enumerate(blocks[:3]):
        if block.kind == "heading" and meta.title and _same(block.text, meta.title):
            blocks = blocks[:i] + blocks[i + 1 :]  # the headline is the title, shown apart
            break
    if _words(blocks) < MIN_WORDS and sum(len(b.text) for b in blocks) < MIN_CHARS:
        return None
    caption, caption_credit = _caption(tree)
    credit = credit or caption_credit
    title = meta.title or (blocks[0].text[:120] if blocks else "") or (Path(path).stem if path else "Untitled")
    source = meta.site_name or _host(meta.url or url) or source
    if not source and path:
        source = Path(path).parent.name or "file"
    canonical = meta.url or safe_url(url)
    return Article(
        id=stable_id("html", canonical or path or "", title),
        title=title,
        source=source or "web",
        blocks=tuple(blocks),
        published=meta.published,
        url=canonical,
        author=meta.author,
        caption=caption,
        credit=credit,
        links=tuple(links),
        path=path,
        # The page states no title: this one is guessed (a heading, first words); full text keeps the feed's.
        extra={} if stated_title else {"title_guessed": "yes"},
    )


def _extract(
    tree: lxml.html.HtmlElement, base: str | None, *, fast: bool
) -> tuple[Any, list[Block], list[Link], str | None]:
    """Run trafilatura on (a copy of) the tree and walk its body: (document, blocks, links, credit)."""
    doc = trafilatura.bare_extraction(
        tree,
        url=base,
        fast=fast,
        with_metadata=True,
        include_comments=False,
        include_links=True,
        include_images=False,
        include_tables=True,
        include_formatting=False,
        output_format="python",
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or doc.body is None:
        return None, [], [], None
    walker = _Walker(base)
    walker.walk(doc.body)
    blocks, links, credit = _separate(walker.blocks, walker.links)
    return doc, blocks, links, credit


def _words(blocks: list[Block]) -> int:
    return sum(len(b.text.split()) for b in blocks)


def parse_html_file(path: Path, data: bytes, *, folder: str | None = None, mtime: datetime | None = None) -> Article:
    """A local `.html`/`.htm` file's article; raises :class:`HtmlPageError` when it holds none.

    `folder` names the source when the page names no site; `mtime` (aware) is the published time of last
    resort (then ``published_estimated`` is set).
    """
    article = article_from_html(data, path=str(path), source=folder)
    if article is None:
        raise HtmlPageError(f"{clean_line(path.name)}: no article text found in the page")
    if article.published is None and mtime is not None:
        article.published = mtime.astimezone(UTC)
        article.published_estimated = True
    return article


def load_html_file(data: bytes, *, path: str, folder: str | None, mtime: datetime | None) -> LoadResult:
    """The loader's handler for `.html`/`.htm` (see :data:`briefing.sources.loader.HANDLERS`)."""
    try:
        return LoadResult([parse_html_file(Path(path), data, folder=folder, mtime=mtime)])
    except HtmlPageError as exc:
        raise SkipFile(str(exc).removeprefix(f"{clean_line(Path(path).name)}: ")) from None


def _host(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url or "").hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


__all__ = [
    "MAX_HTML_BYTES",
    "HtmlPageError",
    "PageMeta",
    "article_from_html",
    "decode_html",
    "parse_html_file",
    "parse_tree",
]
