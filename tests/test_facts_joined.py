"""The joined-text passes and shortcuts of the dates, numbers and quotes extractors give the same answers as the
per-sentence patterns they replace (fixture text written for these tests)."""

from __future__ import annotations

from datetime import date

from briefing.facts.dates import anchor_date, extract_dates
from briefing.facts.numbers import extract_numbers
from briefing.facts.quotes import extract_quotes


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


def test_look_alike_letters_in_relative_dates_resolve_or_give_nothing_but_never_raise():
    # the patterns ignore case, so a long s ("ſ") or a Kelvin sign ("K") matches "s" and "k"
    found = extract_dates(
        ["Next to the pier, the crews met thiſ week.", "They sailed two weeKs ago."], date(2024, 3, 14)
    )
    assert [(d.text, d.date) for d in found] == [("thiſ week", "2024-03-11"), ("two weeKs ago", "2024-02-29")]


def test_anchor_date_reads_past_a_full_date_that_does_not_exist():
    # February 30 has the month name and year the first patterns need but is no day: the ISO date after it counts
    anchor = anchor_date(None, False, ["Dated February 30, 2024 by mistake; filed 2024-03-05."])
    assert anchor is not None and anchor.isoformat() == "2024-03-05"
    assert anchor_date(None, False, ["No 1 or 2 here", "Nor a year: 345."]) is None


def test_relative_dates_past_what_a_date_holds_resolve_to_nothing():
    found = extract_dates(["It sank 99999 years ago.", "The vote was 3 weeks ago."], date(2024, 3, 14))
    assert [(d.text, d.date) for d in found] == [("99999 years ago", None), ("3 weeks ago", "2024-02-22")]
    found = extract_dates(["The port reopens tomorrow."], date(9999, 12, 31))
    assert [(d.text, d.date) for d in found] == [("tomorrow", None)]
