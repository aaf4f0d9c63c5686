"""Screens as SVG snapshots (fixed clock, fixed size, no animation, no cursor blink).

After an intended change to a screen: `pytest tests/test_snapshots.py --snapshot-update`, look at the SVGs, commit.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXED_NOW, FIXTURES, SEED, settle


async def _settled(pilot) -> None:
    await settle(pilot)


@pytest.fixture
def stable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Copy fixtures into a temporary folder with fixed modification times and name them relatively, so that
    paths and file times on the screen are the same on every run and in every checkout."""
    home = tmp_path / "news"
    home.mkdir()
    monkeypatch.chdir(home)
    stamp = (FIXED_NOW.timestamp() - 3 * 3600,) * 2

    def copy(*sources: Path) -> list[Path]:
        out = []
        for src in sources:
            dest = home / src.name
            if src.is_dir():
                shutil.copytree(src, dest)
            else:
                shutil.copy(src, dest)
            for path in [dest, *dest.rglob("*")]:
                os.utime(path, stamp)
            out.append(Path(src.name))
        return out

    return copy


@pytest.fixture
def empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder, named relatively so that the screen is the same on every run."""
    (tmp_path / "nothing-here").mkdir()
    monkeypatch.chdir(tmp_path)
    return Path("nothing-here")


def test_start_120x40(snap_compare, make_test_app):
    assert snap_compare(make_test_app(), terminal_size=(120, 40), run_before=_settled)


def test_start_80x24(snap_compare, make_test_app):
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=_settled)


def test_article_read_with_key_facts(snap_compare, make_test_app, stable):
    async def read(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_test_app(stable(SEED)), terminal_size=(120, 40), run_before=read)


def test_filter_applied(snap_compare, make_test_app):
    async def filtered(pilot):
        await settle(pilot)
        await pilot.press("slash", *"nato")
        await settle(pilot)

    assert snap_compare(make_test_app(), terminal_size=(120, 40), run_before=filtered)


def test_help_screen(snap_compare, make_test_app):
    async def helped(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=(120, 40), run_before=helped)


def test_no_articles(snap_compare, make_test_app, empty_dir):
    assert snap_compare(make_test_app([empty_dir]), terminal_size=(120, 40), run_before=_settled)


def test_bad_file_among_good_ones(snap_compare, make_test_app, stable):
    paths = stable(FIXTURES / "bad", SEED)
    assert snap_compare(make_test_app(paths), terminal_size=(120, 40), run_before=_settled)


def test_hostile_markup_article(snap_compare, make_test_app, stable):
    paths = stable(FIXTURES / "hostile")
    assert snap_compare(make_test_app(paths), terminal_size=(120, 40), run_before=_settled)


def test_feeds_view_80x24(snap_compare, make_test_app):
    """The feeds view in a narrow terminal: the last result (and its error) stays in sight."""
    from datetime import timedelta

    from conftest import FIXED_NOW

    from briefing.config import load_config
    from briefing.store import Store

    with Store.open(load_config().data_dir) as store:
        for i, (name, category, status, error) in enumerate(
            (
                ("Harbour Post", "Local", 200, None),
                ("Valley Courier", "Local", 304, None),
                ("Gone Gazette", None, 410, "HTTP 410 Gone"),
                ("Slow Times", "World", None, "timed out after 30 s"),
            )
        ):
            url = f"https://feeds.example/{i}.xml"
            store.upsert_feed(url, name, category)
            store.record_fetch(url, status=status, error=error, fetched_at=FIXED_NOW - timedelta(minutes=5 * i))

    async def feeds(pilot):
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()

    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=feeds)
