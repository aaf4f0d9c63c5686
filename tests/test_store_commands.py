from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from store_helpers import article

from briefing.cli import main
from briefing.commands import export
from briefing.model import KeyFacts, Person
from briefing.store import Store

FEED = "https://news.example/feed.xml"


@pytest.fixture
def data_dir(tmp_path):
    d = tmp_path / "data"
    now = datetime.now(UTC)
    with Store.open(d) as store:
        items = [article(i, published=now - timedelta(days=i * 20)) for i in range(5)]
        store.upsert_articles(items, feed_url=FEED)
        store.set_starred(items[4].id)
        store.set_read([items[0].id])
    return d


def cli(tmp_path, data_dir, *args: str) -> int:
    return main([args[0], "--config", str(tmp_path / "absent.toml"), "--data-dir", str(data_dir), *args[1:]])


def test_prune_command(tmp_path, data_dir, capsys):
    assert cli(tmp_path, data_dir, "prune", "--days", "30") == 0
    out = capsys.readouterr().out
    assert out.startswith("removed 2 articles")  # 40 and 60 days old; 80 is starred
    with Store.open(data_dir) as store:
        assert len(store.headlines()) == 3
        assert store.headlines(starred_only=True)[0].title == "Story number 4"


def test_prune_command_rejects_negative_days(tmp_path, data_dir, capsys):
    assert cli(tmp_path, data_dir, "prune", "--days", "-1") == 2
    assert "must not be negative" in capsys.readouterr().err


def test_export_json(tmp_path, data_dir, monkeypatch):
    monkeypatch.setattr(export, "facts_engine", lambda: None)
    out = tmp_path / "out.json"
    assert cli(tmp_path, data_dir, "export", "--format", "json", "--output", str(out)) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    titles = [a["title"] for a in doc["articles"]]
    assert titles == [f"Story number {i}" for i in range(5)]
    first = doc["articles"][0]
    assert first["read"] is True and first["starred"] is False and first["feed"] == FEED
    assert first["text"].endswith("\n\nSecond paragraph of story 0.")
    assert "summary" not in first
    assert cli(tmp_path, data_dir, "export", "--starred", "--output", str(out)) == 0
    assert [a["title"] for a in json.loads(out.read_text())["articles"]] == ["Story number 4"]


def test_export_uses_and_fills_the_facts_cache(tmp_path, data_dir, monkeypatch, capsys):
    calls = []

    def extract(a, n):
        calls.append(a.id)
        return KeyFacts(summary=(f"{a.title} in {n} sentences.",), people=(Person("Ada Example", "mayor"),))

    engine = export.FactsEngine(extract=extract, version="7", to_dict=None)
    monkeypatch.setattr(export, "facts_engine", lambda: engine)
    assert cli(tmp_path, data_dir, "export", "--format", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["articles"][0]["summary"] == ["Story number 0 in 3 sentences."]
    assert doc["articles"][0]["people"] == [{"name": "Ada Example", "role": "mayor", "mentions": 1}]
    assert len(calls) == 5
    assert cli(tmp_path, data_dir, "export", "--format", "markdown") == 0
    md = capsys.readouterr().out
    assert len(calls) == 5  # second run served from the cache
    assert "## Key facts" in md and "Ada Example (mayor)" in md


def test_export_markdown_treats_text_as_data(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(export, "facts_engine", lambda: None)
    d = tmp_path / "d"
    hostile = replace(
        article(1, title="# [click](javascript:alert(1)) \x1b[2J *now*\nsecond line"),
        url="javascript:alert(1)",
    )
    with Store.open(d) as store:
        store.upsert_articles([hostile, article(2)], feed_url=FEED)
    assert cli(tmp_path, d, "export", "--format", "markdown") == 0
    md = capsys.readouterr().out
    assert "\x1b" not in md and "javascript:alert(1)>" not in md
    assert "# \\# \\[click\\](javascript:alert(1)) \\*now\\* second line" in md
    assert "<https://news.example/2>" in md
    assert md.count("\n---\n") == 1


def test_export_to_unwritable_path_is_one_line(tmp_path, data_dir, capsys):
    target = tmp_path / "no-such-dir" / "out.json"
    assert cli(tmp_path, data_dir, "export", "--output", str(target)) == 1
    err = capsys.readouterr().err
    assert err.startswith("briefing: cannot write") and err.count("\n") == 1


def test_export_with_the_real_facts_engine_caches_its_facts(tmp_path, capsys):
    facts = pytest.importorskip("briefing.facts")
    d = tmp_path / "d"
    story = article(
        1,
        title="Harbour council approves ferry budget",
        body=(
            "The Harbour Council approved a budget of 4 million euros on Tuesday. "
            '"We will sail at dawn," said Ada Example, the transport chief of the council. '
            "The new ferries will serve Portsmouth from next spring."
        ),
    )
    with Store.open(d) as store:
        store.upsert_articles([story], feed_url=FEED)
    assert cli(tmp_path, d, "export", "--format", "json") == 0
    (record,) = json.loads(capsys.readouterr().out)["articles"]
    assert record["summary"] and record["title"] == "Harbour council approves ferry budget"
    assert "read" in record and "people" in record
    with Store.open(d) as store:
        cached = store.get_facts(story.content_hash, f"{facts.EXTRACTOR_VERSION}:s3")
    assert cached is not None and list(cached.summary) == record["summary"]


def test_export_of_an_empty_store_is_valid_json(tmp_path, capsys):
    assert cli(tmp_path, tmp_path / "empty", "export") == 0
    assert json.loads(capsys.readouterr().out)["articles"] == []
    assert cli(tmp_path, tmp_path / "empty", "export", "--format", "markdown") == 0
    assert capsys.readouterr().out == ""
