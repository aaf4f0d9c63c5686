"""Store.batch: several cache writes in one transaction, each still all-or-nothing; precomputed hashes."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest
from store_helpers import article

from briefing.store import Store, StoreError, UpsertStats

FEED = "https://news.example/feed.xml"
OTHER = "https://other.example/rss"


def _count(store: Store) -> int:
    return store._reader.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_writes_in_a_batch_are_seen_together_at_the_end(tmp_path):
    with Store.open(tmp_path) as store:
        with store.batch():
            assert store.upsert_articles([article(1), article(2)], feed_url=FEED) == UpsertStats(new=2)
            store.record_fetch(FEED, status=200, etag='"e1"')
            with store.batch():  # nested: joins the outer one
                store.upsert_articles([article(3, feed=OTHER)], feed_url=OTHER)
            assert _count(store) == 0  # other connections see nothing before the commit
        assert _count(store) == 3
        assert {f.url: f.etag for f in store.feeds()}[FEED] == '"e1"'
        assert [h.id for h in store.search("story number 3")] == [article(3, feed=OTHER).id]


def test_a_failing_write_in_a_batch_is_undone_alone(tmp_path):
    with Store.open(tmp_path) as store:
        with store.batch():
            store.upsert_articles([article(1)], feed_url=FEED)

            def broken(conn: sqlite3.Connection) -> None:
                conn.execute("INSERT INTO feeds(url, added_at) VALUES ('https://half.example/', 0)")
                conn.execute("INSERT INTO no_such_table VALUES (1)")

            with pytest.raises(StoreError):
                store._write_cache(broken)
            store.upsert_articles([article(2)], feed_url=FEED)
        assert _count(store) == 2
        assert "https://half.example/" not in {f.url for f in store.feeds()}


def test_an_exception_out_of_a_batch_saves_nothing_of_it(tmp_path):
    with Store.open(tmp_path) as store:
        with pytest.raises(RuntimeError), store.batch():
            store.upsert_articles([article(1)], feed_url=FEED)
            raise RuntimeError("interrupted")
        assert _count(store) == 0
        assert store.upsert_articles([article(1)], feed_url=FEED) == UpsertStats(new=1)  # usable after


def test_precomputed_hashes_store_what_computed_ones_store(tmp_path):
    items = [article(i) for i in range(5)]
    with Store.open(tmp_path / "a") as a, Store.open(tmp_path / "b") as b:
        a.upsert_articles(items, feed_url=FEED)
        b.upsert_articles(items, feed_url=FEED, content_hashes=[x.content_hash for x in items])
        q = "SELECT id, content_hash, feed_hash FROM articles ORDER BY seq"
        assert a._reader.execute(q).fetchall() == b._reader.execute(q).fetchall()
        changed = [replace(items[0], title="Story number 0, corrected"), *items[1:]]
        stats = b.upsert_articles(changed, feed_url=FEED, content_hashes=[x.content_hash for x in changed])
        assert stats == UpsertStats(updated=1, unchanged=4)
        with pytest.raises(ValueError):
            b.upsert_articles(items, feed_url=FEED, content_hashes=["x"])
