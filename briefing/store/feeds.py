"""Feeds in the cache: settings (name, category), HTTP validators and the result of the last fetch."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from briefing.store.database import from_micros, now_micros, to_micros
from briefing.store.records import FeedInfo

MAX_ERROR_CHARS = 500


def upsert(conn: sqlite3.Connection, url: str, name: str | None, category: str | None) -> None:
    conn.execute(
        """INSERT INTO feeds(url, name, category, added_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(url) DO UPDATE SET name = excluded.name, category = excluded.category""",
        (url, name, category, now_micros()),
    )


def remove(conn: sqlite3.Connection, url: str) -> bool:
    """Remove a feed and (by cascade) its cached articles; marks stay in the marks file."""
    return conn.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0


def record_fetch(
    conn: sqlite3.Connection,
    url: str,
    *,
    status: int | None,
    error: str | None,
    etag: str | None,
    last_modified: str | None,
    fetched_at: datetime | None,
) -> None:
    """Remember a fetch's outcome. Validators are kept from before when the fetch brought none (e.g. 304)."""
    fetched = to_micros(fetched_at) if fetched_at is not None else now_micros()
    err = " ".join(error.split())[:MAX_ERROR_CHARS] if error else None
    conn.execute("INSERT OR IGNORE INTO feeds(url, added_at) VALUES (?, ?)", (url, fetched))
    conn.execute(
        """UPDATE feeds SET last_status = ?, last_error = ?, last_fetch = ?,
               etag = coalesce(?, etag), last_modified = coalesce(?, last_modified)
           WHERE url = ?""",
        (status, err, fetched, etag, last_modified, url),
    )


def list_feeds(conn: sqlite3.Connection) -> list[FeedInfo]:
    """All feeds, by category then name then url, with article and unread counts (marks attached as ``m``)."""
    counts = {
        feed: (total, unread)
        for feed, total, unread in conn.execute(
            """SELECT a.feed, count(*), sum(ifnull(k.read, 0) = 0) FROM articles a
               LEFT JOIN m.marks k ON k.article_id = a.id WHERE a.feed IS NOT NULL GROUP BY a.feed"""
        )
    }
    out = []
    for url, name, category, etag, last_modified, status, error, last_fetch in conn.execute(
        """SELECT url, name, category, etag, last_modified, last_status, last_error, last_fetch FROM feeds
           ORDER BY ifnull(category, ''), ifnull(name, url), url"""
    ):
        total, unread = counts.get(url, (0, 0))
        out.append(
            FeedInfo(
                url,
                name,
                category,
                etag,
                last_modified,
                status,
                error,
                from_micros(last_fetch),
                total,
                unread,
            )
        )
    return out


def unread_counts(conn: sqlite3.Connection) -> dict[str | None, int]:
    """Unread articles per feed url (None for articles without a feed), zero-count feeds omitted."""
    return {
        feed: n
        for feed, n in conn.execute(
            """SELECT a.feed, count(*) FROM articles a LEFT JOIN m.marks k ON k.article_id = a.id
               WHERE ifnull(k.read, 0) = 0 GROUP BY a.feed"""
        )
    }


def totals(conn: sqlite3.Connection) -> tuple[int, int]:
    """(cached articles, unread ones) in one pass (marks attached as ``m``)."""
    total, unread = conn.execute(
        """SELECT count(*), ifnull(sum(ifnull(k.read, 0) = 0), 0) FROM articles a
           LEFT JOIN m.marks k ON k.article_id = a.id"""
    ).fetchone()
    return int(total), int(unread)
