from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from store_helpers import article, rich_article

from briefing.model import Block, stable_id
from briefing.store import Store, UpsertStats

FEED = "https://news.example/feed.xml"
OTHER = "https://other.example/rss"


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    s.close()


def test_open_creates_both_files_and_a_backup(tmp_path):
    with Store.open(tmp_path / "d") as s:
        assert s.notices == []
    names = {p.name for p in (tmp_path / "d").iterdir()}
    assert {"briefing.sqlite3", "marks.sqlite3", "marks.backup-1.sqlite3"} <= names


def test_article_roundtrip_keeps_every_field(store):
    a = rich_article()
    store.upsert_articles([a])
    assert store.get_article(a.id) == a
    assert store.get_article("missing") is None


def test_upsert_counts_new_updated_unchanged_and_keeps_marks(store):
    items = [article(i) for i in range(5)]
    assert store.upsert_articles(items, feed_url=FEED) == UpsertStats(new=5)
    store.set_read([items[0].id])
    store.set_starred(items[1].id)
    changed = replace(items[0], title="Story number 0, corrected")
    stats = store.upsert_articles([changed, *items[1:], article(9)], feed_url=FEED)
    assert stats == UpsertStats(new=1, updated=1, unchanged=4)
    assert store.get_article(items[0].id).title == "Story number 0, corrected"
    marks = store.marks([items[0].id, items[1].id])
    assert marks[items[0].id].read and marks[items[1].id].starred
    # the search index follows the update
    assert [h.id for h in store.search("corrected")] == [items[0].id]
    store._reader.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)")


def test_feed_refresh_does_not_throw_away_fetched_full_text(store):
    summary = article(1)
    store.upsert_articles([summary], feed_url=FEED)
    full = replace(summary, blocks=(Block("The whole story, fetched from its page."),), full_text=True)
    assert store.upsert_articles([full], feed_url=FEED) == UpsertStats(updated=1)
    # the same feed entry again: unchanged, full text stays
    assert store.upsert_articles([summary], feed_url=FEED) == UpsertStats(unchanged=1)
    assert store.get_article(summary.id).full_text
    # the publisher changes the entry: it replaces the stored text
    edited = replace(summary, title="Story number 1 (updated)")
    assert store.upsert_articles([edited], feed_url=FEED) == UpsertStats(updated=1)
    got = store.get_article(summary.id)
    assert got.title == "Story number 1 (updated)" and not got.full_text


def test_headlines_newest_first_with_stable_tie_break(store):
    same_time = datetime(2026, 3, 5, tzinfo=UTC)
    items = [article(i, published=same_time) for i in range(4)] + [article(200), article(11, published=None)]
    store.upsert_articles(items, feed_url=FEED)
    rows = store.headlines()
    # undated articles sort by when they were first seen (now), so first
    assert rows[0].id == items[5].id and rows[0].published is None
    assert rows[1].id == items[4].id
    tied = [h.id for h in rows[2:]]
    assert tied == sorted(tied, reverse=True)
    assert store.headlines(limit=2) == rows[:2]
    assert store.headlines(limit=2, offset=2) == rows[2:4]
    assert store.headlines(offset=4) == rows[4:]


def test_headline_filters(store):
    store.upsert_feed(FEED, "Example", "world")
    store.upsert_feed(OTHER, "Other", "tech")
    a = [article(i) for i in range(3)]
    b = [article(i, feed=OTHER) for i in range(3, 5)]
    store.upsert_articles(a, feed_url=FEED)
    store.upsert_articles(b, feed_url=OTHER)
    store.set_read([a[0].id, b[0].id])
    store.set_starred(a[2].id)
    assert {h.id for h in store.headlines(feed=OTHER)} == {x.id for x in b}
    assert {h.id for h in store.headlines(category="world")} == {x.id for x in a}
    assert {h.id for h in store.headlines(unread_only=True)} == {a[1].id, a[2].id, b[1].id}
    assert [h.id for h in store.headlines(starred_only=True)] == [a[2].id]
    assert store.headlines(category="tech", unread_only=True)[0].id == b[1].id
    assert store.unread_counts() == {FEED: 2, OTHER: 1}
    assert store.unread_total() == 3
    assert store.counts() == (5, 3)
    info = {f.url: f for f in store.feeds()}
    assert (info[FEED].name, info[FEED].category, info[FEED].article_count, info[FEED].unread_count) == (
        "Example",
        "world",
        3,
        2,
    )


def test_marks_toggle_and_local_articles_not_in_cache(store):
    local_id = stable_id("file-content-hash")
    assert store.marks([local_id])[local_id].read is False
    assert store.toggle_read(local_id) is True
    assert store.toggle_read(local_id) is False
    assert store.toggle_read(local_id) is True
    assert store.set_starred(local_id, True) is True
    assert store.set_starred(local_id, True) is False  # already starred
    m = store.marks([local_id])[local_id]
    assert m.read and m.starred and m.read_at is not None and m.starred_at is not None
    assert store.set_read([local_id], read=False) == 1
    assert store.marks([local_id])[local_id].read_at is None


def test_marks_persist_across_reopen(tmp_path):
    with Store.open(tmp_path) as s:
        s.set_read(["a", "b"])
        s.set_starred("c")
    with Store.open(tmp_path) as s:
        m = s.marks(["a", "b", "c", "d"])
    assert [m[k].read for k in "abcd"] == [True, True, False, False]
    assert m["c"].starred


def test_record_fetch_keeps_validators_on_304(store):
    store.upsert_feed(FEED, "Example", None)
    when = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    store.record_fetch(FEED, status=200, error=None, etag='"v1"', last_modified="Mon, 02 Mar 2026", fetched_at=when)
    store.record_fetch(FEED, status=304, error=None, etag=None, last_modified=None, fetched_at=when)
    (f,) = store.feeds()
    assert (f.etag, f.last_modified, f.last_status, f.last_fetch) == ('"v1"', "Mon, 02 Mar 2026", 304, when)
    store.record_fetch(FEED, status=None, error="timed out\nafter 30 s", etag=None, last_modified=None, fetched_at=when)
    assert store.feeds()[0].last_error == "timed out after 30 s"


def test_remove_feed_drops_articles_but_keeps_marks(store):
    items = [article(i) for i in range(3)]
    store.upsert_articles(items, feed_url=FEED)
    store.set_starred(items[0].id)
    assert store.remove_feed(FEED) is True
    assert store.headlines() == []
    assert store.marks([items[0].id])[items[0].id].starred
    # back again: the star is still there
    store.upsert_articles(items, feed_url=FEED)
    assert store.headlines(starred_only=True)[0].id == items[0].id


def test_per_feed_query_uses_the_composite_index(store):
    plan = store._reader.execute(
        "EXPLAIN QUERY PLAN SELECT a.id FROM articles a LEFT JOIN m.marks k ON k.article_id = a.id "
        "WHERE a.feed = ? ORDER BY a.sort_ts DESC, a.id DESC LIMIT 50",
        (FEED,),
    ).fetchall()
    text = " ".join(str(r[-1]) for r in plan)
    assert "articles_by_feed_time" in text and "TEMP B-TREE" not in text


def test_store_is_usable_from_threads(store):
    import threading

    store.upsert_articles([article(i) for i in range(50)], feed_url=FEED)
    errors = []

    def work(k: int) -> None:
        try:
            for i in range(k, 50, 4):
                store.set_read([article(i).id])
                store.headlines(unread_only=True, limit=10)
                store.search("harbour")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.unread_total() == 0


def test_odd_text_is_stored_as_data(store):
    odd = replace(
        article(1, title="Nul\x00byte, lone \ud800 surrogate, RTL \u202e and [b]markup[/b]"),
        blocks=(Block("Body with \x00 and \udfff inside. Lighthouse."),),
        author="\ud83d",
    )
    assert store.upsert_articles([odd, article(2)], feed_url=FEED) == UpsertStats(new=2)
    got = store.get_article(odd.id)
    assert got.title == "Nul\x00byte, lone ? surrogate, RTL \u202e and [b]markup[/b]"
    assert got.paragraphs == ("Body with \x00 and ? inside. Lighthouse.",)
    assert got.author == "?"
    assert [h.id for h in store.search("lighthouse")] == [odd.id]


def test_close_waits_for_a_read_in_progress(tmp_path):
    """Closing the store (the app quitting) while a worker reads must not close the connection under the query."""
    import threading
    import time

    store = Store.open(tmp_path)
    started, result = threading.Event(), {}

    def slow_read(conn):
        started.set()
        time.sleep(0.3)
        return conn.execute("SELECT count(*) FROM articles").fetchone()

    reader = threading.Thread(target=lambda: result.setdefault("rows", store._read(slow_read)))
    reader.start()
    assert started.wait(10)
    store.close()
    reader.join(10)
    assert result.get("rows") == (0,)
