"""Numbers with what they count: "40,000 troops", "eight battlegroups", "$3.2 billion", "12%".

Hand-written regexes, per the project notes: quantulum3 misreads "$3.2bn" and drops the counted noun, and the
number-word libraries mis-handle decimals with scales. Years, scores, ordinals, times, ages and "No. 1" are left out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

from briefing.facts.spans import Taken, is_word_char
from briefing.facts.trie import alternation
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
_WORDNUM = alternation(_ONES) + r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b"

_MONEY = re.compile(
    r"(?P<cur>US\$|C\$|A\$|[$€£¥₹])\s?(?P<num>" + _NUM + r")(?:\s?(?P<scale>" + _SCALE + r"))?", re.IGNORECASE
)
_PERCENT = re.compile(
    r"(?<![\w.])(?P<num>" + _NUM + r"|" + _WORDNUM + r")\s?(?P<unit>%|percent(?:age points?)?\b|per cent\b)",
    re.IGNORECASE,
)
_COUNT_TAIL = r"(?:\s(?P<scale>hundred|thousand|million|billion|trillion)\b)?(?![\w%/:]|\.\d|-\d|,\d)"
#: A count in digits ("40,000") or in words ("eight"), each a pattern of its own: a sentence with no digit or no
#: number word skips one of them.
#: The same as "(?<![...])(?P<num>" + _NUM + ")", written to open with the digit (the look-behind checks the
#: character before it) so that `re` skips ahead fast to digits.
_COUNT_DIGITS = re.compile(
    r"(?P<num>\d(?<![\w$€£¥.,/:-]\d)(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))" + _COUNT_TAIL, re.IGNORECASE
)
_COUNT_WORDS = re.compile(r"(?<![\w$€£¥.,/:-])(?P<num>" + _WORDNUM + r")" + _COUNT_TAIL, re.IGNORECASE)
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
_CURRENCY_HINT = re.compile(r"[$€£¥₹]")
_DETERMINER_BEFORE = re.compile(r"\b(?:no|the|that|this|any|every|each|someone|anyone)\s+$", re.IGNORECASE)
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w'-]*)")
_NUMBER_OF = re.compile(
    r"\bnumber of\s+(?:[A-Z][\w-]*\s+|[a-z-]+\s+){0,2}?(?P<noun>[a-z-]+s)\b[^.;]*?\b(?:to|at|reached|is|was|"
    r"stood at|totalled|totaled|of)\s+(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+)?$"
)
#: Cheap tests that a sentence may hold a number in digits, or in words.
_DIGIT = re.compile(r"\d")
#: Where a number word may start, in the lower-cased sentence (case-insensitive matching is several times slower).
_WORD_HINT = re.compile(r"\b" + alternation(_ONES))
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"


def _value(num: str, scale: str | None = None) -> float | None:
    n = num.lower().replace(",", "")
    try:
        v = float(n)
    except ValueError:
        parts = n.replace("-", " ").split(" ")
        if not all(p in _ONES for p in parts):
            return None
        v = float(sum(_ONES[p] for p in parts))
    if scale:
        v *= _SCALES.get(scale.lower(), 1)
    return v


def _noun_after(text: str, end: int) -> tuple[str | None, int]:
    """The counted noun right after a number: the first plural noun or unit within three words."""
    if not text[end : end + 1].isspace():
        return None, end  # (`_NEXT_WORD` opens with white space: "40,", "2." have no noun)
    pos = end
    for _ in range(3):
        m = _NEXT_WORD.match(text, pos)
        if not m:
            return None, end
        w = m.group(1)
        lw = w.lower()
        pos = m.end()
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
_NAME_COMMA_BEFORE = re.compile(r"[A-Za-z]+,\s*$")
#: A time ("9 a.m.", "5 GMT"), a score ("2-1") or an age ("34-year-old") right after the number.
_TIME_SCORE_OR_AGE_AFTER = re.compile(
    r"(?i:\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|BST|ET\b|o'clock))|\s*-\s*\d|-(?:year|month|week|day)-old"
)


def _excluded(text: str, start: int, end: int, num: str) -> bool:
    """Years, "No. 1", dates ("June 15"), times, scores ("2-1"), ages ("Ann Lee, 34,")."""
    before = text[max(0, start - 12) : start]
    after = text[end : end + 12]
    digits = num.replace(",", "")
    if (len(digits) == 4 and _YEAR.fullmatch(digits)) or _NO_OR_MONTH_BEFORE.search(before):
        return True
    if _TIME_SCORE_OR_AGE_AFTER.match(after):
        return True
    return bool(after.lstrip().startswith(",") and digits.isdigit() and _NAME_COMMA_BEFORE.search(before))


def _word_counts(sent: str, low: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """`_COUNT_WORDS.finditer(sent)`, tried only where the lower-cased sentence has a number word (`starts`: the
    offsets of `_WORD_HINT.finditer(low)`, in order)."""
    if len(low) != len(sent):  # lower-casing changed the offsets (rare letters): no shortcut
        return list(_COUNT_WORDS.finditer(sent))
    out: list[re.Match[str]] = []
    last = 0
    for at in starts:
        if at < last:
            continue
        m = _COUNT_WORDS.match(sent, at)
        if m:
            out.append(m)
            last = m.end()
    return out


def extract_numbers(sentences: list[str], *, distinct: int | None = None) -> list[NumberFact]:
    """Numbers with their unit and sentence, in text order. With `distinct`, reading stops after the sentence in
    which that many different (value, unit) pairs have been found (a caller that keeps only the first few)."""
    out: list[NumberFact] = []
    seen: set[tuple[float | None, str]] = set()
    hints = _hints(sentences)
    for k, digit, words in (
        ((k, None, None) for k in range(len(sentences))) if hints is None else hints  # (rare letters)
    ):
        found = _sentence_numbers(sentences[k], digit, words)
        out += found
        if distinct is not None and found:
            seen.update((n.value, n.unit) for n in found)
            if len(seen) >= distinct:
                break
    return out


#: The number words no other one starts with: a number word starts where one of these does.
_WORD_STARTS = tuple(w for w in _ONES if not any(v != w and w.startswith(v) for v in _ONES))


def _hints(sentences: list[str]) -> list[tuple[int, int, list[int]]] | None:
    """(index, offset of its first digit or -1, offsets of `_WORD_HINT.finditer(sentence.lower())`) of each
    sentence with a digit or a number word, in order: digits by substring tests (a pattern only past ASCII), number
    words by one str.find per word over the sentences joined, not two pattern searches per sentence (the
    number-word pattern tries every position of a sentence); None when lower-casing moves the offsets."""
    text = "\n".join(sentences)  # (no digit or word runs across the line break)
    low = text.lower()
    if len(low) != len(text):
        return None
    starts = list(accumulate((len(s) + 1 for s in sentences[:-1]), initial=0))
    digits: dict[int, int] = {}
    for k, sent in enumerate(sentences):
        if sent.isascii():  # (substring tests beat a pattern; past ASCII, "\\d" is more than 0-9)
            for c in "0123456789":
                if c in sent:
                    break
            else:
                continue
        d = _DIGIT.search(sent)
        if d is not None:
            digits[k] = d.start()
    words: dict[int, list[int]] = {}
    for w in _WORD_STARTS:
        at = low.find(w)
        while at >= 0:
            if not at or not is_word_char(low[at - 1]):  # "\\b" before the word's first letter
                k = bisect_right(starts, at) - 1
                words.setdefault(k, []).append(at - starts[k])
            at = low.find(w, at + 1)
    for offsets in words.values():
        offsets.sort()
    return [(k, digits.get(k, -1), words.get(k, [])) for k in sorted(digits.keys() | words.keys())]


def _sentence_numbers(sent: str, digit: int | None = None, words: Iterable[int] | None = None) -> list[NumberFact]:
    """One sentence's numbers: money, then percentages, then counts. `digit` (the offset of the first digit, or
    -1) and `words` (the offsets of `_WORD_HINT.finditer(sent.lower())`) are found here when not given."""
    out: list[NumberFact] = []
    low = sent.lower()
    if digit is None or words is None:
        d = _DIGIT.search(sent)
        digit = -1 if d is None else d.start()
        word = _WORD_HINT.search(low)
        words = [] if word is None else (c.start() for c in _WORD_HINT.finditer(low, word.start()))
    has_digit = digit >= 0
    if not has_digit and not words:
        return out
    taken = Taken()

    # (the other currency signs are not ASCII: most sentences need no search)
    currency = has_digit and ("$" in sent or (not sent.isascii() and _CURRENCY_HINT.search(sent) is not None))
    for m in _MONEY.finditer(sent) if currency else ():
        cur = _CURRENCY.get(m.group("cur").upper(), m.group("cur"))
        v = _value(m.group("num"), m.group("scale"))
        out.append(NumberFact(m.group(0).strip(), v, cur, sent))
        taken.add(*m.span())
    # (a percentage needs its unit: "%", "percent" or "per cent", in any case)
    for m in _PERCENT.finditer(sent) if ("%" in sent or "percent" in low or "per cent" in low) else ():
        if taken.free(*m.span()):
            out.append(NumberFact(m.group(0), _value(m.group("num")), "%", sent))
            taken.add(*m.span())
    counts = list(_COUNT_DIGITS.finditer(sent, digit)) if has_digit else []  # (it opens with a digit)
    if words:
        counts += _word_counts(sent, low, words)
        if has_digit:
            counts.sort(key=lambda m: m.start())
    number_of = "number of" in sent  # once: a search per count would be quadratic in the sentence's length
    for m in counts:
        start = m.start()
        if not taken.free(start, m.end()):
            continue
        # (the tests below only drop a count: the cheapest first, the counted noun, as most counts have none)
        noun, end = _noun_after(sent, m.end())
        if noun is None and not number_of:
            continue
        num, scale = m.group("num"), m.group("scale")
        if _excluded(sent, start, m.end(), num):
            continue
        spelled = not num[0].isdigit()
        # (a window is enough: a determiner and a space right before the number)
        if spelled and _DETERMINER_BEFORE.search(sent, max(0, start - 40), start):
            continue
        lw = noun or ""
        if noun in _CURRENCY_WORDS:
            out.append(NumberFact(sent[start:end], _value(num, scale), _CURRENCY_WORDS[lw], sent))
            taken.add(start, end)
            continue
        if noun is None and number_of:
            nm = _NUMBER_OF.search(sent[max(0, start - 160) : start])
            if nm:
                noun = nm.group("noun").lower()
                end = m.end()
        if noun is None:
            continue
        if spelled and num.lower() == "one" and not noun.endswith("s"):
            continue
        out.append(NumberFact(sent[start:end], _value(num, scale), noun, sent))
        taken.add(start, end)
    return out
