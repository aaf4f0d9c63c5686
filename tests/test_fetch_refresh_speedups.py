"""What refresh() changes in the process while it runs (GIL switch interval, a missing optional import), and
that it puts everything back."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from werkzeug import Request, Response

from briefing.config import FeedConfig, Settings
from briefing.fetch import refresh as refresh_mod
from briefing.fetch.parse_pool import ParsePool
from briefing.fetch.refresh import refresh
from tests.fetch_support import SETTINGS, rss


async def test_switch_interval_is_short_while_refreshing_and_restored_after(server, store):
    server.expect_request("/feed").respond_with_handler(
        lambda _r: Response(rss(items=5), headers={"Content-Type": "application/rss+xml"})
    )
    before = sys.getswitchinterval()
    during = []
    with ParsePool(workers=1, timeout=10.0) as pool:
        outcomes = await refresh(
            store,
            [FeedConfig(server.url_for("/feed"))],
            SETTINGS,
            pool=pool,
            on_progress=lambda _o: during.append(sys.getswitchinterval()),
        )
    assert [o.new for o in outcomes] == [5]
    assert during == [pytest.approx(min(before, refresh_mod.SWITCH_INTERVAL))]
    assert sys.getswitchinterval() == before
    # without a store thread nothing contends for the GIL: the interval is left alone
    during.clear()
    with ParsePool(workers=1, timeout=10.0) as pool:
        await refresh(
            store,
            [FeedConfig(server.url_for("/feed"))],
            SETTINGS,
            pool=pool,
            store_thread=False,
            on_progress=lambda _o: during.append(sys.getswitchinterval()),
        )
    assert during == [before]


def test_overlapping_refreshes_restore_the_interval_once_both_are_done():
    before = sys.getswitchinterval()
    inside = threading.Event()
    release = threading.Event()

    def other() -> None:
        with refresh_mod._quick_gil_handoffs():
            inside.set()
            release.wait(5)

    t = threading.Thread(target=other)
    t.start()
    assert inside.wait(5)
    with refresh_mod._quick_gil_handoffs():
        assert sys.getswitchinterval() == pytest.approx(min(before, refresh_mod.SWITCH_INTERVAL))
    assert sys.getswitchinterval() == pytest.approx(min(before, refresh_mod.SWITCH_INTERVAL))  # other still in
    release.set()
    t.join(5)
    assert sys.getswitchinterval() == before


def test_missing_sniffio_is_recorded_once_and_an_installed_one_is_left_alone(monkeypatch):
    import importlib.util

    monkeypatch.delitem(sys.modules, "sniffio", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None)
    refresh_mod._skip_missing_sniffio()
    assert "sniffio" in sys.modules and sys.modules["sniffio"] is None
    with pytest.raises(ImportError):
        import sniffio  # noqa: F401
    present = object()
    monkeypatch.setitem(sys.modules, "sniffio", present)
    refresh_mod._skip_missing_sniffio()
    assert sys.modules["sniffio"] is present
    monkeypatch.delitem(sys.modules, "sniffio")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    refresh_mod._skip_missing_sniffio()
    assert "sniffio" not in sys.modules


async def test_a_refresh_works_after_sniffio_is_recorded_missing(server, store, monkeypatch):
    monkeypatch.setitem(sys.modules, "sniffio", None)

    def handler(_r: Request) -> Response:
        return Response(rss(items=2), headers={"Content-Type": "application/rss+xml"})

    server.expect_request("/feed").respond_with_handler(handler)
    with ParsePool(workers=1, timeout=10.0) as pool:
        (outcome,) = await refresh(store, [FeedConfig(server.url_for("/feed"))], SETTINGS, pool=pool)
    assert outcome.status == "new" and outcome.new == 2


def test_a_refresh_process_imports_neither_httpx_command_line_tool_nor_the_parser():
    import subprocess

    code = (
        "import sys\n"
        "from briefing.config import Settings\n"
        "from briefing.fetch.http import make_client\n"
        "client = make_client(Settings())\n"
        "import httpx\n"
        "assert 'rich' not in sys.modules and 'click' not in sys.modules, 'cli imported'\n"
        "assert callable(httpx.main) and isinstance(client, httpx.AsyncClient)\n"
        "import briefing.fetch.refresh, briefing.fetch.parse_pool, briefing.store, briefing.commands.refresh\n"
        "loaded = [m for m in ('feedparser', 'lxml', 'briefing.sources.feedfile') if m in sys.modules]\n"
        "assert not loaded, loaded  # parsing happens in the workers: this process never needs the parser\n"
    )
    root = str(Path(__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-c", code], cwd=root, env={"PYTHONPATH": root}, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()[-500:]


async def test_the_last_planned_request_to_a_host_asks_to_close_the_connection(server):
    from briefing.fetch.http import Fetcher

    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("Connection"))
        return Response(rss(items=1), headers={"Content-Type": "application/rss+xml"})

    server.expect_request("/feed").respond_with_handler(handler)
    url = server.url_for("/feed")
    async with Fetcher(Settings(concurrency=1)) as fetcher:
        fetcher.plan([url, url])
        for _ in range(3):  # the third was not planned: the default (keep-alive) again
            assert (await fetcher.fetch(url)).ok
    assert [(v or "").lower() for v in seen] == ["keep-alive", "close", "keep-alive"]


async def test_parsed_hashes_are_the_articles_content_hashes_and_the_store_keeps_them(server, store):
    from briefing.fetch.parse_pool import parse_bytes

    body = rss(items=4)
    parsed = parse_bytes(body, "http://example.invalid/feed", None)
    assert parsed.hashes == [a.content_hash for a in parsed.articles] and len(parsed.hashes) == 4
    server.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    with ParsePool(workers=1, timeout=10.0) as pool:
        await refresh(store, [FeedConfig(server.url_for("/feed"))], SETTINGS, pool=pool)
    stored = list(store.articles())
    rows = dict(store._reader.execute("SELECT id, content_hash FROM articles").fetchall())
    assert len(stored) == 4 and {a.id: a.content_hash for a in stored} == rows


def test_a_parse_outcome_crosses_processes_unchanged():
    import pickle
    from datetime import UTC, datetime

    from briefing.fetch.parse_pool import ParseOutcome
    from briefing.model import Article, Block, Link, PullQuote

    full = Article(
        "id1", "Title", "Source", (Block("Head", "heading"), Block("Body")), datetime(2026, 6, 1, tzinfo=UTC), True,
        "http://example.invalid/a", "Ann", "cap", "credit", "PORT TOWN", (Link("More", "Other", "http://x.invalid"),),
        (PullQuote("Said it", "Ann"),), "/tmp/a.txt", "http://example.invalid/feed", True, {"guid": "g"},
    )  # fmt: skip
    outcome = ParseOutcome(
        [full, Article("id2", "Bare", "S")], "Feed", "partly broken", "http://l.invalid", ["h1", "h2"]
    )
    back = pickle.loads(pickle.dumps(outcome))
    assert type(back) is ParseOutcome and back == outcome
    assert type(back.articles[0].blocks[0]) is Block and back.articles[0].links[0].url == "http://x.invalid"


async def test_workers_start_early_for_new_feeds_and_never_for_an_all_304_refresh(server, store):
    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(rss(items=2), headers={"Content-Type": "application/rss+xml", "ETag": '"v1"'})

    server.expect_request("/feed").respond_with_handler(handler)
    feeds = [FeedConfig(server.url_for("/feed"))]
    with ParsePool(workers=1, timeout=10.0) as pool:
        first = await refresh(store, feeds, SETTINGS, pool=pool)
        assert [o.new for o in first] == [2] and pool.started == 1
        pool.warm()  # running already: nothing more is started
        assert pool.started == 1
    with ParsePool(workers=1, timeout=10.0) as pool:
        second = await refresh(store, feeds, SETTINGS, pool=pool)
        assert [o.http_status for o in second] == [304] and pool.started == 0


async def test_a_warmed_pool_parses_and_closes():
    pool = ParsePool(workers=2, timeout=10.0)
    pool.warm()
    outcomes = [await pool.parse(rss(items=i + 1), feed_url="http://example.invalid/f") for i in range(3)]
    assert [len(o.articles) for o in outcomes] == [1, 2, 3] and pool.started == 1
    pool.close()
    pool.close()
