"""`briefing facts`: text and JSON output, a bad file among good ones, a missing path."""

from __future__ import annotations

import json
from pathlib import Path

from briefing.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "briefing" / "samples" / "nato-eastern-flank.txt"
KEYS = {
    "id", "path", "title", "source", "author", "published", "url", "text", "summary", "people", "organizations",
    "places", "dates", "numbers", "quotes", "links",
}  # fmt: skip

STORY = (
    "Harbour \x1b[31mcouncil\x1b]8;;http://x.example\x07 shuts ferry pier\n\n"
    "The harbour council voted to close the old ferry pier in Portsmouth for a full year of repairs, "
    "Mayor Lena Ortiz said.\n\n"
    "\u201cThe pier is older than any of us and it needs the work now,\u201d Ortiz said.\n"
)


def test_json_contract_for_the_seed(capsys):
    assert main(["facts", str(SAMPLE), "--format", "json", "--sentences", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert isinstance(data, list) and len(data) == 1
    item = data[0]
    assert set(item) == KEYS
    assert item["path"] == str(SAMPLE) and item["title"].startswith("NATO mulls")
    assert len(item["summary"]) == 2
    assert item["published"][:10] == "2022-06-15"
    assert {"name", "role", "mentions"} == set(item["people"][0])
    assert {"name", "aliases", "mentions"} == set(item["organizations"][0])
    assert {"name", "mentions"} == set(item["places"][0])
    assert {"text", "date"} == set(item["dates"][0])
    assert {"text", "value", "unit", "sentence"} == set(item["numbers"][0])
    assert {"text", "speaker"} == set(item["quotes"][0])
    assert {"label", "text", "url"} == set(item["links"][0])
    assert any(link["text"].startswith("It's time to stop") for link in item["links"])


def test_text_format_is_sectioned_and_terminal_safe(tmp_path, capsys):
    story = tmp_path / "harbour.txt"
    story.write_text(STORY, encoding="utf-8")
    assert main(["facts", str(story)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "Key sentences:" in out and "People:" in out and "Quotes:" in out
    assert "Lena Ortiz" in out and "Portsmouth" in out


def test_bad_file_among_good_ones(tmp_path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    good = tmp_path / "harbour.txt"
    good.write_text(STORY, encoding="utf-8")
    assert main(["facts", str(bad), str(good), "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [Path(d["path"]).name for d in data] == ["harbour.txt"]
    errors = [line for line in captured.err.splitlines() if line]
    assert len(errors) == 1 and "broken.json" in errors[0] and "Traceback" not in captured.err


def test_missing_path_exits_2_and_still_prints_the_others(tmp_path, capsys):
    good = tmp_path / "harbour.txt"
    good.write_text(STORY, encoding="utf-8")
    assert main(["facts", str(tmp_path / "nope.txt"), str(good), "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert len(json.loads(captured.out)) == 1
    assert "nope.txt" in captured.err and len(captured.err.strip().splitlines()) == 1


def test_sentences_must_be_positive(capsys):
    assert main(["facts", str(SAMPLE), "--sentences", "0"]) == 2
    assert "--sentences" in capsys.readouterr().err
