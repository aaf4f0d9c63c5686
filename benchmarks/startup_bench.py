"""Launch to first painted headline, and peak memory, of `briefing` in a real pseudo-terminal.

Each case is timed from spawning the process to the moment its first headline text appears on the terminal,
beside a bare Textual app that paints one line, measured in the same run (the ratio is the figure to watch;
goal: at most 1.5x the bare app with a 50,000-article store). Peak memory is the child's VmHWM once the screen
is up.

    python benchmarks/startup_bench.py [--articles 50000] [--feeds 500] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from terminal import Terminal  # noqa: E402  (tests/terminal.py: a child process on a pty)

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App):
    BINDINGS = [("q", "quit")]  # so each round ends at once, as briefing's does

    def compose(self):
        yield Static("bare-app-first-line")

Bare().run()
"""


def peak_rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def first_paint(argv: list[str], needle: str, env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Seconds from spawn until `needle` is on the screen, and the peak RSS (MiB) after it settles."""
    start = time.perf_counter()
    term = Terminal(argv, cwd=cwd, env=env, size=(120, 40))
    try:
        if not term.read_until(needle, timeout=120):
            raise RuntimeError(f"{needle!r} never appeared: {term.text()[-500:]}")
        elapsed = time.perf_counter() - start
        term.read_until("\x00never", timeout=1.5)  # let it finish loading (facts, the rest of the list)
        rss = peak_rss_mib(term.proc.pid)
        term.send("q")
        term.wait(timeout=20)
        return elapsed, rss
    finally:
        term.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", type=Path, help="use this existing store instead of building one")
    args = parser.parse_args()

    from gen_store import build_store

    from briefing.store import Store

    work = Path(tempfile.mkdtemp(prefix="briefing-startup-"))
    data = args.store or work / "data"
    if args.store is None:
        print(f"building a store of {args.articles:,} articles over {args.feeds} feeds in {data} ...", flush=True)
        build_store(data, articles=args.articles, feeds=args.feeds, now=datetime.now(UTC))
    with Store.open(data) as store:
        newest = store.headlines(limit=1)[0].title
        args.articles = store.counts()[0]
    # Measure what an installed package does: with compiled modules. (With PYTHONDONTWRITEBYTECODE set, as on
    # this machine, a checkout would otherwise compile every module of briefing at every launch.)
    import compileall

    compileall.compile_dir(str(ROOT / "briefing"), quiet=1)
    bare = work / "bare.py"
    bare.write_text(BARE_APP, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFING_", "TEXTUAL_"))}
    env.update(TERM="xterm-256color", PYTHONPATH=str(ROOT), XDG_CONFIG_HOME=str(work / "config"))
    empty_data = work / "empty-data"
    cases = [
        ("bare Textual app, one line", [sys.executable, str(bare)], "bare-app-first-line", {}),
        (
            "briefing, bundled samples",
            [sys.executable, "-m", "briefing"],
            "NATO mulls pre-assigned",
            {"BRIEFING_DATA_DIR": str(empty_data)},
        ),
        (
            f"briefing, store of {args.articles:,}",
            [sys.executable, "-m", "briefing"],
            newest[:30],
            {"BRIEFING_DATA_DIR": str(data)},
        ),
    ]
    load_before = os.getloadavg()[0]
    # Rounds interleave the cases, so that a busy spell on the machine hits all of them alike.
    times: list[list[float]] = [[] for _ in cases]
    peaks: list[list[float]] = [[] for _ in cases]
    for _ in range(args.runs):
        for i, (_name, argv, needle, extra) in enumerate(cases):
            t, rss = first_paint(argv, needle, {**env, **extra}, work)
            times[i].append(t)
            peaks[i].append(rss)
    results = [
        (name, statistics.median(times[i]), min(times[i]), max(peaks[i])) for i, (name, *_rest) in enumerate(cases)
    ]
    base = results[0][1]
    print()
    best_base = results[0][2]
    load = f"load {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"
    header = "| case | median s | best s | vs bare (median) | vs bare (best) | peak RSS MiB |"
    print(f"{header}  (runs: {args.runs}; {load})")
    print("|---|---|---|---|---|---|")
    for name, median, best, peak in results:
        print(f"| {name} | {median:.3f} | {best:.3f} | {median / base:.2f}x | {best / best_base:.2f}x | {peak:.0f} |")
    size = sum(p.stat().st_size for p in data.iterdir() if p.is_file())
    print(f"\nstore on disk: {size / 2**20:.1f} MiB, {size / args.articles * 1000 / 2**20:.2f} MiB per 1,000 articles")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
