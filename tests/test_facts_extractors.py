"""Unit tests of each extractor on short sentences written for these tests."""

from __future__ import annotations

from datetime import UTC, date, datetime

from briefing.facts import extract
from briefing.facts.dates import anchor_date, extract_dates
from briefing.facts.entities import extract_entities
from briefing.facts.numbers import extract_numbers
from briefing.facts.quotes import extract_quotes
from briefing.facts.sentences import split_paragraph, split_sentences
from briefing.facts.summary import key_sentences
from briefing.model import Article, Block, PullQuote

THURSDAY = date(2024, 3, 14)


# ---------------------------------------------------------------- sentences and summary
def test_sentence_splitter_keeps_abbreviations_and_quotes_together():
    assert split_paragraph("Gen. Ada Park spoke. The U.S. Army agreed.") == [
        "Gen. Ada Park spoke.",
        "The U.S. Army agreed.",
    ]
    assert split_paragraph('"Why now?" she asked. Nobody knew.') == ['"Why now?" she asked.', "Nobody knew."]
    assert split_paragraph("Rates rose 3.5 percent. Markets fell.") == ["Rates rose 3.5 percent.", "Markets fell."]
    assert split_paragraph("He moved to the U.S. The move was hard.") == ["He moved to the U.S.", "The move was hard."]


def test_a_caption_glued_to_the_story_is_split_off():
    assert split_paragraph("Crowds outside the old mill on Friday A fire broke out in the mill at dawn.") == [
        "Crowds outside the old mill on Friday.",
        "A fire broke out in the mill at dawn.",
    ]
    assert split_paragraph("She told The Times that Plan A was dead.") == ["She told The Times that Plan A was dead."]
    assert split_paragraph("Scroll down for video A dog swam across the bay.") == ["A dog swam across the bay."]


def test_summary_skips_captions_links_fragments_and_near_duplicates():
    paras = [
        "The harbour council voted on Tuesday to close the old ferry pier for a full year of repairs.",
        "READ MORE: Ferry fares to rise again this spring",
        "The old ferry pier will close for a full year of repairs, the harbour council voted on Tuesday.",
        "A ferry leaves the pier at dawn. (JANE ROE / AP)",
        "Short line.",
        "Repairs will cost the town far more than the council first expected, officials said.",
        "Commuters will use a temporary landing stage on the north bank of the river until then.",
    ]
    summary = key_sentences(split_sentences(paras), 3)
    assert summary == [paras[0], paras[5], paras[6]]


def test_pull_quote_copy_in_body_is_not_a_key_sentence_nor_a_second_quote():
    quote = "We will rebuild every pier on this coast before the next storm season arrives here."
    article = Article(
        id="a",
        title="Piers",
        source="test",
        blocks=(
            Block("The coastal agency promised a faster rebuilding plan after the winter storms damaged the piers."),
            Block(quote),
            Block(f'"{quote}" said agency director Maria Lopez at a news conference in the port.'),
        ),
        pull_quotes=(PullQuote(quote, "Maria Lopez, director"),),
    )
    facts = extract(article)
    assert quote not in facts.summary
    assert [q.speaker for q in facts.quotes] == ["Maria Lopez"]


# ---------------------------------------------------------------- dates
def test_relative_dates_resolve_against_the_published_date():
    found = extract_dates(
        [
            "The mayor resigned on Wednesday.",
            "She will testify on Friday.",
            "The vote happened yesterday, two weeks ago and last month.",
            "The bridge opened on March 3, 2021.",
        ],
        THURSDAY,
    )
    got = {d.text: d.date for d in found}
    assert got["on Wednesday"] == "2024-03-13"
    assert got["on Friday"] == "2024-03-15"
    assert got["yesterday"] == "2024-03-13"
    assert got["two weeks ago"] == "2024-02-29"
    assert got["last month"] == "2024-02"
    assert got["March 3, 2021"] == "2021-03-03"


def test_weekday_on_the_publication_day_is_that_day():
    found = extract_dates(["The ministers met on Thursday."], THURSDAY)
    assert found[0].date == "2024-03-14"


def test_anchor_falls_back_to_a_full_date_when_published_is_a_guess():
    guessed = datetime(2030, 1, 1, tzinfo=UTC)
    assert anchor_date(guessed, True, ["Crowds at the square, June 15, 2022."]) == date(2022, 6, 15)
    assert anchor_date(guessed, False, ["Crowds at the square, June 15, 2022."]) == date(2030, 1, 1)
    assert anchor_date(None, False, ["No date here."]) is None
    assert anchor_date(guessed, True, ["No date here."]) is None
    assert extract_dates(["It rained on Monday."], None)[0].date is None


# ---------------------------------------------------------------- numbers
def test_numbers_with_units_currency_percent_and_spelled_out():
    found = extract_numbers(
        [
            "The city hired 1,200 nurses and opened seven clinics.",
            "The plan costs $3.2 billion and cut waiting times by 12%.",
            "The fund lost €500m in 2021.",
        ]
    )
    got = {(n.value, n.unit) for n in found}
    assert (1200.0, "nurses") in got and (7.0, "clinics") in got
    assert (3.2e9, "USD") in got and (12.0, "%") in got and (5e8, "EUR") in got
    assert not any(n.value == 2021.0 for n in found)


def test_numbers_exclude_years_scores_ordinals_and_ages():
    found = extract_numbers(["In 2019 the Rovers won 2-1 for the 3rd time, and Ann Lee, 34, is No. 1 at 3 p.m."])
    assert found == []


def test_number_of_construction_gives_the_unit():
    (n,) = extract_numbers(["The number of field hospitals has risen to nine."])
    assert (n.value, n.unit, n.text) == (9.0, "hospitals", "nine")


# ---------------------------------------------------------------- entities
def test_surname_absorption_possessives_and_honorifics():
    people, _, _ = extract_entities(
        "",
        [
            "Harbour Minister Dana Whitfield opened the pier.",
            "Whitfield's speech was short, and Mr. Tomas Brandt said he agreed.",
            "Brandt later left.",
        ],
    )
    by_name = {p.name: p for p in people}
    assert set(by_name) == {"Dana Whitfield", "Tomas Brandt"}
    assert by_name["Dana Whitfield"].mentions == 2 and by_name["Dana Whitfield"].role == "Harbour Minister"
    assert by_name["Tomas Brandt"].mentions == 2


def test_acronym_merges_with_its_long_form():
    _, orgs, _ = extract_entities(
        "",
        ["The World Health Organization issued a warning.", "The WHO said vaccines work, and the WHO was right."],
    )
    assert orgs[0].name == "WHO" and "World Health Organization" in orgs[0].aliases and orgs[0].mentions == 3


def test_places_from_gazetteer_dateline_and_hyphenated_compounds():
    _, _, places = extract_entities("", ["Talks on the Russia-Ukraine war moved to Vienna."], dateline="GENEVA")
    assert {"Russia", "Ukraine", "Vienna", "Geneva"} <= {p.name for p in places}


def test_nationality_adjectives_are_not_people():
    people, _, _ = extract_entities("", ["The West Indian all-rounder Omar Blake bowled well."])
    assert [p.name for p in people] == ["Omar Blake"]


# ---------------------------------------------------------------- quotes
def test_quotes_across_paragraphs_and_pronoun_speakers():
    paras = [
        "Mayor Lena Ortiz spoke at the opening.",
        "“This bridge links two halves of our city,” she said. “It took ten years.",
        "“And it was worth every single day of them,” she added.",
        "‘We did not expect such crowds on the first day,’ said Ortiz.",
    ]
    quotes = extract_quotes(paras, ["Lena Ortiz"])
    # a quote interrupted by its attribution is one quote; it runs on into the next paragraph
    text, speaker = quotes[0]
    assert text.startswith("This bridge links two halves of our city … It took ten years.")
    assert text.endswith("And it was worth every single day of them") and speaker == "Lena Ortiz"
    assert quotes[1] == ("We did not expect such crowds on the first day", "Lena Ortiz")
    assert len(quotes) == 2


def test_statement_and_according_to_speakers():
    paras = [
        '"The plant will reopen in May after the safety review is complete," reads a statement.',
        '"Nobody was hurt in the fire at the old plant," according to the fire department.',
    ]
    quotes = extract_quotes(paras, [])
    assert [q[1] for q in quotes] == ["statement", "fire department"]


def test_scare_quotes_are_not_quotes():
    quotes = extract_quotes(["The plan was called “a bold step forward for the region” by many residents."], [])
    assert quotes == []


def test_appositive_roles_and_names_joined_by_of():
    people, orgs, _ = extract_entities(
        "",
        [
            "Marta Kowalczyk, the harbour authority's chief engineer, said the quay was safe.",
            "Tobias Renn of Lindqvist Shipping Ltd disagreed, and the Bank of Westmere stayed silent.",
        ],
    )
    by_name = {p.name: p for p in people}
    assert by_name["Marta Kowalczyk"].role == "harbour authority's chief engineer"
    assert "Tobias Renn" in by_name
    assert {"Lindqvist Shipping Ltd", "Bank of Westmere"} <= {o.name for o in orgs}


def test_dateline_with_agency_is_a_plain_place():
    article = Article(
        id="d",
        title="Bridge reopens",
        source="test",
        blocks=(Block("VIENNA (Wire) - The old river bridge reopened to traffic on Monday after repairs."),),
    )
    facts = extract(article)
    assert "Vienna" in {p.name for p in facts.places}
    assert not any("(" in p.name for p in facts.places)
    assert facts.summary[0].startswith("The old river bridge reopened")


def test_lone_names_with_business_or_said_cues_are_organisations():
    people, orgs, _ = extract_entities(
        "",
        [
            "Shares of Norvik fell sharply on Tuesday after the results.",
            "Talvera said it would appeal, and Kestrel shareholders approved the merger.",
            "Chief executive Ingrid Salo told analysts that Salo had no plans to leave.",
        ],
    )
    assert {"Norvik", "Talvera", "Kestrel"} <= {o.name for o in orgs}
    assert [p.name for p in people] == ["Ingrid Salo"] and people[0].mentions == 2


def test_quote_lead_ins_and_typewriter_marks():
    paras = [
        "According to Mayor Lena Ortiz, “the ferry will run again by the end of the month, weather permitting.”",
        "The council's message was short: “Not this year.”",
        "``We will fund the repairs in full,'' said treasurer Amos Reed.",
    ]
    quotes = extract_quotes(paras, ["Lena Ortiz", "Amos Reed"])
    assert quotes[0][1] == "Lena Ortiz" and quotes[0][0].startswith("the ferry will run again")
    assert quotes[1][0] == "Not this year."
    assert quotes[2] == ("We will fund the repairs in full", "Amos Reed")


def test_hostile_bodies_give_bounded_facts():
    bodies = [
        "A. " * 5000,
        "'a " * 5000,
        "“a ”" * 3000,
        " ".join(str(i) for i in range(5000)),
        "Smith said " * 3000,
        "\x1b[31m" * 1000 + "on Monday",
    ]
    for body in bodies:
        facts = extract(Article(id="h", title="T", source="s", blocks=(Block(body),)))
        assert len(facts.summary) <= 3 and len(facts.quotes) <= 40 and len(facts.numbers) <= 12
        assert all(len(s) <= len(body) for s in facts.summary)
