"""The seed article (briefing/samples/nato-eastern-flank.txt) yields the facts issue 3 asks for."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.facts import EXTRACTOR_VERSION, extract
from briefing.model import Article, KeyFacts

SAMPLE = Path(__file__).resolve().parents[1] / "briefing" / "samples" / "nato-eastern-flank.txt"


def load_seed() -> Article:
    from briefing.sources.loader import load_paths

    result = load_paths([str(SAMPLE)])
    assert result.articles, result.warnings
    return result.articles[0]


@pytest.fixture(scope="module")
def seed() -> tuple[Article, KeyFacts]:
    article = load_seed()
    return article, extract(article)


def test_title(seed):
    article, _ = seed
    assert article.title == "NATO mulls pre-assigned forces for eastern flank members"


def test_people_with_roles_and_no_photographer(seed):
    _, facts = seed
    people = {p.name: p for p in facts.people}
    assert "Jens Stoltenberg" in people and "Secretary General" in (people["Jens Stoltenberg"].role or "")
    assert "Oleksii Reznikov" in people and "Defense Minister" in (people["Oleksii Reznikov"].role or "")
    assert people["Jens Stoltenberg"].mentions >= 3  # "Stoltenberg" and "Stoltenberg said" absorbed
    assert not any(p.name.lower() == "stoltenberg" for p in facts.people)
    assert not any("matthys" in p.name.lower() or "olivier" in p.name.lower() for p in facts.people)
    assert facts.people[0].name == "Jens Stoltenberg"  # the most mentioned first


def test_organizations(seed):
    _, facts = seed
    orgs = {o.name: o for o in facts.organizations}
    assert "NATO" in orgs and "North Atlantic Treaty Organization" in orgs["NATO"].aliases
    assert "European Union" in orgs
    assert facts.organizations[0].name == "NATO"


def test_places(seed):
    _, facts = seed
    names = {p.name for p in facts.places}
    assert {"Brussels", "Ukraine", "Russia", "Finland", "Sweden", "Georgia"} <= names
    assert "AP" not in names and not any("Matthys" in n for n in names)


def test_dates(seed):
    _, facts = seed
    assert "2022-06-15" in {d.date for d in facts.dates}
    wednesday = [d for d in facts.dates if "Wednesday" in d.text]
    assert wednesday and wednesday[0].date == "2022-06-15"


def test_numbers(seed):
    _, facts = seed
    by_value = {n.value: n for n in facts.numbers}
    assert by_value[8.0].unit == "battlegroups" and by_value[8.0].text == "eight"
    assert by_value[40000.0].unit == "troops" and "40,000 troops" in by_value[40000.0].text
    assert "battlegroups" in by_value[8.0].sentence


def test_quotes(seed):
    _, facts = seed
    allies = [q for q in facts.quotes if q.text.startswith("Allies are committed")]
    assert len(allies) == 1 and allies[0].speaker == "Jens Stoltenberg"
    battle = [q for q in facts.quotes if "battlegroups" in q.text]
    assert len(battle) == 1 and battle[0].speaker == "press release"


def test_summary(seed):
    article, facts = seed
    assert len(facts.summary) == 3
    assert facts.summary[0].startswith("Specific forces could be pre-assigned")
    text = " ".join(facts.summary)
    for link in ("It's time to stop the eastward expansion of NATO", "working hard"):
        assert link not in text
        assert all(link not in s for s in article.paragraphs)
    assert "OLIVIER MATTHYS" not in text and "READ MORE" not in text


def test_extractor_version_is_a_string():
    assert isinstance(EXTRACTOR_VERSION, str) and EXTRACTOR_VERSION


def test_robust_when_the_loader_leaves_caption_links_and_pull_quote_in_the_body():
    """Every paragraph of the seed file as a body block, with no caption, links or pull quote split off."""
    from briefing.model import Block

    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    raw = Article(id="raw", title=paragraphs[0], source="test", blocks=tuple(Block(p) for p in paragraphs[1:]))
    facts = extract(raw)
    names = {p.name for p in facts.people}
    assert {"Jens Stoltenberg", "Oleksii Reznikov"} <= names
    assert not any("MATTHYS" in n.upper() or "OLIVIER" in n.upper() for n in names)
    text = " ".join(facts.summary)
    assert "MATTHYS" not in text and "READ MORE" not in text and "ALSO READ" not in text
    assert "eastward expansion" not in text
    assert facts.summary[0].startswith("Specific forces could be pre-assigned")
    allies = [q for q in facts.quotes if q.text.startswith("Allies are committed")]
    assert len(allies) == 1 and allies[0].speaker == "Jens Stoltenberg"
    assert "Brussels" in {p.name for p in facts.places}
    assert "2022-06-15" in {d.date for d in facts.dates}
