"""Refresh feeds into the store: fetch (conditionally), parse in the pool, deduplicate, upsert, record.

``await refresh(store, feeds, settings)`` returns one :class:`FeedOutcome` per feed, in the order given, and
calls ``on_progress`` as each feed finishes. A failing feed never stops the others; nothing here raises for a
bad server or a bad feed.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol

from briefing.config import FeedConfig, Settings
from briefing.model import Article
from briefing.textsafe import clean_line

if TYPE_CHECKING:
    import httpx

    from briefing.fetch.http import Fetcher, FetchResult
    from briefing.fetch.parse_pool import ParsePool

Status = Literal["new", "updated", "unchanged", "failed"]


@dataclass(slots=True)
class FeedOutcome:
    """How one feed's refresh went; ``error`` may come with articles (a malformed feed that partly parsed)."""

    url: str
    name: str
    status: Status
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    error: str | None = None
    http_status: int | None = None
    elapsed: float = 0.0
    title: str | None = None

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def line(self) -> str:
        """One line for `briefing refresh`."""
        name = clean_line(self.name)
        if self.status == "failed":
            return f"failed     {name}: {clean_line(self.error)}"
        counts = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.http_status == 304:
            counts = "not modified"
        tail = f" ({clean_line(self.error)})" if self.error else ""
        return f"{self.status:<10} {name}: {counts}{tail}"


class FeedStore(Protocol):
    """What refresh needs from the store (``briefing.store.Store`` provides it)."""

    def upsert_articles(self, articles: Sequence[Article], *, feed_url: str) -> Any: ...

    def record_fetch(
        self,
        url: str,
        *,
        status: Any,
        error: str | None,
        etag: str | None,
        last_modified: str | None,
        fetched_at: datetime,
    ) -> Any: ...


FullText = Callable[[list[Article], "Fetcher", Settings], Awaitable[list[Article]]]


def feed_name(feed: FeedConfig) -> str:
    return feed.name or feed.url


async def refresh(
    store: FeedStore,
    feeds: Sequence[FeedConfig],
    settings: Settings,
    *,
    client: httpx.AsyncClient | None = None,
    on_progress: Callable[[FeedOutcome], None] | None = None,
    pool: ParsePool | None = None,
    fetcher: Fetcher | None = None,
    full_text: FullText | None = None,
    now: Callable[[], datetime] | None = None,
    store_thread: bool = True,
) -> list[FeedOutcome]:
    """Fetch every feed into ``store``; one outcome per feed, in order.

    ``client`` (an httpx.AsyncClient), ``pool`` and ``fetcher`` may be shared by the caller (they are then not
    closed here). ``full_text`` fetches article pages for feeds with ``full_text`` set (default: the
    ``briefing.fetch.fulltext`` module when installed).

    With ``store_thread`` (the default) every store call runs on one dedicated thread, so SQLite work overlaps
    fetching and parsing instead of stalling the event loop; the caller must then not use the same ``Store``
    object from another thread until refresh returns (the app should give refresh its own ``Store`` on the
    same data directory, or pass ``store_thread=False``).
    """
    from briefing.fetch.http import Fetcher
    from briefing.fetch.parse_pool import ParsePool

    if not feeds:
        return []
    clock = now or (lambda: datetime.now(UTC))
    own_pool = pool is None
    pool = pool or ParsePool(timeout=settings.feed_deadline, max_bytes=settings.max_bytes, inline_below=INLINE_BELOW)
    own_fetcher = fetcher is None
    fetcher = fetcher or Fetcher(settings, client=client)
    plan = getattr(fetcher, "plan", None)
    if plan is not None:
        plan(f.url for f in feeds)
    if full_text is None and any(f.full_text or settings.auto_full_text for f in feeds):
        full_text = _default_full_text()
    db = _StoreRunner(store, store_thread)

    def prepare() -> dict[str, Any]:
        """The store's feeds by url; configured feeds it lacks (or holds with other settings) are written."""
        known = {f.url: f for f in store.feeds()} if hasattr(store, "feeds") else {}
        upsert_feed = getattr(store, "upsert_feed", None)
        if upsert_feed is not None:
            for feed in feeds:
                info = known.get(feed.url)
                # Without a configured name, keep the feed's own title (saved by an earlier refresh).
                name = feed.name or (info.name if info is not None else None)
                if info is None or (info.name, info.category) != (name, feed.category):
                    upsert_feed(feed.url, name, feed.category)
        return known

    # Bound feeds in flight (fetching or waiting to be parsed) so bodies never pile up in memory.
    inflight = asyncio.Semaphore(max(1, settings.concurrency) + pool.backlog)
    outcomes: list[FeedOutcome | None] = [None] * len(feeds)

    async def one(i: int, feed: FeedConfig) -> None:
        async with inflight:
            try:
                outcome = await _refresh_one(db, feed, settings, fetcher, pool, full_text, clock, known.get(feed.url))
            except Exception as exc:  # a bug in one feed's path must not lose the others
                outcome = FeedOutcome(feed.url, feed_name(feed), "failed", error=f"internal error: {exc!r}"[:160])
        outcomes[i] = outcome
        if on_progress is not None:
            with contextlib.suppress(Exception):  # the caller's display must not break the refresh
                on_progress(outcome)

    finished = False
    _skip_missing_sniffio()
    try:
        with _quick_gil_handoffs() if store_thread else contextlib.nullcontext():
            known = await db.run(prepare)
            if any(_expects_body(known.get(f.url)) for f in feeds):
                pool.warm()  # workers start while the first fetches run (a 304-only refresh never needs them)
            if own_fetcher:
                await fetcher.__aenter__()
            await asyncio.gather(*(one(i, f) for i, f in enumerate(feeds)))
            finished = True
    finally:
        if own_fetcher:
            await fetcher.aclose()
        if own_pool:
            pool.close(kill=not finished)  # interrupted (Ctrl-C, cancelled): do not wait for running parses
        db.close()
    return [o for o in outcomes if o is not None]


#: GIL switch interval while a refresh runs with its store thread (Python's default is 5 ms).
SWITCH_INTERVAL = 0.0005
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.005


@contextlib.contextmanager
def _quick_gil_handoffs() -> Iterator[None]:
    """A short GIL switch interval for the duration (nested and concurrent uses restore it once, at the end).

    The store thread gives the GIL up for every SQLite statement; taking it back from an event loop that is
    busy (fetching and unpickling) costs up to a whole switch interval each time, which at the default 5 ms
    made the store thread, not parsing, the slowest part of a refresh."""
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


def _skip_missing_sniffio() -> None:
    """httpcore tries ``import sniffio`` on every request; when it is not installed, each failed import
    searches sys.path again (about 0.1 ms, several times a feed). Record it as missing once (Python's own
    convention: None in sys.modules), which is what each of those imports would conclude anyway."""
    if "sniffio" not in sys.modules:
        try:
            missing = importlib.util.find_spec("sniffio") is None
        except (ImportError, ValueError):
            missing = False
        if missing:
            sys.modules["sniffio"] = None  # type: ignore[assignment]


#: Bodies smaller than this are parsed inline (see benchmarks/refresh_bench.py for the measurement).
INLINE_BELOW = 0


class _StoreRunner:
    """Runs store calls on one dedicated thread (or inline), so that SQLite never stalls the event loop.

    Writes (:meth:`write`) are grouped: the store thread waits up to ``WRITE_WINDOW`` seconds for up to
    ``WRITE_BATCH`` of them and runs them in one transaction (``Store.batch``; each write still all or
    nothing), which costs far less than a transaction per feed (commits, and the search index's segments)."""

    def __init__(self, store: FeedStore, threaded: bool) -> None:
        self.store = store
        self._executor = None
        self._batch = getattr(store, "batch", None)
        self._cond = threading.Condition()
        self._pending: list[tuple[Callable[[], Any], asyncio.Future, asyncio.AbstractEventLoop]] = []
        self._draining = False
        if threaded:
            from concurrent.futures import ThreadPoolExecutor

            self._executor = ThreadPoolExecutor(1, thread_name_prefix="briefing-store")

    async def run(self, fn: Callable[[], Any]) -> Any:
        if self._executor is None:
            return fn()
        return await asyncio.get_running_loop().run_in_executor(self._executor, fn)

    async def write(self, fn: Callable[[], Any]) -> Any:
        """Run a store write, grouped with others into one transaction when the store can batch them."""
        if self._executor is None or self._batch is None:
            return await self.run(fn)
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        with self._cond:
            self._pending.append((fn, future, loop))
            self._cond.notify()
            start = not self._draining
            self._draining = True
        if start:
            self._executor.submit(self._drain)
        return await future

    def _drain(self) -> None:
        """On the store thread: run pending writes in batches until none is left."""
        while True:
            deadline = time.monotonic() + WRITE_WINDOW
            with self._cond:
                while len(self._pending) < WRITE_BATCH:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                jobs, self._pending = self._pending[:WRITE_BATCH], self._pending[WRITE_BATCH:]
                if not jobs:
                    self._draining = False
                    return
            results: list[tuple[bool, Any]] = []
            try:
                assert self._batch is not None
                with self._batch():
                    for fn, _future, _loop in jobs:
                        try:
                            results.append((True, fn()))
                        except Exception as exc:  # this write was undone alone; the others stand
                            results.append((False, exc))
            except Exception as exc:  # the commit failed: none of them was saved
                results = [(False, exc)] * len(jobs)
            for (_fn, future, loop), (ok, value) in zip(jobs, results, strict=True):
                with contextlib.suppress(RuntimeError):  # the loop is gone (interrupted refresh)
                    loop.call_soon_threadsafe(_settle, future, ok, value)

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)


#: How long the store thread waits to gather writes into one transaction, and how many it takes at most.
WRITE_WINDOW = 0.05
WRITE_BATCH = 24


def _settle(future: asyncio.Future, ok: bool, value: Any) -> None:
    if future.done():
        return
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)


async def _refresh_one(
    db: _StoreRunner,
    feed: FeedConfig,
    settings: Settings,
    fetcher: Fetcher,
    pool: ParsePool,
    full_text: FullText | None,
    clock: Callable[[], datetime],
    info: Any,
) -> FeedOutcome:
    name = feed_name(feed)
    etag, last_modified = (info.etag, info.last_modified) if info is not None else (None, None)
    result = await fetcher.fetch(feed.url, etag=etag, last_modified=last_modified)
    fetched_at = clock()
    outcome = FeedOutcome(feed.url, name, "unchanged", http_status=result.status, elapsed=result.elapsed)
    store = db.store
    if result.error is not None:
        outcome.status, outcome.error = "failed", result.error
        await db.write(lambda: _record(store, feed.url, result, fetched_at, result.error, keep=(None, None)))
        return outcome
    if result.not_modified:
        await db.write(lambda: _record(store, feed.url, result, fetched_at, None))
        return outcome
    parsed = await pool.parse(result.body or b"", feed_url=feed.url, source_name=feed.name)
    outcome.title = parsed.title
    if not feed.name and parsed.title:
        outcome.name = parsed.title
    articles, hashes = _prepare(parsed.articles, feed.url, fetched_at, getattr(parsed, "hashes", None))
    if not articles and parsed.error:
        outcome.status, outcome.error = "failed", parsed.error
        # Keep the validators of the last good body, so the next refresh fetches this one again.
        await db.write(lambda: _record(store, feed.url, result, fetched_at, parsed.error, keep=(None, None)))
        return outcome
    if full_text is not None and (feed.full_text or settings.auto_full_text):
        articles = await _with_full_text(db, articles, fetcher, settings, full_text)
        hashes = None  # some bodies are now the pages' full text

    title = clean_line(parsed.title)[:200] or None
    rename = not feed.name and title and (info is None or info.name != title) and hasattr(store, "upsert_feed")

    upsert = store.upsert_articles
    kwargs = {"content_hashes": hashes} if hashes is not None and _takes_hashes(upsert) else {}

    def save() -> Any:
        stats = upsert(articles, feed_url=feed.url, **kwargs)
        _record(store, feed.url, result, fetched_at, parsed.error)
        if rename:
            store.upsert_feed(feed.url, title, feed.category)
        return stats

    try:
        stats = await db.write(save)
    except Exception as exc:  # the store says why (disk full, read-only, damaged): one line
        outcome.status, outcome.error = "failed", "cannot save: " + " ".join(str(exc).split())[:150]
        return outcome
    outcome.new, outcome.updated, outcome.unchanged = _counts(stats)
    outcome.status = "new" if outcome.new else "updated" if outcome.updated else "unchanged"
    outcome.error = parsed.error
    return outcome


def prepare_articles(articles: Sequence[Article], feed_url: str, fetched_at: datetime) -> list[Article]:
    """Deduplicate a feed's entries (by id, which comes from the guid, then link, then content hash) and date
    the undated ones: fetch time, marked estimated, stepping back a second per entry to keep the feed's order.
    """
    return _prepare(articles, feed_url, fetched_at)[0]


def _prepare(
    articles: Sequence[Article], feed_url: str, fetched_at: datetime, known: Sequence[str] | None = None
) -> tuple[list[Article], list[str]]:
    """`prepare_articles`, and the content hash of each article kept (the store needs them too); ``known``
    are the articles' content hashes when the parser computed them already."""
    if known is not None and len(known) != len(articles):
        known = None
    seen_ids: set[str] = set()
    seen_links: set[str] = set()
    seen_hashes: set[str] = set()
    out: list[Article] = []
    hashes: list[str] = []
    for i, art in enumerate(articles):
        digest = known[i] if known is not None else art.content_hash
        if art.id in seen_ids or (art.url and art.url in seen_links) or digest in seen_hashes:
            continue
        seen_ids.add(art.id)
        if art.url:
            seen_links.add(art.url)
        seen_hashes.add(digest)
        if art.feed is None:
            art = replace(art, feed=feed_url)
        if art.published is None:
            art = replace(art, published=fetched_at - timedelta(seconds=i), published_estimated=True)
        out.append(art)
        hashes.append(digest)
    return out, hashes


def _takes_hashes(upsert: Callable[..., Any]) -> bool:
    """Whether a store's upsert_articles accepts precomputed ``content_hashes``."""
    import inspect

    try:
        return "content_hashes" in inspect.signature(upsert).parameters
    except (TypeError, ValueError):
        return False


def _expects_body(info: Any) -> bool:
    """Whether a feed will likely send a body: the store has no validators for it (new, or never answered)."""
    return info is None or not (getattr(info, "etag", None) or getattr(info, "last_modified", None))


def _counts(stats: Any) -> tuple[int, int, int]:
    if isinstance(stats, tuple):
        return int(stats[0]), int(stats[1]), int(stats[2])
    return int(stats.new), int(stats.updated), int(stats.unchanged)


def _record(
    store: FeedStore,
    url: str,
    result: FetchResult,
    fetched_at: datetime,
    error: str | None,
    *,
    keep: tuple[str | None, str | None] | None = None,
) -> None:
    """Record the fetch; ``keep`` replaces the response's validators (None, None: keep the stored ones)."""
    etag, last_modified = (result.etag, result.last_modified) if keep is None else keep
    store.record_fetch(
        url, status=result.status, error=error, etag=etag, last_modified=last_modified, fetched_at=fetched_at
    )


def _default_full_text() -> FullText | None:
    """Full text through ``briefing.fetch.fulltext`` (when installed), fetching pages with our fetcher."""
    try:
        from briefing.fetch import fulltext
    except ImportError:
        return None
    fetch_full_text = getattr(fulltext, "fetch_full_text", None)
    if fetch_full_text is None:
        return None

    async def run(articles: list[Article], fetcher: Fetcher, settings: Settings) -> list[Article]:
        results = await asyncio.gather(
            *(fetch_full_text(a, settings=settings, fetcher=fetcher) for a in articles), return_exceptions=True
        )
        return [
            r.article if not isinstance(r, BaseException) and r.article else a
            for a, r in zip(articles, results, strict=True)
        ]

    return run


#: At most this many new articles per feed get their page fetched in one refresh.
FULL_TEXT_PER_FEED = 20


async def _with_full_text(
    db: _StoreRunner, articles: list[Article], fetcher: Fetcher, settings: Settings, full_text: FullText
) -> list[Article]:
    """Fetch full text for articles the store does not have yet; keep the feed's text when it fails."""
    get = getattr(db.store, "get_article", None)
    candidates = [a for a in articles if a.url]
    if get is not None:
        known = await db.run(lambda: {a.id for a in candidates if get(a.id) is not None})
        candidates = [a for a in candidates if a.id not in known]
    fresh = candidates[:FULL_TEXT_PER_FEED]
    if not fresh:
        return articles
    try:
        enriched = await full_text(fresh, fetcher, settings)
    except Exception:
        return articles
    by_id = {a.id: a for a in enriched}
    return [by_id.get(a.id, a) for a in articles]


@dataclass(slots=True)
class FeedLoad:
    """One feed fetched and parsed without the store (`briefing URL`): articles and a one-line error."""

    url: str
    articles: list[Article]
    title: str | None
    error: str | None


async def load_feed(
    url: str,
    settings: Settings | None = None,
    *,
    client: httpx.AsyncClient | None = None,
    pool: ParsePool | None = None,
    now: Callable[[], datetime] | None = None,
) -> FeedLoad:
    """Fetch and parse one feed url (same limits as refresh; parsed in a worker); never raises."""
    from briefing.fetch.http import Fetcher
    from briefing.fetch.parse_pool import ParsePool

    settings = settings or Settings()
    own = pool is None
    pool = pool or ParsePool(workers=1, timeout=settings.feed_deadline, max_bytes=settings.max_bytes)
    pool.warm()  # the worker starts while the feed is fetched
    async with Fetcher(settings, client=client) as fetcher:
        result = await fetcher.fetch(url)
    try:
        if result.error is not None or result.body is None:
            return FeedLoad(url, [], None, result.error or f"no feed (HTTP {result.status})")
        parsed = await pool.parse(result.body, feed_url=url)
    finally:
        if own:  # off the event loop: closing waits for a worker still starting
            await asyncio.get_running_loop().run_in_executor(None, pool.close)
    fetched_at = (now or (lambda: datetime.now(UTC)))()
    articles = prepare_articles(parsed.articles, url, fetched_at)
    error = parsed.error if parsed.error or articles else "no entries"
    return FeedLoad(url, articles, clean_line(parsed.title) or None, error)
