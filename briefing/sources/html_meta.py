"""Page metadata from JSON-LD, OpenGraph, meta tags and a few markup conventions.

General rules only (no per-site cases), in this order of trust: JSON-LD of an article type (schema.org
`NewsArticle`, `BlogPosting`, ...), OpenGraph / `article:*` properties, named meta tags (`author`, `byl`,
`dc.creator`, `parsely-author`, ...), microdata `itemprop`, `rel="author"`, byline-classed elements and
`<time datetime>`. Whatever is still missing is filled from trafilatura's own guesses.

A byline written in the page is taken from the candidate nearest the headline (after it rather than before),
never from a sidebar, navigation, comment or related-stories block (those name other stories' writers), and
from the name part of it only (no job title, date, avatar or social handle). Every byline is normalised:
"By"/"Par"/"作者：" dropped, "X and Y" made a list, trailing dates, "| Staff Writer" roles and handles cut.
"""

from __future__ import annotations

import email.utils
import json
import re
from collections import deque
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
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


_BY = re.compile(
    r"^(?:(?i:(?:written|words|reporting|story|text|posted)\s+)?(?i:by|par|por|door|av|af)\b|von\b|di\b)\s*:?\s*"
    r"|^(?:作者|文|记者|撰文|著者)\s*[:：/]\s*"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?"
    r"|nov(?:ember)?|dec(?:ember)?)\.?"
)
_MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
#: Where a date or time starts in a byline ("By Jo Bloggs March 25, 2015", "Jo Bloggs | Updated 3 hours ago").
_TAIL_DATE = re.compile(
    rf"(?i)[\s,;|·•–—-]*(?:\b(?:last\s+)?(?:updated|published|posted|modified)\b"
    rf"|\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{2,4}}|\b\d{{4}}-\d\d-\d\d"
    rf"|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}|\b\d+\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago"
    rf"|\b\d{{1,2}}:\d\d\b).*$"
)
#: A job title after a separator: "Jo Bloggs | Staff Writer", "Jo Bloggs - Senior Political Correspondent".
_ROLE_NOUN = (
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|producer"
    r"|analyst|photographer|critic|blogger|staff|intern|freelancer|freelance)s?"
)
_ROLE = rf"(?:[\w.&'’]+\s+){{0,3}}{_ROLE_NOUN}"
_ROLE_TAIL = re.compile(rf"(?i)\s*(?:[|·•,–—]|\s-)\s*{_ROLE}\s*$")
_HANDLE = re.compile(r"(?i)\b[\w.+-]+@[\w-]+\.[\w.-]+\b|https?://\S+|(?<![\w@])@\w+|\bon (?:twitter|x)\b|\bfollow\b")
#: Names joined by "and": split into a list when every part looks like a name ("Jo Bloggs and Sam Ode").
_JOIN = re.compile(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&|et|und|y|e)\s+")
#: A job title alone is no name ("Staff Writer"); "Our Foreign Staff" (three words) is a house byline and kept.
_ONLY_ROLE = re.compile(rf"(?i)^(?:[\w.&'’]+\s+)?{_ROLE_NOUN}$")
_NOT_A_NAME = re.compile(r"(?i)^(?:username|admin|staff|author|unknown|none|null|anonymous|作者|by|par)$")


def _name_like(part: str) -> bool:
    words = part.split()
    return 2 <= len(words) <= 5 and all(
        w[:1].isupper() or w.casefold() in ("de", "van", "von", "da", "di", "le", "la") for w in words
    )


def _one_author(text: str) -> str:
    """Normalise one byline string: "By" prefixes, handles, dates, job titles and "X and Y" joins."""
    if " | " in text:  # lines of a byline block: the name comes first ("By Jo Bloggs | The Valley Ledger")
        lines = [_one_author(line) for line in text.split(" | ")]
        return next((line for line in lines if line and not _ONLY_ROLE.match(line)), "")
    text = _BY.sub("", text.strip(" ,;|·-")).strip()
    text = _HANDLE.sub(" ", text)
    text = " ".join(text.split())
    if (m := _TAIL_DATE.search(text)) and m.start() > 0:
        text = text[: m.start()]
    text = text.strip(" ,;|·•–—-")
    while (m := _ROLE_TAIL.search(text)) and m.start() > 0:
        text = text[: m.start()].strip(" ,;|·•–—-")
    words = text.split()
    if len(words) >= 3 and words[-1].casefold().strip(".,") in _MONTHS:
        text = " ".join(words[:-1])  # "Jo Bloggs March" left over from "By Jo Bloggs March 25, 2015"
    if "(" not in text and re.search(r"\s(?:and|&|et|und|y|e)\s", text):
        parts = [p for p in _JOIN.split(text) if p]
        if len(parts) > 1 and all(_name_like(p) for p in parts):
            text = ", ".join(parts)
    return text.strip(" ,;|·•–—-")


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
        text = _one_author(text)
        if not text or _NOT_A_NAME.match(text) or _ONLY_ROLE.match(text) or len(text) > 120 or len(text.split()) > 12:
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


def _tokens(el: lxml.html.HtmlElement, attr: str) -> list[str]:
    return (el.get(attr) or "").lower().split()


def _marker(el: lxml.html.HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _headline(tree: lxml.html.HtmlElement, title: str | None) -> lxml.html.HtmlElement | None:
    """The article's headline element: the heading that states the title, else the first <h1>."""

    def norm(s: str) -> str:
        return " ".join(re.findall(r"\w+", s.casefold()))

    want = norm(title or "")
    first_h1 = None
    for tags in (("h1",), ("h2", "h3")):
        for el in tree.iter(*tags):
            if el.tag == "h1" and first_h1 is None:
                first_h1 = el
            text = norm(el.text_content())
            if want and text and (text == want or (len(text) > 15 and (text in want or want in text))):
                return el
    return first_h1


def _in_sidebar(el: lxml.html.HtmlElement, stop: set) -> bool:
    """True when a block between `el` and the part of the page it shares with the headline is a sidebar,
    related-stories list, navigation, footer or comment thread."""
    node = el
    while node is not None and node not in stop and node.tag not in ("body", "html"):
        if node.tag in _SIDEBAR_TAGS or (node is not el and _SIDEBAR.search(_marker(node))):
            return True
        node = node.getparent()
    return False


def _part_skipped(el: lxml.html.HtmlElement) -> bool:
    if el.tag in _BYLINE_PART_TAGS:
        return True
    if el.tag == "a" and re.search(
        r"(?i)(?:twitter|x|facebook|instagram|linkedin)\.com/|^mailto:", el.get("href") or ""
    ):
        return True
    return bool(_BYLINE_PART_SKIP.search(_marker(el)))


def _byline_text(el: lxml.html.HtmlElement) -> str:
    """The name in a byline element: its `itemprop=name` or `content`, else its text without the parts that are
    not the name (job title, date, avatar, social links); line breaks and block edges become " | "."""
    if content := el.get("content"):
        return content
    names = el.xpath('.//*[contains(concat(" ", normalize-space(@itemprop), " "), " name ")]')
    if names:
        found = [n.get("content") or n.text_content() for n in names[:5]]
        return ", ".join(x.strip() for x in found if x and x.strip())
    parts: list[str] = []

    def visit(node: lxml.html.HtmlElement) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if not isinstance(child.tag, str):
                pass
            elif child.tag == "br":
                parts.append(" | ")
            elif not _part_skipped(child):
                block = child.tag in _BLOCK_LEVEL
                parts.append(" | " if block else "")
                visit(child)
                parts.append(" | " if block else "")
            if child.tail:
                parts.append(child.tail)

    visit(el)
    text = " ".join("".join(parts).split())
    return re.sub(r"^(?:\|\s*)+|(?:\s*\|)+$", "", re.sub(r"\|(?:\s*\|)+", "|", text)).strip()


def _markup_author(tree: lxml.html.HtmlElement, title: str | None = None) -> str | None:
    """The byline written in the page: `itemprop=author`, `rel=author` or a byline-classed element, the one
    nearest the headline (after it rather than before), leaving out sidebars and related-story lists."""
    headline = _headline(tree, title)
    stop = set(headline.iterancestors()) | {headline} if headline is not None else set()
    found: list[tuple[int, int, str]] = []  # (place in the page, strength, name)
    candidates, head_at = _candidates(tree, headline)
    for at, el in candidates:
        if not isinstance(el.tag, str) or (el.tag in _NO_BYLINE_TAGS and el.tag != "meta"):
            continue
        structured = "author" in _tokens(el, "rel") or any(t in ("author", "creator") for t in _tokens(el, "itemprop"))
        if el.tag == "meta" and not structured:
            continue
        marker = _marker(el)
        if not structured and (not _BYLINE_CLASS.search(marker) or _BYLINE_SKIP.search(marker)):
            continue
        if not structured and next(islice(el.iter(), _MAX_BYLINE_ELEMENTS, None), None) is not None:
            continue  # a whole section classed "author-page", not a byline
        if _in_sidebar(el, stop):
            continue
        inner = [] if structured else el.xpath(_STRUCTURED)[:5]
        texts = [clean_line(_byline_text(x)) for x in inner] if inner else [clean_line(_byline_text(el))]
        if not any(texts) or sum(map(len, texts)) > 200:
            continue
        author = clean_author(texts)  # several author marks (a photo link, then the name): each name once
        if not author:
            continue
        if not structured and (len(author) > 80 or len(author.split()) > 8 or re.search(r"\d", author)):
            continue
        found.append((at, 2 if structured else 1, author))
    if not found:
        return None
    if head_at is None:
        return found[0][2]

    def distance(item: tuple[int, int, str]) -> tuple[int, int]:
        d = item[0] - head_at
        return (d if d >= 0 else -3 * d), -item[1]

    return min(found, key=distance)[2]


#: Elements that mark an author in a structured way (the name is then theirs, not their container's text).
_STRUCTURED = (
    './/*[contains(concat(" ", normalize-space(@rel), " "), " author ")'
    ' or contains(concat(" ", normalize-space(@itemprop), " "), " author ")]'
)
_CANDIDATE_WORDS = ("byline", "author", "writer", "contributor")


def _candidates(
    tree: lxml.html.HtmlElement, headline: lxml.html.HtmlElement | None
) -> tuple[list[tuple[int, lxml.html.HtmlElement]], int | None]:
    """Byline candidates with their place in document order (a wider net than the rules applied to them
    after), at most the last `_MAX_CANDIDATES` before the headline and the first after it; and the headline's
    place."""
    before: deque[tuple[int, lxml.html.HtmlElement]] = deque(maxlen=_MAX_CANDIDATES)
    after: list[tuple[int, lxml.html.HtmlElement]] = []
    head_at: int | None = None
    for n, el in enumerate(tree.iter()):
        if el is headline:
            head_at = n
        marker = f"{el.get('class') or ''} {el.get('id') or ''} {el.get('rel') or ''} {el.get('itemprop') or ''}"
        if len(marker) > 3 and ("creator" in marker or any(w in marker.lower() for w in _CANDIDATE_WORDS)):
            if head_at is None and headline is not None:
                before.append((n, el))
            else:
                after.append((n, el))
                if len(after) >= _MAX_CANDIDATES:
                    break
    return [*before, *after], head_at


_MAX_CANDIDATES = 300
#: A byline-classed element with more elements inside than this is a page section, not a byline.
_MAX_BYLINE_ELEMENTS = 40
_NO_BYLINE_TAGS = {"script", "style", "meta", "link", "img", "body", "html", "head", "title", "h1"}
_SIDEBAR_TAGS = {"aside", "nav"}
#: Blocks whose bylines belong to other stories or other people (a footer is not one: bylines sit in footers).
_SIDEBAR = re.compile(
    r"(?i)related|sidebar|side-bar|most-?(?:read|popular|viewed|shared)|popular|recommend|promo|teaser|widget"
    r"|\brail\b|trending|outbrain|taboola|comment|more-(?:stories|news|from)|also-read|newsletter"
    r"|nav(?:igation|bar|menu)?\b|\bmenu"
)
#: Parts of a byline element that are not the name.
_BYLINE_PART_TAGS = {"time", "img", "script", "style", "button", "svg", "noscript", "figure", "picture"}
_BYLINE_PART_SKIP = re.compile(
    r"(?i)title|role|job|position|\bbio|date|time|twitter|social|share|follow|avatar|photo|image|icon|email"
    r"|contact|count"
)
_BLOCK_LEVEL = {"div", "p", "li", "ul", "ol", "section", "header", "dd", "dt", "dl", "h2", "h3", "h4", "h5", "h6"}


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


def _handle_like(name: str) -> bool:
    """A user name rather than a byline ("jbloggs", "jo_bloggs42"): then a byline in the page is preferred."""
    return " " not in name and (name.islower() or bool(re.search(r"[\d_]", name)))


def read_meta(tree: lxml.html.HtmlElement, url: str | None = None) -> PageMeta:
    """Read title, author, published date, site name, canonical url and description from a parsed page."""
    ld = _jsonld(tree)
    found = _metas(tree)
    title = ld.get("title") or _first(found, _TITLE_KEYS, _title) or _html_title(tree)
    author = ld.get("author") or _first(found, _AUTHOR_KEYS, clean_author)
    if not author or _handle_like(author):
        author = _markup_author(tree, title) or author
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
