"""Dates in article files: metadata values ("2026-03-02T09:30:00+01:00", RFC 2822) and dates written in prose
("June 15, 2022", "15 June 2022", "2022-06-15"). Everything returned is an aware UTC datetime."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
    "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MDY = re.compile(_MONTH + r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b")
_DMY = re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r"\.?,?\s+(?P<year>\d{4})\b")
_ISO = re.compile(
    r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?\b"
)

#: Dates further in the future than this are treated as wrong.
FUTURE_SLACK = timedelta(days=2)
EARLIEST_YEAR = 1900


def to_utc(dt: datetime) -> datetime:
    """An aware UTC datetime (naive values are taken to be UTC)."""
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def plausible(dt: datetime | None, *, now: datetime | None = None) -> datetime | None:
    """`dt` in UTC, or None when it is before 1900 or more than two days in the future."""
    if dt is None:
        return None
    try:
        dt = to_utc(dt)
    except (OverflowError, ValueError):
        return None
    now = now or datetime.now(UTC)
    if dt.year < EARLIEST_YEAR or dt > now + FUTURE_SLACK:
        return None
    return dt


def parse_date(value: object) -> datetime | None:
    """A metadata date value (ISO 8601, RFC 2822, "June 15, 2022", a Unix time) as UTC, or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return plausible(value)
    if isinstance(value, int | float):
        try:
            return plausible(datetime.fromtimestamp(float(value), UTC))
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    if not text or len(text) > 100:
        return None
    try:
        return plausible(datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text))
    except ValueError:
        pass
    try:
        return plausible(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    return find_date(text)


def find_date(text: str) -> datetime | None:
    """The first plausible date written in `text`, as UTC midnight (or the stated time for ISO timestamps)."""
    best: tuple[int, datetime] | None = None
    for rx in (_ISO, _MDY, _DMY):
        for m in rx.finditer(text):
            dt = _from_match(m)
            if dt is not None:
                if best is None or m.start() < best[0]:
                    best = (m.start(), dt)
                break
    return best[1] if best else None


def _from_match(m: re.Match[str]) -> datetime | None:
    g = m.groupdict()
    month_text = g["month"]
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text.lower().rstrip("."))
    if month is None:
        return None
    try:
        dt = datetime(int(g["year"]), month, int(g["day"]))
        if g.get("h") is not None:
            dt = dt.replace(hour=int(g["h"]), minute=int(g["m"]), second=int(g.get("s") or 0))
            tz = g.get("tz")
            if tz:
                tz = "+00:00" if tz == "Z" else tz
                if ":" not in tz:
                    tz = tz[:3] + ":" + tz[3:]
                dt = datetime.fromisoformat(dt.isoformat() + tz)
    except ValueError:
        return None
    return plausible(dt)
