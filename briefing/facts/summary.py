"""Key sentences: a cleaned lead.

Position dominates news summaries (see the project notes: every centrality method measured lost to Lead-3 on
CNN/Daily Mail). So we take sentences in article order, skipping what is not a real story sentence: captions and
credits, link lines, bylines, fragments and short sentences, pull-quote copies and near-duplicates.
"""

from __future__ import annotations

import re

from briefing.facts.cleaning import is_byline, is_caption, is_link_line
from briefing.facts.sentences import Sentence

MIN_WORDS = 8
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9]*(?:['’][a-z]+)?")  # (opening with a plain class is faster)
_QUOTE_MARK = re.compile(r"[\"“”]")
_SOURCE_PREFIX = re.compile(r"^(?:[A-Z][\w .,'-]{0,40})?\((?:CNN|AP|Reuters|AFP)\)\s*(?:[-–—]\s*)?")
_STOP = frozenset(
    [
        "the", "a", "an", "of", "to", "in", "on", "at", "for", "and", "or", "but", "is", "was", "are", "were", "be",
        "been", "by", "with", "as", "it", "its", "that", "this",
    ]
)  # fmt: skip


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in _STOP}


def _similar(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / ((len(a) * len(b)) ** 0.5)


def clean_sentence(text: str) -> str:
    """Strip agency prefixes such as "(CNN)" from a sentence."""
    if "(" not in text[:42]:  # the prefix's "(" comes within its first 42 characters
        return text.strip()
    return _SOURCE_PREFIX.sub("", text, count=1).strip()


def usable(sentence: str) -> bool:
    """Whether a sentence can be a key sentence."""
    s = sentence.strip()
    # (cheapest tests first) a fragment: no final punctuation (an attribution line, a heading)
    if s.rstrip("\"'”’)")[-1:] not in (".", "!", "?", "…"):
        return False
    if is_byline(s) or is_link_line(s) or (len(s) < 400 and is_caption(s)):
        return False
    return len(_WORD.findall(s)) >= MIN_WORDS


def key_sentences(
    sentences: list[Sentence], count: int = 3, *, exclude: tuple[str, ...] = (), title: str = ""
) -> list[str]:
    """The first `count` usable sentences in article order, without near-duplicates or pull-quote copies."""
    excluded = [_content(e) for e in exclude if e]
    chosen: list[str] = []
    seen: list[set[str]] = []
    cleaned: list[str] = []  # every sentence read, cleaned (all of them when the fallback below runs)
    for s in sentences:
        if len(chosen) >= count:
            break
        text = clean_sentence(s.text)
        cleaned.append(text)
        if not usable(text):
            continue
        c = _content(text)
        if any(_similar(c, e) > 0.8 for e in excluded) and not _QUOTE_MARK.search(text):
            continue  # a pull-quote copy that reached the body
        if any(_similar(c, e) > 0.5 for e in seen):
            continue
        chosen.append(text)
        seen.append(c)
    if len(chosen) < count:  # short articles: fall back to whatever is left, in order
        for text in cleaned:
            if len(chosen) >= count:
                break
            if text in chosen or len(_WORD.findall(text)) < 4 or is_link_line(text) or is_caption(text):
                continue
            chosen.append(text)
        order = {text: s.index for text, s in zip(cleaned, sentences, strict=True)}
        chosen.sort(key=lambda t: order.get(t, 0))
    return chosen
