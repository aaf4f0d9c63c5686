"""The seed article, parsed exactly."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.model import Link, PullQuote
from briefing.sources.loader import load_file, load_samples

SEED = Path(__file__).resolve().parents[1] / "briefing" / "samples" / "nato-eastern-flank.txt"
QUOTE = (
    "Allies are committed to continuing providing the military equipment that Ukraine needs to prevail, "
    "including heavy weapons and long-range systems."
)


@pytest.fixture
def seed(tmp_path):
    folder = tmp_path / "fixtures"
    folder.mkdir()
    target = folder / "seed.txt"
    shutil.copy(SEED, target)
    result = load_file(target)
    assert result.warnings == []
    assert len(result.articles) == 1
    return result.articles[0]


def test_title_caption_credit_dateline(seed):
    assert seed.title == "NATO mulls pre-assigned forces for eastern flank members"
    assert seed.caption == (
        "NATO Secretary General Jens Stoltenberg arrives for a media conference at NATO headquarters in "
        "Brussels, June 15, 2022."
    )
    assert seed.credit == "OLIVIER MATTHYS / AP"
    assert seed.dateline == "BRUSSELS"
    assert seed.paragraphs[0].startswith("Specific forces could be pre-assigned")
    assert seed.author is None


def test_links_and_pull_quote(seed):
    assert seed.links == (
        Link("READ MORE", "NATO says 'working hard' on issues over Finland, Sweden bids", None),
        Link("ALSO READ", "It's time to stop the eastward expansion of NATO", None),
    )
    assert seed.pull_quotes == (PullQuote(QUOTE, "Jens Stoltenberg, Secretary General, NATO"),)
    body = seed.text
    assert "READ MORE" not in body and "ALSO READ" not in body
    assert "Jens Stoltenberg, Secretary General, NATO" not in body
    # the quote stays in the body once: in the paragraph that attributes it
    assert body.count("Allies are committed") == 1
    assert f'"{QUOTE[:-1]}," Stoltenberg said.' in body


def test_paragraphs_published_source(seed):
    assert len(seed.blocks) == 9
    assert all(b.kind == "paragraph" for b in seed.blocks)
    assert all("\u00a0" not in p and p == p.strip() for p in seed.paragraphs)
    assert seed.paragraphs[-1] == "Georgia, Sweden, Finland and the European Union were also to attend the discussions."
    assert seed.published == datetime(2022, 6, 15, tzinfo=UTC)
    assert seed.published_estimated is False
    assert seed.source == "fixtures"


def test_seed_id_is_content_based(seed, tmp_path):
    moved = tmp_path / "elsewhere" / "renamed.txt"
    moved.parent.mkdir()
    shutil.copy(SEED, moved)
    again = load_file(moved).articles[0]
    assert again.id == seed.id
    assert again.source == "elsewhere"


def test_seed_in_bundled_samples():
    result = load_samples()
    assert result.warnings == []
    nato = [a for a in result.articles if a.title.startswith("NATO mulls")]
    assert len(nato) == 1
    assert nato[0].source == "samples"
    assert nato[0].credit == "OLIVIER MATTHYS / AP"
