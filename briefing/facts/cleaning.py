"""Recognise lines that are not part of the story: photo captions and credits, related-link lines, bylines."""

from __future__ import annotations

import re

#: "READ MORE: ...", "ALSO READ: ...", "Related: ...", "Click here to ...", "WATCH: ..."
LINK_LINE = re.compile(
    r"^\s*(?:read more|also read|read also|related(?: articles?| stories| coverage)?|see also|more on this"
    r"|recommended|watch|listen|click here|follow us|sign up|subscribe|share this)\b\s*[:\-–—|>]?",
    re.IGNORECASE,
)
#: "(OLIVIER MATTHYS / AP)", "Photo: Reuters", "Picture: Getty Images", "[Image: ...]"
_CREDIT_PAREN = re.compile(r"\([^()]{0,60}(?:/|:)\s*[^()]{1,40}\)\s*$")
_CREDIT_WORD = re.compile(r"\b(?:photo|picture|image|credit)s?\s*(?:by|:)\s*\S", re.IGNORECASE)
_CREDIT_AGENCY = re.compile(
    r"\b(?:getty images|afp|reuters|ap photo|shutterstock|epa|alamy|xinhua)\s*\)?\s*$", re.IGNORECASE
)
_AGENCY_HINT = re.compile(r"getty|afp|reuters|ap photo|shutterstock|epa|alamy|xinhua")
#: "By Jane Doe", "By . Daily Mail Reporter .", "PUBLISHED: 12:00 ..."
BYLINE = re.compile(r"^\s*(?:by\s+[.\w]|published:|updated:|last updated|posted:)", re.IGNORECASE)


_CAPS_LABEL = re.compile(r"^\s*([A-Z][A-Z ]{2,24}):\s+\S")
_SENTENCE_END = re.compile(r"[.!?][\"'”’]?\s*$")


#: The first letters (lower case) of the words LINK_LINE opens with: most lines are ruled out by one look-up.
_LINK_FIRST = frozenset("rasmwlcfſ")  # (ſ, the long s, is an s to re.IGNORECASE)


def is_link_line(text: str) -> bool:
    """True for a related-link line ("READ MORE: ...") or an all-caps label followed by a title."""
    first = text[:1]
    if first.isspace():
        return _is_link_line(text)  # leading space: the patterns' own "^\s*" reads it
    if first.lower() in _LINK_FIRST and LINK_LINE.match(text):
        return True
    # the label is 3-25 capitals and a colon: it opens with a capital and has a colon within 26 characters
    return "A" <= first <= "Z" and ":" in text[3:27] and _caps_label(text)


def _is_link_line(text: str) -> bool:
    return bool(LINK_LINE.match(text)) or _caps_label(text)


def _caps_label(text: str) -> bool:
    m = _CAPS_LABEL.match(text)
    return bool(m) and len(text) < 200 and not _SENTENCE_END.search(text.strip())


def is_caption(text: str) -> bool:
    """True for a photo caption or credit line."""
    t = text.strip()
    if t.endswith(")") and _CREDIT_PAREN.search(t[-110:]):
        return True
    # plain substring tests first: the case-insensitive patterns are slow when run on every paragraph
    low = t.lower()
    if _AGENCY_HINT.search(low, len(low) - 30) and _CREDIT_AGENCY.search(t[-30:]):
        return True
    may_credit = "photo" in low or "picture" in low or "image" in low or "credit" in low
    return may_credit and _CREDIT_WORD.search(t) is not None


def is_byline(text: str) -> bool:
    return bool(BYLINE.match(text))
