"""Key-facts speed: articles per second over the evaluation sets, and the ratio of extraction time to
feedparser's time to parse the same articles from an RSS file built in the same run (goal: ratio <= 1).

    python benchmarks/facts_speed.py
"""

from __future__ import annotations

import json
import sys
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from common import eval_dir, plain_article  # benchmarks/common.py (this folder is on sys.path when run as a script)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS = ["summaries/cnndm-summeval.json", "ner/conll2003-valid.json", "quotes/polnear-dev.json"]


def rss(items: list[dict]) -> bytes:
    when = format_datetime(datetime(2024, 3, 14, 12, tzinfo=UTC))
    parts = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>eval</title>']
    for i, it in enumerate(items):
        body = "".join(f"<p>{escape(p)}</p>" for p in (it.get("text") or "").split("\n\n"))
        parts.append(
            f"<item><title>{escape(it.get('title') or '')}</title><guid>{i}</guid><pubDate>{when}</pubDate>"
            f"<description>{escape(body)}</description></item>"
        )
    parts.append("</channel></rss>")
    return "".join(parts).encode("utf-8")


def clear_memos() -> int:
    """Empty every memo (functools.lru_cache) of the facts engine, except one-time loads (maxsize 1)."""
    import briefing.facts as facts_pkg

    cleared = 0
    for name, module in list(sys.modules.items()):
        if not name.startswith(facts_pkg.__name__ + "."):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info) and (info().maxsize or 2) > 1:
                value.cache_clear()
                cleared += 1
    return cleared


def main() -> int:
    folder = eval_dir()
    if not folder.exists():
        print(f"skipped: no evaluation sets at {folder} (set BRIEFING_EVAL_DIR)")
        return 0
    import feedparser

    from briefing.facts import extract
    from briefing.facts.places import gazetteer

    items: list[dict] = []
    for rel in SETS:
        if (folder / rel).exists():
            items.extend(json.loads((folder / rel).read_text(encoding="utf-8")))
    articles = [plain_article(it) for it in items]
    data = rss(items)

    t0 = time.perf_counter()
    gazetteer()  # one-time: gazetteer load, reported apart
    extract(articles[0])
    warm = time.perf_counter() - t0

    def best_of(runs: int, fn) -> float:
        """The least CPU time of a few runs (both sides run in this one thread; on a shared machine CPU time and
        the minimum are the least noisy figures)."""
        times = []
        for _ in range(runs):
            t0 = time.process_time()
            fn()
            times.append(time.process_time() - t0)
        return min(times)

    def cold_extract_all() -> None:
        # Each round meets the articles as new: the engine's memos (name shapes, cue tests...) start empty, as
        # they would for articles never seen; only the one-time gazetteer load stays.
        clear_memos()
        for a in articles:
            extract(a)

    assert len(feedparser.parse(data).entries) == len(items)
    t_feed = best_of(5, lambda: feedparser.parse(data))
    t_facts = best_of(5, cold_extract_all)

    rows = [
        ("articles", f"{len(articles)}"),
        ("one-time start (imports, gazetteer)", f"{warm * 1000:.0f} ms"),
        ("feedparser: parse the same articles as RSS (CPU, best of 5)", f"{t_feed * 1000:.0f} ms"),
        ("facts: extract all, memos emptied each round (CPU, best of 5)", f"{t_facts * 1000:.0f} ms"),
        ("facts: articles per second", f"{len(articles) / t_facts:.0f}"),
        ("ratio facts / feedparser (goal <= 1)", f"{t_facts / t_feed:.2f}"),
        ("ratio incl. one-time start", f"{(t_facts + warm) / t_feed:.2f}"),
    ]
    w = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name.ljust(w)} | {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
