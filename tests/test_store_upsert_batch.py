"""A batch upsert (a few statements for a whole feed) stores exactly what one-article-at-a-time upserts store."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from store_helpers import BASE, article

from briefing.model import Block
from briefing.store import Store, UpsertStats

FEED = "https://news.example/feed.xml"
NOW = BASE + timedelta(days=10)


def _rows(store: Store) -> list[tuple]:
    c = store._reader
    arts = c.execute(
        "SELECT seq, id, feed, guid, url, path, title, source, author, published, published_estimated, "
        "content_hash, feed_hash, full_text FROM articles ORDER BY seq"
    ).fetchall()
    texts = c.execute("SELECT seq, title, body, data FROM article_text ORDER BY seq").fetchall()
    feeds = c.execute("SELECT url FROM feeds ORDER BY url").fetchall()
    return [arts, texts, feeds]


def _scenario(store: Store, upsert) -> list[UpsertStats]:
    """Feed rounds: new entries, then changes, full text, a pruned entry, odd text."""
    stats = []
    first = [article(i) for i in range(6)]
    stats.append(upsert(store, first, FEED))
    old = replace(article(40), published=NOW - timedelta(days=400))
    stats.append(upsert(store, [old, article(41)], FEED))
    assert store.prune(now=NOW, retention_days=90) == 1
    full = replace(first[1], blocks=(Block("The whole story, from its page."),), full_text=True)
    stats.append(upsert(store, [full, article(2)], FEED))
    edited = replace(first[0], title="Story number 0, corrected")
    odd = replace(article(7), title="Lone \ud800 surrogate", blocks=(Block("Body \udfff here."),))
    stats.append(upsert(store, [edited, first[1], old, *first[2:], article(8), odd], FEED))
    # articles without a feed url (local files) and from another feed, in one call
    local = [article(20, feed=None), article(21, feed="https://other.example/rss"), article(22, feed=None)]
    stats.append(upsert(store, local, None))
    return stats


def _batched(store: Store, items, feed_url):
    return store.upsert_articles(items, feed_url=feed_url)


def _one_by_one(store: Store, items, feed_url):
    total = UpsertStats()
    for item in items:
        s = store.upsert_articles([item], feed_url=feed_url)
        total = UpsertStats(total.new + s.new, total.updated + s.updated, total.unchanged + s.unchanged)
    return total


def test_batch_and_one_by_one_store_the_same(tmp_path):
    with Store.open(tmp_path / "a") as a, Store.open(tmp_path / "b") as b:
        stats_a = _scenario(a, _batched)
        stats_b = _scenario(b, _one_by_one)
        assert stats_a == stats_b
        assert stats_a[0] == UpsertStats(new=6)
        assert stats_a[2] == UpsertStats(updated=1, unchanged=1)
        assert stats_a[3] == UpsertStats(new=2, updated=1, unchanged=6)
        rows_a, rows_b = _rows(a), _rows(b)
        # updated_at/first_seen differ in time only; everything stored is the same, seq numbers included
        assert rows_a == rows_b
        assert [h.id for h in a.search("corrected")] == [h.id for h in b.search("corrected")] != []
        a._reader.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        assert a.get_article(article(7).id).title == "Lone ? surrogate"


def test_a_batch_repeating_an_id_counts_like_one_at_a_time(tmp_path):
    with Store.open(tmp_path) as store:
        x = article(1)
        changed = replace(x, title="Story number 1, later version")
        assert store.upsert_articles([x, changed, article(2)], feed_url=FEED) == UpsertStats(new=2, updated=1)
        assert store.get_article(x.id).title == "Story number 1, later version"


@pytest.mark.parametrize("n", [2, 50, 2100])
def test_batches_of_any_size(tmp_path, n):
    with Store.open(tmp_path) as store:
        items = [article(i) for i in range(n)]
        assert store.upsert_articles(items, feed_url=FEED) == UpsertStats(new=n)
        assert store.upsert_articles(items, feed_url=FEED) == UpsertStats(unchanged=n)
        assert store.get_article(items[-1].id) == replace(items[-1])
