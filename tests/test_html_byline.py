"""Bylines of web pages: the article's own byline (not a sidebar's), its name part only, normalised."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from briefing.sources.html_meta import clean_author, read_meta
from briefing.sources.html_page import parse_html_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"

BODY = """<p>The parish council agreed on Tuesday to rebuild the stone footbridge over the mill leat, which has been
closed since a lorry clipped its parapet in the autumn and left a crack running the width of the deck.</p>
<p>Walkers have been sent the long way round by the ford since then, and the council said the new bridge would
reuse the old stones where it could so that it looks much as it did before the accident.</p>"""


def page_author(body: str, head: str = "") -> str | None:
    html = f"<html><head><title>Footbridge over the leat to be rebuilt</title>{head}</head><body>{body}</body></html>"
    return read_meta(lxml.html.document_fromstring(html)).author


def load(name: str):
    path = FIXTURES / name
    return parse_html_file(path, path.read_bytes())


def test_article_byline_wins_over_sidebar_nav_related_and_comments() -> None:
    a = load("byline-sidebar.html")
    # Before the headline: a nav item classed "bylines" and a most-read list with two writers' bylines; inside
    # the body a related-story aside ("Par Lise Moreau"); after it comment authors. The article's is in between,
    # in a block whose class names a "footer" of the story header, which is no sidebar.
    assert a.author == "Wen Harrow"
    assert "Lise Moreau" not in a.text


def test_byline_block_gives_the_name_only() -> None:
    # The page's meta author is a user name; the byline block holds an avatar, the name, a job title, a
    # Twitter handle and a date: the visible name is taken, and nothing else.
    a = load("byline-parts.html")
    assert a.author == "Rosa Goddard"


def test_meta_name_still_beats_markup() -> None:
    head = '<meta name="author" content="Cara Lindqvist">'
    body = '<h1>Footbridge over the leat to be rebuilt</h1><p class="byline">By Dev Oduya</p>' + BODY
    assert page_author(body, head) == "Cara Lindqvist"


def test_nearest_after_headline_beats_earlier_and_later_candidates() -> None:
    body = (
        '<div class="top-stories"><span class="author">Nell Ashby</span></div>'
        "<h1>Footbridge over the leat to be rebuilt</h1>"
        '<span class="byline">Ivo Penhale</span>' + BODY + '<div class="author">Mags Trelawney</div>'
    )
    assert page_author(body) == "Ivo Penhale"


def test_headline_found_by_title_not_first_h1() -> None:
    # The first <h1> is the site's logo; the byline before the real headline's <h1> is far from it.
    body = (
        '<h1 class="logo">The Leat Gazette</h1><div><span class="byline">Nell Ashby</span></div>'
        "<div><div><div><div><div><div></div></div></div></div></div></div>"
        '<h1>Footbridge over the leat to be rebuilt</h1><p class="byline">By Ivo Penhale</p>' + BODY
    )
    assert page_author(body) == "Ivo Penhale"


def test_rel_author_inside_byline_block_with_line_breaks() -> None:
    body = (
        "<h1>Footbridge over the leat to be rebuilt</h1>"
        '<div class="author_fmt">By <a rel="author" href="/p/ines">Ines  Calder, MSc</a><br/>Valley Health Desk</div>'
        + BODY
    )
    assert page_author(body) == "Ines Calder, MSc"


def test_date_after_line_break_in_byline() -> None:
    body = (
        "<h2>Footbridge over the leat to be rebuilt</h2>"
        '<div class="FeatureByline"> By <b>Tobias Wren</b><br/>March 25, 2015 </div>' + BODY
    )
    assert page_author(body) == "Tobias Wren"


def test_two_authors_joined_by_and() -> None:
    plain = "<h1>Footbridge over the leat to be rebuilt</h1><p class='byline'>By Ines Calder and Tobias Wren</p>"
    assert page_author(plain + BODY) == "Ines Calder, Tobias Wren"
    linked = (
        "<h1>Footbridge over the leat to be rebuilt</h1><p class='byline'>By <a rel='author' href='/a'>Ines Calder</a>"
        " and <a rel='author' href='/b'>Tobias Wren</a></p>"
    )
    assert page_author(linked + BODY) == "Ines Calder, Tobias Wren"


def test_itemprop_author_with_name_and_several_tokens() -> None:
    body = (
        "<h1>Footbridge over the leat to be rebuilt</h1>"
        '<span class="info" itemprop="author creator" itemscope><a href="/a"><span itemprop="name"> Leat Wire'
        "</span></a></span>" + BODY
    )
    assert page_author(body) == "Leat Wire"


def test_no_byline_anywhere_but_nav_is_none() -> None:
    body = (
        '<div id="mainNav"><ul><li id="navBylines"><a href="/columns">Columnists</a></li></ul></div>'
        "<h1>Footbridge over the leat to be rebuilt</h1>" + BODY
    )
    assert page_author(body) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("By: Wen Harrow", "Wen Harrow"),
        ("Written by Wen Harrow", "Wen Harrow"),
        ("作者：", None),
        ("Wen Harrow | Staff Writer", "Wen Harrow"),
        ("Wen Harrow, Staff Reporter", "Wen Harrow"),
        ("Wen Harrow - Senior Political Correspondent", "Wen Harrow"),
        ("Wen Harrow | Updated 3 hours ago", "Wen Harrow"),
        ("By Wen Harrow March 9, 2024 8:00 AM", "Wen Harrow"),
        ("Wen Harrow 9 March 2024", "Wen Harrow"),
        ("by Wen Harrow @wenharrow", "Wen Harrow"),
        ("Wen Harrow wen.harrow@post.example", "Wen Harrow"),
        ("Wen Harrow, Ivo Penhale and Nell Ashby", "Wen Harrow, Ivo Penhale, Nell Ashby"),
        ("Wen Harrow & Ivo Penhale", "Wen Harrow, Ivo Penhale"),
        ("Bits & Bytes", "Bits & Bytes"),  # one name with "&" is left whole
        ("Lise Moreau (avec Paul Roux et Anne Vidal)", "Lise Moreau (avec Paul Roux et Anne Vidal)"),
        ("Ines Calder, MSc", "Ines Calder, MSc"),
        ("Staff Writer", None),
        ("Our Foreign Staff", "Our Foreign Staff"),
        ("Di Marco Sala", "Di Marco Sala"),  # a capitalised "Di" starts a surname
        ("di Marco Sala", "Marco Sala"),  # a lower-case one is Italian "by"
    ],
)
def test_clean_author_normalises(value: str, expected: str | None) -> None:
    assert clean_author(value) == expected


def test_section_classed_author_is_not_a_byline() -> None:
    # A large block whose class says "author" (a writer's archive beside the story) is no byline, though
    # its first words look like a name.
    archive = '<div class="author-archive">Nell Ashby' + "<p><a href='/x'>Older story</a></p>" * 45 + "</div>"
    body = "<h1>Footbridge over the leat to be rebuilt</h1>" + archive + BODY
    assert page_author(body) is None
    small = "<h1>Footbridge over the leat to be rebuilt</h1><div class='author-box'><b>Nell Ashby</b></div>" + BODY
    assert page_author(small) == "Nell Ashby"


def test_many_byline_classed_elements_before_the_headline() -> None:
    # Hundreds of teaser bylines before the story cannot hide its own byline or slow the search unboundedly.
    teasers = "".join(f'<li><span class="byline">Writer Number{i}</span></li>' for i in range(400))
    body = f"<ul>{teasers}</ul><h1>Footbridge over the leat to be rebuilt</h1><p class='byline'>By Ivo Penhale</p>"
    assert page_author(body + BODY) == "Ivo Penhale"


def test_several_author_marks_for_one_writer_give_the_name_once() -> None:
    # A writer box: the headshot links to the profile with rel=author, then the name does too.
    body = (
        "<h1>Footbridge over the leat to be rebuilt</h1>"
        '<div class="authorInfo"><ul><li itemprop="author" itemscope>'
        '<a rel="author" href="/p/ivo"><img src="/ivo.jpg" alt="Ivo Penhale headshot"></a>'
        '<span>by </span><a rel="author" href="/p/ivo"><span itemprop="name">Ivo Penhale</span></a>'
        '<time datetime="2024-01-01">1 January 2024</time></li></ul></div>' + BODY
    )
    assert page_author(body) == "Ivo Penhale"
