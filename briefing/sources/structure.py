"""Find the parts of a plain-text article: byline, photo caption and credit, dateline, related links, pull
quotes and the body paragraphs. Used for `.txt` files and the `text` of JSON articles.

The rules are general (news conventions), not tuned to one article:
- a byline is a short "By Name" paragraph near the top;
- a caption is a paragraph near the top ending with a photo credit in parentheses ("... (JANE DOE / AP)");
- a dateline opens the first body paragraph: "BRUSSELS –", "WASHINGTON (Reuters) -", "LONDON, June 3 (AP) —";
- "READ MORE:", "ALSO READ:", "Related:", "SEE ALSO:" lines are links, not body;
- a pull quote is a paragraph repeating a quoted passage (or sentence) found elsewhere in the body, optionally
  followed by an attribution line ("Jane Doe, Mayor, Springfield"); it is shown apart, not in the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from difflib import SequenceMatcher

from briefing import textsafe
from briefing.model import Block, Link, PullQuote
from briefing.sources.dates import find_date

#: How many paragraphs after the title may hold a byline, date line or caption.
HEADER_ZONE = 4
#: Pull quotes are looked for only in bodies up to this many paragraphs (the search is quadratic).
MAX_PULL_QUOTE_PARAGRAPHS = 300

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_SENT_END = re.compile(r"""[.!?:;"”’')\]…]$""")
_BYLINE = re.compile(r"^(?:By|BY|Written by|Words by|Reporting by)\s+(?P<name>\S.{1,100})$")
_BYLINE_CUT = re.compile(r"\s+(?:\||[-–—]\s|Updated\b|Published\b|Posted\b).*$")
_CREDIT_PAREN = re.compile(r"^(?P<cap>.*?\S)\s*\((?P<credit>[^()]{2,80})\)\s*$", re.S)
_CREDIT_WORD = re.compile(
    r"(?i)\b(?:photo|photograph|picture|image|credit|courtesy|getty|shutterstock|illustration|handout|pool)\b"
)
_CREDIT_SUFFIX = re.compile(r"^(?P<cap>.*?\S)\s+(?:Photo|Picture|Image|Credit)s?:\s*(?P<credit>[^.]{2,80})$")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WORD_UP = r"[^\W\d_][^\W\d_.'’\-]*(?:[.'’\-][^\W\d_]*)*\.?"
_DATELINE = re.compile(
    r"^(?P<dl>(?P<place>" + _WORD_UP + r"(?:\s+" + _WORD_UP + r"){0,3})"
    r"(?P<region>,\s+" + _WORD_UP + r"(?:\s+" + _WORD_UP + r"){0,2})?"
    r"(?:,?\s+" + _MONTH + r"\s+\d{1,2}(?:,\s+\d{4})?)?"
    r"(?:\s*\((?P<agency>[^\W\d_][\w .&'’\-]{0,30})\))?)"
    r"\s*(?:--?|[–—])\s+(?=\S)"
)
_AGENCY_ONLY = re.compile(
    r"^(?P<dl>\((?P<agency>[A-Z][A-Za-z.&]*(?:\s[A-Z][A-Za-z.&]*){0,2})\))"
    r"\s*(?:(?:--?|[–—])\s*)?(?=[\"“A-Z])"
)
_LINK_LINE = re.compile(
    r"^(?P<label>read more|also read|read also|see also|more on this|further reading"
    r"|related(?: articles?| stories| coverage| reading| content| links?)?)\s*:\s*(?P<rest>.*)$",
    re.I | re.S,
)
_MD_LINK = re.compile(r"\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)")
_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.I)
_QUOTED = re.compile(r"\"([^\"]{12,})\"|“([^”]{12,})”|«\s*([^»]{12,})\s*»")
_DATE_WORDS = re.compile(
    r"(?i)\b(?:first\s+)?(?:published|updated|posted|modified|last|on|at|a\.?m\.?|p\.?m\.?"
    r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\.?)(?=\W|$)"
)
_QUOTE_CHARS = re.compile('["“«]')
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SOURCE_LINE = re.compile(r"^(?:Source|Sources|Via):\s*(?P<source>\S.{0,60})$", re.I)


@dataclass(slots=True)
class Parts:
    """What :func:`find_parts` found; `blocks` is the clean body."""

    blocks: list[Block] = field(default_factory=list)
    author: str | None = None
    caption: str | None = None
    credit: str | None = None
    dateline: str | None = None
    #: An outlet named in the dateline ("Reuters" from "WASHINGTON (Reuters) -").
    agency: str | None = None
    #: A "Source: X" line.
    source: str | None = None
    published: datetime | None = None
    links: list[Link] = field(default_factory=list)
    pull_quotes: list[PullQuote] = field(default_factory=list)


def normalise(text: str) -> str:
    """Safe text (no control/bidi characters), Unix newlines, ordinary spaces, no trailing blanks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = textsafe.clean(text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of normalised text: blank-line separated (hard-wrapped lines joined), or one a line when the
    text has no blank lines. A paragraph cut mid-sentence whose next one starts in lower case is rejoined."""
    text = text.strip()
    if not text:
        return []
    paras: list[str] = []
    if "\n\n" in text:
        for chunk in re.split(r"\n\s*\n", text):
            current: list[str] = []
            for line in chunk.split("\n"):
                if not line:
                    continue
                if _LINK_LINE.match(line) and current:
                    paras.append(" ".join(current))
                    current = []
                current.append(line)
            if current:
                paras.append(" ".join(current))
    else:
        paras = [line for line in text.split("\n") if line]
    merged: list[list[str]] = []
    for p in paras:
        if merged and p[:1].islower() and not _SENT_END.search(merged[-1][-1]) and not _LINK_LINE.match(merged[-1][0]):
            merged[-1].append(p)
        else:
            merged.append([p])
    return [" ".join(m) for m in merged]


def find_parts(paragraphs: list[str]) -> Parts:
    """Split body paragraphs (the title already removed) into their parts."""
    parts = Parts()
    paras = list(paragraphs)
    header_date: datetime | None = None

    # Header zone: byline, a date line and a photo caption, in any order, before the body starts.
    i = 0
    while i < len(paras) and i < HEADER_ZONE:
        p = paras[i]
        if parts.author is None and (name := _byline(p)):
            parts.author = name
        elif header_date is None and (d := _date_line(p)):
            header_date = d
        elif parts.caption is None and (cc := _caption(p, strict=False)):
            parts.caption, parts.credit = cc
        else:
            break
        del paras[i]

    # Related links anywhere.
    kept: list[str] = []
    skip_next = False
    for n, p in enumerate(paras):
        if skip_next:
            skip_next = False
            continue
        m = _LINK_LINE.match(p)
        if not m:
            kept.append(p)
            continue
        label = " ".join(m.group("label").split())
        rest = m.group("rest").strip()
        if not rest and n + 1 < len(paras) and len(paras[n + 1]) <= 200:
            rest = paras[n + 1]
            skip_next = True
        if rest:
            parts.links.append(_link(label, rest))
    paras = kept

    # Photo captions further down (strict credit only): keep the first as the caption, drop the others.
    kept = []
    for p in paras:
        cc = _caption(p, strict=True)
        if cc:
            if parts.caption is None:
                parts.caption, parts.credit = cc
            continue
        kept.append(p)
    paras = kept

    # A trailing "Source: X" line.
    if paras and (m := _SOURCE_LINE.match(paras[-1])):
        parts.source = m.group("source").strip()
        paras.pop()

    # Dateline at the start of the first body paragraph.
    if paras:
        dl = _dateline(paras[0])
        if dl:
            parts.dateline, parts.agency, rest = dl
            paras[0] = rest

    paras, parts.pull_quotes = _pull_quotes(paras)
    parts.blocks = [Block(p) for p in paras if p]

    parts.published = header_date
    if parts.published is None:
        for candidate in [parts.caption or "", parts.dateline or "", *paras[:3]]:
            if candidate and (d := find_date(candidate)):
                parts.published = d
                break
    return parts


# ---------------------------------------------------------------- single rules


def _byline(p: str) -> str | None:
    m = _BYLINE.match(p)
    if not m or len(p) > 120:
        return None
    name = _BYLINE_CUT.sub("", m.group("name")).strip(" ,;")
    if not name or not name[0].isupper():
        return None
    return name


def _date_line(p: str) -> datetime | None:
    if len(p) > 60:
        return None
    d = find_date(p)
    if d is None:
        return None
    rest = _DATE_WORDS.sub("", re.sub(r"(?i)" + _MONTH, "", p))
    rest = re.sub(r"\b[A-Z]{1,4}\b", "", rest)  # time zones: ET, BST, GMT, UTC
    return d if sum(c.isalpha() for c in rest) <= 3 else None


def _looks_like_credit(credit: str, *, strict: bool) -> bool:
    words = credit.split()
    if not words or len(words) > 8 or credit[0].islower():
        return False
    if _CREDIT_WORD.search(credit):
        return True
    if "/" in credit and re.match(r"^[^\W\d_][\w.'’\- ]*/\s*[^\W\d_][\w.'’\- ]*$", credit):
        return True
    if strict:
        return False
    letters = [c for c in credit if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) / len(letters) >= 0.8 and len(words) <= 6


def _caption(p: str, *, strict: bool) -> tuple[str, str] | None:
    if _DATELINE.match(p) and not strict and len(p) > 300:
        return None
    if len(p) > 600 or not (p.endswith(")") or ":" in p):
        return None
    for rx in (_CREDIT_PAREN, _CREDIT_SUFFIX):
        m = rx.match(p)
        if m and _looks_like_credit(m.group("credit").strip(), strict=strict):
            cap = m.group("cap").strip()
            if len(cap) >= 10 and len(p) <= 600:
                return cap, m.group("credit").strip()
    return None


def _dateline(p: str) -> tuple[str, str | None, str] | None:
    m = _DATELINE.match(p)
    if m:
        place = m.group("place")
        letters = [c for c in place if c.isalpha()]
        if len(letters) >= 2 and place == place.upper() and len(p) > m.end() + 20:
            dl = " ".join(m.group("dl").split())
            agency = m.group("agency")
            return dl, (agency.strip() if agency else None), p[m.end() :].strip()
    m = _AGENCY_ONLY.match(p)
    if m and len(p) > m.end() + 20:
        return m.group("dl"), m.group("agency"), p[m.end() :].strip()
    return None


def _link(label: str, rest: str) -> Link:
    m = _MD_LINK.search(rest)
    if m:
        return Link(label, " ".join(m.group("text").split()), textsafe.safe_url(m.group("url")))
    m = _URL.search(rest)
    url = None
    if m:
        url = textsafe.safe_url(m.group(0).rstrip(".,;:!?"))
        rest = (rest[: m.start()] + " " + rest[m.end() :]).strip()
        rest = rest.strip(" -–—|:<>()[]")
    text = " ".join(rest.split()) or (url or "")
    return Link(label, text, url)


# ---------------------------------------------------------------- pull quotes


def _words(s: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in _WORDS.findall(s)]


def _strip_quotes(s: str) -> str:
    return s.strip().strip("\"“”«»'‘’ ").strip()


def looks_like_attribution(p: str) -> bool:
    """A short line naming who said something: "Jane Doe, Mayor, Springfield" or "— Jane Doe"."""
    s = p.strip().lstrip("—–-~ ").strip()
    if not s or len(s) > 100 or not s[0].isupper():
        return False
    words = s.split()
    if len(words) > 14 or re.search(r"[.!?;:,]$", s) or re.search(r"[\"“”«»]", s) or _LINK_LINE.match(s):
        return False
    if re.search(r"\b(said|says|told|added)\b", s):
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps >= max(1, len(words) // 2)


def _similar(a: list[str], b: list[str], a_set: frozenset[str], b_set: frozenset[str]) -> bool:
    if len(a) < 5 or len(b) < 5 or len(a_set & b_set) < 0.75 * len(a_set):
        return False
    if a == b:
        return True
    sm = SequenceMatcher(None, a, b, autojunk=False)
    match = sm.find_longest_match(0, len(a), 0, len(b))
    # a pull quote is often an excerpt of a longer quote
    if len(a) >= 8 and match.size >= 0.9 * len(a):
        return True
    return sm.ratio() >= 0.8


def _passages(p: str, *, sentences: bool) -> list[tuple[list[str], frozenset[str]]]:
    """Quoted passages of a paragraph (and, with `sentences`, its sentences) as word lists."""
    out = [_words(next(g for g in m.groups() if g)) for m in _QUOTED.finditer(p)]
    if sentences:
        out += [_words(s) for s in re.split(r"(?<=[.!?])\s+", p)]
    return [(w, frozenset(w)) for w in out if len(w) >= 5]


def _pull_quotes(paras: list[str]) -> tuple[list[str], list[PullQuote]]:
    quotes: list[PullQuote] = []
    if len(paras) < 3 or len(paras) > MAX_PULL_QUOTE_PARAGRAPHS:
        return paras, quotes
    drop: set[int] = set()
    quoted = [_passages(p, sentences=False) if _QUOTE_CHARS.search(p) else [] for p in paras]
    quoted_words = frozenset().union(*(q_set for qs in quoted for _, q_set in qs))
    passages: list[list[tuple[list[str], frozenset[str]]]] | None = None
    sizes = [len(_WORDS.findall(p)) for p in paras]
    for i, p in enumerate(paras):
        if i in drop or not 5 <= sizes[i] <= 90:
            continue
        has_attr = i + 1 < len(paras) and i + 1 not in drop and looks_like_attribution(paras[i + 1])
        if not has_attr and not quoted_words:
            continue
        text = _strip_quotes(p)
        tp = _words(text)
        if len(tp) < 5 or len(tp) > 80:
            continue
        tp_set = frozenset(tp)
        # A repeated quote is a pull quote; a repeated plain sentence only with an attribution line under it.
        if has_attr:
            passages = passages or [_passages(p, sentences=True) for p in paras]
            pool = passages
        elif len(tp_set & quoted_words) >= 0.75 * len(tp_set):
            pool = quoted
        else:
            continue
        repeated = any(
            j != i
            and j not in drop
            and sizes[j] > len(tp) + 1
            and any(_similar(tp, q, tp_set, q_set) for q, q_set in pool[j])
            for j in range(len(paras))
        )
        wholly_quoted = p[:1] in '"“«' and p[-1:] in '"”»' and has_attr and paras[i + 1].lstrip()[:1] in "—–-~"
        if not (repeated or wholly_quoted):
            continue
        attribution = None
        drop.add(i)
        if has_attr:
            attribution = paras[i + 1].strip().lstrip("—–-~ ").strip()
            drop.add(i + 1)
        quotes.append(PullQuote(text, attribution))
    return [p for n, p in enumerate(paras) if n not in drop], quotes


def split_dateline(blocks: tuple[Block, ...]) -> tuple[tuple[Block, ...], str | None]:
    """Blocks with a dateline taken off the first paragraph ("WASHINGTON (Reuters) - ..."), and the dateline."""
    for n, block in enumerate(blocks[:2]):
        if block.kind != "paragraph":
            continue
        found = _dateline(block.text)
        if found is None:
            return blocks, None
        dateline, _agency, rest = found
        return (*blocks[:n], Block(rest), *blocks[n + 1 :]), dateline
    return blocks, None
