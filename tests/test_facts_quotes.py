"""Quote finding and attribution rules (fixture text written for these tests)."""

from __future__ import annotations

from briefing.facts.quotes import extract_quotes


def test_paragraph_opening_with_a_closing_mark_still_opens_a_quote():
    paras = [
        "Writing for the river trust, Nadia Reyes said the weir had held.",
        "” … the water rose a full metre overnight and the old stones did not move at all,” Reyes wrote.",
    ]
    quotes = extract_quotes(paras, ["Nadia Reyes"])
    assert len(quotes) == 1
    assert quotes[0][0].startswith("… the water rose a full metre") and quotes[0][1] == "Nadia Reyes"


def test_quotes_attributed_to_a_source_that_is_not_a_person_are_kept():
    paras = [
        "The residents sent a letter to the council on Friday.",
        '"The crossing has been unsafe for years and must be rebuilt before the winter floods arrive," they wrote.',
        '"The ferry will carry cyclists free of charge until the new crossing opens next year," it added.',
        '"A council cannot close a crossing without first publishing a notice of the works," said the ruling.',
    ]
    quotes = extract_quotes(paras, [])
    assert [q[0][:18] for q in quotes] == ["The crossing has b", "The ferry will car", "A council cannot c"]
    assert [q[1] for q in quotes] == [None, None, None]  # no person to name, and none borrowed from before


def test_surname_ending_in_ing_and_verbs_beyond_said():
    paras = [
        "Rosa King and Tom Harding spoke after the vote.",
        '"We counted every ballot twice and the margin held both times," Mr. King added.',
        "“In the end the harbour plan won because it was the cheaper one,” Harding concluded.",
        "Harding answered online an hour later, tweeting, “Cheaper and better. Told you so.”",
    ]
    quotes = extract_quotes(paras, ["Rosa King", "Tom Harding"])
    assert [q[1] for q in quotes] == ["Rosa King", "Tom Harding", "Tom Harding"]
    assert quotes[2][0] == "Cheaper and better. Told you so."


def test_a_quote_with_its_own_cue_is_not_joined_to_the_next_one():
    paras = [
        "Councillor Ana Pike scolded him: “The survey you paid for says the opposite of what you told us,” "
        "she said. “When you call a report independent, it should not come from your own office.”"
    ]
    quotes = extract_quotes(paras, ["Ana Pike"])
    assert len(quotes) == 2
    assert quotes[0] == ("The survey you paid for says the opposite of what you told us", "Ana Pike")
    assert quotes[1][0].startswith("When you call a report independent") and quotes[1][1] == "Ana Pike"


def test_interrupted_quote_without_a_cue_before_it_stays_one_quote():
    paras = [
        '"The dam is sound," said Ilse Brandt, an engineer with the regional water board who has inspected it '
        "every spring for the past eleven years on behalf of the three valley towns and their farming "
        'cooperatives. "We will keep checking it."'
    ]
    quotes = extract_quotes(paras, ["Ilse Brandt"])
    assert quotes == [("The dam is sound … We will keep checking it.", "Ilse Brandt")]


def test_the_next_sentence_does_not_attribute_a_quote_that_closed_its_own():
    paras = [
        'Mayor Lena Ortiz opened the fair under the banner "Harvest For Everyone Again." '
        "She told the crowd that the stalls would stay until dark.",
    ]
    quotes = extract_quotes(paras, ["Lena Ortiz"])
    assert quotes == []


def test_words_running_on_in_the_writers_phrase_keep_the_real_speaker():
    paras = [
        '"I admire the engineering" of the new bridge, Mr. Reed said, though he doubted the cost.',
        'The fee is known as the "Harbour Share Levy Rule" after Anna Vos, the founder, complained about it.',
    ]
    quotes = extract_quotes(paras, ["Amos Reed", "Anna Vos"])
    assert quotes == [("I admire the engineering", "Amos Reed")]


def test_a_quoted_title_is_not_the_start_of_the_quote_after_it():
    paras = ['On "The Morning Harbour Hour," the mayor said she wanted to speak "directly to the fishermen" about it.']
    assert extract_quotes(paras, []) == []


def test_pronoun_speakers_over_many_paragraphs_resolve_to_the_last_named_person():
    paras = ["Ilse Brandt opened the hearing."]
    for i in range(300):
        paras.append(f"“The dam held through storm number {i} without a single crack,” she said.")
        if i == 150:
            paras.append("Then Rosa King spoke.")
    quotes = extract_quotes(paras, ["Ilse Brandt", "Rosa King"])
    assert len(quotes) == 300
    assert {q[1] for q in quotes[:151]} == {"Ilse Brandt"}
    assert {q[1] for q in quotes[151:]} == {"Rosa King"}
