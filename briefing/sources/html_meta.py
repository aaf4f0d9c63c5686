"""Page metadata from JSON-LD, OpenGraph, meta tags and a few markup conventions.

General rules only (no per-site cases), in this order of trust: JSON-LD of an article type (schema.org
`NewsArticle`, `BlogPosting`, ...), OpenGraph / `article:*` properties, named meta tags (`author`, `byl`,
`dc.creator`, `parsely-author`, ...), microdata `itemprop`, `rel="author"`, byline-classed elements and
`<time datetime>`. Whatever is still missing is filled from trafilatura's own guesses.
"""

from __future__ import annotations

import email.utils
import json
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import lxml.html

from briefing.textsafe import clean_line, safe_url

#: Largest JSON-LD script we read.
MAX_JSONLD_CHARS = 500_000


@dataclass(frozen=True, slots=True)
class PageMeta:
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    site_name: str | None = None
    url: str | None = None
    description: str | None = None

    def fill_from(self, doc: Any) -> PageMeta:
        """Fill missing fields from a trafilatura Document (title, author, date, sitename, url)."""
        return replace(
            self,
            title=self.title or _title(getattr(doc, "title", None)),
            author=self.author or clean_author(getattr(doc, "author", None)),
            published=self.published or parse_date(getattr(doc, "date", None)),
            site_name=self.site_name or _short(getattr(doc, "sitename", None), 100),
            url=self.url or safe_url(getattr(doc, "url", None)),
            description=self.description or _short(getattr(doc, "description", None), 500),
        )


# ------------------------------------------------------------------ values


def _short(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    text = clean_line(value)
    return text[:limit] if text else None


def _title(value: Any) -> str | None:
    return _short(value, 300)


_BY = re.compile(r"^(?:by|par|por|von|di|door|av|af)\s+", re.I)
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_NOT_A_NAME = re.compile(r"(?i)^(?:username|admin|staff|author|unknown|none|null|anonymous|作者)$")


def clean_author(value: Any) -> str | None:
    """A readable byline from a string, a schema.org Person/Organization, or a list of them."""
    names: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, dict):
            item = item.get("name")
            if isinstance(item, list):
                item = ", ".join(x for x in item if isinstance(x, str))
        if not isinstance(item, str):
            continue
        text = clean_line(item)
        if not text or re.match(r"(?i)^(?:https?:|www\.)", text) or ("@" in text and " " not in text):
            continue
        text = _BY.sub("", text).strip(" ,;|·-")
        words = text.split()
        if len(words) >= 3 and words[-1].casefold().strip(".,") in _MONTHS:
            text = " ".join(words[:-1])  # "Jo Bloggs March" left over from "By Jo Bloggs March 25, 2015"
        if not text or _NOT_A_NAME.match(text) or len(text) > 120 or len(text.split()) > 12:
            continue
        if text.casefold() not in (n.casefold() for n in names):
            names.append(text)
    return ", ".join(names) or None


def parse_date(value: Any) -> datetime | None:
    """An ISO 8601 or RFC 2822 date as an aware UTC datetime (naive times are taken as UTC)."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    dt: datetime | None = None
    iso = re.sub(r"(?i)z$", "+00:00", text.replace(" ", "T", 1) if re.match(r"\d{4}-\d\d-\d\d \d", text) else text)
    iso = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", iso)
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        try:
            dt = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            m = re.match(r"(\d{4})-(\d\d)-(\d\d)", text)
            if m:
                try:
                    dt = datetime(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    dt = None
    if dt is None or not 1900 <= dt.year <= 2200:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


# ------------------------------------------------------------------ JSON-LD


_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def _jsonld_nodes(tree: lxml.html.HtmlElement) -> list[dict]:
    nodes: list[dict] = []
    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        raw = script.text or ""
        if not raw.strip() or len(raw) > MAX_JSONLD_CHARS:
            continue
        raw = _CDATA.sub("", raw).strip().rstrip(";")
        try:
            data = json.loads(raw, strict=False)
        except (ValueError, RecursionError):
            try:  # trailing commas are a common slip in hand-made JSON-LD
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except (ValueError, RecursionError):
                continue
        stack, seen = [data], 0
        while stack and seen < 5000:
            item = stack.pop()
            seen += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                nodes.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(reversed(graph))
    return nodes


def _types(node: dict) -> list[str]:
    t = node.get("@type")
    return [x for x in (t if isinstance(t, list) else [t]) if isinstance(x, str)]


def _is_article(node: dict) -> bool:
    return any(t.endswith(("Article", "BlogPosting", "Report")) or t == "LiveBlogPosting" for t in _types(node))


def _jsonld(tree: lxml.html.HtmlElement) -> dict[str, Any]:
    out: dict[str, Any] = {}
    nodes = _jsonld_nodes(tree)
    articles = [n for n in nodes if _is_article(n)]
    for node in articles[:1]:
        out["title"] = _title(node.get("headline")) or _title(node.get("name"))
        out["author"] = clean_author(node.get("author") or node.get("creator"))
        out["published"] = parse_date(node.get("datePublished")) or parse_date(node.get("dateCreated"))
        publisher = node.get("publisher")
        if isinstance(publisher, list) and publisher:
            publisher = publisher[0]
        if isinstance(publisher, dict):
            out["site_name"] = _short(publisher.get("name"), 100)
        page = node.get("mainEntityOfPage")
        page_url = page.get("@id") if isinstance(page, dict) else page
        out["url"] = safe_url(node.get("url") if isinstance(node.get("url"), str) else None) or safe_url(
            page_url if isinstance(page_url, str) else None
        )
    if not out.get("site_name"):
        for node in nodes:
            if any(t in ("WebSite", "NewsMediaOrganization", "Organization") for t in _types(node)):
                out["site_name"] = _short(node.get("name"), 100)
                if out["site_name"]:
                    break
    return out


# ------------------------------------------------------------------ meta tags and markup

_AUTHOR_KEYS = (
    "author",
    "article:author",
    "byl",
    "dc.creator",
    "dcterms.creator",
    "parsely-author",
    "sailthru.author",
    "og:article:author",
    "twitter:creator:name",
    "citation_author",
)
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.created",
    "pubdate",
    "publish-date",
    "publishdate",
    "publish_date",
    "parsely-pub-date",
    "sailthru.date",
    "og:published_time",
    "published_time",
    "article.published",
    "citation_publication_date",
    "datecreated",
)
_TITLE_KEYS = ("og:title", "twitter:title", "headline", "dc.title", "sailthru.title", "parsely-title")
_SITE_KEYS = ("og:site_name", "application-name", "publisher", "dc.publisher", "twitter:site")
_BYLINE_CLASS = re.compile(r"(?i)byline|author|writer|dateline-by|contributor")
_BYLINE_SKIP = re.compile(r"(?i)comment|avatar|bio|related|footer|photo|image")


def _metas(tree: lxml.html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attr in ("property", "name", "itemprop"):
            key = (meta.get(attr) or "").strip().lower()
            if key:
                found.setdefault(key, []).append(content)
    return found


def _first(found: dict[str, list[str]], keys: tuple[str, ...], fn) -> Any:
    for key in keys:
        for value in found.get(key, ()):
            result = fn(value)
            if result:
                return result
    return None


def _html_title(tree: lxml.html.HtmlElement) -> str | None:
    for el in tree.iter("title"):
        return _title(el.text_content())
    return None


def _markup_author(tree: lxml.html.HtmlElement) -> str | None:
    """`itemprop=author`, `rel=author`, then short elements classed as a byline."""
    for el in tree.xpath('//*[@itemprop="author"]|//*[@rel="author"]')[:5]:
        name = el.xpath('.//*[@itemprop="name"]/@content|.//*[@itemprop="name"]')
        value = name[0] if name else el
        text = value if isinstance(value, str) else value.text_content()
        if author := clean_author(text):
            return author
    # A byline-classed element: the first one after the page's first <h1> (the headline), else the first one.
    before: str | None = None
    seen_h1 = False
    for n, el in enumerate(tree.iter()):
        if n > 50_000:
            break
        if el.tag == "h1":
            seen_h1 = True
        marker = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _BYLINE_CLASS.search(marker) or _BYLINE_SKIP.search(marker) or el.tag in _NO_BYLINE_TAGS:
            continue
        text = clean_line(el.text_content())
        if not 2 < len(text) <= 60 or len(text.split()) > 6 or re.search(r"\d", text):
            continue
        if author := clean_author(text):
            if seen_h1:
                return author
            before = before or author
    return before


_NO_BYLINE_TAGS = {"script", "style", "meta", "link", "img", "body", "html", "head"}


def _time_element(tree: lxml.html.HtmlElement) -> datetime | None:
    times = tree.xpath("//time[@pubdate][@datetime]") or tree.xpath("//article//time[@datetime]")
    times = times or tree.xpath("//time[@datetime]")
    for el in times[:5]:
        if dt := parse_date(el.get("datetime")):
            return dt
    return None


def _canonical(tree: lxml.html.HtmlElement, base: str | None) -> str | None:
    from urllib.parse import urljoin

    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            href = link.get("href").strip()
            return safe_url(urljoin(base, href) if base else href)
    return None


def read_meta(tree: lxml.html.HtmlElement, url: str | None = None) -> PageMeta:
    """Read title, author, published date, site name, canonical url and description from a parsed page."""
    ld = _jsonld(tree)
    found = _metas(tree)
    title = ld.get("title") or _first(found, _TITLE_KEYS, _title) or _html_title(tree)
    author = ld.get("author") or _first(found, _AUTHOR_KEYS, clean_author) or _markup_author(tree)
    published = ld.get("published") or _first(found, _DATE_KEYS, parse_date) or _time_element(tree)
    site = ld.get("site_name") or _first(found, _SITE_KEYS, lambda v: _short(v, 100))
    if site and site.startswith("@"):
        site = None
    canonical = _canonical(tree, url) or _first(found, ("og:url",), safe_url) or ld.get("url")
    description = _first(found, ("og:description", "description", "twitter:description"), lambda v: _short(v, 500))
    return PageMeta(
        title=title,
        author=author,
        published=published,
        site_name=site,
        url=canonical,
        description=description,
    )
