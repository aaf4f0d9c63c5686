"""Subscriptions in the TOML config: add/remove/list keep the user's settings (and comments when possible)."""

from __future__ import annotations

import tomllib

import pytest

from briefing.cli import main
from briefing.config import load_config
from briefing.fetch.subscriptions import SubscriptionError, add_feed, list_feeds, remove_feeds

USER_CONFIG = """# my briefing setup
[settings]
concurrency = 8  # be gentle
feed_deadline = 12.5

[[feeds]]
url = "https://one.example/feed.xml"
name = "One"

# the second one is noisy
[[feeds]]
url = "https://two.example/rss"
category = "Noise"
"""


@pytest.fixture
def cfg(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(USER_CONFIG)
    return path


def test_add_keeps_settings_and_comments(cfg):
    feed = add_feed(cfg, "https://three.example/atom", name='Three "quoted" \\ name', category="Tech/Py")
    text = cfg.read_text()
    assert "# the second one is noisy" in text and "concurrency = 8  # be gentle" in text
    config = load_config(cfg, cfg.parent)
    assert config.settings.concurrency == 8 and config.settings.feed_deadline == 12.5
    assert config.feeds[-1] == feed and feed.name == 'Three "quoted" \\ name' and feed.category == "Tech/Py"
    assert (cfg.parent / "config.toml.bak").read_text() == USER_CONFIG


def test_add_refuses_duplicates_and_non_http(cfg):
    with pytest.raises(SubscriptionError, match="already subscribed"):
        add_feed(cfg, "HTTPS://ONE.example/feed.xml")
    with pytest.raises(SubscriptionError, match="not an http"):
        add_feed(cfg, "file:///etc/passwd")
    with pytest.raises(SubscriptionError, match="not an http"):
        add_feed(cfg, "javascript:alert(1)")
    assert cfg.read_text() == USER_CONFIG


def test_add_to_missing_file_creates_it(tmp_path):
    path = tmp_path / "sub" / "config.toml"
    add_feed(path, "https://new.example/feed")
    assert tomllib.loads(path.read_text()) == {"feeds": [{"url": "https://new.example/feed"}]}


def test_remove_by_url_and_by_name_keeps_the_rest(cfg):
    removed = remove_feeds(cfg, "https://two.example/rss/")
    assert [f.url for f in removed] == ["https://two.example/rss"]
    assert "# my briefing setup" in cfg.read_text()
    removed = remove_feeds(cfg, "one")
    assert [f.name for f in removed] == ["One"]
    config = load_config(cfg, cfg.parent)
    assert config.feeds == () and config.settings.concurrency == 8
    with pytest.raises(SubscriptionError, match="no feed with url or name"):
        remove_feeds(cfg, "nothing")


def test_inline_feed_array_falls_back_to_a_full_rewrite(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('feeds = [{url = "https://a.example/f"}]\n[settings]\nconcurrency = 4\n')
    add_feed(path, "https://b.example/f", name="B")
    raw = tomllib.loads(path.read_text())
    assert raw["settings"] == {"concurrency": 4}
    assert [f["url"] for f in raw["feeds"]] == ["https://a.example/f", "https://b.example/f"]
    remove_feeds(path, "https://a.example/f")
    assert [f.url for f in list_feeds(path)] == ["https://b.example/f"]


def test_broken_config_is_a_one_line_error(tmp_path, capsys):
    path = tmp_path / "config.toml"
    path.write_text("[settings\nbroken = ")
    assert main(["feeds", "--config", str(path), "add", "https://x.example/f"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("briefing: config") and err.count("\n") == 1
    assert path.read_text() == "[settings\nbroken = "


def test_feeds_commands(cfg, capsys):
    assert main(["feeds", "--config", str(cfg), "add", "https://c.example/f", "--name", "C", "--category", "X"]) == 0
    assert main(["feeds", "--config", str(cfg), "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "added https://c.example/f  name='C'  category='X'"
    assert out[1:] == [
        "https://one.example/feed.xml  name='One'",
        "https://two.example/rss  category='Noise'",
        "https://c.example/f  name='C'  category='X'",
    ]
    assert main(["feeds", "--config", str(cfg), "remove", "C"]) == 0
    assert main(["feeds", "--config", str(cfg), "remove", "C"]) == 1
    assert "no feed with url or name 'C'" in capsys.readouterr().err
