from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store_helpers import article

from briefing.model import DateFact, KeyFacts, NumberFact, Organization, Person, Place, Quote
from briefing.store import Store, UpsertStats

A = "https://a.example/feed"
B = "https://b.example/feed"
NOW = datetime(2026, 9, 1, tzinfo=UTC)


def dated(n: int, days_ago: float, feed: str = A):
    return article(n, feed=feed, published=NOW - timedelta(days=days_ago))


def test_prune_by_age_keeps_starred(tmp_path):
    with Store.open(tmp_path) as store:
        old = [dated(i, 100 + i) for i in range(10)]
        recent = [dated(i, i) for i in range(10, 15)]
        store.upsert_articles(old + recent, feed_url=A)
        store.set_starred(old[3].id)
        store.set_read([old[4].id])
        assert store.prune(now=NOW, retention_days=90) == 9
        left = {h.id for h in store.headlines()}
        assert left == {old[3].id} | {a.id for a in recent}
        assert store.marks([old[4].id])[old[4].id].read  # marks outlive the cache
        # no text or index entries are left behind
        db = store._reader
        assert db.execute("SELECT count(*) FROM article_text").fetchone()[0] == 6
        assert len(store.search("harbour")) == 6
        # FTS5 checks its index against the text (raises "database disk image is malformed" if they differ)
        db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")
        assert store.prune(now=NOW, retention_days=90) == 0


def test_prune_per_feed_maximum(tmp_path):
    with Store.open(tmp_path) as store:
        a = [dated(i, i) for i in range(6)]
        b = [dated(i, i, feed=B) for i in range(10, 13)]
        store.upsert_articles(a, feed_url=A)
        store.upsert_articles(b, feed_url=B)
        store.set_starred(a[5].id)  # the oldest of A
        removed = store.prune(now=NOW, retention_days=90, max_per_feed=3)
        assert removed == 2
        assert {h.id for h in store.headlines(feed=A)} == {a[0].id, a[1].id, a[2].id, a[5].id}
        assert len(store.headlines(feed=B)) == 3


def test_pruned_feed_entries_do_not_come_back_as_new(tmp_path):
    with Store.open(tmp_path) as store:
        old = dated(1, 200)
        local = article(2, feed=None, published=NOW - timedelta(days=300))
        store.upsert_articles([old], feed_url=A)
        store.upsert_articles([local])
        assert store.prune(now=NOW) == 2
        assert store.upsert_articles([old], feed_url=A) == UpsertStats(unchanged=1)
        assert store.headlines() == []
        # a local file opened again is stored again
        assert store.upsert_articles([local]) == UpsertStats(new=1)


FACTS = KeyFacts(
    summary=("The council met.", "It voted."),
    people=(Person("Ada Example", "mayor", 3), Person("B. Person")),
    organizations=(Organization("Harbour Council", ("the council",), 2),),
    places=(Place("Portsmouth", 2),),
    dates=(DateFact("Tuesday", "2026-03-03"), DateFact("next spring")),
    numbers=(
        NumberFact("40,000 troops", 40000.0, "troops", "About 40,000 troops."),
        NumberFact("x", None, None, ""),
    ),
    quotes=(Quote("We will sail at dawn", "the captain"), Quote("Unattributed")),
)


def test_facts_cache_roundtrip_and_versions(tmp_path):
    with Store.open(tmp_path) as store:
        assert store.get_facts("hash-1", "1") is None
        store.put_facts("hash-1", "1", FACTS)
        store.put_facts("hash-1", 2, KeyFacts())
    with Store.open(tmp_path) as store:
        assert store.get_facts("hash-1", "1") == FACTS
        assert store.get_facts("hash-1", "2") == KeyFacts()
        assert store.get_facts("hash-1", "3") is None


def test_prune_drops_facts_of_articles_no_longer_cached(tmp_path):
    with Store.open(tmp_path) as store:
        kept = dated(1, 1)
        store.upsert_articles([kept], feed_url=A)
        store.put_facts(kept.content_hash, "1", FACTS)
        store.put_facts("orphan", "1", FACTS)
        store.prune(now=datetime.now(UTC) + timedelta(days=400), retention_days=90)
        assert store.get_facts("orphan", "1") is None
        store.put_facts("orphan-new", "1", FACTS)
        store.prune(now=datetime.now(UTC), retention_days=90)
        assert store.get_facts("orphan-new", "1") == FACTS
