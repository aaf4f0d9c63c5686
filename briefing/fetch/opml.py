"""OPML import and export.

Import is forgiving, because real subscription lists are often broken: a raw ``&`` in a URL or title, outlines
without ``xmlUrl``, duplicates, unknown or wrong encodings, junk after the end. Bytes are repaired (bare ``&``
escaped) and parsed with lxml in recover mode, without entity resolution, network access or huge trees. Nested
outlines become categories ("News/World"). Only http(s) feed URLs are kept.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from briefing.config import FeedConfig
from briefing.textsafe import clean_line, safe_url

MAX_OPML_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 50


class OpmlError(Exception):
    """The file cannot be read as OPML at all; the message is one line for the user."""


@dataclass(slots=True)
class OpmlImport:
    """Feeds found in an OPML file (deduplicated, in document order) and one-line warnings."""

    feeds: list[FeedConfig] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    title: str | None = None


_BARE_AMP = re.compile(rb"&(?!(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});)")
_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.DOTALL)
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", re.IGNORECASE | re.DOTALL)


def read_opml_file(path: Path) -> OpmlImport:
    """Read an OPML file (capped at 20 MB); OpmlError when it cannot be read or holds no outlines."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_OPML_BYTES + 1)
    except OSError as exc:
        raise OpmlError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"{path} is over {MAX_OPML_BYTES // (1024 * 1024)} MB")
    return parse_opml(data)


def _decode(data: bytes) -> str:
    """Text of the document: BOM, then the declared encoding when Python knows it, then UTF-8, then cp1252."""
    import codecs

    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(enc, errors="replace").lstrip("\ufeff")
    m = _DECL_ENCODING.match(data)
    candidates = []
    if m:
        with contextlib.suppress(LookupError):
            candidates.append(codecs.lookup(m.group(1).decode("ascii")).name)
    candidates += ["utf-8", "cp1252"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("latin-1")


def parse_opml(data: bytes) -> OpmlImport:
    """Feeds from OPML bytes; never expands entities or reads anything else."""
    from lxml import etree

    if not data.strip():
        raise OpmlError("not OPML: the file is empty")
    data = _DOCTYPE.sub(b"", data, count=1)  # no DTDs, no entity declarations
    data = _BARE_AMP.sub(b"&amp;", data)
    text = _decode(_DECL.sub(b"", data, count=1)) if _DECL.match(data) else _decode(data)
    parser = etree.XMLParser(
        recover=True,
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser)
    except etree.XMLSyntaxError as exc:
        raise OpmlError(f"not OPML: {' '.join(str(exc).split())[:100]}") from None
    if root is None:
        raise OpmlError("not OPML: no XML elements found")
    result = OpmlImport()
    head_title = root.find("head/title")
    if head_title is not None and head_title.text:
        result.title = clean_line(head_title.text)[:200] or None
    body = root.find("body")
    outlines = body if body is not None else root
    seen: set[str] = set()
    skipped = {"no_url": 0, "bad_url": 0, "dup": 0}
    _walk(outlines, [], result, seen, skipped, 0)
    # lxml's recovery drops outlines after badly broken markup (e.g. raw HTML inside an attribute): when a
    # plain scan of the text finds more feed urls, trust the scan.
    scanned = _scan(text)
    if len(scanned.feeds) > len(result.feeds):
        scanned.title = result.title
        scanned.warnings.insert(0, "the file is not well-formed XML; feeds were recovered by a lenient scan")
        return scanned
    if not result.feeds and not any(skipped.values()) and root.tag.lower() != "opml":
        raise OpmlError("not OPML: no <opml> element and no outlines")
    _warn(result, skipped)
    return result


_OUTLINE_TAG = re.compile(r"<\s*(/?)\s*outline\b", re.IGNORECASE)
_SCAN_ATTR = re.compile(r"""\b(text|title|xmlurl|type|url)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)


def _scan(text: str) -> OpmlImport:
    """A lenient reading of outline tags as text, for files lxml cannot recover."""
    import html

    result = OpmlImport()
    seen: set[str] = set()
    skipped = {"no_url": 0, "bad_url": 0, "dup": 0}
    path: list[str | None] = []
    marks = list(_OUTLINE_TAG.finditer(text))
    for i, m in enumerate(marks):
        if m.group(1):  # </outline>
            if path:
                path.pop()
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        chunk = text[m.end() : end]
        attrs: dict[str, str] = {}
        for a in _SCAN_ATTR.finditer(chunk):
            attrs.setdefault(a.group(1).lower(), html.unescape(a.group(2) if a.group(2) is not None else a.group(3)))
        label = clean_line(attrs.get("title") or attrs.get("text") or "")[:200]
        url = attrs.get("xmlurl")
        if url is None and attrs.get("type", "").lower() in ("rss", "atom"):
            url = attrs.get("url")
        gt = chunk.find(">")
        self_closing = gt > 0 and chunk[gt - 1] == "/"
        if url and url.strip():
            _add(result, seen, skipped, url, label, [p for p in path if p])
        elif self_closing:
            skipped["no_url"] += 1
        if not self_closing:
            path.append(None if url else (label or None))
    _warn(result, skipped)
    return result


def _add(result: OpmlImport, seen: set[str], skipped: dict, url: str, label: str, path: list[str]) -> None:
    from briefing.fetch.subscriptions import normalize_url

    good = safe_url(url.strip())
    if good is None:
        skipped["bad_url"] += 1
        return
    key = normalize_url(good)
    if key in seen:
        skipped["dup"] += 1
        return
    seen.add(key)
    result.feeds.append(FeedConfig(good, label or None, "/".join(path) or None))


def _warn(result: OpmlImport, skipped: dict) -> None:
    if skipped["no_url"]:
        result.warnings.append(f"{skipped['no_url']} outline(s) without a feed url skipped")
    if skipped["bad_url"]:
        result.warnings.append(f"{skipped['bad_url']} outline(s) with a non-http(s) url skipped")
    if skipped["dup"]:
        result.warnings.append(f"{skipped['dup']} duplicate feed(s) skipped")


def _attr(el, name: str) -> str | None:
    lname = name.lower()
    for key, value in el.attrib.items():
        if isinstance(key, str) and key.lower() == lname:
            return value
    return None


def _walk(parent, path: list[str], result: OpmlImport, seen: set[str], skipped: dict, depth: int) -> None:
    if depth > MAX_DEPTH:
        return
    for el in parent:
        if not isinstance(el.tag, str) or el.tag.lower() != "outline":
            continue
        label = clean_line(_attr(el, "title") or _attr(el, "text") or "")[:200]
        url = _attr(el, "xmlUrl")
        if url is None and (_attr(el, "type") or "").lower() in ("rss", "atom"):
            url = _attr(el, "url")
        children = [c for c in el if isinstance(c.tag, str) and c.tag.lower() == "outline"]
        if url is not None and url.strip():
            _add(result, seen, skipped, url, label, path)
        elif not children:
            skipped["no_url"] += 1
        if children:
            _walk(el, [*path, label] if label and not url else path, result, seen, skipped, depth + 1)


def export_opml(feeds: list[FeedConfig], title: str = "briefing subscriptions") -> bytes:
    """OPML 2.0 bytes for ``feeds``; categories ("News/World") become nested outlines."""
    import xml.etree.ElementTree as ET

    opml = ET.Element("opml", version="2.0")
    head = ET.SubElement(opml, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(opml, "body")
    groups: dict[tuple[str, ...], ET.Element] = {(): body}

    def group(parts: tuple[str, ...]) -> ET.Element:
        if parts not in groups:
            parent = group(parts[:-1])
            groups[parts] = ET.SubElement(parent, "outline", text=parts[-1], title=parts[-1])
        return groups[parts]

    for feed in feeds:
        parts = tuple(p.strip() for p in (feed.category or "").split("/") if p.strip())
        name = feed.name or feed.url
        ET.SubElement(group(parts), "outline", type="rss", text=name, title=name, xmlUrl=feed.url)
    ET.indent(opml)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(opml, encoding="unicode").encode("utf-8") + b"\n"
