"""Dates as written, resolved to ISO dates against the article's date.

Date expressions are found with our own patterns (the project notes measured `search_dates` resolving "by Friday"
and "within two years" backwards); the arithmetic uses python-dateutil's `relativedelta`, and the direction of a
bare weekday ("on Wednesday") comes from the sentence's tense: the past one (or the same day) in a past-tense
sentence, the next one (or the same day) in a future one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, datetime
from itertools import accumulate

from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from briefing.facts.spans import Taken
from briefing.model import DateFact

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
    "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU,
}  # fmt: skip
_UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years"}
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "a": 1, "an": 1, "several": None, "few": None}  # fmt: skip

_MON = (
    r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_WD = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PATTERNS = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(r"\b(?:" + _WD + r",?\s+)?" + _MON + r"\s+" + _DAY + r"\b(?:,?\s+" + _YEAR + r"\b)?")),
    ("dmy", re.compile(r"\b(?:" + _WD + r",?\s+)?" + _DAY + r"\s+" + _MON + r"\b(?:,?\s+" + _YEAR + r"\b)?")),
    ("my", re.compile(
        r"\b(?:(?:in|since|until|by|from|of|last|next|this|early|mid|late)[- ]+)" + _MON + r"(?:,?\s+" + _YEAR + r")?\b"
    )),
    ("wd", re.compile(
        r"\b(?:(?P<rel>last|next|this|on|early|late)\s+)?" + _WD
        + r"(?:['’]s)?(?:\s+(?:morning|afternoon|evening|night))?\b"
    )),
    ("rel", re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)),
    ("ago", re.compile(
        r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|few)\s+"
        r"(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE
    )),
    ("period", re.compile(
        r"\b(?:(?P<earlier>earlier|later)\s+)?(?P<rel>last|next|this)\s+(?P<unit>week|month|year)\b", re.IGNORECASE
    )),
    ("year", re.compile(r"\b(?:in|since|until|by|during|from|of)\s+" + _YEAR + r"\b(?![-/]\d)")),
]  # fmt: skip
_BY_KIND = dict(_PATTERNS)
_YEAR_HINT = re.compile(r"(?:1[89]|20)\d\d")
_PREPOSITION = re.compile(r"^(?:in|since|until|by|during|from|of)\s+", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|would|shall|is to|are to|'ll|is due|are due|is scheduled|are scheduled|is expected|are expected|"
    r"plans? to|planning to|set to|going to|upcoming|next)\b",
    re.IGNORECASE,
)


def _day_iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


class _Tense:
    """Whether a sentence speaks of the future, searched once per sentence and only when a match needs it
    (a search per match would be quadratic in a long sentence of month or weekday names)."""

    __slots__ = ("_future", "sentence")

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self._future: bool | None = None

    def future(self) -> bool:
        if self._future is None:
            self._future = _FUTURE.search(self.sentence) is not None
        return self._future


def _resolve(kind: str, m: re.Match[str], anchor: date | None, tense: _Tense) -> str | None:
    g = m.groupdict()
    if kind == "iso":
        return _day_iso(int(g["year"]), int(g["m"]), int(g["day"]))
    if kind in ("mdy", "dmy"):
        mon = _MONTHS[g["mon"].lower().rstrip(".")]
        day = int(g["day"])
        if g.get("year"):
            return _day_iso(int(g["year"]), mon, day)
        if anchor is None:
            return None
        best = None
        for y in (anchor.year - 1, anchor.year, anchor.year + 1):
            iso = _day_iso(y, mon, day)
            if iso and (best is None or abs(date.fromisoformat(iso) - anchor) < abs(date.fromisoformat(best) - anchor)):
                best = iso
        return best
    if kind == "my":
        mon = _MONTHS[g["mon"].lower().rstrip(".")]
        if g.get("year"):
            return f"{int(g['year']):04d}-{mon:02d}"
        if anchor is None:
            return None
        y = anchor.year
        rel = m.group(0).split()[0].lower()
        future = rel == "next" or (rel != "last" and tense.future())
        if (future and mon < anchor.month) or (rel == "next" and mon == anchor.month):
            y += 1
        elif not future and (mon > anchor.month or (rel == "last" and mon == anchor.month)):
            y -= 1
        return f"{y:04d}-{mon:02d}"
    if kind == "year":
        return g["year"]
    if anchor is None:
        return None
    if kind == "wd":
        wd = _WEEKDAYS[g["wd"].lower()]
        rel = (g.get("rel") or "").lower()
        if rel == "last":
            d = anchor + relativedelta(days=-1, weekday=wd(-1))
        elif rel == "next" or (rel != "this" and tense.future()):
            d = anchor + relativedelta(weekday=wd(+1))
        else:
            d = anchor + relativedelta(weekday=wd(-1))
        return d.isoformat()
    # (case-folded: the patterns ignore case, so "yeſterday" with a long s or "weeK" with a Kelvin sign match too;
    # a word that still is no key resolves to nothing instead of raising)
    if kind == "rel":
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}.get(g["word"].casefold())
        return None if shift is None else (anchor + relativedelta(days=shift)).isoformat()
    if kind == "ago":
        n = g["n"].lower()
        count = int(n) if n.isdigit() else _SMALL.get(n)
        unit = g["unit"].casefold()
        if count is None or unit not in _UNITS:
            return None
        d = anchor - relativedelta(**{_UNITS[unit]: count})
        return d.isoformat() if unit in ("day", "week") else d.isoformat()[:7]
    if kind == "period":
        unit, rel = g["unit"].casefold(), g["rel"].casefold()
        step = {"last": -1, "this": 0, "next": 1}.get(rel)
        if step is None or unit not in _UNITS:
            return None
        d = anchor + relativedelta(**{_UNITS[unit]: step})
        if unit == "year":
            return f"{d.year:04d}"
        if unit == "month":
            return d.isoformat()[:7]
        return (d - relativedelta(days=d.weekday())).isoformat()  # the week's Monday
    return None


def anchor_date(published: datetime | None, estimated: bool, texts: list[str]) -> date | None:
    """The date relative expressions are resolved against: the stated publication date, else the first full
    date (month, day and year) in the given texts (a caption's or the lead's), else None (a guessed
    publication date is not used)."""
    if published is not None and not estimated:
        return published.date()
    for t in texts:
        if not t or ("1" not in t and "2" not in t) or not _YEAR_HINT.search(t):
            continue  # a full date needs a year (and a year a 1 or a 2: substring tests first)
        # (a month name for the first two, a year-month- for the last: the cheap tests of `_kinds`)
        month, has_iso = _MONTH_HINT.search(t) is not None, _ISO_HINT.search(t) is not None
        for kind in ("mdy", "dmy", "iso"):
            if not (has_iso if kind == "iso" else month):
                continue
            for m in _BY_KIND[kind].finditer(t):
                if m.groupdict().get("year"):
                    iso = _resolve(kind, m, None, _Tense(t))
                    if iso:
                        return date.fromisoformat(iso)
    return None  # a guessed date (a file's modification time) would resolve "on Wednesday" wrongly


#: The month and weekday patterns are case-sensitive: a capital letter is a rarer, so faster, thing to look for.
_MONTH_NAMES = (
    "Jan(?:uary)?", "Feb(?:ruary)?", "Mar(?:ch)?", "Apr(?:il)?", "May", "June?", "July?", "Aug(?:ust)?",
    "Sept?(?:ember)?", "Oct(?:ober)?", "Nov(?:ember)?", "Dec(?:ember)?",
)  # fmt: skip
_MONTH_HINT = re.compile("(?:" + "|".join(_MONTH_NAMES) + r")\b")
_ISO_HINT = re.compile(r"(?:19|20)\d\d-[01]\d-")
_WEEKDAY_HINT = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day")


def _kinds(sent: str) -> list[str]:
    """The patterns worth running on a sentence, in order: cheap tests rule the others out."""
    low = sent.lower()
    kinds = []
    has_year = _YEAR_HINT.search(sent) is not None
    if has_year and _ISO_HINT.search(sent):
        kinds.append("iso")
    if _MONTH_HINT.search(sent):
        kinds += ["mdy", "dmy", "my"]
    if _WEEKDAY_HINT.search(sent):
        kinds.append("wd")
    if "today" in low or "tonight" in low or "tomorrow" in low or "yesterday" in low:
        kinds.append("rel")
    if "ago" in low:
        kinds.append("ago")
    if ("week" in low or "month" in low or "year" in low) and ("last" in low or "next" in low or "this" in low):
        kinds.append("period")
    if has_year:
        kinds.append("year")
    return kinds


#: Years and month names (`_YEAR_HINT` and `_MONTH_HINT` as one pattern of plain alternatives: `re` then skips
#: to their first characters at C speed).
_YEAR_OR_MONTH = re.compile(r"1[89]\d\d|20\d\d|" + "|".join(m + r"\b" for m in _MONTH_NAMES))


def _space_before(s: str, j: int) -> int:
    """Where the run of white space ending at `j` starts ("\\s" and str.isspace agree)."""
    while j > 0 and s[j - 1].isspace():
        j -= 1
    return j


def _earliest_start(kind: str, s: str, f: int) -> int:
    """An offset no match of `kind` starts before, from `f`, the first hint of the name or year it must hold
    (a month name for mdy, dmy and my; a weekday for wd; a year for year and iso): such a match holds that hint or
    a later one, and what comes before its name or year in it (a weekday and comma, a day, "in", "last") has no
    hint in it, so it starts after `f` or within a few words before it."""
    if kind == "mdy":  # "Wednesday,\s+" then the month
        return max(0, _space_before(s, f) - 10)
    if kind == "dmy":  # "Wednesday,\s+" then "31st\s+" then the month
        j = t = _space_before(s, f)
        while t > 0 and j - t < 4 and not s[t - 1].isspace():
            t -= 1
        return max(0, _space_before(s, t) - 10)
    if kind == "my":  # "early[- ]+" then the month
        j = f
        while j > 0 and s[j - 1] in "- ":
            j -= 1
        return max(0, j - 5)
    if kind == "wd":  # "early\s+" then the weekday
        return max(0, _space_before(s, f) - 5)
    if kind == "year":  # "during\s+" then the year
        return max(0, _space_before(s, f) - 6)
    return f  # iso: the year opens it


def _all_kinds(sentences: list[str]) -> list[tuple[int, list[tuple[str, int]]]] | None:
    """(index, (kind, offset no match of it starts before) of each of `_kinds(sentence)`) of each sentence with a
    kind, in order, found by a few searches over the sentences joined (a search per sentence and hint costs more
    than the searching itself); None when the lower-cased text does not keep the offsets (rare letters), for a
    caller to test each sentence."""
    text = "\n".join(sentences)  # (no hint matches across the line break; "\b" sees it as a sentence's end)
    low = text.lower()
    if len(low) != len(text):
        return None
    starts = list(accumulate((len(s) + 1 for s in sentences[:-1]), initial=0))
    last = len(starts) - 1

    def holding(word: str) -> set[int]:
        """The sentences whose lower-cased text holds `word` (one str.find per sentence found)."""
        out: set[int] = set()
        at = low.find(word)
        while at >= 0:
            k = bisect_right(starts, at) - 1
            out.add(k)
            if k >= last:
                break
            at = low.find(word, starts[k + 1])
        return out

    years: dict[int, int] = {}  # sentence -> offset of its first year
    months: dict[int, int] = {}  # sentence -> offset of its first month name
    for m in _YEAR_OR_MONTH.finditer(text):
        k = bisect_right(starts, m.start()) - 1
        (months if m.group(0)[0].isalpha() else years).setdefault(k, m.start() - starts[k])
    days = holding("day")  # weekdays, "today", "yesterday"
    rel = holding("tonight") | holding("tomorrow")
    ago = holding("ago")
    units = holding("week") | holding("month") | holding("year")
    out: list[tuple[int, list[tuple[str, int]]]] = []
    for k in sorted(years.keys() | months.keys() | days | rel | ago | units):
        sent = sentences[k]
        a = starts[k]
        b = a + len(sent)  # (words are looked for between a and b in the lower-cased text: no copy of it)
        kinds: list[tuple[str, int]] = []
        year = years.get(k)
        if year is not None and _ISO_HINT.search(sent):
            kinds.append(("iso", year))
        month = months.get(k)
        if month is not None:
            kinds += [(kind, _earliest_start(kind, sent, month)) for kind in ("mdy", "dmy", "my")]
        if k in days and (wd := _WEEKDAY_HINT.search(sent)):
            kinds.append(("wd", _earliest_start("wd", sent, wd.start())))
        if k in rel or (k in days and (low.find("today", a, b) >= 0 or low.find("yesterday", a, b) >= 0)):
            kinds.append(("rel", 0))
        if k in ago:
            kinds.append(("ago", 0))
        if k in units and (low.find("last", a, b) >= 0 or low.find("next", a, b) >= 0 or low.find("this", a, b) >= 0):
            kinds.append(("period", 0))
        if year is not None:
            kinds.append(("year", _earliest_start("year", sent, year)))
        if kinds:
            out.append((k, kinds))
    return out


def extract_dates(sentences: list[str], anchor: date | None) -> list[DateFact]:
    """Date expressions in text order, each with its ISO date (None when it cannot be resolved)."""
    out: list[DateFact] = []
    found_kinds = _all_kinds(sentences) if sentences else []
    if found_kinds is None:
        found_kinds = [(k, [(kind, 0) for kind in kinds]) for k, kinds in enumerate(map(_kinds, sentences)) if kinds]
    for k, kinds in found_kinds:
        sent = sentences[k]
        taken: Taken | None = None  # (made on the first match: most sentences with a hint hold no date)
        tense = _Tense(sent)
        found: list[tuple[int, DateFact]] = []
        for kind, start in kinds:
            for m in _BY_KIND[kind].finditer(sent, start):  # ("\b" and look-behinds see the text before `start`)
                a, b = m.span()
                if taken is None:
                    taken = Taken()
                elif not taken.free(a, b):
                    continue
                taken.add(a, b)
                text = m.group(0)
                if kind in ("my", "year"):  # (the only patterns whose match can open with a preposition)
                    text = _PREPOSITION.sub("", text)
                try:
                    iso = _resolve(kind, m, anchor, tense)
                except (OverflowError, ValueError):  # past what a date holds: "99999 years ago", an anchor in 9999
                    iso = None
                found.append((a, DateFact(text, iso)))
        if len(found) > 1:
            found.sort(key=lambda x: x[0])
        out += [f for _, f in found]
    return out
