"""Add, remove and list the feeds in the TOML config, keeping the user's other settings.

Adding appends a ``[[feeds]]`` table to the file as text, so comments and layout survive. Removing cuts the
matching ``[[feeds]]`` tables out of the text. Every edit is checked by parsing the result and comparing it
with what was intended; when the text edit cannot be verified (e.g. feeds written as an inline array), the
file is rewritten with tomli-w instead, which keeps every setting but loses comments. Writes are atomic
(a temporary file, then rename) and keep the previous file as ``config.toml.bak``.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path

from briefing.config import ConfigError, FeedConfig, parse_config
from briefing.textsafe import clean_line


class SubscriptionError(Exception):
    """A subscription change cannot be made; the message is one line for the user."""


def normalize_url(url: str) -> str:
    """A comparison key for feed URLs: scheme and host lowercased, no fragment, no trailing slash."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        p = urlsplit(url.strip())
        path = p.path.rstrip("/") if p.path not in ("", "/") else ""
        return urlunsplit((p.scheme.lower(), p.netloc.lower(), path, p.query, ""))
    except ValueError:
        return url.strip()


def check_feed_url(url: str) -> str:
    """The url stripped, or SubscriptionError when it is not a plain http(s) url."""
    from briefing.textsafe import safe_url

    url = url.strip()
    if safe_url(url) is None:
        raise SubscriptionError(f"not an http(s) url: {clean_line(url)[:100]}")
    return url


def read_raw(path: Path) -> tuple[str, dict]:
    """The config's text and parsed table ("" and {} when the file does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", {}
    except (OSError, UnicodeDecodeError) as exc:
        raise SubscriptionError(f"cannot read config {path}: {exc}") from None
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SubscriptionError(f"config {path} is not valid TOML: {exc}") from None


def list_feeds(path: Path) -> list[FeedConfig]:
    """The feeds in the config file, in order."""
    _, raw = read_raw(path)
    try:
        return list(parse_config(raw, path, path.parent).feeds)
    except ConfigError as exc:
        raise SubscriptionError(str(exc)) from None


def _feed_table(feed: FeedConfig) -> dict:
    table: dict = {"url": feed.url}
    if feed.name:
        table["name"] = feed.name
    if feed.category:
        table["category"] = feed.category
    if feed.full_text:
        table["full_text"] = True
    return table


def add_feeds(path: Path, feeds: Iterable[FeedConfig]) -> tuple[list[FeedConfig], list[FeedConfig]]:
    """Add feeds not already subscribed (by normalized url); returns (added, already present)."""
    text, raw = read_raw(path)
    existing = {normalize_url(f.url) for f in _feeds_of(raw, path)}
    added: list[FeedConfig] = []
    skipped: list[FeedConfig] = []
    for feed in feeds:
        key = normalize_url(feed.url)
        if key in existing:
            skipped.append(feed)
            continue
        existing.add(key)
        added.append(feed)
    if not added:
        return added, skipped
    import tomli_w

    expected = dict(raw)
    expected["feeds"] = [*list(raw.get("feeds") or []), *(_feed_table(f) for f in added)]
    chunks = [text.rstrip("\n") + "\n" if text.strip() else ""]
    for feed in added:
        chunks.append("\n[[feeds]]\n" + tomli_w.dumps(_feed_table(feed)))
    _write_verified(path, "".join(chunks).lstrip("\n"), expected)
    return added, skipped


def add_feed(
    path: Path, url: str, *, name: str | None = None, category: str | None = None, full_text: bool = False
) -> FeedConfig:
    """Subscribe to one feed; SubscriptionError when the url is invalid or already there."""
    feed = FeedConfig(check_feed_url(url), _opt(name), _opt(category), full_text)
    added, _ = add_feeds(path, [feed])
    if not added:
        raise SubscriptionError(f"already subscribed: {feed.url}")
    return feed


def remove_feeds(path: Path, url_or_name: str) -> list[FeedConfig]:
    """Unsubscribe the feed whose url (or, failing that, name) matches; returns what was removed."""
    text, raw = read_raw(path)
    feeds = _feeds_of(raw, path)
    key = normalize_url(url_or_name)
    matches = [i for i, f in enumerate(feeds) if normalize_url(f.url) == key]
    if not matches:
        wanted = url_or_name.strip().casefold()
        matches = [i for i, f in enumerate(feeds) if f.name and f.name.strip().casefold() == wanted]
        if len(matches) > 1:
            raise SubscriptionError(f"{len(matches)} feeds are named {url_or_name!r}: remove one by its url")
    if not matches:
        raise SubscriptionError(f"no feed with url or name {clean_line(url_or_name)[:100]!r}")
    removed = [feeds[i] for i in matches]
    expected = dict(raw)
    expected["feeds"] = [t for i, t in enumerate(raw.get("feeds") or []) if i not in set(matches)]
    _write_verified(path, _cut_feed_tables(text, set(matches)), expected)
    return removed


def _feeds_of(raw: dict, path: Path) -> list[FeedConfig]:
    try:
        return list(parse_config(raw, path, path.parent).feeds)
    except ConfigError as exc:
        raise SubscriptionError(str(exc)) from None


def _opt(value: str | None) -> str | None:
    value = clean_line(value) if value else ""
    return value or None


_HEADER = re.compile(r"^[ \t]*\[", re.MULTILINE)
_FEEDS_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*feeds[ \t]*\]\][ \t]*(#.*)?$")


def _cut_feed_tables(text: str, indexes: set[int]) -> str | None:
    """The text without the given ``[[feeds]]`` tables (by position), or None when it cannot tell."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    index = -1
    skipping = False
    for line in lines:
        if _HEADER.match(line) and not line.lstrip().startswith("[=") and _is_header(line):
            if _FEEDS_HEADER.match(line.rstrip("\r\n")):
                index += 1
                skipping = index in indexes
            else:
                skipping = False
        if not skipping:
            out.append(line)
    return "".join(out)


def _is_header(line: str) -> bool:
    stripped = line.strip()
    return stripped.startswith("[") and ("]" in stripped)


def _write_verified(path: Path, text: str | None, expected: dict) -> None:
    """Write ``text`` when it parses to ``expected``; otherwise write ``expected`` with tomli-w."""
    import tomli_w

    if text is not None:
        try:
            ok = tomllib.loads(text) == expected
        except tomllib.TOMLDecodeError:
            ok = False
        if not ok:
            text = None
    if text is None:
        text = tomli_w.dumps(_clean_none(expected))
    _atomic_write(path, text)


def _clean_none(value):
    if isinstance(value, dict):
        return {k: _clean_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_clean_none(v) for v in value]
    return value


def _atomic_write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            backup = path.with_name(path.name + ".bak")
            backup.write_bytes(path.read_bytes())
        os.replace(tmp, path)
    except OSError as exc:
        raise SubscriptionError(f"cannot write config {path}: {exc.strerror or exc}") from None


def format_feed(feed: FeedConfig) -> str:
    """One line for `briefing feeds list`."""
    parts = [feed.url]
    if feed.name:
        parts.append(f"name={clean_line(feed.name)!r}")
    if feed.category:
        parts.append(f"category={clean_line(feed.category)!r}")
    if feed.full_text:
        parts.append("full_text")
    return "  ".join(parts)


def feeds_by_category(feeds: Sequence[FeedConfig]) -> dict[str | None, list[FeedConfig]]:
    """Feeds grouped by category, in first-seen order."""
    out: dict[str | None, list[FeedConfig]] = {}
    for f in feeds:
        out.setdefault(f.category, []).append(f)
    return out
