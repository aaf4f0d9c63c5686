"""Store benchmarks over a generated store of 50,000 articles in 500 feeds (see gen_store.py).

Prints a table: search latency (FTS5, as you type and whole words) beside a LIKE scan measured in the same
run, mark-read latency beside the same one-row write to the cache file (synchronous NORMAL instead of FULL),
time to the first page of headlines, open time beside a bare sqlite3 open, and the size on disk per 1,000
articles.

    python benchmarks/store_bench.py [--store DIR] [--articles N] [--feeds N]

Without --store it builds a store in a temporary directory first (about 2 minutes); with --store DIR it
reuses one made by ``gen_store.py DIR`` (or builds it there when DIR has no store yet).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_store import build_store

from briefing.store import CACHE_FILE, MARKS_FILE, Store
from briefing.store.search import fts_query

WORDS = ["lighthouse", "election", "budget", "referendum", "ceasefire", "shipyard", "earthquake", "harbour"]
PHRASES = ["council budget", "election referendum", "city harbour", "police report", "government minister"]


def measure(fn: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per call over `runs` calls (after one warm-up call)."""
    fn()
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def summary(samples: list[float]) -> tuple[float, float, float]:
    s = sorted(samples)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return statistics.median(s), p95, s[-1]


def row(label: str, samples: list[float], baseline: list[float] | None = None, note: str = "") -> str:
    med, p95, mx = summary(samples)
    ratio = ""
    if baseline:
        ratio = f"{statistics.median(baseline) / med:8.1f}x" if med > 0 else ""
    return f"{label:<46}{med:9.2f}{p95:9.2f}{mx:9.2f}{ratio:>10}  {note}"


def typed(word: str) -> list[str]:
    """What the search box holds after each keystroke, from the second character."""
    return [word[:i] for i in range(2, len(word) + 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="reuse (or build) the generated store in this directory")
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--feeds", type=int, default=500)
    args = parser.parse_args()

    tmp = None
    data_dir = args.store
    if data_dir is None:
        tmp = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
        data_dir = tmp / "data"
    try:
        if not (data_dir / CACHE_FILE).exists():
            print(f"building {args.articles} articles over {args.feeds} feeds in {data_dir} ...", flush=True)
            stats = build_store(data_dir, articles=args.articles, feeds=args.feeds)
            print(f"built in {stats.seconds:.1f} s ({stats.text_bytes / 1e6:.0f} MB of text)")
        run(data_dir)
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


def run(data_dir: Path) -> None:
    cache_size = (data_dir / CACHE_FILE).stat().st_size
    marks_size = (data_dir / MARKS_FILE).stat().st_size

    # open: the store (header check, quick_check of both files, migrations check, attach) vs a bare open
    open_store = measure(lambda: Store.open(data_dir).close(), 5)
    open_fast = measure(lambda: Store.open(data_dir, check_cache=False).close(), 5)

    def bare_open() -> None:
        c = sqlite3.connect(data_dir / CACHE_FILE)
        c.execute("SELECT count(*) FROM sqlite_master").fetchone()
        c.close()

    bare = measure(bare_open, 5)

    store = Store.open(data_dir)
    store.backup_interval = 5.0
    n = store._reader.execute("SELECT count(*) FROM articles").fetchone()[0]
    text = store._reader.execute("SELECT sum(length(title) + length(body)) FROM article_text").fetchone()[0]
    feed = store.feeds()[0].url

    first_page = measure(lambda: store.headlines(limit=100), 30)
    unread_page = measure(lambda: store.headlines(unread_only=True, limit=100), 30)
    feed_page = measure(lambda: store.headlines(feed=feed, unread_only=True), 30)
    cat_page = measure(lambda: store.headlines(category="science", limit=100), 30)
    starred = measure(lambda: store.headlines(starred_only=True), 10)
    all_rows = measure(lambda: store.headlines(), 3)
    tracemalloc.start()
    everything = store.headlines()
    headlines_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del everything
    counts = measure(store.unread_counts, 10)
    feeds = measure(store.feeds, 5)

    keystrokes = [q for w in WORDS for q in typed(w)]
    whole = WORDS + PHRASES
    as_you_type = [t for q in keystrokes for t in measure(lambda q=q: store.search(q), 3)]
    whole_words = [t for q in whole for t in measure(lambda q=q: store.search(q), 3)]
    hits = {q: len(store.search(q)) for q in whole}

    def like(q: str) -> list:
        terms = q.split()
        where = " AND ".join("(t.title LIKE ? OR t.body LIKE ?)" for _ in terms)
        params = [p for t in terms for p in (f"%{t}%", f"%{t}%")]
        return store._reader.execute(
            f"SELECT a.id FROM articles a JOIN article_text t ON t.seq = a.seq WHERE {where} "
            "ORDER BY a.sort_ts DESC LIMIT 500",
            params,
        ).fetchall()

    like_samples = [t for q in whole for t in measure(lambda q=q: like(q), 1)]

    ids = [h.id for h in store.headlines(unread_only=True, limit=400)]
    it = iter(ids)
    mark = measure(lambda: store.set_read([next(it)], read=True), 200)
    it2 = iter(ids)
    toggles = measure(lambda: store.toggle_read(next(it2)), 200)
    star = measure(lambda: store.set_starred(ids[0], not store.marks([ids[0]])[ids[0]].starred), 50)

    store._cache.execute("CREATE TABLE IF NOT EXISTS bench_marks(id TEXT PRIMARY KEY, read INT)")
    it3 = iter(ids)

    def cache_write() -> None:
        with store._wlock:
            store._cache.execute("BEGIN IMMEDIATE")
            store._cache.execute("INSERT OR REPLACE INTO bench_marks VALUES (?, 1)", (next(it3),))
            store._cache.execute("COMMIT")

    cache_mark = measure(cache_write, 200)
    store._cache.execute("DROP TABLE bench_marks")
    store.close()

    print()
    print(f"store: {n} articles, {text / 1e6:.0f} MB of title+body text, {data_dir}")
    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    print()
    print(f"{'':<46}{'median':>9}{'p95':>9}{'max':>9}{'vs base':>10}  (ms)")
    print(row("open store (quick_check of both files)", open_store))
    print(row("open store, check_cache=False", open_fast))
    print(row("  baseline: bare sqlite3 open of the cache", bare))
    print(row("first page: 100 newest headlines", first_page))
    print(row("first page: 100 newest unread", unread_page))
    print(row("one feed's unread headlines", feed_page))
    print(row("one category, 100 newest", cat_page))
    print(row("starred view", starred))
    print(row(f"all {n} headlines", all_rows))
    print(row("unread counts per feed", counts))
    print(row("feeds() with counts", feeds))
    print(row(f"search as you type ({len(keystrokes)} keystrokes)", as_you_type, like_samples))
    print(row(f"search whole words/phrases ({len(whole)})", whole_words, like_samples))
    print(row("  baseline: LIKE scan, same words/phrases", like_samples))
    print(row("mark one unread article read (FULL)", mark))
    print(row("toggle read (read-then-write)", toggles))
    print(row("toggle star", star))
    print(row("  baseline: same write to the cache (NORMAL)", cache_mark))
    print()
    per_k = 1000 / n
    print(
        f"size on disk: cache {cache_size / 1e6:.1f} MB + marks {marks_size / 1e6:.2f} MB; "
        f"{(cache_size + marks_size) * per_k / 1e6:.2f} MB per 1,000 articles "
        f"({text * per_k / 1e6:.2f} MB of it is the articles' text)"
    )
    print(
        f"memory: all {n} headlines as objects peak at {headlines_peak / 1e6:.1f} MB (tracemalloc); "
        f"this process's max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )
    print("search hits (limit 500): " + ", ".join(f"{q!r} {h}" for q, h in hits.items()))
    print("example FTS query: " + repr(fts_query("nato fla")))


if __name__ == "__main__":
    raise SystemExit(main())
