from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from briefing.model import Article, Block
from briefing.store import Store, StoreError
from briefing.store.database import connect, write_txn
from briefing.store.schema import CACHE_MIGRATIONS, MARKS_MIGRATIONS, schema_version


def build_at(path, migrations, version):
    """A file at schema `version`, made by the first `version` migrations only."""
    conn = connect(path)
    with write_txn(conn):
        for step in migrations[:version]:
            for statement in step:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {version}")
    return conn


@pytest.mark.parametrize("version", range(1, len(CACHE_MIGRATIONS) + 1))
def test_cache_migrates_from_every_version(tmp_path, version):
    conn = build_at(tmp_path / "briefing.sqlite3", CACHE_MIGRATIONS, version)
    with write_txn(conn):
        conn.execute("INSERT INTO feeds(url, name, added_at) VALUES ('https://f.example/', 'F', 0)")
        if version < 4:  # the text still lived in the articles table
            conn.execute(
                """INSERT INTO articles(seq, id, feed, title, source, sort_ts, first_seen, updated_at,
                   content_hash, body, data) VALUES (7, 'a1', 'https://f.example/', 'Old lighthouse story', 'F',
                   5, 5, 5, 'h', 'kept from schema one', '{"blocks": [["paragraph", 20]]}')"""
            )
        else:
            conn.execute(
                """INSERT INTO articles(seq, id, feed, title, source, sort_ts, first_seen, updated_at,
                   content_hash) VALUES (7, 'a1', 'https://f.example/', 'Old lighthouse story', 'F', 5, 5, 5, 'h')"""
            )
            conn.execute(
                """INSERT INTO article_text(seq, title, body, data) VALUES (7, 'Old lighthouse story',
                   'kept from schema one', '{"blocks": [["paragraph", 20]]}')"""
            )
    conn.close()
    with Store.open(tmp_path) as store:
        assert [h.id for h in store.search("lighthouse")] == ["a1"]
        assert store.get_article("a1").paragraphs == ("kept from schema one",)
        assert store.feeds()[0].name == "F"
        store.put_facts("h", "1", store_facts())
        assert store.get_facts("h", "1") == store_facts()
        # the migrated row updates in place and the index follows
        new = Article(id="a1", title="Old story, new ferry", source="F", blocks=(Block("Rewritten."),))
        assert store.upsert_articles([new], feed_url="https://f.example/").updated == 1
        assert [h.id for h in store.search("ferry")] == ["a1"] and store.search("lighthouse") == []
        assert store.prune(now=datetime(2030, 1, 1, tzinfo=UTC)) == 1
        assert store.search("ferry") == []
    check = sqlite3.connect(tmp_path / "briefing.sqlite3")
    assert schema_version(check) == len(CACHE_MIGRATIONS)
    columns = {row[1] for row in check.execute("PRAGMA table_info(articles)")}
    assert "body" not in columns and "title" in columns
    check.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
    assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    check.close()


def store_facts():
    from briefing.model import KeyFacts

    return KeyFacts(summary=("One sentence.",))


def test_marks_migrate_from_version_one(tmp_path):
    conn = build_at(tmp_path / "marks.sqlite3", MARKS_MIGRATIONS, 1)
    with write_txn(conn):
        conn.execute("INSERT INTO marks(article_id, read, starred, updated_at) VALUES ('x', 1, 1, 1)")
    conn.close()
    with Store.open(tmp_path) as store:
        m = store.marks(["x"])["x"]
    assert m.read and m.starred


def test_a_newer_schema_is_refused_and_left_alone(tmp_path):
    conn = build_at(tmp_path / "briefing.sqlite3", CACHE_MIGRATIONS, len(CACHE_MIGRATIONS))
    conn.execute(f"PRAGMA user_version = {len(CACHE_MIGRATIONS) + 5}")
    conn.close()
    before = (tmp_path / "briefing.sqlite3").read_bytes()
    with pytest.raises(StoreError, match="newer than this briefing knows"):
        Store.open(tmp_path)
    assert (tmp_path / "briefing.sqlite3").read_bytes() == before
    assert not any(".damaged-" in p.name for p in tmp_path.iterdir())


def test_pragmas(tmp_path):
    with Store.open(tmp_path) as store:
        cache = store._cache
        marks = store._marks
        assert cache.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert marks.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cache.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert cache.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert marks.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert cache.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
