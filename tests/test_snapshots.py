"""Screens as SVG snapshots (fixed clock, fixed size, no animation, no cursor blink).

After an intended change to a screen: `pytest tests/test_snapshots.py --snapshot-update`, look at the SVGs, commit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, SEED, settle


async def _settled(pilot) -> None:
    await settle(pilot)


@pytest.fixture
def empty_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "nothing-here"
    folder.mkdir()
    return folder


def test_start_120x40(snap_compare, make_test_app):
    assert snap_compare(make_test_app(), terminal_size=(120, 40), run_before=_settled)


def test_start_80x24(snap_compare, make_test_app):
    assert snap_compare(make_test_app(), terminal_size=(80, 24), run_before=_settled)


def test_article_read_with_key_facts(snap_compare, make_test_app):
    async def read(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_test_app([SEED]), terminal_size=(120, 40), run_before=read)


def test_filter_applied(snap_compare, make_test_app):
    async def filtered(pilot):
        await settle(pilot)
        await pilot.press("slash", *"rate")
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


def test_bad_file_among_good_ones(snap_compare, make_test_app):
    assert snap_compare(make_test_app([FIXTURES / "bad", SEED]), terminal_size=(120, 40), run_before=_settled)


def test_hostile_markup_article(snap_compare, make_test_app):
    assert snap_compare(make_test_app([FIXTURES / "hostile"]), terminal_size=(120, 40), run_before=_settled)
