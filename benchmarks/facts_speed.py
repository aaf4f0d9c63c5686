"""Key-facts speed: articles per second over the evaluation sets, and the ratio of extraction time to
feedparser's time to parse the same articles from an RSS file built in the same run (goal: ratio <= 1).

    python benchmarks/facts_speed.py                 # CPU time, best of 5
    python benchmarks/facts_speed.py --instructions  # also instructions counted by valgrind (about 2 minutes)

On a shared machine CPU times swing by a third from run to run (feedparser's own time by more); instruction counts
(valgrind's callgrind: one cold round of each side, minus a run that only sets up) do not move with the load, so a
ratio of those is the steady figure to compare changes by.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
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


def load_items(folder: Path) -> list[dict]:
    items: list[dict] = []
    for rel in SETS:
        if (folder / rel).exists():
            items.extend(json.loads((folder / rel).read_text(encoding="utf-8")))
    return items


def count_side(side: str) -> None:
    """Run under callgrind by :func:`instructions`: set up, then one cold round of `side` (or none)."""
    import feedparser

    from briefing.facts import extract
    from briefing.facts.places import gazetteer

    items = load_items(eval_dir())
    articles = [plain_article(it) for it in items]
    data = rss(items)
    gazetteer()
    extract(articles[0])
    clear_memos()
    if side == "facts":
        for a in articles:
            extract(a)
    elif side == "feedparser":
        feedparser.parse(data)


def instructions() -> list[tuple[str, str]]:
    """Instructions of one cold round of facts and of feedparser, each minus a run that only sets up."""
    if shutil.which("valgrind") is None:
        return [("instructions", "skipped: valgrind is not installed")]
    counts = {}
    for side in ("setup", "facts", "feedparser"):
        valgrind = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"]
        run = subprocess.run(
            [*valgrind, sys.executable, __file__, "--side", side],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=False,
        )
        found = re.search(r"Collected : (\d+)", run.stderr)
        if run.returncode or not found:
            return [("instructions", f"failed: {run.stderr.strip().splitlines()[-1:]}")]
        counts[side] = int(found.group(1))
    facts, feed = counts["facts"] - counts["setup"], counts["feedparser"] - counts["setup"]
    return [
        ("feedparser: instructions (callgrind, one round)", f"{feed / 1e6:.0f} M"),
        ("facts: instructions (callgrind, one cold round)", f"{facts / 1e6:.0f} M"),
        ("ratio of instructions facts / feedparser", f"{facts / feed:.2f}"),
    ]


def main() -> int:
    folder = eval_dir()
    if not folder.exists():
        print(f"skipped: no evaluation sets at {folder} (set BRIEFING_EVAL_DIR)")
        return 0
    if sys.argv[1:2] == ["--side"]:
        count_side(sys.argv[2])
        return 0
    import feedparser

    from briefing.facts import extract
    from briefing.facts.places import gazetteer

    items = load_items(folder)
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
    if "--instructions" in sys.argv[1:]:
        rows += instructions()
    w = max(len(r[0]) for r in rows)
    for name, value in rows:
        print(f"{name.ljust(w)} | {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
