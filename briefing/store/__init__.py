"""The local store: articles, read/star marks, feeds and cached key facts in SQLite (no Textual here).

Two files in the data directory (``Config.data_dir``):

* ``briefing.sqlite3``, the re-fetchable cache: feeds, articles, their FTS5 index, the key-facts cache (WAL,
  synchronous NORMAL);
* ``marks.sqlite3``, the irreplaceable read/starred marks keyed by article id (WAL, synchronous FULL), with
  a rotating backup ``marks.backup-{1,2,3}.sqlite3`` that the store keeps current.

At open each file is checked (header, then ``PRAGMA quick_check``); a damaged one (garbage, truncated, not
SQLite, zeroed header, or one that failed while in use) is moved aside as ``NAME.damaged-<UTC time>``, a
fresh one is made, marks are recovered from what can be salvaged plus the newest good backup, and
``Store.notices`` says so in one line. A read-only or full data directory raises :class:`StoreError`;
``Store.open_or_fallback`` then gives an in-memory store seeded with whatever could be read, so the app
still shows what it has.

Threads and processes: a Store may be shared by threads (a write lock over the two writer connections, a
read lock over one reader connection). Several processes may use the same files at once (each write is one
``BEGIN IMMEDIATE`` transaction; a 10 s busy timeout).

Speed at 50,000 articles (``benchmarks/store_bench.py``): a page of 100 headlines < 1 ms, search as you type
~5 ms median, a mark ~0.2-4 ms (an fsync), unread counts ~40 ms, all 50,000 headlines ~0.5 s (so page with
``limit``/``offset`` and filter with ``unread_only``/``starred_only`` in the store, not in Python). Opening
checks the whole cache with ``PRAGMA quick_check`` (~0.3 s at 50,000 articles); for a faster first paint open
with ``check_cache=False`` and call ``verify_cache()`` from a worker.

Usage::

    store = Store.open_or_fallback(config.data_dir, check_cache=False)
    for line in store.notices: ...
    store.upsert_articles(result.articles, feed_url=url)
    rows = store.headlines(unread_only=True, limit=200)
    store.set_read([rows[0].id]); store.search("nato fla")
    store.verify_cache()  # later, in a worker
    store.close()
"""

from briefing.store.records import FeedInfo, Headline, Marks, StoreError, UpsertStats
from briefing.store.store import CACHE_FILE, MARKS_FILE, Store

__all__ = ["CACHE_FILE", "MARKS_FILE", "FeedInfo", "Headline", "Marks", "Store", "StoreError", "UpsertStats"]
