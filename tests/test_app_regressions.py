"""Regressions found in review: marks against slow queries and slow writes, layout under a modal, help at 80x24,
feed views."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from pathlib import Path

import pytest
from conftest import settle

from briefing.library import View

ARTICLES = [
    {
        "id": f"a{i}",
        "title": f"Story {i}",
        "text": "Body text.",
        "url": f"https://news.example.org/{i}",
        "published": f"2026-11-{20 - i:02d}T08:00:00Z",
    }
    for i in range(3)
]


@pytest.fixture
def three(tmp_path: Path) -> Path:
    path = tmp_path / "three.json"
    path.write_text(json.dumps(ARTICLES), encoding="utf-8")
    return path


async def test_mark_made_while_a_query_runs_is_not_reverted(make_test_app, three):
    app = make_test_app([three])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        gate = threading.Event()
        real = app.library.headlines

        def held(view, limit=None):
            rows = real(view, limit=limit)  # read before the mark is written, like a 1 s query at 50k
            gate.wait(5)
            return rows

        app.library.headlines = held
        app.run_query(app.view)
        await pilot.pause(0.1)
        await pilot.press("m")
        await pilot.pause(0.3)  # the mark is in the store now
        gate.set()
        await settle(pilot)
        store = app.library.store
        assert store.marks([app.selected.id])[app.selected.id].read
        assert app.selected.read, "the list shows the article unread again although the store says read"


async def test_mark_writes_land_in_the_order_pressed(make_test_app, three):
    app = make_test_app([three])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        store = app.library.ensure_store()
        real, calls = store.set_read, []

        def slow_first(ids, read=True):
            calls.append(read)
            if len(calls) == 1:
                time.sleep(0.3)  # write lock held by a facts write or a cron `briefing refresh`
            return real(ids, read)

        store.set_read = slow_first
        await pilot.press("m")
        await pilot.pause(0.05)
        await pilot.press("m")
        await settle(pilot)
        assert not app.selected.read
        assert not store.marks([app.selected.id])[app.selected.id].read


async def test_layout_follows_a_resize_made_under_a_modal(make_test_app, three):
    app = make_test_app([three])
    async with app.run_test(size=(130, 40)) as pilot:
        await settle(pilot)
        main = app.screen
        await pilot.press("question_mark")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert main.has_class("-narrow")


async def test_help_scrolls_from_the_keyboard_at_80x24(make_test_app, three):
    app = make_test_app([three])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        box = app.screen.query_one("#help-box")
        assert box.max_scroll_y > 0  # the last keys (q, ?, ctrl+p, f, F...) are below the fold
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y


async def test_feed_view_does_not_show_local_files(make_test_app, three):
    app = make_test_app([three])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.library.feeds_mode = True  # what picking a feed in F does
        app.view = View(feed="https://feeds.example.org/other.xml")
        await settle(pilot)
        assert app.visible == ()


async def test_first_screen_opened_before_mount_is_in_the_first_frame(make_test_app, three):
    """The factory starts opening the store and files in a thread; when that is done by the time the screen mounts,
    the first frame already holds the headlines (no load worker, no empty list painted first)."""
    app = make_test_app([three])
    deadline = time.monotonic() + 20
    while app.library.first_screen_ready() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert app.library.first_screen_ready() is not None
    async with app.run_test(size=(120, 40)) as pilot:
        # Before any pause: what mount did is all that has happened.
        assert len(app.visible) == 3
        assert not [w for w in app.workers if w.group == "load"]
        await settle(pilot)
        assert app.query_one("#headlines").current.id == app.visible[0].id


def test_first_screen_waits_for_the_opening_thread(make_test_app, three):
    """A worker asking for the first screen gets the one the thread opened (opened once, not twice)."""
    app = make_test_app([three])
    first = app.library.first_screen()
    assert len(first.headlines) == 3
    assert app.library.first_screen() is first
    assert first.counts.total == 3 and first.opened.origin


def test_closing_before_the_opening_thread_opens_the_store_leaves_no_store_open(tmp_path):
    """Quitting at once: close() runs before the opening thread reached the store, which then must not open one
    that nobody closes (its marks backup and SQLite handles would be left behind)."""
    from briefing.config import load_config
    from briefing.library import Library

    library = Library(load_config(None, tmp_path))
    library.close()
    library.start_opening()
    with pytest.raises(RuntimeError, match="closed"):
        library.first_screen()
    assert library.store is None


def test_closing_while_the_opening_thread_runs_closes_its_store(make_test_app, three):
    app = make_test_app([three])
    app.library.close()  # the opening thread may be anywhere: before, inside or after opening the store
    with contextlib.suppress(Exception):
        app.library.first_screen()
    store = app.library.store
    assert store is None or store._closed


def _stored(isolated_dirs: Path, n: int, read: int) -> None:
    """`n` articles in the store the app opens, the first `read` of them marked read."""
    from store_helpers import article

    from briefing.store import Store

    with Store.open(isolated_dirs / "data" / "briefing") as store:
        items = [article(i) for i in range(n)]
        store.upsert_articles(items)
        store.set_read([a.id for a in items[:read]])


def test_first_screen_of_the_store_leaves_counting_for_later(make_test_app, isolated_dirs):
    """Counting a big store's articles (~40 ms at 50,000) is not part of the first screen; what it shows is."""
    _stored(isolated_dirs, 5, read=2)
    app = make_test_app()
    first = app.library.first_screen()
    assert len(first.headlines) == 5 and first.opened.feeds
    assert first.counts is None
    assert app.library.counts().total == 5


async def test_store_counts_reach_the_status_line_after_the_first_frame(make_test_app, isolated_dirs):
    _stored(isolated_dirs, 5, read=2)
    app = make_test_app()
    app.library.first_screen()  # opened before mount, as at a real launch
    async with app.run_test(size=(120, 40)) as pilot:
        assert len(app.visible) == 5  # in the first frame
        await settle(pilot)
        assert app.status.startswith("5 articles, 3 unread · your feeds")
        await pilot.press("m")  # a mark moves the count on from there
        await settle(pilot)
        assert app.status.startswith("5 articles, 2 unread")
