"""Shared test setup: no animation, isolated config/data dirs, a fixed clock, and an app factory."""

from __future__ import annotations

import os

# Before Textual is imported anywhere: no animations, so screens are deterministic.
os.environ["TEXTUAL_ANIMATIONS"] = "none"

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
SAMPLES = ROOT / "briefing" / "samples"
SEED = SAMPLES / "nato-eastern-flank.txt"
#: The clock every screen test runs at.
FIXED_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


#: What the test apps' browser was asked to open (cleared before each test).
opened_urls: list[str] = []


@pytest.fixture(autouse=True)
def _no_browser():
    opened_urls.clear()
    yield


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point config and data at a temporary folder so no test reads or writes the user's."""
    home = tmp_path / "home"
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("BRIEFING_CONFIG", str(home / "config" / "briefing" / "config.toml"))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(home / "data" / "briefing"))
    return home


@pytest.fixture
def make_test_app() -> Callable:
    """Build the app the way the CLI does, with a fixed clock and the isolated dirs."""
    from briefing.config import load_config
    from briefing.ui.factory import make_app

    def build(paths: Sequence[str | Path] = (), **kwargs):
        kwargs.setdefault("clock", fixed_clock)
        kwargs.setdefault("browser", lambda url: opened_urls.append(url) or True)
        app = make_app(load_config(), paths=[str(p) for p in paths], **kwargs)
        app.NOTIFY_TIMEOUT = 600  # a slow machine must not lose a notification before a snapshot
        return app

    return build


async def settle(pilot) -> None:
    """Wait until loading and key-facts workers are done and the screen has caught up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.fixture
def server():
    """The test server (for the fetch tests)."""
    from tests.fetch_support import serve

    yield from serve()


@pytest.fixture
def store(tmp_path):
    """A real store in the test's folder, closed afterwards (for the fetch tests)."""
    from briefing.store import Store

    st = Store.open(tmp_path / "data")
    yield st
    st.close()
