"""Hostile text: the facts engine finishes, and its work grows with the input's size, not with its square
(fixture text written for these tests). Work is bounded by counting the characters the patterns scan, not by
timing."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from briefing.facts import dates as dates_mod
from briefing.facts import extract
from briefing.facts import quotes as quotes_mod
from briefing.facts.engine import MAX_BODY_CHARS, body_paragraphs
from briefing.facts.numbers import _sentence_numbers
from briefing.facts.quotes import extract_quotes
from briefing.model import Article, Block


class _Scanned:
    """A compiled pattern that counts the characters its searches were given (from `pos` to the end)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.chars = 0

    def _count(self, string: str, pos: int = 0) -> None:
        self.chars += max(0, len(string) - pos)

    def search(self, string: str, pos: int = 0, *args):
        self._count(string, pos)
        return self.pattern.search(string, pos, *args)

    def match(self, string: str, pos: int = 0, *args):
        self._count(string, pos)
        return self.pattern.match(string, pos, *args)

    def findall(self, string: str, pos: int = 0, *args):
        self._count(string, pos)
        return self.pattern.findall(string, pos, *args)

    def finditer(self, string: str, pos: int = 0, *args):
        self._count(string, pos)
        return self.pattern.finditer(string, pos, *args)


def _article(*paragraphs: str, published: datetime | None = None) -> Article:
    return Article(
        id="h", title="Harbour", source="test", blocks=tuple(Block(p) for p in paragraphs), published=published
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        '"The ferry will run all winter long for everyone," for the town, said.',
        'The mayor praised the "quiet courage of the crews" of the harbour, said on Friday.',
    ],
)
def test_a_speaker_phrase_that_cleans_to_nothing_gives_no_speaker_instead_of_raising(paragraph):
    # the words after the quote run on in the writer's phrase and leave no name: this raised IndexError
    assert all(speaker is None for _, speaker in extract_quotes([paragraph], ["Ada Finch"]))
    extract(_article("Ada Finch spoke at the quay.", paragraph))  # and the whole engine completes


def test_one_huge_paragraph_is_cut_to_the_body_limit():
    paragraph = "The crews loaded the ferry at dawn and sailed at noon " * 40_000  # ~2 MB, no blank line
    paragraphs, _ = body_paragraphs(_article(paragraph))
    assert sum(len(p) for p in paragraphs) <= MAX_BODY_CHARS
    assert paragraphs[0].startswith("The crews loaded the ferry")


def test_the_body_limit_also_cuts_the_paragraph_that_crosses_it():
    paragraphs, _ = body_paragraphs(_article("Short opening line of the story.", "x " * MAX_BODY_CHARS))
    assert len(paragraphs) == 2 and sum(len(p) for p in paragraphs) <= MAX_BODY_CHARS


def test_a_long_sentence_of_weekdays_reads_its_tense_once(monkeypatch):
    future = _Scanned(dates_mod._FUTURE)
    monkeypatch.setattr(dates_mod, "_FUTURE", future)
    sentence = "on Monday " * 5_000  # one sentence, five thousand weekdays to resolve
    found = dates_mod.extract_dates([sentence], datetime(2024, 5, 8, tzinfo=UTC).date())
    assert len(found) == 5_000 and found[0].date == "2024-05-06"
    assert future.chars <= 2 * len(sentence)  # was one search of the whole sentence per weekday


def test_number_of_is_looked_for_once_per_sentence():
    class Counting(str):
        tests = 0

        def __contains__(self, other: object) -> bool:
            Counting.tests += 1
            return super().__contains__(other)

    sentence = Counting("1 " * 3_000)  # three thousand bare figures, none counting anything
    assert _sentence_numbers(sentence) == []
    assert Counting.tests <= 5  # was one substring search of the whole sentence per figure


def test_pronoun_quotes_in_one_long_paragraph_search_it_once(monkeypatch):
    word = _Scanned(quotes_mod._WORD)
    monkeypatch.setattr(quotes_mod, "_WORD", word)
    paragraph = "Ada Finch opened the meeting. " + '"We will rebuild the harbour wall," she said. ' * 2_000
    quotes = extract_quotes([paragraph], ["Ada Finch"])
    assert quotes and all(speaker == "Ada Finch" for _, speaker in quotes)
    assert word.chars <= 3 * len(paragraph)  # was a pass over the whole paragraph per quote


def test_speakers_resolve_among_thousands_of_names():
    first = ["Ada", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo"]
    last = [f"Quill{chr(97 + i)}{chr(97 + j)}" for i in range(20) for j in range(20)]
    people = [f"{f} {g}" for g in last for f in first]  # 4,000 distinct names
    paragraphs = [f'"We will rebuild the harbour wall this year," said {g}.' for g in last]
    quotes = extract_quotes(paragraphs, people)
    # a surname names the first listed person with it (the same rule as before, now by index look-ups)
    assert [s for _, s in quotes] == [f"Ada {g}" for g in last]


def test_an_interrupted_quote_of_thousands_of_parts_is_joined_in_linear_work(monkeypatch):
    title_word = _Scanned(quotes_mod._TITLE_WORD)
    monkeypatch.setattr(quotes_mod, "_TITLE_WORD", title_word)
    paragraph = "Ada Finch spoke. " + '"The wall will hold," she said, ' * 1_500 + '"and that is all."'
    quotes = extract_quotes([paragraph], ["Ada Finch"])
    assert len(quotes) == 1 and quotes[0][1] == "Ada Finch"
    assert quotes[0][0].count("The wall will hold") == 1_500 and quotes[0][0].endswith("and that is all.")
    assert title_word.chars <= 2 * len(paragraph)  # was a pass over the quote so far per part


def test_long_form_overlap_test_agrees_with_a_pairwise_check():
    import random

    from briefing.facts.entities import _overlaps, _Spans

    rng = random.Random(7)
    for _ in range(200):
        spans = [(a, a + rng.randint(1, 30)) for a in (rng.randint(0, 200) for _ in range(rng.randint(1, 8)))]
        index = _Spans(spans)
        for _ in range(20):
            start = rng.randint(0, 230)
            end = start + rng.randint(1, 20)
            assert _overlaps(index, start, end) == any(start < b and end > a for a, b in spans)


def test_a_line_of_thousands_of_defined_acronyms_completes():
    sentence = "The Harbour Trust (HT) met. " + "Alpha Bravo (AB) " * 5_000
    facts = extract(_article(sentence))
    assert any(o.name == "AB" and "Alpha Bravo" in o.aliases for o in facts.organizations)


def test_a_text_of_nothing_but_quotes_reads_a_bounded_number_of_them(monkeypatch):
    calls: list[int] = []
    real = quotes_mod._clean_speaker
    monkeypatch.setattr(quotes_mod, "_clean_speaker", lambda sp: calls.append(1) or real(sp))
    paragraph = '"We will rebuild it," Ada Finch said. ' * 20_000  # 20,000 attributed quotes in one paragraph
    quotes = extract_quotes([paragraph], ["Ada Finch"])
    assert quotes and all(speaker == "Ada Finch" for _, speaker in quotes)
    assert len(calls) <= 2 * quotes_mod.MAX_SPANS  # each quote's speaker is read at most twice


def test_giant_words_never_reach_the_name_memos():
    """A capitalised 'word' of thousands of letters is no name: it is dropped before the entity memos, which
    would otherwise hold such keys for the whole session."""
    from briefing.facts.entities import MAX_NAME_WORD, find_runs

    giant = "Q" + "x" * 5000
    runs = find_runs(f"{giant} met Ada Finch in Portmouth.")
    assert [r.words for r in runs] == [["Ada", "Finch"], ["Portmouth"]]
    assert all(len(w) <= MAX_NAME_WORD for r in runs for w in r.words)
    facts = extract(Article(id="g", title="Giant", source="t", blocks=(Block(f"{giant} said Ada Finch."),)))
    assert [p.name for p in facts.people] == ["Ada Finch"]
