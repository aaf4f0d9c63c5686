"""Numbers with what they count: "40,000 troops", "eight battlegroups", "$3.2 billion", "12%".

Hand-written regexes, per the project notes: quantulum3 misreads "$3.2bn" and drops the counted noun, and the
number-word libraries mis-handle decimals with scales. Years, scores, ordinals, times, ages and "No. 1" are left out.
"""

from __future__ import annotations

import re

from briefing.facts.spans import Taken
from briefing.model import NumberFact

_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200,
    "thousands": 2000, "millions": 2_000_000,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9,
    "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_CURRENCY = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "C$": "CAD",
    "A$": "AUD",
}
_CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP", "yen": "JPY",
    "yuan": "CNY", "rupees": "INR", "roubles": "RUB", "rubles": "RUB", "francs": "CHF",
}  # fmt: skip
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORDNUM = (
    r"(?:"
    + "|".join(sorted(_ONES, key=len, reverse=True))
    + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b"

_MONEY = re.compile(
    r"(?P<cur>US\$|C\$|A\$|[$€£¥₹])\s?(?P<num>" + _NUM + r")(?:\s?(?P<scale>" + _SCALE + r"))?", re.IGNORECASE
)
_PERCENT = re.compile(
    r"(?<![\w.])(?P<num>" + _NUM + r"|" + _WORDNUM + r")\s?(?P<unit>%|percent(?:age points?)?\b|per cent\b)",
    re.IGNORECASE,
)
_COUNT = re.compile(
    r"(?<![\w$€£¥.,/:-])(?P<num>" + _NUM + r"|" + _WORDNUM + r")(?:\s(?P<scale>hundred|thousand|million|billion"
    r"|trillion)\b)?(?![\w%/:]|\.\d|-\d|,\d)",
    re.IGNORECASE,
)
_UNIT_WORDS = frozenset(
    [
        "km", "kilometres", "kilometers", "miles", "metres", "meters", "feet", "kg", "kilograms", "tonnes", "tons",
        "pounds", "mph", "acres", "hectares", "hours", "minutes", "seconds", "days", "weeks", "months", "years",
        "people", "percent", "votes", "barrels",
    ]
)  # fmt: skip
_NOT_NOUN = frozenset(
    [
        "is", "was", "are", "were", "has", "have", "had", "will", "would", "of", "to", "the", "a", "an", "and",
        "or", "but", "in", "on", "at", "for", "by", "with", "from", "as", "than", "that", "this", "these", "those",
        "who", "which", "it", "its", "his", "her", "their", "our", "more", "less", "times", "per", "each", "other",
        "others",
    ]
)  # fmt: skip
_DETERMINER_BEFORE = re.compile(r"\b(?:no|the|that|this|any|every|each|someone|anyone)\s+$", re.IGNORECASE)
_NUMBER_OF = re.compile(
    r"\bnumber of\s+(?:[A-Z][\w-]*\s+|[a-z-]+\s+){0,2}?(?P<noun>[a-z-]+s)\b[^.;]*?\b(?:to|at|reached|is|was|"
    r"stood at|totalled|totaled|of)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$"
)
_CURRENCY_HINT = re.compile(r"[$€£¥₹]")
#: A cheap test that a sentence may hold a number at all.
_HINT = re.compile(r"\d|\b(?:" + "|".join(_ONES) + r")")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"


def _value(num: str, scale: str | None = None) -> float | None:
    n = num.lower().replace(",", "")
    try:
        v = float(n)
    except ValueError:
        parts = re.split(r"[- ]", n)
        if not all(p in _ONES for p in parts):
            return None
        v = float(sum(_ONES[p] for p in parts))
    if scale:
        v *= _SCALES.get(scale.lower(), 1)
    return v


def _noun_after(text: str, end: int) -> tuple[str | None, int]:
    """The counted noun right after a number: the first plural noun or unit within three words."""
    pos = end
    for _ in range(3):
        m = re.match(r"\s+([A-Za-z][\w'-]*)", text[pos:])
        if not m:
            return None, end
        w = m.group(1)
        lw = w.lower()
        pos += m.end()
        if lw in _NOT_NOUN:
            return None, end
        if lw in _UNIT_WORDS or (w.islower() and len(w) > 3 and lw.endswith("s") and not lw.endswith("ss")):
            return lw, pos
        if lw in ("people", "children", "men", "women", "police", "staff", "personnel", "aircraft"):
            return lw, pos
        adjective = w.islower() and lw.endswith(("al", "ed", "ing", "ive", "ic", "ern", "ish"))
        if not (w[0].isupper() or adjective) and not w.islower():
            return None, end
    return None, end


_YEAR = re.compile(r"(1[5-9]|20)\d\d")
_NO_OR_MONTH_BEFORE = re.compile(r"(?:\bno\.?|\b" + _MONTH + r")\s*$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|BST|ET\b|o'clock)", re.IGNORECASE)
_SCORE_OR_AGE_AFTER = re.compile(r"\s*-\s*\d|-(?:year|month|week|day)-old")
_NAME_COMMA_BEFORE = re.compile(r"[A-Za-z]+,\s*$")


def _excluded(text: str, start: int, end: int, num: str) -> bool:
    """Years, "No. 1", dates ("June 15"), times, scores ("2-1"), ages ("Ann Lee, 34,")."""
    before = text[max(0, start - 12) : start]
    after = text[end : end + 12]
    digits = num.replace(",", "")
    if _YEAR.fullmatch(digits) or _NO_OR_MONTH_BEFORE.search(before):
        return True
    if _TIME_AFTER.match(after) or _SCORE_OR_AGE_AFTER.match(after):
        return True
    return bool(_NAME_COMMA_BEFORE.search(before) and after.lstrip().startswith(",") and digits.isdigit())


def extract_numbers(sentences: list[str]) -> list[NumberFact]:
    """Numbers with their unit and sentence, in text order."""
    out: list[NumberFact] = []
    for sent in sentences:
        if not _HINT.search(sent.lower()):
            continue
        taken = Taken()

        for m in _MONEY.finditer(sent) if _CURRENCY_HINT.search(sent) else ():
            cur = _CURRENCY.get(m.group("cur").upper(), m.group("cur"))
            v = _value(m.group("num"), m.group("scale"))
            out.append(NumberFact(m.group(0).strip(), v, cur, sent))
            taken.add(*m.span())
        for m in _PERCENT.finditer(sent) if ("%" in sent or "per" in sent) else ():
            if taken.free(*m.span()):
                out.append(NumberFact(m.group(0), _value(m.group("num")), "%", sent))
                taken.add(*m.span())
        for m in _COUNT.finditer(sent):
            if not taken.free(*m.span()):
                continue
            num, scale = m.group("num"), m.group("scale")
            if _excluded(sent, m.start(), m.end(), num):
                continue
            spelled = not num[0].isdigit()
            if spelled and _DETERMINER_BEFORE.search(sent[: m.start()]):
                continue
            noun, end = _noun_after(sent, m.end())
            lw = noun or ""
            if noun in _CURRENCY_WORDS:
                out.append(NumberFact(sent[m.start() : end], _value(num, scale), _CURRENCY_WORDS[lw], sent))
                taken.add(m.start(), end)
                continue
            if noun is None:
                nm = _NUMBER_OF.search(sent[max(0, m.start() - 160) : m.start()])
                if nm:
                    noun = nm.group("noun").lower()
                    end = m.end()
            if noun is None:
                continue
            if spelled and num.lower() == "one" and not noun.endswith("s"):
                continue
            out.append(NumberFact(sent[m.start() : end], _value(num, scale), noun, sent))
            taken.add(m.start(), end)
    return out
