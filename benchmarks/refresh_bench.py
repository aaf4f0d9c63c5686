"""Refresh benchmark: `briefing refresh` beside `newsboat -x reload` on the same generated feeds.

N feeds of 50 items each are served on 127.0.0.1 by a small asyncio HTTP/1.1 server (in its own process, one
loopback address per feed so that per-host connection limits do not serialise the run), with an added latency
before every response. For each N and latency the table gives wall time, CPU time (the process tree: the
command and every process it started) and peak memory (summed RSS of the tree, sampled every 20 ms) of:

- ``briefing refresh`` (concurrency from its settings, default 16), then again when every feed answers 304;
- ``newsboat -x reload`` at its default ``reload-threads`` (1) and at ours, then again (all 304) at ours;
- the ideal: latency x ceil(N / concurrency).

Usage: ``python benchmarks/refresh_bench.py [--n 100 500] [--latency 0 200] [--no-newsboat-default]
[--no-newsboat] [--baseline DIR]``. ``--baseline`` also runs the briefing of another checkout (e.g. the commit
before a change, from ``git worktree add`` or ``git archive``) on the same feeds in the same run, so a change is
measured against its baseline under the same load. Without newsboat installed (``apt-get install newsboat``)
its rows are skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import math
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ITEMS = 50
WORDS = [
    "harbour",
    "ferry",
    "timetable",
    "council",
    "budget",
    "river",
    "bridge",
    "school",
    "library",
    "market",
    "rail",
    "station",
    "weather",
    "storm",
    "festival",
    "museum",
    "hospital",
    "clinic",
    "road",
    "works",
    "tram",
    "line",
    "vote",
    "mayor",
    "committee",
    "report",
    "plan",
    "housing",
    "park",
    "energy",
    "grid",
    "wind",
    "solar",
    "farm",
    "fishing",
    "fleet",
    "port",
    "cargo",
    "season",
    "tourism",
]


def feed_body(i: int) -> bytes:
    """Feed number i: RSS 2.0 with ITEMS items of generated text (deterministic)."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
        f"<title>Bench feed {i}</title><link>http://feed{i}.invalid/</link><description>generated</description>",
    ]
    for j in range(ITEMS):
        h = int(hashlib.sha256(f"{i}-{j}".encode()).hexdigest(), 16)
        words = [WORDS[(h >> (k * 5)) % len(WORDS)] for k in range(60)]
        title = " ".join(words[:8]).capitalize()
        paras = "".join(f"&lt;p&gt;{' '.join(words[k : k + 20]).capitalize()}.&lt;/p&gt;" for k in (0, 20, 40))
        day = 1 + (j % 28)
        parts.append(
            f"<item><title>{title} ({i}.{j})</title><link>http://feed{i}.invalid/a/{j}</link>"
            f"<guid>feed{i}-item{j}</guid><pubDate>Tue, {day:02d} Sep 2026 {j % 24:02d}:00:00 GMT</pubDate>"
            f"<description>{paras}</description></item>"
        )
    parts.append("</channel></rss>\n")
    return "".join(parts).encode()


def host_of(i: int) -> str:
    return f"127.0.{1 + i // 250}.{1 + i % 250}"


# ---------------------------------------------------------------- the server (own process)


def _serve(n: int, latency: float, port_q, stop_ev) -> None:
    bodies = [feed_body(i) for i in range(n)]
    etags = [f'"{hashlib.sha256(b).hexdigest()[:16]}"' for b in bodies]
    last_modified = "Tue, 01 Sep 2026 00:00:00 GMT"

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                path = lines[0].split(" ")[1]
                headers = {}
                for line in lines[1:]:
                    if ":" in line:
                        k, v = line.split(":", 1)
                        headers[k.strip().lower()] = v.strip()
                if latency:
                    await asyncio.sleep(latency)
                try:
                    i = int(path.rsplit("/", 1)[1])
                    body, etag = bodies[i], etags[i]
                except (ValueError, IndexError):
                    writer.write(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                    await writer.drain()
                    continue
                if headers.get("if-none-match") == etag or headers.get("if-modified-since") == last_modified:
                    writer.write(
                        f"HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nLast-Modified: {last_modified}\r\n\r\n".encode()
                    )
                else:
                    writer.write(
                        (
                            f"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: {len(body)}"
                            f"\r\nETag: {etag}\r\nLast-Modified: {last_modified}\r\n\r\n"
                        ).encode()
                        + body
                    )
                await writer.drain()
                if headers.get("connection", "").lower() == "close":
                    break
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    async def main() -> None:
        hosts = sorted({host_of(i) for i in range(n)})
        # One port for every loopback address: take a free one on the first, then bind the rest to it.
        first = await asyncio.start_server(handle, host=hosts[0], port=0, backlog=1024)
        port = first.sockets[0].getsockname()[1]
        servers = [first]
        if len(hosts) > 1:
            servers.append(await asyncio.start_server(handle, host=hosts[1:], port=port, backlog=1024))
        port_q.put(port)
        while not stop_ev.is_set():
            await asyncio.sleep(0.1)
        for server in servers:
            server.close()

    asyncio.run(main())


class FeedServer:
    def __init__(self, n: int, latency: float) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._q = ctx.Queue()
        self._stop = ctx.Event()
        self._proc = ctx.Process(target=_serve, args=(n, latency, self._q, self._stop), daemon=True)
        self.n = n

    def __enter__(self) -> FeedServer:
        self._proc.start()
        self.port = self._q.get(timeout=60)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()

    def urls(self) -> list[str]:
        return [f"http://{host_of(i)}:{self.port}/feed/{i}" for i in range(self.n)]


# ---------------------------------------------------------------- measuring a process tree


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: float
    rc: int


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _sample(pid: int) -> tuple[int, float]:
    """(rss bytes, cpu seconds) of one process."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0.0
    tick = os.sysconf("SC_CLK_TCK")
    page = os.sysconf("SC_PAGE_SIZE")
    cpu = (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return int(fields[21]) * page, cpu


def measure(cmd: list[str], env: dict[str, str], cwd: Path) -> Run:
    before = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    cpu_seen: dict[int, float] = {}
    done = threading.Event()

    def sampler() -> None:
        nonlocal peak
        while not done.is_set():
            total = 0
            for pid in _tree(proc.pid):
                rss, cpu = _sample(pid)
                total += rss
                cpu_seen[pid] = max(cpu_seen.get(pid, 0.0), cpu)
            peak = max(peak, total)
            done.wait(0.02)

    th = threading.Thread(target=sampler, daemon=True)
    th.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    th.join()
    after = os.times()
    waited = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    cpu = max(waited, sum(cpu_seen.values()))
    if proc.returncode not in (0, 1):
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    return Run(wall, cpu, peak / (1024 * 1024), proc.returncode)


# ---------------------------------------------------------------- the two readers


def briefing_runs(urls: list[str], work: Path, concurrency: int, root: Path = ROOT) -> tuple[Run, Run]:
    tag = "briefing" if root == ROOT else "baseline"
    cfg = work / tag / "config.toml"
    data = work / tag / "data"
    cfg.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"[settings]\nconcurrency = {concurrency}\n"]
    lines += [f'[[feeds]]\nurl = "{u}"\n' for u in urls]
    cfg.write_text("\n".join(lines))
    env = dict(os.environ, BRIEFING_CONFIG=str(cfg), BRIEFING_DATA_DIR=str(data), PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "briefing", "refresh", "-q"]
    first = measure(cmd, env, root)
    second = measure(cmd, env, root)
    return first, second


def newsboat_runs(urls: list[str], work: Path, threads: int, twice: bool) -> tuple[Run, Run | None]:
    d = work / f"newsboat-{threads}"
    d.mkdir(parents=True, exist_ok=True)
    (d / "urls").write_text("\n".join(urls) + "\n")
    (d / "config").write_text(f"reload-threads {threads}\n")
    cmd = ["newsboat", "-x", "reload", "-u", str(d / "urls"), "-c", str(d / "cache.db"), "-C", str(d / "config")]
    env = dict(os.environ, HOME=str(d))
    first = measure(cmd, env, d)
    second = measure(cmd, env, d) if twice else None
    return first, second


def placement(n: int, concurrency: int) -> None:
    """Where to parse: inline on the event loop, or in the process pool (1 and 2 workers); in-process runs."""
    sys.path.insert(0, str(ROOT))
    from briefing.config import FeedConfig, Settings
    from briefing.fetch.parse_pool import ParsePool
    from briefing.fetch.refresh import refresh
    from briefing.store import Store

    print(f"\nparse placement, N={n}, 0 ms (wall s of refresh() in-process, store in a temp dir)")
    with FeedServer(n, 0) as server:
        feeds = [FeedConfig(u) for u in server.urls()]
        for label, kwargs in (
            ("inline (no pool)", {"inline_below": 1 << 40}),
            ("pool, 1 worker", {"workers": 1}),
            (f"pool, {os.cpu_count()} workers (default)", {}),
        ):
            with tempfile.TemporaryDirectory() as tmp, ParsePool(**kwargs) as pool:
                store = Store.open(Path(tmp))
                t = time.perf_counter()
                asyncio.run(refresh(store, feeds, Settings(concurrency=concurrency), pool=pool))
                store.close()
                print(f"  {label:<34} {time.perf_counter() - t:>8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--latency", type=int, nargs="+", default=[0, 200], help="milliseconds")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--no-newsboat-default", action="store_true", help="skip newsboat at 1 thread")
    parser.add_argument("--no-newsboat", action="store_true", help="skip newsboat altogether")
    parser.add_argument("--baseline", type=Path, help="a checkout of briefing to run beside this one")
    parser.add_argument("--placement", action="store_true", help="also compare inline parsing with the pool")
    args = parser.parse_args()
    if args.baseline is not None and not (args.baseline / "briefing" / "__main__.py").is_file():
        parser.error(f"--baseline {args.baseline}: no briefing package there")
    have_newsboat = shutil.which("newsboat") is not None and not args.no_newsboat
    if not have_newsboat and not args.no_newsboat:
        print("newsboat not found: its rows are skipped (apt-get install newsboat)", file=sys.stderr)
    header = f"{'N':>4} {'lat':>5}  {'reader':<34} {'wall s':>8} {'cpu s':>7} {'peak MB':>8}  {'note'}"
    print(header)
    print("-" * len(header))
    for n in args.n:
        for lat_ms in args.latency:
            lat = lat_ms / 1000
            ideal = lat * math.ceil(n / args.concurrency)
            with FeedServer(n, lat) as server, tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
                urls = server.urls()
                work = Path(tmp)
                b1, b2 = briefing_runs(urls, work, args.concurrency)
                rows = [
                    ("briefing refresh", b1, ""),
                    ("briefing refresh, all 304", b2, f"{b1.wall / b2.wall:.1f}x faster"),
                ]
                base1 = None
                if args.baseline is not None:
                    base1, base2 = briefing_runs(urls, work, args.concurrency, root=args.baseline.resolve())
                    rows.append(("baseline refresh", base1, f"{base1.wall / b1.wall:.2f}x this one's wall"))
                    rows.append(("baseline refresh, all 304", base2, f"{base1.wall / base2.wall:.1f}x faster"))
                nb_eq = None
                if have_newsboat:
                    if not args.no_newsboat_default:
                        nd, _ = newsboat_runs(urls, work, 1, twice=False)
                        rows.append(("newsboat reload (1 thread, default)", nd, ""))
                    nb_eq, nb_304 = newsboat_runs(urls, work, args.concurrency, twice=True)
                    rows.append((f"newsboat reload ({args.concurrency} threads)", nb_eq, ""))
                    if nb_304 is not None:
                        rows.append((f"newsboat reload ({args.concurrency} thr), all 304", nb_304, ""))
                for name, run, note in rows:
                    if run.rc not in (0,):
                        note = (note + f" exit {run.rc}").strip()
                    print(
                        f"{n:>4} {lat_ms:>4}ms  {name:<34} {run.wall:>8.2f} {run.cpu:>7.2f} {run.peak_mb:>8.1f}  {note}"
                    )
                ratios = []
                if base1 is not None:
                    ratios.append(f"baseline/this {base1.wall / b1.wall:.2f} wall, {base1.cpu / b1.cpu:.2f} cpu")
                if nb_eq is not None:
                    ratios.append(f"briefing/newsboat at equal concurrency {b1.wall / nb_eq.wall:.2f} (goal <= 0.5)")
                if lat:
                    ratios.append(f"briefing/ideal {b1.wall / ideal:.2f} (ideal {ideal:.2f} s; goal <= 1.3)")
                ratios.append(f"first/all-304 {b1.wall / b2.wall:.1f}x (goal >= 5)")
                print(f"{'':>12}" + "; ".join(ratios))
            sys.stdout.flush()
    if args.placement:
        placement(min(args.n), args.concurrency)
    return 0


if __name__ == "__main__":
    sys.exit(main())
