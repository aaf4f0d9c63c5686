from __future__ import annotations

import pytest
from store_helpers import article

from briefing.store import Store
from briefing.store.search import fts_query

FEED = "https://news.example/feed.xml"


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path)
    s.upsert_articles(
        [
            article(1, title="Lighthouse keepers vote to strike", body="The keepers met at the harbour."),
            article(2, title="Weather for the weekend", body="A lighthouse on the coast saw strong winds."),
            article(3, title="Council budget", body="Nothing about the coast at all."),
            article(4, title="Zürich café reopens", body="Über-modern décor and naïve art on the walls."),
            article(5, title="Ferry strike ends", body="Lighthouse lighthouse lighthouse, said everyone."),
            article(6, title='Quotes "inside" a title', body="An asterisk * and a caret ^ and NEAR(x y)."),
        ],
        feed_url=FEED,
    )
    yield s
    s.close()


def titles(rows):
    return [h.title for h in rows]


def test_title_match_ranks_above_body_match(store):
    got = titles(store.search("lighthouse "))
    assert got[0] == "Lighthouse keepers vote to strike"
    assert set(got) == {"Lighthouse keepers vote to strike", "Weather for the weekend", "Ferry strike ends"}


def test_all_words_must_match_and_last_word_is_a_prefix(store):
    assert titles(store.search("vote light")) == ["Lighthouse keepers vote to strike"]
    assert set(titles(store.search("strike light"))) == {
        "Lighthouse keepers vote to strike",
        "Ferry strike ends",
    }
    assert titles(store.search("ligh")) != []
    # a finished word (trailing space) is not a prefix
    assert store.search("ligh ") == []


def test_diacritics_and_case_fold(store):
    assert titles(store.search("zurich cafe")) == ["Zürich café reopens"]
    assert titles(store.search("ZÜRICH")) == ["Zürich café reopens"]
    assert titles(store.search("naive decor")) == ["Zürich café reopens"]


def test_quoted_phrase(store):
    assert titles(store.search('"keepers met"')) == ["Lighthouse keepers vote to strike"]
    assert store.search('"met keepers"') == []


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '""',
        '"unclosed phrase',
        "*",
        "light*",
        "^",
        "NEAR(",
        "NEAR(a b",
        "OR",
        "AND NOT",
        "a OR",
        "title:strike",
        "-strike",
        "(",
        ")",
        "{title}: x",
        "\x00",
        "'; DROP TABLE articles; --",
        "\u202e\u200b",
        "😀 emoji",
        "日本語",
        "x" * 5000,
        " ".join(["word"] * 500),
        "",
        "   ",
    ],
)
def test_hostile_queries_never_raise(store, query):
    rows = store.search(query)
    assert isinstance(rows, list)
    assert len(store.headlines()) == 6  # nothing was harmed


def test_operator_words_are_searched_as_words(store):
    assert titles(store.search("NEAR( x")) == ['Quotes "inside" a title']
    assert titles(store.search('quotes "inside"')) == ['Quotes "inside" a title']


def test_fts_query_quotes_every_term():
    assert fts_query("nato fla") == '"nato" "fla"*'
    assert fts_query("nato fla ") == '"nato" "fla"'
    assert fts_query('x "a b" y') == '"a b" "x" "y"*'
    assert fts_query("***") is None
    assert fts_query("OR") == '"OR"*'


def test_limit_and_marks_in_results(store):
    (first,) = store.search("lighthouse", limit=1)
    store.set_read([first.id])
    assert store.search("lighthouse", limit=1)[0].read


def test_broad_queries_rank_the_newest_matches(store, monkeypatch):
    from briefing.store import search as search_module

    # "lighthouse" matches articles 1, 2 and 5; the best (title) match is the oldest of them
    assert titles(store.search("lighthouse"))[0] == "Lighthouse keepers vote to strike"
    monkeypatch.setattr(search_module, "RANK_WINDOW", 2)
    assert set(titles(store.search("lighthouse"))) == {"Ferry strike ends", "Weather for the weekend"}
