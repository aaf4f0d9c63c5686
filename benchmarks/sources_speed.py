"""Loading speed of local sources against baselines measured in the same run.

- JSON article sets: `load_file` (decode, clean, structure: caption/dateline/links/pull quotes) against a bare
  baseline (`json.loads` and a split on blank lines into Articles).
- Saved feeds: `load_file` (size cap, entity guard, feedparser, HTML-to-blocks, ids) against `feedparser.parse`
  alone on the same bytes.

    python benchmarks/sources_speed.py
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

from common import eval_dir, plain_article  # benchmarks/common.py (this folder is on sys.path when run as a script)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS = [
    "summaries/cnndm-summeval.json",
    "ner/conll2003-valid.json",
    "quotes/polnear-dev.json",
    "stories/allsides.json",
]
REPEAT = 3


def best(fn, repeat: int = REPEAT) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    folder = eval_dir()
    if not folder.exists():
        print(f"skipped: no evaluation sets at {folder} (set BRIEFING_EVAL_DIR)")
        return 0
    import feedparser

    from briefing.model import Article
    from briefing.sources.loader import iter_files, load_file

    def baseline(path: Path) -> list[Article]:
        items = json.loads(path.read_bytes())
        return [plain_article(it) for it in items]

    rows = []
    for rel in SETS:
        path = folder / rel
        if not path.exists():
            continue
        n = len(load_file(path).articles)
        ours = best(lambda path=path: load_file(path))
        base = best(lambda path=path: baseline(path))
        rows.append((rel, n, ours, base))

    feeds = [p for p in iter_files([folder / "feeds"]) if not p.name.endswith(".serde.json")]
    feeds = [p for p in feeds if p.suffix in (".xml", ".rss", ".atom", ".rdf")]
    if feeds:
        datas = [p.read_bytes() for p in feeds]
        n = sum(len(load_file(p).articles) for p in feeds)
        ours = best(lambda: [load_file(p) for p in feeds])
        base = best(lambda: [feedparser.parse(io.BytesIO(d)) for d in datas])
        rows.append((f"feeds/ ({len(feeds)} XML files)", n, ours, base))

    print(f"{'input':42} {'articles':>8} {'ours s':>8} {'art/s':>9} {'baseline s':>10} {'ratio':>6}")
    for name, n, ours, base in rows:
        print(f"{name:42} {n:8d} {ours:8.3f} {n / ours:9.0f} {base:10.3f} {ours / base:6.1f}")
    print("baseline: json.loads + split on blank lines (sets); feedparser.parse on the same bytes (feeds)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
