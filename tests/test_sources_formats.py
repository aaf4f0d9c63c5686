"""Each source kind: the bundled samples, Markdown, JSON, feeds, HTML conversion, hostile text, eval data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing.model import Block, Link
from briefing.sources.feedfile import parse_feed_bytes
from briefing.sources.html_text import html_to_blocks, links_from_html
from briefing.sources.loader import iter_files, load_file, load_paths, load_samples

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
EVAL = Path(os.environ.get("BRIEFING_EVAL_DIR") or ROOT.parent / "shared" / "eval")


@pytest.fixture(scope="module")
def samples():
    result = load_samples()
    assert result.warnings == []
    return {a.title: a for a in result.articles}


def test_samples_are_varied_and_dated(samples):
    assert len(samples) >= 6
    assert all(a.published is not None and not a.published_estimated for a in samples.values())
    assert all(a.published.tzinfo == UTC for a in samples.values())


def test_wire_sample(samples):
    a = samples["Senate panel advances rural broadband bill after late compromise"]
    assert a.dateline == "WASHINGTON (Reuters)"
    assert a.source == "Reuters"
    assert a.author == "Dana Whitfield"
    assert a.published == datetime(2026, 3, 4, tzinfo=UTC)
    assert a.paragraphs[0].startswith("A Senate committee on Wednesday")
    assert a.links == (Link("READ MORE", "How the last broadband program missed thousands of farms"),)


def test_feature_sample_with_quotes_caption_and_pull_quote(samples):
    a = samples["The last boatbuilders of Kessing Harbour"]
    assert a.credit == "IMOGEN THALE / COASTLINE"
    assert a.caption.startswith("Kessing Harbour at dawn")
    assert a.dateline == "KESSING HARBOUR"
    assert a.published == datetime(2026, 9, 14, tzinfo=UTC)
    assert [q.attribution for q in a.pull_quotes] == ["Tomas Arlow, boatbuilder, Kessing Harbour"]
    assert "Tomas Arlow, boatbuilder" not in a.text
    assert a.text.count("stop arguing with it") == 1
    assert any(p.startswith("“I thought I'd stay") for p in a.paragraphs)  # curly quotes kept
    assert any(p.startswith('"What I worry about') for p in a.paragraphs)  # multi-paragraph quote kept


def test_numbers_sample(samples):
    a = samples["Eastmarch economy grows 2.4% as exports offset weaker spending"]
    assert a.dateline == "LONDON, May 6 (AP)"
    assert a.source == "AP"
    assert "$3.2 billion" in a.paragraphs[1] and "12%" in a.paragraphs[1]


def test_brief_without_dateline(samples):
    a = samples["City libraries to open on Sundays from October"]
    assert a.dateline is None and a.caption is None
    assert len(a.blocks) == 3
    assert a.published == datetime(2026, 9, 22, tzinfo=UTC)


def test_markdown_sample(samples):
    a = samples["Allotment waiting list falls for the first time in a decade"]
    assert a.source == "Riverside Weekly"
    assert a.author == "Priya Wendell"
    assert a.url == "https://riverside-weekly.example/allotments-2026"
    assert a.published == datetime(2026, 7, 19, 7, 30, tzinfo=UTC)
    kinds = [b.kind for b in a.blocks]
    assert kinds.count("heading") == 1 and kinds.count("list_item") == 3 and kinds.count("quote") == 1
    assert a.blocks[0] == Block(
        "The number of people waiting for an allotment in Riverside has fallen to 312, "
        "down from 455 a year ago, "
        "after the council split dozens of large plots in half and opened a new site at Ferry Lane."
    )
    assert not any("*" in p or "](" in p for p in a.paragraphs)
    assert Link("READ MORE", "How to apply for a plot", "https://riverside-weekly.example/apply") in a.links
    assert Link("link", "online", "https://riverside-weekly.example/list") in a.links


def test_json_articles_keep_their_ids():
    result = load_file(FIXTURES / "articles" / "council-briefs.json")
    assert result.warnings == []
    first, second = result.articles
    assert (first.id, second.id) == ("brief-101", "102")
    assert first.published == datetime(2026, 1, 12, 18, tzinfo=UTC)
    assert first.url == "https://townhall.example/quarry-road"
    assert second.title == "Snow closes three schools in the hills."  # headline line of a title-less text
    assert second.paragraphs[0].startswith("Three primary schools")
    assert second.published_estimated is True


def test_json_title_null_uses_first_sentence(tmp_path):
    text = "The first sentence is long enough to be a title here. Then a second sentence follows. And a third."
    f = tmp_path / "x.json"
    f.write_text(json.dumps({"title": None, "text": text + "\n\nMore text.", "id": "k1"}))
    a = load_file(f).articles[0]
    assert a.title == "The first sentence is long enough to be a title here."
    assert a.paragraphs[0] == text  # kept in the body


def test_rss_fixture():
    result = load_file(FIXTURES / "feeds" / "valley-news.rss")
    assert result.warnings == []
    roof, library = result.articles
    assert roof.source == "Valley News"
    assert roof.published == datetime(2026, 3, 1, 8, 15, tzinfo=UTC)
    assert roof.paragraphs == (
        "Work on the market hall roof finished on Saturday.",
        "Traders return on Monday.",
    )
    assert roof.links == (Link("link", "Monday", "https://valley.example/traders"),)
    assert library.url == "https://valley.example/library-evenings"


def test_atom_fixture_keeps_block_kinds():
    (a,) = load_file(FIXTURES / "feeds" / "harbour-updates.atom").articles
    assert a.title == "Dredging starts in the outer basin"
    assert a.author == "Harbour Office"
    assert [b.kind for b in a.blocks] == ["heading", "list_item", "list_item", "quote"]


def test_json_feed_fixture():
    result = load_paths([FIXTURES / "feeds" / "town-notes.json"])
    first, second = result.articles
    assert first.title == "Recycling collection moves to Fridays"
    assert first.author == "Town Office"
    assert first.published == datetime(2026, 4, 20, 5, tzinfo=UTC)
    assert second.title == "Street lights on Elm Row will be replaced next week."


def test_feed_ids_are_stable_and_keyed_by_feed():
    data = (FIXTURES / "feeds" / "valley-news.rss").read_bytes()
    one = parse_feed_bytes(data, feed_url="https://valley.example/feed")
    two = parse_feed_bytes(data, feed_url="https://valley.example/feed")
    other = parse_feed_bytes(data, feed_url="https://mirror.example/feed", source_name="Mirror")
    assert [a.id for a in one.articles] == [a.id for a in two.articles]
    assert len({a.id for a in one.articles}) == 2
    assert not {a.id for a in one.articles} & {a.id for a in other.articles}
    assert {a.source for a in other.articles} == {"Mirror"}
    assert one.title == "Valley News" and one.error is None


def test_feed_duplicate_guids_far_future_dates_and_junk():
    xml = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
        b"<item><title>A</title><guid>same</guid><pubDate>Tue, 01 Jan 2999 00:00:00 GMT</pubDate></item>"
        b"<item><title>B</title><guid>same</guid><pubDate>not a date</pubDate></item>"
        b"</channel></rss>"
    )
    result = parse_feed_bytes(xml, feed_url=None)
    assert [a.title for a in result.articles] == ["A", "B"]
    assert result.articles[0].id != result.articles[1].id
    assert [a.published for a in result.articles] == [None, None]
    assert parse_feed_bytes(b"\x89PNG\r\n\x1a\n....", feed_url=None).error == "not a feed (PNG image)"
    assert parse_feed_bytes(b"<html><body><p>hi</p></body></html>", feed_url=None).articles == []
    assert "larger than" in parse_feed_bytes(b"x" * 2048, feed_url=None, max_bytes=1024).error


def test_entity_doctype_is_stripped_quickly():
    result = load_file(FIXTURES / "hostile" / "entity-bomb.xml")
    assert [a.title for a in result.articles] == ["Entry"]
    assert "entity declarations removed" in result.warnings[0]
    assert "A" * 100 not in result.articles[0].text


def test_hostile_text_is_plain_data():
    (a,) = load_file(FIXTURES / "hostile" / "markup-and-escapes.txt").articles
    everything = a.title + a.text
    assert not any(c in everything for c in "\x1b\x07\u202e\x85\x9b")
    assert a.title.startswith("Rates [/] up [bold]again[/bold] [@click=app.quit]")
    assert "[link=https://x]free money[/link]" in a.text
    (f,) = load_file(FIXTURES / "hostile" / "markup-feed.rss").articles
    assert f.url is None  # javascript: link refused
    assert [lk.url for lk in f.links] == ["https://ok.example/"]
    assert "alert" not in f.text and "\u202e" not in f.title


def test_html_to_blocks_drops_active_content_and_decodes_entities():
    html = (
        "<h1>Head &amp; shoulders</h1><p>One<br><br>Two</p><script>evil()</script><style>p{}</style>"
        "<iframe src='x'>frame</iframe><form>field</form><ul><li>item <b>bold</b></li></ul>"
        "<blockquote><p>quoted</p></blockquote><!-- comment --><p>&lt;p&gt;escaped&lt;/p&gt;</p>"
    )
    assert html_to_blocks(html) == (
        Block("Head & shoulders", "heading"),
        Block("One"),
        Block("Two"),
        Block("item bold", "list_item"),
        Block("quoted", "quote"),
        Block("escaped"),
    )
    assert html_to_blocks("") == () and html_to_blocks(None) == ()
    links = links_from_html(
        '<a href="/a">A</a><a href="mailto:x@y">m</a><a href="/a">again</a>', base_url="https://s.example/p/"
    )
    assert links == (Link("link", "A", "https://s.example/a"),)


def test_domain_modules_do_not_import_textual():
    code = (
        "import sys, briefing.sources, briefing.sources.loader, briefing.sources.feedfile, "
        "briefing.sources.markdown, briefing.model, briefing.config, briefing.textsafe\n"
        "briefing.sources.loader.load_samples()\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})  # fmt: skip
    assert out.stdout.strip() == "[]"


# ---------------------------------------------------------------- shared eval data (skipped when absent)


@pytest.mark.skipif(not (EVAL / "feeds").is_dir(), reason="eval feeds not available")
def test_every_eval_feed_loads_without_exception():
    feeds = [p for p in iter_files([EVAL / "feeds"]) if not p.name.endswith(".serde.json")]
    assert len(feeds) > 50
    total = 0
    for path in feeds:
        result = load_file(path)
        assert not any("could not be read" in w for w in result.warnings), (path, result.warnings)
        total += len(result.articles)
    assert total > 500


@pytest.mark.skipif(not (EVAL / "summaries").is_dir(), reason="eval sets not available")
@pytest.mark.parametrize("name", ["summaries/cnndm-summeval.json", "ner/conll2003-valid.json",
                                  "quotes/polnear-dev.json", "stories/allsides.json"])  # fmt: skip
def test_eval_sets_load_with_their_ids(name):
    path = EVAL / name
    if not path.exists():
        pytest.skip(f"{name} missing")
    expected = json.loads(path.read_text(encoding="utf-8"))
    result = load_file(path)
    assert result.warnings == []
    assert [a.id for a in result.articles] == [str(x["id"]) for x in expected]
    assert all(a.title and a.blocks for a in result.articles)


def test_saved_html_page_becomes_plain_text(tmp_path):
    page = tmp_path / "page.html"
    body = "The tram depot will close for a month of repairs starting next week, the operator said on Friday."
    page.write_text(
        "<!doctype html><html><head><title>Tram depot closes for repairs</title><script>x()</script></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Tram depot closes for repairs</h1><p>{body}</p>"
        f"<p>Replacement buses will run on all routes &amp; stops.</p></article></body></html>",
        encoding="utf-8",
    )
    result = load_paths([tmp_path])
    (a,) = result.articles
    assert "Tram depot closes for repairs" in a.title
    assert body in a.paragraphs
    assert "Replacement buses will run on all routes & stops." in a.paragraphs
    assert not any("<" in p or "x()" in p for p in a.paragraphs)


def _rss(doctype: str, body: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n{doctype}\n<rss version="2.0"><channel><title>T</title>'
        f"<item><title>Entry</title><guid>g1</guid><description>{body}</description></item></channel></rss>"
    ).encode()


def test_quadratic_blowup_is_defused():
    data = _rss(f'<!DOCTYPE rss [<!ENTITY big "{"x" * 20_000}">]>', "&big;" * 3_000)
    result = parse_feed_bytes(data, feed_url="https://bomb.example/feed")
    assert result.error and "entity declarations removed" in result.error
    assert all(len(a.text) < 100_000 for a in result.articles)


def test_billion_laughs_and_external_entities_leak_nothing():
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    data = _rss(f'<!DOCTYPE rss [<!ENTITY l0 "lol">{laughs}]>', "&l9;")
    assert all("lol" not in a.text for a in parse_feed_bytes(data, feed_url=None).articles)
    external = _rss('<!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "before &x; after")
    result = parse_feed_bytes(external, feed_url=None)
    assert all("root:" not in a.text for a in result.articles)
    param = _rss('<!DOCTYPE rss [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>', "text")
    assert all("root:" not in a.text for a in parse_feed_bytes(param, feed_url=None).articles)


def test_utf16_feed_with_entity_doctype_is_stripped():
    text = _rss('<!DOCTYPE rss [<!ENTITY e "expanded">]>', "plain &amp; simple").decode()
    data = text.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>').encode("utf-16")
    result = parse_feed_bytes(data, feed_url=None)
    assert [a.title for a in result.articles] == ["Entry"]
    assert result.articles[0].text == "plain & simple"


def test_same_file_named_twice_loads_once(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Once\n\nOnly once.", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(f)
    result = load_paths([f, tmp_path, tmp_path / "link.txt"])
    assert [a.title for a in result.articles] == ["Once"]
    assert result.warnings == []


def test_feed_entry_dateline_is_split_off():
    xml = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item><title>Vote</title>'
        b"<description>&lt;p&gt;WASHINGTON (Reuters) - The Senate voted 52-48 on Tuesday.&lt;/p&gt;</description>"
        b"</item></channel></rss>"
    )
    (a,) = parse_feed_bytes(xml, feed_url=None).articles
    assert a.dateline == "WASHINGTON (Reuters)"
    assert a.paragraphs == ("The Senate voted 52-48 on Tuesday.",)
    assert a.source == "Wire"
