"""Every real feed of the eval set, served over HTTP and refreshed: no exception, one-line errors only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.config import FeedConfig, Settings
from briefing.fetch.parse_pool import ParsePool
from briefing.fetch.refresh import refresh
from briefing.store import Store


def _eval_dir() -> Path:
    env = os.environ.get("BRIEFING_EVAL_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _feed_files() -> list[Path]:
    root = _eval_dir() / "feeds"
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.rglob("*")
        if p.is_file() and not p.name.endswith(".serde.json") and not p.name.startswith("LICENSE")
    )


async def test_every_real_feed_loads_without_an_exception(server, tmp_path):
    files = _feed_files()
    if not files:
        pytest.skip("eval feeds not present")
    feeds = []
    for i, path in enumerate(files):
        server.expect_request(f"/f{i}").respond_with_data(path.read_bytes(), content_type="application/xml")
        feeds.append(FeedConfig(server.url_for(f"/f{i}"), name=path.name))
    store = Store.open(tmp_path / "data")
    try:
        with ParsePool(workers=2, timeout=30.0) as pool:
            out = await refresh(store, feeds, Settings(), pool=pool)
        count = len(list(store.articles()))
    finally:
        store.close()
    assert len(out) == len(files)
    assert not [o for o in out if o.error and o.error.startswith("internal error")]
    for o in out:
        assert o.error is None or "\n" not in o.error
        assert "\n" not in o.line()
    loaded = [o for o in out if o.status != "failed"]
    # Most of them are real, good feeds (the rest are OPML lists and feeds broken on purpose).
    assert len(loaded) >= len(files) * 0.7, [o.line() for o in out if o.status == "failed"]
    assert sum(o.new for o in out) == count > 0
