"""The app's view of the domain: what to show, each article's facts, and the read/starred marks.

`Library` is Textual-free: the UI calls it from worker threads and gets plain data classes back. It decides what
`briefing` opens (the paths given; else the store with the user's feeds; else the bundled samples), answers the
headline list's queries (filter, unread only, starred, one feed or category), caches key facts (in memory and in
the store, keyed by content hash and extractor version) and keeps the marks in the store.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import Config, FeedConfig
from briefing.model import Article, Headline, KeyFacts
from briefing.sources import LoadResult
from briefing.timefmt import Clock, utc_now

if TYPE_CHECKING:
    import asyncio

    from briefing.fetch.refresh import FeedOutcome
    from briefing.store import FeedInfo, Store

Extractor = Callable[..., KeyFacts]
#: The bundled sample the app opens on.
SEED_NAME = "nato-eastern-flank.txt"
#: Headlines read from the store at a time.
PAGE = 5000
#: How many headlines the first screen shows before the whole list has been read from the store.
FIRST_SCREEN = 200
#: Seconds `close` waits for the opening thread to stop using the store.
CLOSE_WAIT = 10.0


@dataclass(frozen=True, slots=True)
class View:
    """What the headline list asks for."""

    query: str = ""
    unread_only: bool = False
    starred_only: bool = False
    feed: str | None = None
    category: str | None = None

    def describe(self) -> str:
        parts = []
        if self.feed:
            parts.append(f"feed {self.feed}")
        if self.category:
            parts.append(f"category {self.category}")
        if self.unread_only:
            parts.append("unread")
        if self.starred_only:
            parts.append("starred")
        if self.query:
            parts.append(f"matching “{self.query}”")
        return ", ".join(parts)


@dataclass(slots=True)
class Opened:
    """What the library opened: a line describing it, warnings, and the article to show first."""

    origin: str = ""
    warnings: list[str] = field(default_factory=list)
    samples: bool = False
    #: True when the headlines come from the store (the user's feeds), so they can be refreshed.
    feeds: bool = False
    start_id: str | None = None
    #: True when the feeds should be fetched now (opened by URL, or configured feeds with nothing stored yet).
    refresh: bool = False


@dataclass(frozen=True, slots=True)
class Counts:
    total: int = 0
    unread: int = 0


@dataclass(frozen=True, slots=True)
class FirstScreen:
    """What the first screen shows: what was opened, the first headlines of the default view and the counts."""

    opened: Opened
    headlines: tuple[Headline, ...]
    #: None when counting would hold up the first screen (the store's articles: ~40 ms at 50,000): count after it.
    counts: Counts | None


def _default_extractor() -> Extractor:
    from briefing.facts import extract

    return extract


def extractor_version() -> str:
    from briefing.facts import EXTRACTOR_VERSION

    return str(EXTRACTOR_VERSION)


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker (which the feed-parsing process pool needs) against the real
    stderr. Under Textual, `sys.stderr` is a capture object without a usable file descriptor, and the tracker
    fails to start with "bad value(s) in fds_to_keep"."""
    import sys
    from multiprocessing import resource_tracker

    saved = sys.stderr
    try:
        if sys.__stderr__ is not None:
            sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    finally:
        sys.stderr = saved


def sort_key(h: Headline) -> tuple:
    """Newest first; undated last; ties broken by title then id, so the order is always the same."""
    ts = h.published.timestamp() if h.published else float("-inf")
    return (-ts, h.title.casefold(), h.id)


class Library:
    """Articles from paths, the store or the samples; their facts (cached) and their marks."""

    def __init__(
        self,
        config: Config,
        *,
        paths: Sequence[str | Path] = (),
        store: Store | None = None,
        http_client: object | None = None,
        clock: Clock = utc_now,
        extractor: Extractor | None = None,
        sentences: int | None = None,
    ) -> None:
        self.config = config
        self.paths = [str(p) for p in paths]
        self.store = store
        self.http_client = http_client
        self.clock = clock
        self._extractor = extractor
        self.sentences = sentences or config.settings.summary_sentences
        #: Articles read from files (not kept in the store's cache), and their headlines.
        self._local: dict[str, Article] = {}
        self._local_headlines: dict[str, Headline] = {}
        self._haystack: dict[str, str] = {}
        self._facts: dict[str, KeyFacts] = {}
        self._lock = threading.RLock()
        #: Feed urls shown when `briefing URL` opened feeds directly.
        self._only_feeds: list[str] = []
        self.feeds_mode = False
        self._refresh_loop: asyncio.AbstractEventLoop | None = None
        self._refresh_task: asyncio.Task | None = None
        self._opening: Future[FirstScreen] | None = None
        self._closed = False

    # ------------------------------------------------------------ opening
    def ensure_store(self) -> Store:
        """The store, opened on first use (in a worker: opening checks the files)."""
        with self._lock:
            if self._closed:
                # an opening thread still running when the app quit must not open a store nobody will close
                raise RuntimeError("the library is closed")
            if self.store is None:
                from briefing.store import Store

                # The full check of a big cache takes ~0.5 s at 50,000 articles: it runs after the first
                # screen (verify_store), never before it.
                self.store = Store.open_or_fallback(self.config.data_dir, check_cache=False)
            return self.store

    def start_opening(self, first: int = FIRST_SCREEN) -> None:
        """Begin opening in a thread of its own (the store, the files given, the first `first` headlines), so
        that it overlaps the import of the user interface: the first frame can then show the headlines."""
        with self._lock:
            if self._opening is not None:
                return
            self._opening = future = Future()
        threading.Thread(target=self._open_into, args=(future, first), name="briefing-open", daemon=True).start()

    def _open_into(self, future: Future[FirstScreen], first: int) -> None:
        try:
            opened = self.open()
            if self._closed:
                raise RuntimeError("the library is closed")
            headlines = tuple(self.headlines(View(), limit=first))
            # With the store's headlines to show, counting them all is left for after the first frame.
            counts = None if self.feeds_mode and headlines else self.counts()
            future.set_result(FirstScreen(opened, headlines, counts))
        except BaseException as exc:  # handed to whoever waits for the first screen
            future.set_exception(exc)

    def first_screen_ready(self) -> FirstScreen | None:
        """The first screen if it is already open (never waits: safe on the UI thread)."""
        future = self._opening
        if future is None or not future.done() or future.exception() is not None:
            return None
        return future.result()

    def first_screen(self, first: int = FIRST_SCREEN) -> FirstScreen:
        """The first screen, opening it now if `start_opening` was not called. Call from a worker."""
        self.start_opening(first)
        assert self._opening is not None
        return self._opening.result()

    def open(self) -> Opened:
        """Load what `briefing` should show. Runs in a worker thread; never raises for bad input."""
        store = self.ensure_store()
        warnings = list(store.notices)
        urls = [p for p in self.paths if "://" in p]
        files = [p for p in self.paths if "://" not in p]
        if urls:
            # `briefing URL`: show what the store has of those feeds at once; the app fetches them meanwhile.
            self._only_feeds = urls
            self.feeds_mode = True
        if files:
            from briefing.sources.loader import load_paths

            result = load_paths(files)
            self._add_local(result)
            warnings += result.warnings
            return Opened(origin=", ".join(self.paths), warnings=warnings, feeds=bool(urls), refresh=bool(urls))
        if urls:
            return Opened(origin=", ".join(urls), warnings=warnings, feeds=True, refresh=True)
        stored = bool(store.headlines(limit=1))
        if self.config.feeds or stored:
            self.feeds_mode = True
            first_run = bool(self.config.feeds) and not stored
            return Opened(origin="your feeds", warnings=warnings, feeds=True, refresh=first_run)
        from briefing.sources.loader import load_samples

        result = load_samples()
        self._add_local(result)
        warnings += result.warnings
        start = next((a.id for a in result.articles if a.path and a.path.endswith(SEED_NAME)), None)
        return Opened(origin="bundled samples", warnings=warnings, samples=True, start_id=start)

    def verify_store(self) -> str | None:
        """Check the article cache for damage (slow on a big cache: call from a worker after the first screen).
        A damaged cache is set aside and started anew (marks untouched); returns the one-line notice."""
        store = self.ensure_store()
        return store.verify_cache()

    def _add_local(self, result: LoadResult) -> None:
        store = self.ensure_store()
        marks = store.marks([a.id for a in result.articles])
        with self._lock:
            for article in result.articles:
                if article.id in self._local:
                    continue
                m = marks.get(article.id)
                self._local[article.id] = article
                self._local_headlines[article.id] = Headline.of(
                    article, read=bool(m and m.read), starred=bool(m and m.starred)
                )
                self._haystack[article.id] = " ".join(
                    (article.title, article.source, article.author or "", article.text)
                ).casefold()

    # ------------------------------------------------------------ the list
    def headlines(self, view: View = View(), *, limit: int | None = None) -> list[Headline]:
        """The headlines a view asks for, newest first (best match first when searching the store); with
        `limit`, only the first ones from the store (a quick first screen before the whole list)."""
        out: list[Headline] = []
        with self._lock:
            # A feed or category view shows that feed's articles only, not the files opened beside it.
            local = [] if view.feed or view.category else list(self._local_headlines.values())
        # Each word typed must start a word of the title, source, author or body ("nato" finds NATO, not senator).
        patterns = [re.compile(r"(?<!\w)" + re.escape(w)) for w in view.query.casefold().split()]
        for h in local:
            if (view.unread_only and h.read) or (view.starred_only and not h.starred):
                continue
            if patterns and not all(p.search(self._haystack[h.id]) for p in patterns):
                continue
            out.append(h)
        out.sort(key=sort_key)
        if self.feeds_mode:
            out.extend(self._store_headlines(view, limit))
        return out

    def _store_headlines(self, view: View, limit: int | None = None) -> list[Headline]:
        store = self.ensure_store()
        feeds: list[str | None] = [view.feed] if view.feed else list(self._only_feeds) or [None]
        out: list[Headline] = []
        for feed in feeds:
            if view.query.strip():
                rows = [
                    h
                    for h in store.search(view.query, limit=2000)
                    if (feed is None or h.feed == feed)
                    and (not view.category or self._in_category(h, view.category))
                    and not (view.unread_only and h.read)
                    and not (view.starred_only and not h.starred)
                ]
            else:
                rows = self._paged(
                    store,
                    feed=feed,
                    category=view.category,
                    unread_only=view.unread_only,
                    starred_only=view.starred_only,
                    limit=limit,
                )
            out.extend(rows)
        return out

    @staticmethod
    def _paged(store: Store, *, limit: int | None, **where) -> list[Headline]:
        """Headlines in pages, so that a 50,000-article list never holds the store's reader for long (the
        article the user is reading is fetched in between)."""
        if limit is not None:
            return store.headlines(limit=limit, **where)
        out: list[Headline] = []
        while True:
            page = store.headlines(limit=PAGE, offset=len(out), **where)
            out.extend(page)
            if len(page) < PAGE:
                return out

    def _in_category(self, h: Headline, category: str) -> bool:
        return any(f.url == h.feed and f.category == category for f in self.config.feeds)

    def counts(self) -> Counts:
        """All articles and unread ones (what the status line says)."""
        with self._lock:
            local = list(self._local_headlines.values())
        total, unread = len(local), sum(1 for h in local if not h.read)
        if self.feeds_mode:
            store = self.ensure_store()
            if self._only_feeds:
                for url in self._only_feeds:
                    rows = store.headlines(feed=url)
                    total += len(rows)
                    unread += sum(1 for h in rows if not h.read)
            else:
                cached, cached_unread = store.counts()
                total += cached
                unread += cached_unread
        return Counts(total, unread)

    def feeds(self) -> list[FeedInfo]:
        """Every feed the store knows, with its last result and counts."""
        return self.ensure_store().feeds()

    # ------------------------------------------------------------ articles and facts
    def article(self, article_id: str) -> Article | None:
        """An article by id (from the files opened, else the store). Call from a worker."""
        article = self._local.get(article_id)
        if article is None and self.store is not None:
            article = self.store.get_article(article_id)
        return article

    def cached_facts(self, article_id: str) -> KeyFacts | None:
        """The facts if already computed in this session (cheap; safe on the UI thread)."""
        return self._facts.get(article_id)

    def facts(self, article: Article) -> KeyFacts:
        """An article's key facts: from memory, else the store's cache, else computed. Call from a worker."""
        cached = self._facts.get(article.id)
        if cached is not None:
            return cached
        store = self.store
        version = extractor_version() if self._extractor is None else None
        facts = store.get_facts(article.content_hash, version) if store is not None and version else None
        if facts is None:
            if self._extractor is None:
                self._extractor = _default_extractor()
            facts = self._extractor(article, sentences=self.sentences)
            if store is not None and version:
                store.put_facts(article.content_hash, version, facts)
        self._facts[article.id] = facts
        return facts

    # ------------------------------------------------------------ marks
    def save_marks(self, headline: Headline) -> None:
        """Write an article's read and starred marks as given (both, so the newest wish always wins)."""
        store = self.ensure_store()
        store.set_read([headline.id], headline.read)
        store.set_starred(headline.id, headline.starred)
        self._updated(headline)

    def set_read(self, headline: Headline, read: bool = True) -> Headline:
        """Mark read or unread, in the store (kept for files too, by content)."""
        self.ensure_store().set_read([headline.id], read)
        return self._updated(replace(headline, read=read))

    def set_starred(self, headline: Headline, starred: bool) -> Headline:
        self.ensure_store().set_starred(headline.id, starred)
        return self._updated(replace(headline, starred=starred))

    def _updated(self, headline: Headline) -> Headline:
        with self._lock:
            if headline.id in self._local_headlines:
                self._local_headlines[headline.id] = headline
        return headline

    # ------------------------------------------------------------ feeds
    def refresh(
        self,
        feeds: Sequence[FeedConfig] | None = None,
        on_progress: Callable[[FeedOutcome], None] | None = None,
    ) -> list[FeedOutcome]:
        """Fetch feeds (default: every configured one) into the store. Runs its own event loop: call from a
        worker thread."""
        from briefing.fetch.refresh import refresh
        from briefing.store import Store

        feeds = list(self.config.feeds if feeds is None else feeds)
        if not feeds:
            return []
        _start_resource_tracker()
        store = self.ensure_store()
        # Refresh writes through a Store of its own on the same files (SQLite WAL lets both work at once).
        own = store if store.in_memory else Store.open(self.config.data_dir, check_cache=False)

        import asyncio

        async def run() -> list[FeedOutcome]:
            self._refresh_loop = asyncio.get_running_loop()
            self._refresh_task = asyncio.current_task()
            return await refresh(
                own,
                feeds,
                self.config.settings,
                client=self.http_client,
                on_progress=on_progress,
                # An in-memory store is shared with the screen: write it from this thread only.
                store_thread=not own.in_memory,
            )

        try:
            return asyncio.run(run())
        except asyncio.CancelledError:
            return []
        finally:
            self._refresh_loop = self._refresh_task = None
            if own is not store:
                own.close()

    def feed_configs(self, url: str | None = None) -> list[FeedConfig]:
        """The feeds to refresh: one (by url), or every configured feed and every feed opened by URL."""
        configured = list(self.config.feeds) + [
            FeedConfig(url=u) for u in self._only_feeds if all(f.url != u for f in self.config.feeds)
        ]
        if url is None:
            return configured
        return [next((f for f in configured if f.url == url), FeedConfig(url=url))]

    def full_text(self, article_id: str) -> tuple[Article | None, str | None]:
        """Fetch the article's page and keep its full story (marks kept, facts recomputed). Call from a worker.
        Returns the new article, or None and a one-line reason (the teaser then stays)."""
        import asyncio

        from briefing.fetch.fulltext import fetch_full_text

        article = self.article(article_id)
        if article is None:
            return None, "the article is gone"
        if not article.url:
            return None, "this article has no web address"
        result = asyncio.run(fetch_full_text(article, settings=self.config.settings))
        if result.article is None:
            return None, result.error or "no article text on the page"
        full = result.article
        with self._lock:
            if article_id in self._local:
                self._local[article_id] = full
            else:
                self.ensure_store().upsert_articles([full], feed_url=full.feed)
            self._facts.pop(article_id, None)
        return full, None

    def cancel_refresh(self) -> None:
        """Stop a running refresh (from any thread): its fetches and parses end, what was stored stays."""
        loop, task = self._refresh_loop, self._refresh_task
        if loop is not None and task is not None:
            loop.call_soon_threadsafe(task.cancel)

    def close(self) -> None:
        """Close the store (its last marks backup is written). Taken under the lock, so a store being opened by
        the opening thread is closed too, and none is opened after."""
        with self._lock:
            self._closed = True
            opening = self._opening
        if opening is not None:
            # The opening thread reads the store: closing under a read crashes SQLite (a segfault, seen in the
            # tests). It stops at its next use of the store now (`ensure_store` raises), so this wait is short
            # unless it is still reading the files given.
            with contextlib.suppress(Exception):
                opening.exception(timeout=CLOSE_WAIT)
        with self._lock:
            store = self.store
        if store is not None:
            store.close()
