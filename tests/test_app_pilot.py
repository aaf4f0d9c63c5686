"""The app driven through Textual's Pilot: moving, filtering, reading, help, opening URLs and quitting."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED, settle

from briefing.ui.screens.help_screen import HelpScreen
from briefing.ui.widgets.article_view import ArticleView
from briefing.ui.widgets.headline_list import HeadlineList
from briefing.ui.widgets.key_facts_view import KeyFactsView

ARTICLES = [
    {
        "id": "a1",
        "title": "Harbour authority approves new ferry terminal",
        "text": "PORTMOUTH – The harbour authority on Monday approved a new ferry terminal, its chair Ana Brill said."
        "\n\nThe terminal will cost $40 million and open in 2028.",
        "published": "2026-11-24T08:00:00Z",
        "url": "https://news.example.org/ferry-terminal",
        "source": "Coast Courier",
        "author": "Lee Marsh",
    },
    {
        "id": "a2",
        "title": "Library reading hours extended through winter",
        "text": "The city library will stay open until 10 p.m. on weekdays, officials said on Tuesday.",
        "published": "2026-11-23T10:00:00Z",
        "url": "https://news.example.org/library-hours",
        "source": "Town Gazette",
    },
    {
        "id": "a3",
        "title": "Rail strike called off after overnight talks",
        "text": "Union leaders called off a planned rail strike after talks that ran through the night.",
        "published": "2026-11-22T06:30:00Z",
        "source": "Coast Courier",
    },
]


@pytest.fixture
def articles_file(tmp_path: Path) -> Path:
    path = tmp_path / "articles.json"
    path.write_text(json.dumps(ARTICLES), encoding="utf-8")
    return path


async def press(pilot, *keys: str) -> None:
    """Press keys, then let the messages they cause reach the app."""
    await pilot.press(*keys)
    await settle(pilot)


def titles(app) -> list[str]:
    return [h.title for h in app.visible]


async def test_opens_bundled_samples_with_no_paths(make_test_app):
    app = make_test_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "NATO mulls pre-assigned forces for eastern flank members" in titles(app)
        assert len(app.visible) >= 6
        assert "samples" in app.status and "briefing PATH" in app.status
        # The tour starts on the seed, with its key facts.
        assert app.selected.title == "NATO mulls pre-assigned forces for eastern flank members"
        assert any(p.name == "Jens Stoltenberg" for p in app.facts.people)


async def test_collector_held_at_launch_runs_again_after_the_first_frame(make_test_app, articles_file):
    """The command line holds the garbage collector off while the app starts; the app's first frame lets it go."""
    import gc

    from briefing.startup import gc_held, hold_gc, release_gc

    app = make_test_app([articles_file])
    hold_gc()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert titles(app)
            assert gc.isenabled() and not gc_held()
    finally:
        release_gc()


async def test_headlines_newest_first_and_vim_keys_move(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert titles(app) == [a["title"] for a in ARTICLES]
        assert app.selected.title == ARTICLES[0]["title"]
        await press(pilot, "j")
        assert app.selected.title == ARTICLES[1]["title"]
        await press(pilot, "down")
        assert app.selected.title == ARTICLES[2]["title"]
        await press(pilot, "k")
        assert app.selected.title == ARTICLES[1]["title"]
        await press(pilot, "g")
        assert app.selected.title == ARTICLES[0]["title"]
        await press(pilot, "G")
        assert app.selected.title == ARTICLES[2]["title"]
        await press(pilot, "up")
        assert app.selected.title == ARTICLES[1]["title"]
        await settle(pilot)
        assert app.article is not None and app.article.title == ARTICLES[1]["title"]


async def test_filter_as_you_type_and_escape_clears(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await press(pilot, *"coast")
        assert titles(app) == [ARTICLES[0]["title"], ARTICLES[2]["title"]]  # source matches too
        await press(pilot, "space", *"rail")
        assert titles(app) == [ARTICLES[2]["title"]]
        assert "1 shown (matching “coast rail”) of 3 articles" in app.status
        # q typed into the filter is text, not quit
        await press(pilot, "q")
        assert app.is_running and app.view.query.endswith("q")
        await press(pilot, "escape")
        assert app.view.query == ""
        assert len(app.visible) == 3
        assert isinstance(app.focused, HeadlineList)


async def test_filter_with_no_match_shows_empty_message(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"zzzz")
        await settle(pilot)
        assert app.visible == ()
        assert app.selected is None and app.article is None
        assert "No article matches" in app.empty_message


async def test_enter_reads_article_marks_it_read_and_focuses_it(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.selected.read
        await press(pilot, "j", "enter")
        await settle(pilot)
        assert isinstance(app.focused, ArticleView)
        assert app.selected.title == ARTICLES[1]["title"]
        assert app.selected.read
        assert [h.read for h in app.visible] == [False, True, False]
        assert "2 unread" in app.status


async def test_tab_moves_between_parts(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.focused, HeadlineList)
        await press(pilot, "tab")
        assert isinstance(app.focused, ArticleView)
        await press(pilot, "tab")
        assert isinstance(app.focused, KeyFactsView)
        await press(pilot, "shift+tab")
        assert isinstance(app.focused, ArticleView)


async def test_key_facts_are_computed_in_a_worker_and_cached(make_test_app):
    calls: list[str] = []

    from briefing.facts import extract

    def counting_extract(article, sentences=3):
        calls.append(article.id)
        return extract(article, sentences=sentences)

    app = make_test_app([SEED], extractor=counting_extract)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.facts is not None and not app.facts_pending
        assert any(p.name == "Jens Stoltenberg" for p in app.facts.people)
        first = list(calls)
        # Selecting the same article again uses the cache
        app.selected = None
        await press(pilot, "g")
        await settle(pilot)
        assert calls == first


async def test_help_screen_lists_every_key_and_closes(make_test_app, articles_file):
    from briefing.ui.keys import KEYS

    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one("#help-keys").content
        from rich.console import Console

        console = Console(width=110, record=True)
        console.print(shown)
        text = console.export_text()
        for key in KEYS:
            assert key.keys in text, key
        await press(pilot, "escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        assert app.is_running


async def test_o_opens_the_article_url(make_test_app, articles_file):
    from conftest import opened_urls

    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "o")
        assert opened_urls == [ARTICLES[0]["url"]]
        await press(pilot, "G", "o")  # the third article has no URL: a warning, nothing opened
        assert opened_urls == [ARTICLES[0]["url"]]


async def test_without_a_browser_the_address_is_copied(make_test_app, articles_file, monkeypatch):
    copied: list[str] = []
    app = make_test_app([articles_file], browser=lambda url: False)
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await settle(pilot)
        await press(pilot, "o")
        assert copied == [ARTICLES[0]["url"]]


async def test_f_toggles_key_facts(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        facts = app.query_one(KeyFactsView)
        assert facts.display
        await press(pilot, "f")
        await pilot.pause()
        assert not facts.display
        await press(pilot, "f")
        await pilot.pause()
        assert facts.display


async def test_narrow_terminal_puts_facts_below_the_list(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        headlines = app.query_one(HeadlineList).region
        article = app.query_one(ArticleView).region
        facts = app.query_one(KeyFactsView).region
        assert article.y > headlines.y and facts.y == article.y
        assert article.width >= 40 and facts.width >= 30


async def test_command_palette_offers_the_actions(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Read article", "Filter headlines", "Open in browser", "Toggle key facts", "Keys"} <= names
        await press(pilot, "ctrl+p")
        await pilot.pause()
        await press(pilot, *"toggle key")
        await pilot.pause(0.3)
        await press(pilot, "enter")
        await pilot.pause()
        assert app.show_facts is False


async def test_q_quits(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "q")
        await pilot.pause()
        assert not app.is_running


async def test_bad_file_among_good_ones_is_a_warning(make_test_app, articles_file, tmp_path):
    (tmp_path / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    app = make_test_app([tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(app.visible) == 3
        assert "broken.txt" in app.warning
        assert app.is_running


async def test_many_bad_files_make_one_notification(make_test_app):
    from conftest import FIXTURES

    app = make_test_app([FIXTURES / "bad"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "problems" in app.warning
        assert len(app._notifications) == 1
        (toast,) = list(app._notifications)
        assert "more" in toast.message and len(toast.message.splitlines()) == 5


async def test_marks_are_kept_in_the_store_across_runs(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "m")  # first article read
        assert app.selected.read and "2 unread" in app.status
        await press(pilot, "j", "s")  # second starred
        assert app.selected.starred and not app.selected.read
        await press(pilot, "G", "m", "m")  # third: read, then unread again
        assert not app.selected.read
        await app.workers.wait_for_complete()
    # A new app on the same data directory sees the same marks (kept by content, for files too).
    again = make_test_app([articles_file])
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [(h.read, h.starred) for h in again.visible] == [(True, False), (False, True), (False, False)]
        await press(pilot, "u")
        assert titles(again) == [ARTICLES[1]["title"], ARTICLES[2]["title"]]
        assert "unread" in again.status
        await press(pilot, "u", "asterisk")
        assert titles(again) == [ARTICLES[1]["title"]]
        await press(pilot, "escape")
        assert len(again.visible) == 3


async def test_filter_searches_bodies_too(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"through the night")  # only in the third article's body
        assert titles(app) == [ARTICLES[2]["title"]]
        await press(pilot, "escape", "slash", *"10 p.m.")
        assert titles(app) == [ARTICLES[1]["title"]]


async def test_damaged_store_is_set_aside_and_marks_survive(make_test_app, articles_file):
    import os

    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        await app.workers.wait_for_complete()
    app.library.close()
    data = Path(os.environ["BRIEFING_DATA_DIR"])
    (data / "briefing.sqlite3").write_bytes(b"this is not a database" * 100)
    again = make_test_app([articles_file])
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "damaged" in again.warning
        assert again.visible[0].starred  # the marks live apart from the cache
        assert any(p.name.startswith("briefing.sqlite3.damaged") for p in data.iterdir())


async def test_hostile_text_is_shown_literally_and_clicks_do_nothing(make_test_app):
    from conftest import FIXTURES

    app = make_test_app([FIXTURES / "hostile"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(app.visible) >= 2
        for _ in range(len(app.visible)):
            # Click all over the list, the article and the facts: a [@click=app.quit] in the text must not act.
            for x, y in ((5, 0), (50, 0), (50, 1), (95, 1), (95, 3)):
                await pilot.click(offset=(x, y))
            await press(pilot, "j")
            assert app.is_running
        screen = app.export_screenshot()
        assert "[@click=app.quit]" in screen.replace("&#160;", " ")
        assert "\x1b" not in screen and "\u202e" not in screen and "\x9b" not in screen


async def test_links_are_reachable_from_the_keyboard(make_test_app):
    from conftest import SEED, opened_urls

    from briefing.ui.screens.links_screen import LinksScreen

    feed = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "valley-news.rss"
    app = make_test_app([feed, SEED])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        while app.selected.title != "Market hall gets a new roof":
            await press(pilot, "j")
        await press(pilot, "l")
        assert isinstance(app.screen, LinksScreen)
        urls = [url for _, url in app.screen.links]
        assert urls[0] == "https://valley.example/market-hall-roof"
        assert "https://valley.example/traders" in urls  # a link inside the entry's HTML
        await press(pilot, "j", "enter")
        assert opened_urls == [urls[1]]
        assert not isinstance(app.screen, LinksScreen)


async def test_arrows_in_the_filter_box_move_the_list(make_test_app, articles_file):
    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash", *"co")  # "Coast Courier": the ferry and rail stories
        assert titles(app) == [ARTICLES[0]["title"], ARTICLES[2]["title"]]
        assert app.focused is app.query_one("#filter")
        await press(pilot, "down")
        assert app.selected.title == ARTICLES[2]["title"]
        assert app.focused is app.query_one("#filter")  # still typing
        await press(pilot, "up")
        assert app.selected.title == ARTICLES[0]["title"]
        await press(pilot, "enter", "enter")  # back to the list, then read
        assert app.article is not None and app.article.title == ARTICLES[0]["title"]


async def test_o_acts_on_the_highlighted_article_even_before_its_pane_is_shown(make_test_app, articles_file):
    from conftest import opened_urls

    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.article.title == ARTICLES[0]["title"]
        app.selected = app.visible[1]  # the cursor has moved; the article pane still shows the first article
        app.action_open_url()
        assert app.article.title == ARTICLES[0]["title"]
        await settle(pilot)
        assert opened_urls[-1] == ARTICLES[1]["url"]


async def test_keys_typed_right_after_slash_go_to_the_filter(make_test_app, articles_file):
    """A fast typist's keys arrive together: none of the letters after "/" may run as a command."""
    from textual import events

    app = make_test_app([articles_file])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ["slash", "s", "t", "r", "i", "k", "e"]:  # sent as the driver does, with no pause between
            event = events.Key(key, "/" if key == "slash" else key)
            event.set_sender(app)
            app._driver.send_message(event)
        await settle(pilot)
        assert app.query_one("#filter").value == "strike"
        assert titles(app) == [ARTICLES[2]["title"]]
        assert not any(h.starred for h in app.visible)
        await press(pilot, "slash")  # inside the box, "/" is text
        assert app.query_one("#filter").value == "strike/"
