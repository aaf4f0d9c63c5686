"""Parse feeds off the event loop and across the cores, each parse bounded in size, time and memory.

A :class:`ParsePool` owns a ``ProcessPoolExecutor`` (started lazily, so a refresh where every feed answers
304 never starts it). Submissions are bounded (``backlog``): callers wait for a free place instead of queueing
bodies without limit. A parse that runs past ``timeout`` has its worker killed and the pool replaced; workers
run under an address-space limit, so an entity or junk bomb that slips past the guards ends as a one-line
error, never as the app's death. Tiny bodies may be parsed inline, where a round trip to a worker costs
more than the parse.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, fields

from briefing.model import Article, Block, Link, PullQuote


@dataclass(slots=True)
class ParseOutcome:
    """A parsed feed: articles, title, a one-line error (possibly beside articles), the feed's link, and, from
    a parse that ran, each article's ``content_hash`` in order (computed in the worker, so the event loop's
    process, which needs them to deduplicate and store, does not hash every body again).

    The fields of ``briefing.sources.feedfile.FeedParseResult``, which this module does not import: the
    process that only fetches and stores never loads the parser and its HTML stack."""

    articles: list[Article] = field(default_factory=list)
    title: str | None = None
    error: str | None = None
    link: str | None = None
    hashes: list[str] | None = None

    def __reduce__(self) -> tuple:
        # Sent from a worker as plain tuples: half the pickling work of dataclass objects on each side.
        return (_unpack, (_pack(self.articles), self.title, self.error, self.link, self.hashes))


_FIELDS = tuple(f.name for f in fields(Article))
_BLOCKS, _LINKS, _QUOTES = _FIELDS.index("blocks"), _FIELDS.index("links"), _FIELDS.index("pull_quotes")


def _pack(articles: list[Article]) -> list[list]:
    out = []
    for article in articles:
        values = [getattr(article, name) for name in _FIELDS]
        values[_BLOCKS] = tuple((b.text, b.kind) for b in article.blocks)
        values[_LINKS] = tuple((k.label, k.text, k.url) for k in article.links)
        values[_QUOTES] = tuple((q.text, q.attribution) for q in article.pull_quotes)
        out.append(values)
    return out


def _unpack(
    packed: list[list], title: str | None, error: str | None, link: str | None, hashes: list[str] | None
) -> ParseOutcome:
    articles = []
    for values in packed:
        values[_BLOCKS] = tuple(Block(text, kind) for text, kind in values[_BLOCKS])
        values[_LINKS] = tuple(Link(*k) for k in values[_LINKS])
        values[_QUOTES] = tuple(PullQuote(*q) for q in values[_QUOTES])
        articles.append(Article(*values))
    return ParseOutcome(articles, title, error, link, hashes)


def _init_worker(memory_limit: int | None) -> None:
    if memory_limit:
        try:
            import resource

            _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = memory_limit if hard == resource.RLIM_INFINITY else min(memory_limit, hard)
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        except (ImportError, ValueError, OSError):  # pragma: no cover - platform without rlimits
            pass
    import feedparser  # noqa: F401  (pay the import once per worker)

    from briefing.fetch import feedparser_speed

    feedparser_speed.install()  # same results, less time (see the module)


def _nothing() -> None:
    """A task that only makes the executor start a worker."""


def parse_bytes(data: bytes, feed_url: str, source_name: str | None) -> ParseOutcome:
    """Parse in this process (worker or inline); never raises."""
    from briefing.sources.feedfile import parse_feed_bytes

    try:
        parsed = parse_feed_bytes(data, feed_url=feed_url, source_name=source_name, max_bytes=len(data) + 1)
        hashes = [a.content_hash for a in parsed.articles]
        return ParseOutcome(parsed.articles, parsed.title, parsed.error, parsed.link, hashes)
    except MemoryError:
        return ParseOutcome(error="feed needs too much memory to parse")
    except RecursionError:
        return ParseOutcome(error="feed is nested too deeply")
    except Exception as exc:  # a parser bug must not take the refresh down
        detail = " ".join(str(exc).split())[:100]
        return ParseOutcome(error=f"cannot parse feed: {type(exc).__name__}: {detail}")


class ParsePool:
    """Parse feed bodies in worker processes; ``await pool.parse(data, feed_url=...)``.

    ``workers`` defaults to the number of CPUs; ``backlog`` bounds bodies submitted and not yet parsed;
    ``inline_below`` parses smaller bodies in-process (0 disables it); ``timeout`` bounds one parse;
    ``memory_limit`` is each worker's address-space limit in bytes (None for no limit).
    """

    def __init__(
        self,
        workers: int | None = None,
        *,
        backlog: int | None = None,
        timeout: float = 30.0,
        max_bytes: int = 10 * 1024 * 1024,
        inline_below: int = 0,
        memory_limit: int | None = 1536 * 1024 * 1024,
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.backlog = backlog or self.workers * 2
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.inline_below = inline_below
        self.memory_limit = memory_limit
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._warming: threading.Thread | None = None
        self._sem: asyncio.Semaphore | None = None
        self._sem_loop: asyncio.AbstractEventLoop | None = None
        self.started = 0  # how many executors were created (tests and benchmarks read it)

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            return self._executor or self._create()

    def _create(self) -> ProcessPoolExecutor:
        if self._executor is None:
            import multiprocessing

            # forkserver: never fork the event loop's process (it has resolver threads); preload the parser.
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
            if "forkserver" in methods:
                ctx.set_forkserver_preload(
                    ["briefing.sources.feedfile", "feedparser", "briefing.fetch.feedparser_speed"]
                )
            self._executor = ProcessPoolExecutor(
                self.workers, mp_context=ctx, initializer=_init_worker, initargs=(self.memory_limit,)
            )
            self.started += 1
        return self._executor

    def start(self) -> None:
        """Create the workers now. Blocking (a worker process is started from a fresh interpreter that imports
        the parser): call it off the event loop, or let :meth:`warm` do it."""
        executor = self._pool()
        with contextlib.suppress(BrokenProcessPool, RuntimeError):
            for _ in range(self.workers):  # each submission to a new executor starts one more worker
                executor.submit(_nothing)

    def warm(self) -> None:
        """Start the workers in a background thread, so that they are ready by the time the first body arrives
        (starting them on the first parse held the event loop, and every fetch, for a second or more)."""
        with self._lock:
            if self._executor is not None or (self._warming is not None and self._warming.is_alive()):
                return
            self._warming = threading.Thread(target=self.start, name="briefing-parse-start", daemon=True)
            self._warming.start()

    async def _ready(self) -> ProcessPoolExecutor:
        """The executor, its workers started off the event loop."""
        if self._executor is None:
            self.warm()
        warming = self._warming
        if warming is not None and warming.is_alive():
            await asyncio.get_running_loop().run_in_executor(None, warming.join)
        return self._pool()

    async def parse(self, data: bytes, *, feed_url: str, source_name: str | None = None) -> ParseOutcome:
        """Parse ``data`` (a feed body); never raises."""
        if len(data) > self.max_bytes:
            return ParseOutcome(error=f"feed over {self.max_bytes / (1024 * 1024):g} MB")
        if len(data) < self.inline_below:
            return parse_bytes(data, feed_url, source_name)
        loop = asyncio.get_running_loop()
        if self._sem is None or self._sem_loop is not loop:  # a pool may serve several event loops in turn
            self._sem, self._sem_loop = asyncio.Semaphore(self.backlog), loop
        async with self._sem:
            for attempt in range(2):
                executor = await self._ready()
                try:
                    future = executor.submit(parse_bytes, data, feed_url, source_name)
                except (BrokenProcessPool, RuntimeError):
                    self._discard(executor)
                    continue
                waiter = asyncio.wrap_future(future)
                # The clock starts when the parse leaves our queue (not while a fresh worker starts up).
                while not future.running() and not future.done():
                    await asyncio.wait({waiter}, timeout=0.05)
                try:
                    return await asyncio.wait_for(waiter, self.timeout)
                except TimeoutError:
                    self._discard(executor, kill=True)
                    return ParseOutcome(error=f"parsing took longer than {self.timeout:g} s")
                except BrokenProcessPool:
                    # Another parse was killed (or a worker died): try once more in a fresh pool.
                    self._discard(executor)
                    if attempt:
                        return ParseOutcome(error="the feed parser crashed")
            return ParseOutcome(error="the feed parser crashed")

    def _discard(self, executor: ProcessPoolExecutor, *, kill: bool = False) -> None:
        if self._executor is executor:
            self._executor = None
        if kill:
            for proc in list(getattr(executor, "_processes", {}).values()):
                with contextlib.suppress(OSError, AttributeError):
                    proc.kill()
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self, *, kill: bool = False) -> None:
        """Stop the workers (idempotent); ``kill`` ends parses still running instead of waiting for them."""
        warming = self._warming
        if warming is not None:
            warming.join()
        if self._executor is not None:
            executor, self._executor = self._executor, None
            if kill:
                self._discard(executor, kill=True)
            else:
                executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ParsePool:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        self.close(kill=exc_type is not None)
