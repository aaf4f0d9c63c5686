"""Lines that are not story: related-link lines and labels (the quick first-letter test must not change which)."""

from __future__ import annotations

import pytest

from briefing.facts.cleaning import is_link_line
from briefing.facts.summary import clean_sentence

LINK_LINES = [
    "READ MORE: Ferry fares to rise again this spring",
    "read more - the harbour plan",
    "  Also read: why the bridge closed",
    "\tWATCH: the storm reaches the coast",
    "Related coverage | Flood defences",
    "Click here to see the full timetable",
    "Subscribe to the evening letter",
    "ſee also: old spellings",  # a long s is an "s" to the case-blind pattern, so the shortcut must agree
    "HARBOUR NEWS: Ferry timetable changes",
    " TOWN HALL: Budget vote delayed",
]
STORY_LINES = [
    "Reading the budget took the council all night.",
    "Watchers on the pier counted forty boats.",
    "The mayor said: we will rebuild.",
    "HARBOUR NEWS: The ferry sails at noon.",  # a label, but a sentence after it
    "A: yes",
    "",
    "Ferry fares rise again",
]


@pytest.mark.parametrize("line", LINK_LINES)
def test_link_lines_are_recognised(line: str) -> None:
    assert is_link_line(line)


@pytest.mark.parametrize("line", STORY_LINES)
def test_story_lines_are_kept(line: str) -> None:
    assert not is_link_line(line)


def test_agency_prefix_is_stripped_only_where_it_stands() -> None:
    assert clean_sentence("LONDON (Reuters) - The ferry sailed at noon.") == "The ferry sailed at noon."
    assert clean_sentence("(CNN)The ferry sailed at noon.") == "The ferry sailed at noon."
    long_lead = "A sentence that runs on for well over forty-two characters (AP) and more."
    assert clean_sentence(long_lead) == long_lead
