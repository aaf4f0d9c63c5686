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

Usage::

    store = Store.open_or_fallback(config.data_dir)
    for line in store.notices: ...
    store.upsert_articles(result.articles, feed_url=url)
    rows = store.headlines(unread_only=True, limit=200)
    store.set_read([rows[0].id]); store.search("nato fla")
    store.close()
"""

from briefing.store.records import FeedInfo, Headline, Marks, StoreError, UpsertStats
from briefing.store.store import CACHE_FILE, MARKS_FILE, Store

__all__ = ["CACHE_FILE", "MARKS_FILE", "FeedInfo", "Headline", "Marks", "Store", "StoreError", "UpsertStats"]
