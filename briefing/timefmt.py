"""Human-readable times, relative to an injected clock (so screens are deterministic in tests)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock: now, timezone-aware UTC."""
    return datetime.now(UTC)


def relative(when: datetime | None, now: datetime, *, estimated: bool = False) -> str:
    """Compact age such as "5m", "3h", "2d", "Jun 15" or "2022-06-15"; "~" marks a guessed time."""
    if when is None:
        return "—"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (now - when).total_seconds()
    prefix = "~" if estimated else ""
    if seconds < -60:
        text = when.strftime("%Y-%m-%d")
    elif seconds < 60:
        text = "now"
    elif seconds < 3600:
        text = f"{int(seconds // 60)}m"
    elif seconds < 86400:
        text = f"{int(seconds // 3600)}h"
    elif seconds < 7 * 86400:
        text = f"{int(seconds // 86400)}d"
    elif when.year == now.year:
        text = when.strftime("%b %d").replace(" 0", " ")
    else:
        text = when.strftime("%Y-%m-%d")
    return prefix + text


def long_date(when: datetime | None, *, estimated: bool = False) -> str:
    """A full date for the detail pane: "Wed 15 Jun 2022, 09:30 UTC"."""
    if when is None:
        return "date unknown"
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    when = when.astimezone(UTC)
    # A date given without a time of day is stored as midnight: don't invent a time for it.
    fmt = "%a %d %b %Y" if (when.hour, when.minute, when.second) == (0, 0, 0) else "%a %d %b %Y, %H:%M UTC"
    text = when.strftime(fmt)
    return f"{text} (file time; no date in the article)" if estimated else text
