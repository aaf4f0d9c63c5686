"""The cheap tests and shortcuts in the facts extractors give the same answers as the full patterns
(fixture text written for these tests)."""

from __future__ import annotations

import re

from briefing.facts.cleaning import is_caption
from briefing.facts.dates import anchor_date, extract_dates
from briefing.facts.numbers import extract_numbers
from briefing.facts.quotes import extract_quotes
from briefing.facts.sentences import split_sentences
from briefing.facts.trie import alternation


def test_trie_alternation_matches_exactly_the_words_longest_first():
    words = ["say", "says", "said", "pointed out", "seven", "seventeen", "a", "an"]
    rx = re.compile(r"\b" + alternation(words) + r"\b")
    for w in words:
        assert rx.fullmatch(w), w
    for not_a_word in ["sa", "sai", "pointed", "seventee", "ann", ""]:
        assert not rx.fullmatch(not_a_word), not_a_word
    assert rx.findall("she says seventeen, then pointed out an answer") == ["says", "seventeen", "pointed out", "an"]
    assert re.compile(alternation(words)).match("seventeenth").group(0) == "seventeen"


def test_number_words_are_found_when_lower_casing_shifts_offsets():
    # "İ" lower-cases to two characters: the shortcut over the lower-cased sentence must not be used
    plain = extract_numbers(["Istanbul sent twelve ferries and two hundred sailors to the harbour."])
    shifted = extract_numbers(["İstanbul sent twelve ferries and two hundred sailors to the harbour."])
    assert [(n.text, n.value, n.unit) for n in plain] == [
        ("twelve ferries", 12, "ferries"),
        ("two hundred sailors", 200, "sailors"),
    ]
    assert [(n.text, n.value, n.unit) for n in shifted] == [(n.text, n.value, n.unit) for n in plain]


def test_numbers_mixed_digits_and_words_stay_in_text_order():
    found = extract_numbers(["Nine buses, 40 trams and three ferries ran, with $2 million spent and 12% more riders."])
    assert [n.text for n in found] == ["$2 million", "12%", "Nine buses", "40 trams", "three ferries"]


def test_reading_stops_once_enough_different_numbers_are_found():
    sentences = [
        "The council hired 12 inspectors.",
        "It also hired 12 inspectors for the port.",  # the same number again: not a new one
        "They checked 30 bridges and 45 tunnels.",
        "Later they checked 80 piers.",
    ]
    everything = extract_numbers(sentences)
    assert [n.value for n in everything] == [12, 12, 30, 45, 80]
    # two different numbers are reached in the third sentence: reading stops after it, not inside it
    assert [n.value for n in extract_numbers(sentences, distinct=2)] == [12, 12, 30, 45]
    assert extract_numbers(sentences, distinct=99) == everything


def test_dates_found_behind_the_cheap_tests():
    sentences = [
        "The report was filed on 2024-03-14 and revised in 2019 drafts.",
        "The vote is set for Sept. 5, and the mayor spoke on Tuesday.",
        "Mayor Jun Park and Marco Decker spoke at the May fair last week.",
        "Nothing happened yesterday, and tomorrow the hall reopens.",
    ]
    anchor = anchor_date(None, False, ["Published March 14, 2024."])
    assert anchor is not None and anchor.isoformat() == "2024-03-14"
    got = [(d.text, d.date) for d in extract_dates(sentences, anchor)]
    assert ("2024-03-14", "2024-03-14") in got
    assert ("Sept. 5", "2024-09-05") in got
    assert ("on Tuesday", "2024-03-12") in got
    assert ("last week", "2024-03-04") in got
    assert ("yesterday", "2024-03-13") in got and ("tomorrow", "2024-03-15") in got
    assert not any(t.startswith(("Jun", "Marco", "May")) for t, _ in got)
    assert anchor_date(None, False, ["No year in this caption.", "Nor here, on May 5."]) is None


def test_split_sentences_normalized_shortcut_matches_the_full_path():
    paragraphs = ["The ferry left at 9 a.m. The crew waved. Gen. Ada Moss said: “We sail again soon.” Then she left."]
    full = split_sentences(paragraphs)
    assert [s.text for s in split_sentences(paragraphs, normalized=True)] == [s.text for s in full]
    assert [s.text for s in full] == [
        "The ferry left at 9 a.m.",
        "The crew waved.",
        "Gen. Ada Moss said: “We sail again soon.”",
        "Then she left.",
    ]
    # glued captions are still split (the shortcut finds them from the capital letter)
    glued = split_sentences(["Scroll down for video A ferry crashed into the pier on Sunday."])
    assert [s.text for s in glued] == ["A ferry crashed into the pier on Sunday."]
    glued = split_sentences(["Crowds gathered at the harbour A local man was arrested after the crash."])
    assert [s.text for s in glued] == ["Crowds gathered at the harbour.", "A local man was arrested after the crash."]


def test_captions_found_behind_the_substring_tests():
    assert is_caption("PHOTO BY JANE DOE FOR THE DAILY HARBOUR")
    assert is_caption("Crowds at the quay on Sunday. Picture: Harbour Images")
    assert is_caption("The new ferry leaves the port GETTY IMAGES")
    assert is_caption("The ferry at dawn (JANE DOE / HARBOUR NEWS)")
    assert not is_caption("The photographer said the picture of the ferry was the best image of her career.")
    assert not is_caption("Reuters reported on Sunday that the ferry service would resume next month.")


def test_pronoun_speaker_is_the_nearest_person_named_before_the_quote():
    paras = [
        "Ann Lee chaired the meeting.",
        "Later Bo Park took the floor. “We will rebuild the pier before the storms come back,” he said, "
        "and Ann Lee nodded.",
        "“The money is already in the budget for this year,” she said.",
    ]
    quotes = extract_quotes(paras, ["Ann Lee", "Bo Park"])
    assert [q[1] for q in quotes] == ["Bo Park", "Ann Lee"]


def test_percent_written_with_a_capital_is_a_percentage():
    found = extract_numbers(["Turnout Rose To 64 Percent In The Harbour District"])
    assert [(n.text, n.value, n.unit) for n in found] == [("64 Percent", 64, "%")]
