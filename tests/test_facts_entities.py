"""Organisation cues of the entity pass, on short texts written for these tests (general rules, no name lists)."""

from __future__ import annotations

from briefing.facts.entities import extract_entities
from briefing.facts.organizations import defined_acronyms


def names(entities) -> set[str]:
    return {e.name for e in entities}


def test_a_league_table_lists_clubs_and_keeps_national_teams_as_places():
    lines = [
        "Standings after Saturday's games (played, won, drawn, lost, points):",
        "Harbourside 4 3 1 0 10",
        "Kelmarsh Rovers 4 2 1 1 7",
        "Tollbridge 3 1 0 2 3",
        "Norway 3 0 1 2 1",
    ]
    people, orgs, places = extract_entities("SOCCER - NORTHERN LEAGUE STANDINGS.", lines)
    assert {"Harbourside", "Kelmarsh Rovers", "Tollbridge"} <= names(orgs)
    assert "Norway" in names(places) and not names(people)


def test_in_a_players_results_line_the_name_after_the_country_is_the_team():
    lines = ["1. Aldo Venturi (Italy) Brightwave 4 hours 12 mins", "2. Jan Mol (Netherlands) Corvette 3 seconds"]
    people, orgs, _ = extract_entities("CYCLING - TOUR RESULTS.", lines)
    assert {"Brightwave", "Corvette"} <= names(orgs)
    assert {"Aldo Venturi", "Jan Mol"} <= names(people)


def test_club_cues_in_match_reports():
    lines = [
        "Former Dunmore striker Colin Abbot scored twice as the visitors won.",
        "Westlake's Peter Harrow was sent off after an hour.",
        "The Austrian goalkeeper Karl Brenner saved a penalty.",
    ]
    people, orgs, _ = extract_entities("SOCCER - CUP REPORT.", lines)
    assert {"Dunmore", "Westlake"} <= names(orgs)
    assert "Austrian" not in names(orgs)
    assert {"Colin Abbot", "Peter Harrow", "Karl Brenner"} <= names(people)


def test_newspapers_agencies_and_based_companies():
    lines = [
        "The daily Morgenblatt said the talks had failed.",
        "Corvina newspaper reported that the strike would go on.",
        "Ohio-based Quellcorp bought the plant for $40 million.",
        "Telecoms operator Veltro already has a licence.",
    ]
    people, orgs, _ = extract_entities("", lines)
    assert {"Morgenblatt", "Corvina", "Quellcorp", "Veltro"} <= names(orgs)
    assert not names(people)


def test_a_nationality_opening_an_organisation_stays_in_its_name():
    _, orgs, _ = extract_entities("", ["A spokesman for the Ruritanian National Congress denied the report."])
    assert "Ruritanian National Congress" in names(orgs)


def test_acronym_definitions_give_long_forms_with_minor_words_inside():
    sentence = "The Council for Trade and Cooperation in Asia (CTCA) and the Rally for the Return of Exiles (RRE) met."
    found = [(a, long) for a, long, _, _ in defined_acronyms(sentence)]
    assert found == [
        ("CTCA", "Council for Trade and Cooperation in Asia"),
        ("RRE", "Rally for the Return of Exiles"),
    ]
    assert defined_acronyms("He arrived (AP) late") == [] and defined_acronyms("the old mill (MILL)") == []
    _, orgs, places = extract_entities("", [sentence, "The CTCA said it would meet again."])
    ctca = next(o for o in orgs if o.name == "CTCA")
    assert "Council for Trade and Cooperation in Asia" in ctca.aliases and ctca.mentions == 3
    assert "Asia" not in names(places)  # a word inside the long form is not a place of its own


def test_legal_forms_fixtures_and_foreign_particles():
    lines = [
        "Cars made by Dorna Motor Corp of South Korea arrived on Thursday.",
        "Shares in Velmar S.A. fell, and Orrin Bros. said nothing.",
        "Postponed: Kelmarsh v Tollbridge.",
        "The Gazzetta della Sera said the deal was done.",
    ]
    _, orgs, places = extract_entities("SOCCER - ROUND-UP.", lines)
    assert {"Dorna Motor Corp", "Velmar S.A.", "Orrin Bros", "Kelmarsh", "Tollbridge"} <= names(orgs)
    assert "Gazzetta della Sera" in names(orgs) and "South Korea" in names(places)


def test_a_company_name_ending_like_a_nationality_is_still_a_company():
    _, orgs, _ = extract_entities("", ["Tyre giant Morelli on Friday announced a move into Asia."])
    assert "Morelli" in names(orgs)


def test_people_in_results_and_match_reports_stay_people():
    lines = [
        "1. Carla Duval (France), Ines Morel (France) 42.10 seconds",
        "Former England captain Will Harker scored a try, and coach Rob Cotter was pleased.",
        "Jack Morrow's side were held to a draw.",
        "Sussex 363 (T. Boston 4-37)",
    ]
    people, orgs, _ = extract_entities("RUGBY UNION - RESULTS.", lines)
    assert {"Carla Duval", "Ines Morel", "Will Harker", "Rob Cotter", "Jack Morrow", "T. Boston"} <= names(people)
    assert not {"Ines Morel", "Will Harker", "Jack Morrow", "T. Boston"} & names(orgs)


def test_town_named_teams_and_papers_and_clubs_with_a_country():
    lines = [
        "Kelso Harriers (Italy) 92 Dinamo Brest (Russia) 81",
        "Earlier the Santa Rosa Comets beat the visitors, and the Portland Herons signed for a new coach.",
    ]
    _, orgs, places = extract_entities("BASKETBALL - TOURNAMENT RESULTS.", lines)
    assert {"Kelso Harriers", "Dinamo Brest", "Santa Rosa Comets"} <= names(orgs)
    assert {"Italy", "Russia"} <= names(places)
    people, orgs, _ = extract_entities(
        "",
        [
            "The Sunday Herald quoted a witness.",
            "He wrote to Amnesty International, and the Geneva Standard said the standard of care was poor.",
        ],
    )
    assert {"Sunday Herald", "Amnesty International", "Geneva Standard"} <= names(orgs) and not names(people)


def test_person_shaped_names_need_a_cue_no_person_takes():
    lines = [
        "Executive producer Greta Solberg praised the cast.",
        "Ola Brandt reported from the border, and listeners called Tom Alder's radio show.",
        "On Saturday Police closed the road.",
    ]
    people, orgs, _ = extract_entities("", lines)
    assert {"Greta Solberg", "Ola Brandt", "Tom Alder"} <= names(people)
    assert not {"Greta Solberg", "Ola Brandt", "Tom Alder", "Saturday Police"} & names(orgs)


def test_runs_split_at_possessives_and_full_stops_and_long_runs_are_no_names():
    from briefing.facts.entities import find_runs

    runs = find_runs("Gen. Ada Park met Clinton's Foundation staff. The U.S. Army and Bank of England agreed.")
    assert [(r.words, r.possessive) for r in runs] == [
        (["Gen.", "Ada", "Park"], False),
        (["Clinton"], True),
        (["Foundation"], False),
        (["The", "U.S.", "Army"], False),
        (["Bank", "of", "England"], False),
    ]
    assert [r.words for r in find_runs("Lee Smith. The Army")] == [["Lee", "Smith"], ["The", "Army"]]
    # a run of thousands of "X of X of ..." is no name (and once recursed past Python's limit)
    people, orgs, places = extract_entities("", ["Ab of " * 5000 + "end."])
    assert not (people or orgs or places)


def test_the_words_before_a_name_give_its_cues_with_an_optional_the_where_it_fits():
    from briefing.facts import entities as ent

    def cues(before: str) -> int:
        return ent._tail_cues(ent._tail(before + "Name", len(before)))

    assert cues("Engineers said ") & ent._CUE_SPEECH
    assert cues("figures reported by the ") & ent._CUE_MEDIA  # "the" may close a media phrase
    assert not cues("figures said the ") & ent._CUE_SPEECH  # but not a speech one
    assert cues("the keepers of (at ") & ent._CUE_PREP  # an opening bracket is no part of the word
    want = ent._CUE_BUSINESS | ent._CUE_FIRM | ent._CUE_LOCATIVE | ent._CUE_PREP  # "shares in": no person takes it
    assert cues("an offer for shares in ") == want
    assert cues("a bid for the firms such as ") & ent._CUE_BUSINESS  # three words
    assert not cues("He said:") and not cues("")  # after punctuation, or opening the sentence: no cue


def test_a_long_run_of_short_words_stays_and_a_run_holding_a_giant_word_goes():
    from briefing.facts.entities import find_runs

    name = "Bank of the Republic of the United Federation of Northern Provinces"  # over 48 characters
    assert [r.words for r in find_runs(f"The {name} agreed.")] == [["The", *name.split()]]
    giant = "Zq" + "z" * 60
    assert [r.words for r in find_runs(f"Ada Finch met Bo {giant} of Kent and {giant.lower()} Lee said.")] == [
        ["Ada", "Finch"],
        ["Lee"],
    ]


def test_the_ascii_patterns_read_ascii_text_as_the_unicode_ones_do():
    from briefing.facts import entities as ent

    text = "a rock- and-roll don't x_y 12-3 4-56 7_8-9 1234-5 ab9-cd\x1cef 3-1, 99-100 co-op'd -q it's 5-4_"
    assert text.isascii()
    assert ent._SMALL_WORD_ASCII.findall(text) == ent._SMALL_WORD.findall(text)
    assert ent._SCORE_ASCII.findall(text) == ent._SCORE.findall(text) == ["12-3", "4-56", "3-1", "99-100"]
