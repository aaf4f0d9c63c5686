"""`briefing refresh` end to end: real config, real store, real server; one line per feed; exit codes."""

from __future__ import annotations

import pytest

from briefing.cli import main
from briefing.store import Store
from tests.fetch_support import rss


@pytest.fixture
def env(tmp_path, monkeypatch):
    cfg = tmp_path / "config.toml"
    data = tmp_path / "data"
    monkeypatch.setenv("BRIEFING_CONFIG", str(cfg))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(data))
    cfg.write_text("[settings]\nfeed_deadline = 5.0\nconnect_timeout = 2.0\n")
    return cfg, data


def add(url: str, name: str) -> None:
    assert main(["feeds", "add", url, "--name", name]) == 0


def test_refresh_prints_one_line_per_feed_and_succeeds_when_any_feed_does(server, env, capsys):
    _, data = env
    server.expect_request("/good").respond_with_data(rss(items=4), headers={"ETag": '"g1"'})
    server.expect_request("/gone").respond_with_data("", status=410)
    server.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    add(server.url_for("/good"), "Good")
    add(server.url_for("/gone"), "Gone")
    add(server.url_for("/loop"), "Loop \x1b[2J")
    capsys.readouterr()
    assert main(["refresh"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "new        Good: 4 new, 0 updated, 0 unchanged",
        "failed     Gone: HTTP 410 Gone",
        "failed     Loop: redirect loop",
        "3 feeds: 4 new articles, 2 failed",
    ]
    assert main(["refresh", "--quiet"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "failed     Gone: HTTP 410 Gone",
        "failed     Loop: redirect loop",
    ]
    with Store.open(data) as store:
        assert len(list(store.articles())) == 4
        info = {f.url: f for f in store.feeds()}
        assert info[server.url_for("/good")].etag == '"g1"' and info[server.url_for("/good")].name == "Good"


def test_refresh_exits_1_when_every_feed_fails(server, env, capsys):
    server.expect_request("/missing").respond_with_data("", status=404)
    add(server.url_for("/missing"), "Missing")
    assert main(["refresh"]) == 1
    assert capsys.readouterr().out.splitlines()[-2:] == [
        "failed     Missing: HTTP 404 Not Found",
        "1 feeds: 0 new articles, 1 failed",
    ]


def test_refresh_without_feeds_is_a_one_line_error(env, capsys):
    assert main(["refresh"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("briefing: no feeds in") and err.count("\n") == 1


def test_refresh_only_named_feeds(server, env, capsys):
    server.expect_request("/a").respond_with_data(rss(items=1, prefix="a"))
    server.expect_request("/b").respond_with_data(rss(items=1, prefix="b"))
    add(server.url_for("/a"), "Alpha")
    add(server.url_for("/b"), "Beta")
    capsys.readouterr()
    assert main(["refresh", "beta"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "new        Beta: 1 new, 0 updated, 0 unchanged"
    assert [req.path for req, _ in server.log] == ["/b"]


def test_feeds_remove_also_forgets_the_cached_articles(server, env, capsys):
    _, data = env
    server.expect_request("/a").respond_with_data(rss(items=2, prefix="a"))
    add(server.url_for("/a"), "Alpha")
    assert main(["refresh"]) == 0
    assert main(["feeds", "remove", "Alpha"]) == 0
    with Store.open(data) as store:
        assert list(store.articles()) == [] and store.feeds() == []
