"""Retention: drop articles older than N days and beyond a per-feed maximum; starred ones always stay.

Pruned ids are remembered (tombstones, kept a year) so a feed that still lists an old entry does not bring
it back as new at the next refresh. Facts of articles no longer cached are dropped after the same N days."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection
from datetime import datetime, timedelta

from briefing.store.database import to_micros

TOMBSTONE_DAYS = 365


def prune(
    conn: sqlite3.Connection,
    *,
    now: datetime,
    retention_days: int,
    max_per_feed: int,
    starred: Collection[str],
) -> int:
    """Delete old and surplus unstarred articles (caller holds a write transaction); return how many."""
    now_us = to_micros(now) or 0
    cutoff = to_micros(now - timedelta(days=max(0, retention_days))) or 0
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS keep(id TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.keep")
    conn.executemany("INSERT OR IGNORE INTO temp.keep(id) VALUES (?)", ((i,) for i in starred))
    doomed = """
        SELECT id FROM articles WHERE sort_ts < :cutoff AND id NOT IN (SELECT id FROM temp.keep)
        UNION
        SELECT id FROM (
            SELECT id, row_number() OVER (PARTITION BY feed ORDER BY sort_ts DESC, id DESC) AS n
            FROM articles WHERE feed IS NOT NULL AND id NOT IN (SELECT id FROM temp.keep)
        ) WHERE n > :max_per_feed
    """
    params = {"cutoff": cutoff, "max_per_feed": max(0, max_per_feed)}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS doomed(id TEXT PRIMARY KEY) WITHOUT ROWID")
    conn.execute("DELETE FROM temp.doomed")
    conn.execute(f"INSERT INTO temp.doomed(id) {doomed}", params)
    conn.execute("INSERT OR REPLACE INTO pruned(id, at) SELECT id, ? FROM temp.doomed", (now_us,))
    removed = conn.execute("DELETE FROM articles WHERE id IN (SELECT id FROM temp.doomed)").rowcount
    conn.execute("DELETE FROM temp.doomed")
    conn.execute("DELETE FROM temp.keep")
    conn.execute("DELETE FROM pruned WHERE at < ?", (to_micros(now - timedelta(days=TOMBSTONE_DAYS)) or 0,))
    created_cutoff = cutoff
    conn.execute(
        """DELETE FROM facts WHERE created_at < ?
           AND content_hash NOT IN (SELECT content_hash FROM articles)""",
        (created_cutoff,),
    )
    return removed
