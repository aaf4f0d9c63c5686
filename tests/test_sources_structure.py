"""The plain-text rules on articles other than the seed: bylines, captions, datelines, links, pull quotes, dates."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from briefing.model import Link, PullQuote
from briefing.sources.dates import find_date, parse_date
from briefing.sources.plaintext import parse_plaintext
from briefing.sources.reading import SkipFile, decode_text


def parse(text: str, **kw):
    return parse_plaintext(text, path="x.txt", folder="inbox", **kw)


@pytest.mark.parametrize(
    ("first", "dateline", "rest", "source"),
    [
        ("WASHINGTON (Reuters) - Lawmakers met on Monday to discuss the bill.", "WASHINGTON (Reuters)",
         "Lawmakers met on Monday to discuss the bill.", "Reuters"),
        ("LONDON, June 3 (AP) — Prices rose again in May, official data showed.", "LONDON, June 3 (AP)",
         "Prices rose again in May, official data showed.", "AP"),
        ("SAN FRANCISCO -- The company cut 300 jobs across its offices today.", "SAN FRANCISCO",
         "The company cut 300 jobs across its offices today.", "inbox"),
        ("KYIV, Ukraine — Air raid sirens sounded across the capital overnight.", "KYIV, Ukraine",
         "Air raid sirens sounded across the capital overnight.", "inbox"),
        ("São Paulo - Mixed case is not a dateline, so this stays whole.", None,
         "São Paulo - Mixed case is not a dateline, so this stays whole.", "inbox"),
        ("The minister - who was late - arrived at noon with her advisers.", None,
         "The minister - who was late - arrived at noon with her advisers.", "inbox"),
    ],
)  # fmt: skip
def test_datelines(first, dateline, rest, source):
    a = parse(f"A headline\n\n{first}\n\nSecond paragraph.")
    assert a.dateline == dateline
    assert a.paragraphs[0] == rest
    assert a.source == source


def test_byline_date_line_and_caption_in_any_order():
    a = parse(
        "Storm closes coastal road\n"
        "By Ana Ruiz and Ben Cole | Updated 9:40 AM\n\n"
        "Waves break over the sea wall at Port Lew on Monday. Photo: Kim Ode/Shorelines\n\n"
        "Published: 2026-02-09 08:00\n\n"
        "The coastal road was closed on Monday after waves damaged the sea wall.\n\n"
        "Engineers will inspect it on Tuesday."
    )
    assert a.author == "Ana Ruiz and Ben Cole"
    assert a.caption == "Waves break over the sea wall at Port Lew on Monday."
    assert a.credit == "Kim Ode/Shorelines"
    assert a.published == datetime(2026, 2, 9, 8, 0, tzinfo=UTC)
    assert a.paragraphs == (
        "The coastal road was closed on Monday after waves damaged the sea wall.",
        "Engineers will inspect it on Tuesday.",
    )


def test_parenthesised_remark_in_body_is_not_a_caption():
    a = parse("Title\n\nFirst paragraph is long enough to be body text here.\n\nThe fund (about 1/3 of it) is spent.")
    assert a.caption is None
    assert a.paragraphs[-1] == "The fund (about 1/3 of it) is spent."


def test_related_links_with_urls_and_label_on_its_own_line():
    a = parse(
        "Title\n\nBody paragraph one is here.\n\n"
        "Related: Ten charts on the housing market https://news.example/charts\n\n"
        "SEE ALSO: [Mortgage rates explained](https://news.example/rates)\n\n"
        "READ MORE:\n\nWhy rents keep rising\n\n"
        "Read more: javascript:alert(1) Not a link\n\n"
        "Closing paragraph."
    )
    assert a.links == (
        Link("Related", "Ten charts on the housing market", "https://news.example/charts"),
        Link("SEE ALSO", "Mortgage rates explained", "https://news.example/rates"),
        Link("READ MORE", "Why rents keep rising", None),
        Link("Read more", "javascript:alert(1) Not a link", None),
    )
    assert a.paragraphs == ("Body paragraph one is here.", "Closing paragraph.")


def test_near_repeated_pull_quote_with_dash_attribution():
    a = parse(
        "Mayor defends budget\n\n"
        "The mayor defended the budget at a packed meeting on Thursday.\n\n"
        "“We cannot keep the pools open and the libraries open with the same money,” Mayor Ines Hart said, "
        "adding that she would publish the figures.\n\n"
        "We cannot keep the pools open and the libraries open with the same money\n\n"
        "— Ines Hart, mayor\n\n"
        "Councillors will vote next week."
    )
    assert a.pull_quotes == (
        PullQuote("We cannot keep the pools open and the libraries open with the same money", "Ines Hart, mayor"),
    )
    assert a.text.count("We cannot keep the pools open") == 1
    assert "— Ines Hart" not in a.text


def test_repeated_plain_sentence_without_attribution_is_kept():
    body = "Turnout was the lowest since records began in the district."
    a = parse(f"Title\n\n{body} Officials blamed the weather on the day.\n\n{body}\n\nMore text here.")
    assert a.pull_quotes == ()
    assert a.text.count(body) == 2


def test_short_attribution_like_line_without_quote_stays_in_body():
    a = parse("Title\n\nA first paragraph of ordinary text.\n\nSecond paragraph.\n\nNew Chapter Begins")
    assert a.pull_quotes == ()
    assert a.paragraphs[-1] == "New Chapter Begins"


def test_metadata_header_and_source_line():
    a = parse(
        "Title: Harbour fees rise\nSource: Coast Gazette\nDate: 2026-05-01\nURL: https://coast.example/fees\n\n"
        "Harbour fees rise\n\nFees will rise by 4% from June.\n\nSource: ignored because the header wins"
    )
    assert (a.title, a.source, a.url) == ("Harbour fees rise", "Coast Gazette", "https://coast.example/fees")
    assert a.published == datetime(2026, 5, 1, tzinfo=UTC)
    assert a.paragraphs == ("Fees will rise by 4% from June.",)


def test_hard_wrapped_paragraphs_are_joined():
    a = parse("Title\n\nThis line was wrapped\nby an old editor and\ncontinues here.\n\nNext paragraph.")
    assert a.paragraphs == ("This line was wrapped by an old editor and continues here.", "Next paragraph.")


def test_no_blank_lines_means_one_paragraph_per_line():
    a = parse("Title\nFirst line is a paragraph.\nSecond line is another.\n")
    assert a.paragraphs == ("First line is a paragraph.", "Second line is another.")


def test_very_long_first_line_is_not_the_whole_title():
    line = "This first line is a whole paragraph of text. " * 8
    a = parse(line + "\n\nSecond.")
    assert a.title == "This first line is a whole paragraph of text."
    assert a.paragraphs[0] == line.strip()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on June 15, 2022 in Brussels", datetime(2022, 6, 15, tzinfo=UTC)),
        ("on 15 June 2022 in Brussels", datetime(2022, 6, 15, tzinfo=UTC)),
        ("Sept. 3, 2026", datetime(2026, 9, 3, tzinfo=UTC)),
        ("stamp 2026-03-02T09:30:00+01:00", datetime(2026, 3, 2, 8, 30, tzinfo=UTC)),
        ("February 30, 2026", None),
        ("June 15, 2999", None),
        ("no date at all", None),
    ],
)
def test_find_date(text, expected):
    assert find_date(text) == expected


def test_parse_date_forms():
    assert parse_date("Tue, 03 Mar 2026 10:00:00 GMT") == datetime(2026, 3, 3, 10, tzinfo=UTC)
    assert parse_date("2026-03-03") == datetime(2026, 3, 3, tzinfo=UTC)
    assert parse_date("1850-01-01") is None
    assert parse_date(True) is None and parse_date("") is None and parse_date(None) is None


def test_decode_text_rules():
    assert decode_text("naïve".encode()) == ("naïve", "utf-8")
    assert decode_text("naïve".encode("utf-16-be")[:0] + b"\xfe\xff" + "naïve".encode("utf-16-be")) == (
        "naïve",
        "utf-16",
    )
    assert decode_text("“Smart” quotes, café".encode("cp1252")) == ("“Smart” quotes, café", "cp1252")
    with pytest.raises(SkipFile, match="does not look like text"):
        decode_text(bytes(range(0x80, 0x100)) * 10)


def test_empty_text_is_skipped():
    with pytest.raises(SkipFile, match="empty file"):
        parse(" \n\u00a0\n\x1b[2J\n")


def test_wire_header_with_updated_line_photo_credit_and_state_dateline():
    a = parse(
        "Wildfire forces evacuations near the coast\n"
        "By Jane Doe and Mark Roe\n"
        "Updated 10:32 AM ET, Tue March 3, 2026\n\n"
        "Firefighters battle flames near Dunmore on Monday. (AP Photo/Carl Ives)\n\n"
        "DUNMORE, Calif. (AP) — Thousands of residents were ordered to leave as a wildfire spread on Monday.\n\n"
        "“We had ten minutes to pack,” said resident Lola Grey.\n\n"
        "Related: Map of evacuation zones\n\n"
        "Officials said 1,200 firefighters were on the scene."
    )
    assert a.author == "Jane Doe and Mark Roe"
    assert a.published == datetime(2026, 3, 3, tzinfo=UTC)
    assert (a.caption, a.credit) == ("Firefighters battle flames near Dunmore on Monday.", "AP Photo/Carl Ives")
    assert (a.dateline, a.source) == ("DUNMORE, Calif. (AP)", "AP")
    assert a.links == (Link("Related", "Map of evacuation zones"),)
    assert a.paragraphs == (
        "Thousands of residents were ordered to leave as a wildfire spread on Monday.",
        "“We had ten minutes to pack,” said resident Lola Grey.",
        "Officials said 1,200 firefighters were on the scene.",
    )


@pytest.mark.parametrize(
    "line",
    ["Updated 10:32 AM ET, Tue March 3, 2026", "First published on Tue 3 Mar 2026 10.00 GMT", "March 3, 2026"],
)
def test_date_lines_are_header_not_body(line):
    a = parse(f"Title\n\n{line}\n\nBody paragraph with no date in it.")
    assert a.published == datetime(2026, 3, 3, tzinfo=UTC)
    assert a.paragraphs == ("Body paragraph with no date in it.",)


def test_sentence_with_a_date_is_body():
    a = parse("Title\n\nOfficials met on March 3, 2026.\n\nMore.")
    assert a.paragraphs[0] == "Officials met on March 3, 2026."
    assert a.published == datetime(2026, 3, 3, tzinfo=UTC)
