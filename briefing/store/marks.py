"""Read and starred marks, keyed by article id, in their own file (``marks.sqlite3``, synchronous FULL).

Marks do not need the article to be in the cache: local files have stable ids from their content, feed
entries from feed url + guid, so a mark set on either survives re-fetches, updates and a rebuilt cache.
Clearing a mark keeps its row (with a newer ``updated_at``), so merges of salvaged and backed-up marks can
tell which is newer."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from briefing.store.database import from_micros
from briefing.store.records import Marks

MarkRow = tuple[str, int, int, int | None, int | None, int]
ROW_COLUMNS = "article_id, read, starred, read_at, starred_at, updated_at"
CHUNK = 500


def set_read(conn: sqlite3.Connection, ids: Iterable[str], read: bool, now: int) -> int:
    """Set read on `ids`; return how many changed. Caller holds a write transaction."""
    changed = 0
    for aid in dict.fromkeys(ids):
        cur = conn.execute(
            """INSERT INTO marks(article_id, read, read_at, updated_at) VALUES (?, ?, ?, ?)
               ON CONFLICT(article_id) DO UPDATE SET read = excluded.read, read_at = excluded.read_at,
                   updated_at = excluded.updated_at
               WHERE marks.read != excluded.read""",
            (aid, int(read), now if read else None, now),
        )
        changed += cur.rowcount
    return changed


def set_starred(conn: sqlite3.Connection, article_id: str, starred: bool, now: int) -> bool:
    cur = conn.execute(
        """INSERT INTO marks(article_id, starred, starred_at, updated_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(article_id) DO UPDATE SET starred = excluded.starred, starred_at = excluded.starred_at,
               updated_at = excluded.updated_at
           WHERE marks.starred != excluded.starred""",
        (article_id, int(starred), now if starred else None, now),
    )
    return cur.rowcount > 0


def is_read(conn: sqlite3.Connection, article_id: str) -> bool:
    row = conn.execute("SELECT read FROM marks WHERE article_id = ?", (article_id,)).fetchone()
    return bool(row and row[0])


def lookup(conn: sqlite3.Connection, ids: Iterable[str], table: str = "marks") -> dict[str, Marks]:
    """Marks for `ids` (articles without marks get the default, unread and unstarred)."""
    wanted = list(dict.fromkeys(ids))
    out = {aid: Marks() for aid in wanted}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        sql = f"SELECT article_id, read, starred, read_at, starred_at FROM {table} WHERE article_id IN "
        sql += "(" + ",".join("?" * len(chunk)) + ")"
        for aid, read, starred, read_at, starred_at in conn.execute(sql, chunk):
            out[aid] = Marks(bool(read), bool(starred), from_micros(read_at), from_micros(starred_at))
    return out


def starred_ids(conn: sqlite3.Connection, table: str = "marks") -> set[str]:
    return {r[0] for r in conn.execute(f"SELECT article_id FROM {table} WHERE starred = 1")}


def all_rows(conn: sqlite3.Connection) -> list[MarkRow]:
    return conn.execute(f"SELECT {ROW_COLUMNS} FROM marks").fetchall()


def merge_rows(conn: sqlite3.Connection, rows: Iterable[MarkRow]) -> int:
    """Insert rows, keeping for each article the newest ``updated_at``; return how many rows were written."""
    written = 0
    for row in rows:
        cur = conn.execute(
            f"""INSERT INTO marks({ROW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT(article_id) DO UPDATE SET read = excluded.read, starred = excluded.starred,
                   read_at = excluded.read_at, starred_at = excluded.starred_at,
                   updated_at = excluded.updated_at
               WHERE excluded.updated_at > marks.updated_at""",
            row,
        )
        written += cur.rowcount
    return written
