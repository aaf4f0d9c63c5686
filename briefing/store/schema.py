"""Schema of the two store files, as forward migrations.

Each file carries its schema version in ``PRAGMA user_version``; migration ``n`` (1-based) takes a file from
version ``n-1`` to ``n``. A fresh file runs them all; an older file runs the missing ones, in one ``BEGIN
IMMEDIATE`` transaction together with the new ``user_version`` (so a crash leaves the old version intact). A
file with a newer version than this code knows is refused, never rewritten.

The article cache (``briefing.sqlite3``, re-fetchable):
  v1 feeds, articles (stable text id + integer ``seq`` rowid for FTS), prune tombstones;
  v2 the FTS5 index over title and body (external content, kept by triggers; prefix index for type-ahead);
  v3 the key-facts cache keyed by content hash and extractor version;
  v4 title, body and the other fields (JSON) move to ``article_text``, one row per article, which the FTS
  index now reads; ``articles`` keeps the metadata only.
The marks (``marks.sqlite3``, irreplaceable):
  v1 read/starred/when keyed by article id (rows are never deleted when a mark is cleared: the newest
  ``updated_at`` wins when marks are merged back from a damaged file and a backup).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from briefing.store.database import write_txn
from briefing.store.records import StoreError

Migration = tuple[str, ...]

CACHE_MIGRATIONS: tuple[Migration, ...] = (
    # v1: feeds and articles. Times are integer microseconds since the epoch (UTC).
    (
        """CREATE TABLE feeds(
            url TEXT PRIMARY KEY,
            name TEXT,
            category TEXT,
            etag TEXT,
            last_modified TEXT,
            last_status INTEGER,
            last_error TEXT,
            last_fetch INTEGER,
            added_at INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE articles(
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            feed TEXT REFERENCES feeds(url) ON DELETE CASCADE,
            guid TEXT,
            url TEXT,
            path TEXT,
            title TEXT NOT NULL,
            source TEXT NOT NULL,
            author TEXT,
            published INTEGER,
            published_estimated INTEGER NOT NULL DEFAULT 0,
            sort_ts INTEGER NOT NULL,
            first_seen INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            feed_hash TEXT,
            full_text INTEGER NOT NULL DEFAULT 0,
            body TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "CREATE INDEX articles_by_time ON articles(sort_ts DESC, id DESC)",
        "CREATE INDEX articles_by_feed_time ON articles(feed, sort_ts DESC, id DESC)",
        "CREATE INDEX articles_by_hash ON articles(content_hash)",
        "CREATE TABLE pruned(id TEXT PRIMARY KEY, at INTEGER NOT NULL) WITHOUT ROWID",
    ),
    # v2: full-text search over title and body.
    (
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, content='articles', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
                VALUES ('delete', old.seq, old.title, old.body);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
                VALUES ('delete', old.seq, old.title, old.body);
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
    ),
    # v3: key-facts cache.
    (
        """CREATE TABLE facts(
            content_hash TEXT NOT NULL,
            version TEXT NOT NULL,
            data TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (content_hash, version)
        ) WITHOUT ROWID""",
    ),
    # v4: the text moves to its own table, so the articles table stays narrow (headline lists, counts and
    # filters read small rows); the FTS index now reads article_text.
    (
        """CREATE TABLE article_text(
            seq INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        "INSERT INTO article_text(seq, title, body, data) SELECT seq, title, body, data FROM articles",
        "DROP TRIGGER articles_fts_insert",
        "DROP TRIGGER articles_fts_delete",
        "DROP TRIGGER articles_fts_update",
        "DROP TABLE articles_fts",
        """CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, body, content='article_text', content_rowid='seq',
            tokenize='unicode61 remove_diacritics 2', prefix='2 3'
        )""",
        """CREATE TRIGGER articles_fts_insert AFTER INSERT ON article_text BEGIN
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
        END""",
        """CREATE TRIGGER articles_fts_delete AFTER DELETE ON article_text BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
                VALUES ('delete', old.seq, old.title, old.body);
        END""",
        """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON article_text BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, body)
                VALUES ('delete', old.seq, old.title, old.body);
            INSERT INTO articles_fts(rowid, title, body) VALUES (new.seq, new.title, new.body);
        END""",
        """CREATE TRIGGER articles_text_delete AFTER DELETE ON articles BEGIN
            DELETE FROM article_text WHERE seq = old.seq;
        END""",
        "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
        "ALTER TABLE articles DROP COLUMN body",
        "ALTER TABLE articles DROP COLUMN data",
    ),
)

MARKS_MIGRATIONS: tuple[Migration, ...] = (
    (
        """CREATE TABLE marks(
            article_id TEXT PRIMARY KEY,
            read INTEGER NOT NULL DEFAULT 0,
            starred INTEGER NOT NULL DEFAULT 0,
            read_at INTEGER,
            starred_at INTEGER,
            updated_at INTEGER NOT NULL
        ) WITHOUT ROWID""",
        "CREATE INDEX marks_starred ON marks(starred) WHERE starred = 1",
    ),
)


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration], what: str) -> int:
    """Bring `conn`'s main database up to ``len(migrations)``; return the version it was at."""
    target = len(migrations)
    before = schema_version(conn)
    if before > target:
        raise StoreError(
            f"{what} has schema version {before}, newer than this briefing knows ({target}); "
            "not touching it (upgrade briefing)"
        )
    if before == target:
        return before
    with write_txn(conn):
        current = schema_version(conn)  # another process may have migrated meanwhile
        for version in range(current, target):
            for statement in migrations[version]:
                conn.execute(statement)
        if current < target:
            conn.execute(f"PRAGMA user_version = {target}")
    return before
