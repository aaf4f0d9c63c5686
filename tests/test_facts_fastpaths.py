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


def test_date_kinds_found_over_the_joined_sentences_match_the_per_sentence_tests():
    from briefing.facts.dates import _BY_KIND, _all_kinds, _kinds

    sentences = [
        "The quay reopened on Wednesday,   12 March after repairs.",
        "Builders from Marseille worked through the Mayor's holiday.",  # names that start like months
        "Work began in\tlate-- May and ended two weeks ago.",
        "No date here at all.",
        "Crews return next month, and the ferry sails tonight.",
        "A 1998 chart and the 2024-03-05 log were found this year.",
    ]
    got = _all_kinds(sentences)
    assert got is not None
    assert [(k, [kind for kind, _ in kinds]) for k, kinds in got] == [
        (k, _kinds(s)) for k, s in enumerate(sentences) if _kinds(s)
    ]
    # a pattern is read from a bound before its first name or year, never past a match
    for k, kinds in got:
        for kind, start in kinds:
            everywhere = [m.span() for m in _BY_KIND[kind].finditer(sentences[k])]
            assert [m.span() for m in _BY_KIND[kind].finditer(sentences[k], start)] == everywhere


def test_relative_dates_resolve_the_same_through_the_joined_pass():
    anchor = anchor_date(None, False, ["Filed on Thursday, March 14, 2024, at the harbour office."])
    assert anchor is not None and anchor.isoformat() == "2024-03-14"
    sentences = [
        "The pier closed last Tuesday and will reopen on Monday.",
        "The board will vote next week, and the first ferry will sail on 2 April.",
        "Divers found the wreck three days ago, in early   March 2023.",
        "İzmir's crew arrived yesterday.",  # lower-casing moves offsets: every sentence is tested on its own
    ]
    got = [(d.text, d.date) for d in extract_dates(sentences, anchor)]
    assert got == [
        ("last Tuesday", "2024-03-12"),
        ("on Monday", "2024-03-18"),
        ("next week", "2024-03-18"),
        ("2 April", "2024-04-02"),
        ("three days ago", "2024-03-11"),
        ("early   March 2023", "2023-03"),
        ("yesterday", "2024-03-13"),
    ]
    assert [(d.text, d.date) for d in extract_dates(sentences[:3], anchor)] == got[:-1]


def test_number_hints_over_the_joined_sentences_match_the_word_pattern():
    from briefing.facts.numbers import _WORD_HINT, _hints

    sentences = [
        "Someone often sent (twelve) boats and forty-two crates.",
        "No figures here.",
        "Crews of 40 and Fifteen divers, fivepercent more.",
        "Tension rose; one_two is no number word, but 'seven' is.",
    ]
    hints = _hints(sentences)
    assert hints is not None
    expected = []
    for k, s in enumerate(sentences):
        words = [m.start() for m in _WORD_HINT.finditer(s.lower())]
        digit = next((i for i, c in enumerate(s) if c.isdigit()), -1)
        if words or digit >= 0:
            expected.append((k, digit, words))
    assert hints == expected
    found = extract_numbers(sentences)  # ("(twelve) boats", "40 and": no counted noun right after them)
    assert [(n.text, n.value, n.unit) for n in found] == [
        ("forty-two crates", 42, "crates"),
        ("fivepercent", 5, "%"),
        ("Fifteen divers", 15, "divers"),
    ]


def test_quote_marks_found_with_str_tests_agree_with_the_pattern():
    from briefing.facts.quotes import _MARK, _may_hold_mark

    for text in ["", "don't", "it's 'done'", "'start", "end'", "(“x”)", "_'a", "a_'b", "«non»", "‘single’", "nothing"]:
        assert _may_hold_mark(text) == (_MARK.search(text) is not None), text


def test_pronoun_speaker_found_after_possessive_and_initialled_names():
    paras = [
        "Dr. M. Rowe’s team met Ada Finch’s crew at the quay.",
        "“We have never seen a hull rusted through so quickly,” she said.",
        "Ada Finch left early. Then M. Rowe spoke. “The repairs will take all of next winter,” he said.",
    ]
    people = ["M. Rowe", "Ada Finch"]
    assert extract_quotes(paras, people) == [
        ("We have never seen a hull rusted through so quickly", "Ada Finch"),
        ("The repairs will take all of next winter", "M. Rowe"),
    ]
