"""HTML extraction against the Readability test pages: text P/R/F1, title/byline/date hits, time per page.

    PYTHONPATH=. python benchmarks/html_eval.py [--via auto|cli|direct] [--compare] [--json] [--misses]

For every `html/*/source.html` of the eval set (``../shared/eval`` beside the repo, or ``$BRIEFING_EVAL_DIR``)
the pages are turned into facts JSON, either by the official ``briefing facts PAGES --format json`` (``--via
cli``; when the loader does not yet dispatch ``.html`` itself, the benchmark registers
:func:`~briefing.sources.html_page.load_html_file` first) or by calling
:func:`briefing.sources.html_page.parse_html_file` directly and writing the same shape (``--via direct``;
``auto`` picks the command when it exists), then scored with ``score.py html``. In the same run it times, per
page, our extraction beside a plain ``lxml.html`` parse of the same bytes (the floor any extractor pays).
``--compare`` adds two other extractors scored the same way: trafilatura with its defaults (its own metadata)
and the Readability port bundled with trafilatura. ``--misses`` lists, per page, each title, byline and date
that score.py counts as a miss, beside the expected value (judged by score.py's own comparison), so a miss
can be read as ours or as the expected metadata's. Exits 0 with a message when the eval set is absent.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import eval_dir  # benchmarks/common.py (this folder is on sys.path when run as a script)

ROOT = Path(__file__).resolve().parents[1]


def score(html_dir: Path, facts: list[dict]) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(facts, fh, ensure_ascii=False)
        name = fh.name
    try:
        out = subprocess.run(
            [sys.executable, str(html_dir.parent / "score.py"), "html", str(html_dir), name, "--json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        os.unlink(name)
    return json.loads(out)


def misses(html_dir: Path, facts: list[dict]) -> list[str]:
    """One line per title/byline/date miss, compared exactly as score.py compares them (its own functions)."""
    spec = importlib.util.spec_from_file_location("eval_score", html_dir.parent / "score.py")
    assert spec and spec.loader
    sc = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sc)
    by_page = {Path(f.get("path") or "").parent.name: f for f in facts if f.get("path")}
    lines = []
    for page in sorted(p for p in html_dir.iterdir() if (p / "expected-metadata.json").exists()):
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        f = by_page.get(page.name) or {}
        checks = {
            "title": ("title", "title", lambda a, b: bool(b) and (a in b or b in a), sc.norm),
            "byline": ("byline", "author", lambda a, b: bool(a & b), lambda v: set(sc.tokens(v))),
            "date": ("publishedTime", "published", lambda a, b: a == b, lambda v: str(v)[:10]),
        }
        for name, (gold_key, our_key, same, key) in checks.items():
            gold, got = meta.get(gold_key), f.get(our_key)
            if gold and not same(key(gold), key(got or "")):
                lines.append(f"{page.name}: {name} expected {' '.join(str(gold).split())[:70]!r}, ours {got!r}")
    return lines


def ours(pages: list[Path]) -> tuple[list[dict], list[float], list[str]]:
    from briefing.sources.html_page import HtmlPageError, parse_html_file

    facts, times, errors = [], [], []
    for page in pages:
        data = page.read_bytes()
        start = time.perf_counter()
        try:
            a = parse_html_file(page, data)
        except HtmlPageError as exc:
            times.append(time.perf_counter() - start)
            errors.append(f"{page.parent.name}: {exc}")
            facts.append({"path": str(page), "text": ""})
            continue
        times.append(time.perf_counter() - start)
        facts.append(
            {
                "id": a.id,
                "path": str(page),
                "title": a.title,
                "author": a.author,
                "published": a.published.isoformat() if a.published else None,
                "source": a.source,
                "url": a.url,
                "text": a.text,
            }
        )
    return facts, times, errors


#: Runs `briefing facts`, first registering html_page for .html when the loader does not (yet) do it itself.
_BOOT = (
    "import sys; from briefing.sources import loader; from briefing.sources.html_page import load_html_file; "
    "loader.HANDLERS.get('.html') or loader.register(['.html', '.htm'], load_html_file); "
    "from briefing.cli import main; raise SystemExit(main(sys.argv[1:]))"
)


def via_cli(pages: list[Path]) -> list[dict]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run(
        [sys.executable, "-c", _BOOT, "facts", *map(str, pages), "--format", "json"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    if proc.returncode not in (0, 1) or not proc.stdout.strip():
        raise SystemExit(f"briefing facts failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    data = json.loads(proc.stdout)
    return data if isinstance(data, list) else [data]


def _html_wired() -> bool:
    """True when the loader (and so `briefing facts`) reads .html files with html_page."""
    try:
        from briefing.sources.loader import HANDLERS
    except ImportError:
        return False
    return ".html" in HANDLERS


def lxml_times(pages: list[Path]) -> list[float]:
    import lxml.html

    times = []
    for page in pages:
        data = page.read_bytes()
        start = time.perf_counter()
        lxml.html.document_fromstring(data)
        times.append(time.perf_counter() - start)
    return times


def trafilatura_defaults(page: Path) -> dict:
    import trafilatura

    doc = trafilatura.bare_extraction(page.read_bytes(), with_metadata=True, include_comments=False)
    if doc is None:
        return {"path": str(page), "text": ""}
    return {
        "path": str(page),
        "title": doc.title,
        "author": doc.author,
        "published": doc.date,
        "text": doc.text,
    }


def readability_port(page: Path) -> dict:
    import lxml.html
    from trafilatura.readability_lxml import Document

    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True)
    tree = lxml.html.document_fromstring(page.read_bytes(), parser=parser)
    title = tree.findtext(".//title")
    summary = Document(tree).summary()
    text = ""
    if summary:
        body = lxml.html.fromstring(summary)
        text = "\n\n".join(" ".join(el.text_content().split()) for el in body.iter("p", "h2", "h3", "li", "pre"))
    return {"path": str(page), "title": title, "text": text}


def run_other(pages: list[Path], fn: Callable[[Path], dict]) -> tuple[list[dict], list[float]]:
    facts, times = [], []
    for page in pages:
        start = time.perf_counter()
        facts.append(fn(page))
        times.append(time.perf_counter() - start)
    return facts, times


def row(name: str, res: dict, times: list[float], base: float) -> str:
    t = res["text"]
    ms = statistics.mean(times) * 1000
    return (
        f"| {name} | {t['P']:.3f} | {t['R']:.3f} | {t['F1']:.3f} | {res['title']} | {res['byline']} | "
        f"{res['date']} | {ms:.1f} | {ms / base:.0f}x |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--via", choices=("auto", "cli", "direct"), default="auto")
    ap.add_argument("--compare", action="store_true", help="also score trafilatura defaults and Readability")
    ap.add_argument("--json", action="store_true", help="print the scores as JSON too")
    ap.add_argument("--misses", action="store_true", help="list each title/byline/date miss beside the expected")
    ap.add_argument("--repeat", type=int, default=3, help="timing runs per page, best kept (default 3)")
    args = ap.parse_args(argv)

    html_dir = eval_dir() / "html"
    if not (html_dir.is_dir() and (html_dir.parent / "score.py").exists()):
        print(f"eval set not found at {html_dir} (set BRIEFING_EVAL_DIR); skipping")
        return 0
    pages = sorted(html_dir.glob("*/source.html"))
    sys.path.insert(0, str(ROOT))

    # Best of `--repeat` runs per page for both, interleaved, so a busy machine skews neither.
    base_times, times = [float("inf")] * len(pages), [float("inf")] * len(pages)
    for _ in range(args.repeat):
        base_times = [min(a, b) for a, b in zip(base_times, lxml_times(pages), strict=True)]
        facts, run_times, errors = ours(pages)
        times = [min(a, b) for a, b in zip(times, run_times, strict=True)]
    via = args.via
    if via == "auto":
        via = "cli" if importlib.util.find_spec("briefing.commands.facts") else "direct"
    if via == "cli":
        facts = via_cli(pages)
    base = statistics.mean(base_times) * 1000
    label = "briefing facts" if via == "cli" else "html_page direct"
    if via == "cli" and not _html_wired():
        label += " (+.html handler)"
    results = {label: (score(html_dir, facts), times)}
    if args.compare:
        for name, fn in (
            ("trafilatura defaults", trafilatura_defaults),
            ("readability port", readability_port),
        ):
            other, other_times = run_other(pages, fn)
            results[name] = (score(html_dir, other), other_times)

    print(f"{len(pages)} pages, {sum(p.stat().st_size for p in pages) / 1e6:.1f} MB of HTML")
    print("| extractor | P | R | F1 | title | byline | date | ms/page | vs lxml parse |")
    print("|---|---|---|---|---|---|---|---|---|")
    print(f"| lxml.html parse only | | | | | | | {base:.1f} | 1x |")
    for name, (res, ts) in results.items():
        print(row(name, res, ts, base))
    print("ms/page: extraction alone (parse, metadata, text), best of the runs; other rows: one run")
    print(
        f"time per page, ours: median {statistics.median(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms; lxml: median {statistics.median(base_times) * 1000:.1f} ms"
    )
    for err in errors:
        print(f"no article: {err}")
    if args.misses:
        for line in misses(html_dir, facts):
            print(f"miss: {line}")
    if args.json:
        print(json.dumps({name: res for name, (res, _) in results.items()}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
