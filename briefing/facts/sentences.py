"""Sentence splitting for news text.

A careful regex splitter, chosen over the libraries measured in the project notes: it was as accurate on news
cases (titles like "Gen.", "U.S." ending a sentence, decimals, "No. 1", quotes closing a sentence) and never moves a
quote mark onto the wrong sentence, which pysbd and sentencex do; it is also fast (tens of MB/s) and needs no data.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: Titles and initials: never the end of a sentence.
_TITLES = frozenset(
    [
        "mr", "mrs", "ms", "mx", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt", "cpl", "pvt", "adm",
        "cmdr", "cdr", "brig", "sen", "rep", "gov", "pres", "supt", "det", "insp", "rev", "hon", "fr", "sr", "jr",
        "st", "mt", "ft", "messrs", "mme", "mlle", "gens", "sens", "reps", "govs", "atty", "gens", "sec", "amb",
        "ald", "vol", "art", "op", "no", "nos", "fig", "vs", "v", "ca", "approx", "dept", "est",
    ]
)  # fmt: skip
#: Can end a sentence, but usually don't: split only when a typical sentence opener follows.
_AMBIGUOUS = frozenset(
    [
        "u.s", "u.k", "u.n", "e.u", "inc", "corp", "co", "ltd", "plc", "llc", "bros", "a.m", "p.m", "jan", "feb",
        "mar", "apr", "aug", "sept", "sep", "oct", "nov", "dec", "etc", "al", "d.c", "n.y", "l.a",
    ]
)  # fmt: skip
_OPENERS = frozenset(
    [
        "the", "a", "an", "he", "she", "it", "they", "we", "i", "his", "her", "its", "their", "this", "that",
        "these", "those", "there", "but", "and", "so", "yet", "in", "on", "at", "after", "before", "when", "while",
        "if", "as", "for", "now", "then", "however", "meanwhile", "also", "still", "last", "earlier", "later",
        "officials", "police",
    ]
)  # fmt: skip
#: (A pattern that opens with a plain character class, not "[...]+", lets `re` skip ahead fast to candidates.)
_BOUNDARY = re.compile(r"([.!?…][.!?…]*)([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([\w.'’-]+)$")
_DOTTED = re.compile(r"(?:[a-z]\.)+[a-z]")


class Sentence(NamedTuple):
    """A sentence with its paragraph number and its position in the article (0-based)."""

    text: str
    paragraph: int
    index: int


def _dot_ends_sentence(para: str, lo: int, dot: int, after: int) -> bool:
    """Whether the full stop at para[dot] (no closing mark after it) ends a sentence: not after an initial or a
    title; after an ambiguous abbreviation only when a typical opener follows (at para[after:])."""
    m = _LAST_WORD.search(para, max(lo, dot - 30), dot)
    word = (m.group(1) if m else "").rstrip(".").lower().lstrip("'‘\"“(")
    if len(word) == 1 and word.isalpha():  # an initial: "J. Smith"
        return False
    if word in _TITLES:
        return False
    if word in _AMBIGUOUS or _DOTTED.fullmatch(word):
        nxt = para[after : after + 40].split(" ", 1)[0].strip("\"'“‘(").lower()
        return nxt in _OPENERS
    return True


_SCROLL = re.compile(r"\s*\bScroll down for video\b\s*")
#: "... the man A Pennsylvania man", "... the summer The full back": "The" only before a common noun, since
#: "told The Times" is not a glued caption.
#: Found from the capital (rarer than spaces, so faster to look for); the lower-case letter and the space before
#: it are checked right after it (a look-behind opening the pattern would stop `re` skipping ahead).
_GLUE_CANDIDATE = re.compile(r"A(?<=[a-z] A)n? ([A-Za-z]+)|T(?<=[a-z] T)he ([a-z]+)")
_NOT_BEFORE_GLUE = frozenset(
    [
        "of", "in", "on", "at", "by", "to", "as", "for", "and", "or", "the", "from", "with", "into", "than",
        "about", "over", "under", "after", "before", "during", "is", "was", "be", "been", "a", "an", "plan",
        "vitamin", "type", "grade", "class", "category", "section", "part", "series", "serie", "model",
    ]
)  # fmt: skip
_NOT_AFTER_GLUE = frozenset("of in on and or is was to for at by".split())  # noqa: SIM905


def _unglue(para: str) -> str:
    """Put back the full stop where a photo caption runs into the story: "... Scroll down for video A mother
    was ...", "... trace back to the man A Pennsylvania man was arrested ..."."""
    if "Scroll down for video" in para:
        para = _SCROLL.sub(". ", para)
    para = para.lstrip(". ")
    out: list[str] = []
    last = 0
    for m in _GLUE_CANDIDATE.finditer(para):
        if (m.group(1) or m.group(2)).lower() in _NOT_AFTER_GLUE:
            continue
        space = m.start() - 1
        prev = para[para.rfind(" ", 0, space) + 1 : space].lower()  # the word before the space
        if prev in _NOT_BEFORE_GLUE:
            continue
        out.append(para[last:space] + ".")
        last = space
    return "".join(out) + para[last:] if out else para


def split_paragraph(text: str, *, normalized: bool = False) -> list[str]:
    """Split one paragraph into sentences (`normalized`: its whitespace is already single spaces)."""
    para = _unglue(text if normalized else " ".join(text.split()))
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(para):
        close = m.end(2)
        # "!", "?", "…" or a closing mark always end a sentence; a bare full stop is tested
        if close == m.end(1) and para[close - 1] == "." and not _dot_ends_sentence(para, start, m.start(), m.end()):
            continue
        piece = para[start:close].strip()
        if piece:
            out.append(piece)
        start = m.end()
    rest = para[start:].strip()
    if rest:
        out.append(rest)
    return out


def split_sentences(paragraphs: list[str] | tuple[str, ...], *, normalized: bool = False) -> list[Sentence]:
    """All sentences of an article, in order, each with its paragraph number (`normalized`: the paragraphs'
    whitespace is already single spaces, as `body_paragraphs` leaves it)."""
    out: list[Sentence] = []
    new = tuple.__new__  # (what Sentence(...) does, without its Python-level __new__)
    for p, para in enumerate(paragraphs):
        for s in split_paragraph(para, normalized=normalized):
            out.append(new(Sentence, (s, p, len(out))))
    return out
