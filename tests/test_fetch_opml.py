"""OPML import (broken real-world files) and export."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.cli import main
from briefing.config import FeedConfig
from briefing.fetch.opml import OpmlError, export_opml, parse_opml, read_opml_file
from briefing.fetch.subscriptions import list_feeds

NESTED = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Mine</title></head><body>
  <outline text="News">
    <outline text="World">
      <outline text="Globe &amp; Anchor" type="rss" xmlUrl="https://globe.example/rss?a=1&b=2"/>
    </outline>
    <outline text="Local Bits" xmlUrl="https://local.example/feed"/>
  </outline>
  <outline text="No url here"/>
  <outline text="Dup" xmlUrl="https://local.example/feed/"/>
  <outline text="Bad scheme" xmlUrl="javascript:alert(1)"/>
  <outline text="Top" xmlUrl="http://top.example/atom"/>
</body></opml>"""


def test_nested_outlines_become_categories_and_breakage_is_tolerated():
    got = parse_opml(NESTED)
    assert got.title == "Mine"
    assert got.feeds == [
        FeedConfig("https://globe.example/rss?a=1&b=2", "Globe & Anchor", "News/World"),
        FeedConfig("https://local.example/feed", "Local Bits", "News"),
        FeedConfig("http://top.example/atom", "Top", None),
    ]
    assert got.warnings == [
        "1 outline(s) without a feed url skipped",
        "1 outline(s) with a non-http(s) url skipped",
        "1 duplicate feed(s) skipped",
    ]


def test_raw_html_in_attributes_is_recovered_by_the_lenient_scan():
    data = (
        b'<opml version="1.0"><body><outline text="Cat">'
        b'<outline text="A" description="by <a href="https://x.example">x</a>." xmlUrl="https://a.example/f"/>'
        b'<outline text="B" xmlUrl="https://b.example/f"/>'
        b'<outline text="C" xmlUrl="https://c.example/f"/></outline></body></opml>'
    )
    got = parse_opml(data)
    assert [(f.url, f.category) for f in got.feeds] == [
        ("https://a.example/f", "Cat"),
        ("https://b.example/f", "Cat"),
        ("https://c.example/f", "Cat"),
    ]


def test_unknown_encoding_and_latin1_bytes():
    data = '<?xml version="1.0" encoding="x-no-such-charset"?><opml><body><outline text="Café" xmlUrl="https://c.example/f"/></body></opml>'.encode(
        "latin-1"
    )
    [feed] = parse_opml(data).feeds
    assert feed.name == "Café"


def test_entities_are_not_expanded_and_files_not_read(tmp_path):
    secret = tmp_path / "s.txt"
    secret.write_text("SECRET")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "file://{secret}"><!ENTITY a "aaaa">]>'
        '<opml><body><outline text="&x;&a;" xmlUrl="https://e.example/f"/></body></opml>'
    ).encode()
    [feed] = parse_opml(data).feeds
    assert "SECRET" not in (feed.name or "") and "aaaa" not in (feed.name or "")


def test_not_opml_is_a_one_line_error(tmp_path):
    with pytest.raises(OpmlError):
        parse_opml(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(OpmlError, match="cannot read"):
        read_opml_file(tmp_path / "missing.opml")


def test_export_then_import_round_trips():
    feeds = [
        FeedConfig("https://a.example/f?x=1&y=2", 'A <&> "B"', "News/World"),
        FeedConfig("https://b.example/f", None, "News"),
        FeedConfig("https://c.example/f", "C", None),
    ]
    back = parse_opml(export_opml(feeds))
    assert [(f.url, f.category) for f in back.feeds] == [(f.url, f.category) for f in feeds]
    assert back.feeds[0].name == 'A <&> "B"' and back.feeds[1].name == "https://b.example/f"


def test_import_and_export_commands(tmp_path, capsys):
    cfg = tmp_path / "config.toml"
    opml = tmp_path / "in.opml"
    opml.write_bytes(NESTED)
    assert main(["import-opml", "--config", str(cfg), str(opml)]) == 0
    assert main(["import-opml", "--config", str(cfg), str(opml)]) == 0
    out = capsys.readouterr().out
    assert "imported 3 feed(s)" in out and "imported 0 feed(s)" in out and "3 already there" in out
    assert [f.category for f in list_feeds(cfg)] == ["News/World", "News", None]
    dest = tmp_path / "out.opml"
    assert main(["export-opml", "--config", str(cfg), str(dest)]) == 0
    assert [f.url for f in read_opml_file(dest).feeds] == [f.url for f in list_feeds(cfg)]
    capsys.readouterr()
    bad = tmp_path / "bad.opml"
    bad.write_bytes(b"")
    assert main(["import-opml", "--config", str(cfg), str(bad)]) == 1
    assert capsys.readouterr().err.count("\n") == 1


def _eval_dir() -> Path:
    env = os.environ.get("BRIEFING_EVAL_DIR")
    return Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def _real_opml_files() -> list[Path]:
    root = _eval_dir()
    files = [p for p in (root / "opml").rglob("*") if p.is_file() and p.name != "LICENSE"]
    return files + sorted((root / "feeds").rglob("*.opml"))


def test_every_real_opml_file_imports():
    files = _real_opml_files()
    if not files:
        pytest.skip("eval OPML files not present")
    import re

    for path in files:
        got = read_opml_file(path)
        text = path.read_bytes().decode("utf-8", "replace")
        urls = {u.strip().rstrip("/").lower() for u in re.findall(r'xmlUrl="([^"]+)"', text, re.IGNORECASE)}
        urls = {u for u in urls if u.startswith(("http://", "https://"))}
        # every http(s) feed url in the file is found (duplicates collapse)
        assert len(got.feeds) >= len(urls) - 1, (path, len(got.feeds), len(urls))
        assert all(f.url.startswith(("http://", "https://")) for f in got.feeds)
