"""The :class:`Store`: one object the app and the commands use for articles, marks, feeds and cached facts."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from briefing.model import Article, KeyFacts
from briefing.store import articles as _articles
from briefing.store import facts_cache as _facts
from briefing.store import feeds as _feeds
from briefing.store import marks as _marks
from briefing.store import recovery as _recovery
from briefing.store import retention as _retention
from briefing.store import search as _search
from briefing.store.database import (
    connect,
    describe,
    file_problem,
    is_damage,
    move_aside,
    now_micros,
    quick_check,
    savepoint,
    write_txn,
)
from briefing.store.records import FeedInfo, Headline, Marks, StoreError, UpsertStats
from briefing.store.schema import CACHE_MIGRATIONS, MARKS_MIGRATIONS, Migration, migrate

T = TypeVar("T")

CACHE_FILE = "briefing.sqlite3"
MARKS_FILE = "marks.sqlite3"
DAMAGED_FLAG = ".damaged"
CACHE_WHAT = "the article cache"
MARKS_WHAT = "the read/star marks"


class Store:
    """Articles, marks, feeds and the facts cache, in two SQLite files under a data directory.

    Thread safety: a Store may be shared by threads. It holds three connections (opened with
    ``check_same_thread=False``): a cache writer and a marks writer behind one write lock, and a reader (the
    cache with the marks file attached as ``m``) behind its own lock, so reads do not wait for writes (WAL).
    Several processes may use the same files at once; each write is one ``BEGIN IMMEDIATE`` transaction.
    Every sqlite3/OS failure comes out as :class:`StoreError` with a one-line message.
    """

    def __init__(
        self,
        cache: sqlite3.Connection,
        marks: sqlite3.Connection,
        reader: sqlite3.Connection,
        *,
        data_dir: Path | None,
        notices: list[str],
    ) -> None:
        self._cache = cache
        self._marks = marks
        self._reader = reader
        self.data_dir = data_dir
        #: One-line messages for the user about what happened at open (damage found, marks recovered...).
        self.notices = notices
        self._wlock = threading.RLock()
        # In memory (shared-cache) mode readers and writers must not overlap: use one lock.
        self._rlock = threading.RLock() if data_dir is not None else self._wlock
        #: Seconds between marks backups while marks keep changing (the backup is also written at close).
        self.backup_interval = 5.0
        self._last_backup = time.monotonic()
        self._backup_dirty = False
        self._timer: threading.Timer | None = None
        self._closed = False
        self._batching = False

    # ------------------------------------------------------------------ opening and closing

    @classmethod
    def open(cls, data_dir: Path, *, check_cache: bool = True) -> Store:
        """Open (or create) the store in `data_dir`, checking, setting aside and recovering damaged files.

        The marks file always gets ``PRAGMA quick_check``. So does the cache unless `check_cache` is False:
        that check reads the whole cache (about 0.25 s at 50,000 articles), so an app that wants its first
        paint sooner opens with ``check_cache=False`` and calls :meth:`verify_cache` from a worker thread.
        """
        data_dir = Path(data_dir).expanduser()
        _ensure_writable_dir(data_dir)
        notices: list[str] = []
        cache_path, marks_path = data_dir / CACHE_FILE, data_dir / MARKS_FILE
        conns: list[sqlite3.Connection] = []
        try:
            cache, cache_aside, cache_problem = _open_file(
                cache_path, "NORMAL", CACHE_MIGRATIONS, CACHE_WHAT, check=check_cache
            )
            conns.append(cache)
            if cache_aside is not None:
                notices.append(_cache_notice(cache_problem, cache_aside))
            marks, marks_aside, marks_problem = _open_file(marks_path, "FULL", MARKS_MIGRATIONS, MARKS_WHAT)
            conns.append(marks)
            restored = _recover_marks(marks, data_dir, marks_aside, marks_problem, notices)
            reader = _open_reader(cache_path, marks_path)
            conns.append(reader)
        except sqlite3.Error as exc:
            for conn in conns:
                conn.close()
            raise StoreError(describe(exc, f"the store in {data_dir}")) from None
        except BaseException:
            for conn in conns:
                conn.close()
            raise
        store = cls(cache, marks, reader, data_dir=data_dir, notices=notices)
        rotated = _recovery.rotate(data_dir)
        if restored or rotated or not _recovery.backup_path(data_dir, 1).exists():
            store.backup_marks()
        return store

    @classmethod
    def open_memory(cls, *, seed_from: Path | None = None) -> Store:
        """A store in memory only (nothing is saved); `seed_from` copies an existing store's data."""
        token = uuid.uuid4().hex
        cache_uri = f"file:briefing-cache-{token}?mode=memory&cache=shared"
        marks_uri = f"file:briefing-marks-{token}?mode=memory&cache=shared"
        cache = connect(cache_uri, uri=True)
        marks = connect(marks_uri, uri=True, synchronous="FULL")
        notices: list[str] = []
        if seed_from is not None:
            for name, conn in ((CACHE_FILE, cache), (MARKS_FILE, marks)):
                path = Path(seed_from) / name
                if path.exists() and not _copy_readonly(path, conn):
                    notices.append(f"could not read {path}; starting with an empty {name}")
        for conn, migrations, what in (
            (cache, CACHE_MIGRATIONS, CACHE_WHAT),
            (marks, MARKS_MIGRATIONS, MARKS_WHAT),
        ):
            try:
                migrate(conn, migrations, what)
            except (sqlite3.Error, StoreError):
                conn.execute("PRAGMA writable_schema = RESET")
                _wipe(conn)
                migrate(conn, migrations, what)
        reader = connect(cache_uri, uri=True)
        reader.execute("ATTACH DATABASE ? AS m", (marks_uri,))
        return cls(cache, marks, reader, data_dir=None, notices=notices)

    @classmethod
    def open_or_fallback(cls, data_dir: Path, *, check_cache: bool = True) -> Store:
        """`open`, or when the directory cannot be written (read-only, disk full...) an in-memory copy of
        what can be read, with a notice saying changes will not be saved. Never raises StoreError."""
        try:
            return cls.open(data_dir, check_cache=check_cache)
        except StoreError as exc:
            store = cls.open_memory(seed_from=Path(data_dir).expanduser())
            store.notices.insert(0, f"{exc}; this session's changes will not be saved")
            return store

    def verify_cache(self) -> str | None:
        """Run ``PRAGMA quick_check`` on the article cache; if it is damaged, set it aside and start a fresh
        cache now (marks are untouched). Returns the one-line notice (also added to `notices`), or None.
        Slow on a big cache: call it from a worker thread; the store stays usable meanwhile."""
        if self.data_dir is None:
            return None
        path = self.data_dir / CACHE_FILE
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            try:
                problem = quick_check(conn)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            if not is_damage(exc):
                return None
            problem = " ".join(str(exc).split())[:120]
        if problem is None:
            return None
        with self._wlock, self._rlock:
            self._check_open()
            for conn in (self._reader, self._cache):
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            try:
                aside = move_aside(path)
                self._cache, _, _ = _open_file(path, "NORMAL", CACHE_MIGRATIONS, CACHE_WHAT)
                self._reader = _open_reader(path, self.data_dir / MARKS_FILE)
            except (OSError, sqlite3.Error) as exc:
                self._closed = True
                raise StoreError(describe(exc, CACHE_WHAT)) from None
        notice = _cache_notice(problem, aside)
        self.notices.append(notice)
        return notice

    @property
    def in_memory(self) -> bool:
        return self.data_dir is None

    def close(self) -> None:
        """Write a last marks backup, let SQLite refresh its statistics, and close. Safe to call twice. Waits for
        a read or write in progress (closing a connection under a running query crashes sqlite3)."""
        with self._wlock, self._rlock:
            if self._closed:
                return
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if self._backup_dirty:
                self.backup_marks()
            for conn in (self._reader, self._cache):  # refresh planner statistics where queries need them
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA optimize")
            self._closed = True
            for conn in (self._reader, self._marks, self._cache):
                with contextlib.suppress(sqlite3.Error):
                    conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ articles

    def upsert_articles(
        self,
        articles: Iterable[Article],
        *,
        feed_url: str | None = None,
        content_hashes: Sequence[str] | None = None,
    ) -> UpsertStats:
        """Add new articles and update changed ones in place (same id: marks kept), in one transaction.

        ``content_hashes``, when given, are the articles' ``content_hash`` values in order (a caller that
        computed them already saves computing them again)."""
        items = list(articles)
        hashes = list(content_hashes) if content_hashes is not None else None
        if hashes is not None and len(hashes) != len(items):
            raise ValueError("content_hashes must match articles")
        return self._write_cache(lambda c: _articles.upsert(c, items, feed_url, hashes))

    def get_article(self, article_id: str) -> Article | None:
        return self._read(lambda c: _articles.get(c, article_id))

    def articles(self, *, feed: str | None = None, starred_only: bool = False) -> Iterator[Article]:
        """Every cached article (or a feed's, or the starred ones), newest first, read 200 at a time (so an
        export of 50,000 articles does not hold them all in memory; the lock is not held between batches)."""
        seqs = self._read(lambda c: _articles.article_seqs(c, feed=feed, starred_only=starred_only))
        for start in range(0, len(seqs), 200):
            chunk = seqs[start : start + 200]
            yield from self._read(lambda c, chunk=chunk: _articles.by_seqs(c, chunk))

    def headlines(
        self,
        *,
        feed: str | None = None,
        category: str | None = None,
        unread_only: bool = False,
        starred_only: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Headline]:
        """Headlines newest first (published, or first seen when undated; ties by id), `limit` at a time from
        `offset`. A page of 100 takes under a millisecond at 50,000 articles; all of them about half a second,
        so a list should load the first page and fetch more as it scrolls."""
        return self._read(
            lambda c: _articles.headlines(
                c,
                feed=feed,
                category=category,
                unread_only=unread_only,
                starred_only=starred_only,
                limit=limit,
                offset=offset,
            )
        )

    def search(self, query: str, *, limit: int = 500) -> list[Headline]:
        """Articles whose title or body match what the user typed, best first (see :mod:`.search`)."""
        return self._read(lambda c: _search.search(c, query, limit))

    # ------------------------------------------------------------------ marks

    def set_read(self, ids: Iterable[str], read: bool = True) -> int:
        """Mark articles read (or unread); return how many changed."""
        items = list(ids)
        return self._write_marks(lambda c: _marks.set_read(c, items, read, now_micros()))

    def toggle_read(self, article_id: str) -> bool:
        """Flip an article's read mark; return the new state."""

        def flip(conn: sqlite3.Connection) -> bool:
            new = not _marks.is_read(conn, article_id)
            _marks.set_read(conn, [article_id], new, now_micros())
            return new

        return self._write_marks(flip)

    def set_starred(self, article_id: str, starred: bool = True) -> bool:
        """Star or unstar an article; return whether that changed anything."""
        return self._write_marks(lambda c: _marks.set_starred(c, article_id, starred, now_micros()))

    def marks(self, ids: Iterable[str]) -> dict[str, Marks]:
        """Marks for any article ids, cached or not (unmarked ids get ``Marks()``)."""
        items = list(ids)
        return self._read(lambda c: _marks.lookup(c, items, table="m.marks"))

    def unread_counts(self) -> dict[str | None, int]:
        """Unread cached articles per feed url (key None: articles without a feed); feeds at zero omitted."""
        return self._read(_feeds.unread_counts)

    def unread_total(self) -> int:
        return sum(self.unread_counts().values())

    def counts(self) -> tuple[int, int]:
        """(cached articles, unread cached articles), in one query (~40 ms at 50,000 articles)."""
        return self._read(_feeds.totals)

    # ------------------------------------------------------------------ key facts

    def get_facts(self, content_hash: str, version: str | int) -> KeyFacts | None:
        return self._read(lambda c: _facts.get(c, content_hash, version))

    def put_facts(self, content_hash: str, version: str | int, facts: KeyFacts) -> None:
        self._write_cache(lambda c: _facts.put(c, content_hash, version, facts))

    # ------------------------------------------------------------------ feeds

    def upsert_feed(self, url: str, name: str | None = None, category: str | None = None) -> None:
        self._write_cache(lambda c: _feeds.upsert(c, url, name, category))

    def remove_feed(self, url: str) -> bool:
        """Forget a feed and its cached articles (their marks stay); return whether it existed."""
        return self._write_cache(lambda c: _feeds.remove(c, url))

    def feeds(self) -> list[FeedInfo]:
        return self._read(_feeds.list_feeds)

    def record_fetch(
        self,
        url: str,
        *,
        status: int | None,
        error: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        fetched_at: datetime | None = None,
    ) -> None:
        """Remember a fetch's HTTP status, error (one line) and validators."""
        self._write_cache(
            lambda c: _feeds.record_fetch(
                c,
                url,
                status=status,
                error=error,
                etag=etag,
                last_modified=last_modified,
                fetched_at=fetched_at,
            )
        )

    # ------------------------------------------------------------------ retention

    def prune(self, *, now: datetime | None = None, retention_days: int = 90, max_per_feed: int = 2000) -> int:
        """Remove unstarred articles older than `retention_days` or beyond `max_per_feed`; return how many."""
        when = now or datetime.now(UTC)
        with self._wlock:
            self._check_open()
            try:
                starred = _marks.starred_ids(self._marks)
            except sqlite3.Error as exc:
                raise StoreError(self._describe(exc, MARKS_WHAT)) from None
        return self._write_cache(
            lambda c: _retention.prune(
                c, now=when, retention_days=retention_days, max_per_feed=max_per_feed, starred=starred
            )
        )

    # ------------------------------------------------------------------ backups

    def backup_marks(self) -> None:
        """Write the current marks backup now (no-op in memory). A failure becomes a notice, not an error."""
        with self._wlock:
            self._backup_dirty = False
            self._last_backup = time.monotonic()
            if self.data_dir is None or self._closed:
                return
            try:
                _recovery.write_backup(self._marks, _recovery.backup_path(self.data_dir, 1))
            except (OSError, sqlite3.Error) as exc:
                self._backup_dirty = True
                self.notices.append(describe(exc, "the marks backup"))

    def _marks_changed(self) -> None:
        self._backup_dirty = True
        if self.data_dir is None:
            return
        elapsed = time.monotonic() - self._last_backup
        if elapsed >= self.backup_interval:
            self.backup_marks()
        elif self._timer is None:
            self._timer = threading.Timer(self.backup_interval - elapsed, self._timer_fired)
            self._timer.daemon = True
            self._timer.start()

    def _timer_fired(self) -> None:
        with self._wlock:
            self._timer = None
            if self._backup_dirty and not self._closed:
                self.backup_marks()

    # ------------------------------------------------------------------ batches

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Make the cache writes this thread makes inside the block one transaction, committed at the end.

        Each write stays all-or-nothing (a savepoint: a write that fails leaves no trace and the others
        stand); together they cost far less than a transaction each (a refresh saves feeds in batches). If
        the commit fails, none of them is saved (StoreError). Other threads' writes wait for the block:
        keep it short. Nested blocks join the outer one."""
        with self._wlock:
            self._check_open()
            if self._batching:
                yield
                return
            try:
                self._cache.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(self._describe(exc, CACHE_WHAT)) from None
            self._batching = True
            try:
                yield
            except BaseException:
                self._batching = False
                with contextlib.suppress(sqlite3.Error):
                    if self._cache.in_transaction:
                        self._cache.execute("ROLLBACK")
                raise
            self._batching = False
            try:
                self._cache.execute("COMMIT")
            except sqlite3.Error as exc:
                with contextlib.suppress(sqlite3.Error):
                    if self._cache.in_transaction:
                        self._cache.execute("ROLLBACK")
                raise StoreError(self._describe(exc, CACHE_WHAT)) from None

    # ------------------------------------------------------------------ plumbing

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed")

    def _describe(self, exc: BaseException, what: str) -> str:
        if is_damage(exc) and self.data_dir is not None:
            name = MARKS_FILE if what == MARKS_WHAT else CACHE_FILE
            with contextlib.suppress(OSError):
                (self.data_dir / (name + DAMAGED_FLAG)).touch()
        return describe(exc, what)

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._rlock:
            self._check_open()
            try:
                return fn(self._reader)
            except sqlite3.Error as exc:
                raise StoreError(self._describe(exc, CACHE_WHAT)) from None

    def _write_cache(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._wlock:
            self._check_open()
            try:
                with savepoint(self._cache) if self._batching else write_txn(self._cache):
                    return fn(self._cache)
            except sqlite3.Error as exc:
                raise StoreError(self._describe(exc, CACHE_WHAT)) from None

    def _write_marks(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        with self._wlock:
            self._check_open()
            try:
                with write_txn(self._marks):
                    result = fn(self._marks)
            except sqlite3.Error as exc:
                raise StoreError(self._describe(exc, MARKS_WHAT)) from None
            self._marks_changed()
            return result


# ---------------------------------------------------------------------- helpers for open


def _ensure_writable_dir(data_dir: Path) -> None:
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {data_dir}: {exc.strerror or exc}") from None
    probe = data_dir / f".briefing-write-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    try:
        probe.write_bytes(b"x")
    except OSError as exc:
        reason = "the disk is full" if exc.errno == 28 else (exc.strerror or str(exc)).lower()
        raise StoreError(f"cannot write to the data directory {data_dir}: {reason}") from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


def _cache_notice(problem: str | None, aside: Path) -> str:
    return (
        f"{CACHE_WHAT} was damaged ({problem}); moved to {aside.name}; started anew "
        "(articles will be fetched again; your marks are kept)"
    )


def _open_reader(cache_path: Path, marks_path: Path) -> sqlite3.Connection:
    reader = connect(cache_path)
    try:
        reader.execute("ATTACH DATABASE ? AS m", (str(marks_path),))
    except BaseException:
        reader.close()
        raise
    return reader


def _open_file(
    path: Path, synchronous: str, migrations: tuple[Migration, ...], what: str, *, check: bool = True
) -> tuple[sqlite3.Connection, Path | None, str | None]:
    """Open one store file; if damaged, move it aside and start a fresh one. (conn, aside path, problem).

    Damage is only ever concluded from SQLite itself (an open or ``PRAGMA quick_check`` failing): the cheap
    header checks merely name the problem, because another process checkpointing the same file can make a
    healthy file look short for a moment, and moving a file another process is writing would lose its writes.
    """
    flag = path.with_name(path.name + DAMAGED_FLAG)
    problem = "it failed while in use" if flag.exists() else None
    hint = file_problem(path) if problem is None else None
    conn: sqlite3.Connection | None = None
    if problem is None:
        try:
            conn = connect(path, synchronous=synchronous)
            if check or hint is not None:
                found = quick_check(conn)
                problem = None if found is None else (hint or found)
            if problem is None:
                migrate(conn, migrations, what)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
                conn = None
            if not is_damage(exc):
                raise StoreError(describe(exc, what)) from None
            problem = hint or " ".join(str(exc).split())[:120]
        except BaseException:
            if conn is not None:
                conn.close()
            raise
    aside = None
    if problem is not None:
        if conn is not None:
            conn.close()
        try:
            aside = move_aside(path) if path.exists() else None
            flag.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(f"{what} is damaged and cannot be moved aside: {exc.strerror or exc}") from None
        conn = connect(path, synchronous=synchronous)
        migrate(conn, migrations, what)
    assert conn is not None
    return conn, aside, problem


def _recover_marks(
    conn: sqlite3.Connection, data_dir: Path, aside: Path | None, problem: str | None, notices: list[str]
) -> bool:
    """Refill a fresh marks file from the damaged one and the newest backup; return whether it did."""
    if aside is None:
        if problem is None and conn.execute("SELECT 1 FROM marks LIMIT 1").fetchone() is not None:
            return False
        found = _recovery.newest_backup(data_dir)
        if found is None or not found[1]:
            return False
        path, rows = found
        with write_txn(conn):
            _marks.merge_rows(conn, rows)
        notices.append(f"the marks file was empty; restored {len(rows)} marks from {path.name}")
        return True
    salvaged = _recovery.salvage(aside)
    found = _recovery.newest_backup(data_dir)
    backup_rows = found[1] if found else []
    with write_txn(conn):
        _marks.merge_rows(conn, salvaged)
        _marks.merge_rows(conn, backup_rows)
        total = conn.execute("SELECT count(*) FROM marks").fetchone()[0]
    sources = [f"{len(salvaged)} salvaged from the damaged file"]
    if found:
        sources.append(f"{len(backup_rows)} in {found[0].name}")
    notices.append(
        f"{MARKS_WHAT} file was damaged ({problem}); moved to {aside.name}; recovered {total} marks "
        f"({', '.join(sources)})"
    )
    return True


def _copy_readonly(path: Path, dest: sqlite3.Connection) -> bool:
    """Copy an SQLite file into `dest` without writing anything next to it; False when it cannot be read."""
    for flags in ("mode=ro", "mode=ro&immutable=1"):
        try:
            src = sqlite3.connect(f"file:{path}?{flags}", uri=True)
        except sqlite3.Error:
            continue
        try:
            if quick_check(src) is None:
                src.backup(dest)
                return True
        except sqlite3.Error:
            continue
        finally:
            src.close()
    return False


def _wipe(conn: sqlite3.Connection) -> None:
    """Drop everything from a (memory) database whose seeded copy turned out unusable."""
    conn.execute("PRAGMA user_version = 0")
    names = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()
    for kind, name in names:
        if kind in ("table", "view"):
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
