"""The briefing app: headline list, article pane and key facts, all driven by reactive state.

State lives here in reactive attributes (`headlines`, `query`, `visible`, `selected`, `article`, `facts`); the
widgets are bound to them with `data_bind` and report what the user did with messages, so no widget reaches into
another. Everything slow (loading sources, computing facts) runs in thread workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input

from briefing.library import Library, Opened
from briefing.model import Article, Headline, KeyFacts
from briefing.textsafe import clean_line, safe_url
from briefing.timefmt import Clock, utc_now
from briefing.ui.screens.help_screen import HelpScreen
from briefing.ui.widgets.article_view import ArticleView
from briefing.ui.widgets.headline_list import HeadlineList
from briefing.ui.widgets.key_facts_view import KeyFactsView
from briefing.ui.widgets.status_bar import StatusBar

#: Below this width the key facts go under the article instead of beside it.
WIDE = 120


def plural(n: int, word: str) -> str:
    """ "1 article", "2 articles"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def styles_dir() -> Path:
    """The .tcss folder: inside the installed package, or the checkout's top-level `styles/`."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "styles"
    return packaged if packaged.is_dir() else here.parent / "styles"


class BriefingApp(App[None]):
    """The terminal briefing. Build it with `briefing.ui.factory.make_app`."""

    TITLE = "briefing"
    CSS_PATH = [styles_dir() / "app.tcss", styles_dir() / "help.tcss"]
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("slash", "filter", "Filter"),
        Binding("escape", "clear_filter", "Clear", show=False),
        Binding("enter", "read", "Read", show=False),
        Binding("o", "open_url", "Open"),
        Binding("f", "toggle_facts", "Facts"),
    ]

    #: Every headline, newest first.
    headlines: reactive[tuple[Headline, ...]] = reactive(())
    #: The filter typed after `/`.
    query: reactive[str] = reactive("")
    #: The headlines the list shows (`headlines` filtered by `query`).
    visible: reactive[tuple[Headline, ...]] = reactive(())
    #: The highlighted headline.
    selected: reactive[Headline | None] = reactive(None)
    #: The selected article and its key facts (None while they are computed).
    article: reactive[Article | None] = reactive(None)
    facts: reactive[KeyFacts | None] = reactive(None)
    facts_pending: reactive[bool] = reactive(False)
    #: What the status line says, and its warning.
    status: reactive[str] = reactive("Loading…")
    warning: reactive[str] = reactive("")
    empty_message: reactive[str] = reactive("Loading articles…")
    show_facts: reactive[bool] = reactive(True)
    #: The article the list starts on (the seed, when showing the samples).
    start_id: reactive[str | None] = reactive(None)

    def __init__(self, library: Library, *, clock: Clock = utc_now) -> None:
        super().__init__()
        self.library = library
        self.clock = clock
        self.opened: Opened | None = None

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        with Container(id="main"):
            with Vertical(id="list-pane"):
                yield Input(placeholder="filter headlines…", id="filter")
                yield HeadlineList(clock=self.clock, id="headlines").data_bind(
                    headlines=BriefingApp.visible, start_id=BriefingApp.start_id
                )
            yield ArticleView(id="article").data_bind(
                article=BriefingApp.article, empty_message=BriefingApp.empty_message
            )
            yield KeyFactsView(id="facts").data_bind(facts=BriefingApp.facts, pending=BriefingApp.facts_pending)
        yield StatusBar(id="status").data_bind(message=BriefingApp.status, warning=BriefingApp.warning)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = False
        self._apply_layout(self.size.width)
        self.call_after_refresh(self.query_one(HeadlineList).focus)
        self.load()

    def on_resize(self, event) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        self.screen.set_class(width < WIDE, "-narrow")

    def watch_show_facts(self, show: bool) -> None:
        self.screen.set_class(not show, "-no-facts")

    # ------------------------------------------------------------------ loading
    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        opened = self.library.open()
        self.call_from_thread(self._loaded, opened)

    def _loaded(self, opened: Opened) -> None:
        self.opened = opened
        self.start_id = opened.start_id
        self.headlines = tuple(opened.headlines)
        if self.focused is None:
            self.query_one(HeadlineList).focus()
        for message in opened.warnings:
            self.notify(clean_line(message), severity="warning", markup=False, timeout=8)
        if opened.warnings:
            self.warning = f"{plural(len(opened.warnings), 'file')} skipped: {opened.warnings[0]}"
        if not opened.headlines:
            self.empty_message = "No articles. Give briefing a file, folder or feed: briefing PATH|URL …"
        else:
            self.empty_message = "No article matches the filter."
        self._update_status()

    def _update_status(self) -> None:
        opened = self.opened
        if opened is None:
            return
        total = len(self.headlines)
        unread = sum(1 for h in self.headlines if not h.read)
        shown = len(self.visible)
        count = f"{plural(total, 'article')}, {unread} unread"
        if self.query:
            count = f"{shown} of {total} match “{self.query}”"
        if opened.samples:
            self.status = f"Showing bundled samples ({count}). Add your own: briefing PATH… or a feed URL."
        else:
            self.status = f"{count} · {opened.origin}"

    # ------------------------------------------------------------------ state
    def watch_headlines(self) -> None:
        self._refilter()

    def watch_query(self) -> None:
        self._refilter()

    def _refilter(self) -> None:
        self.visible = tuple(self.library.filter(self.headlines, self.query))
        self._update_status()
        if not self.visible:
            self.selected = None

    def watch_selected(self, old: Headline | None, new: Headline | None) -> None:
        if new is not None and old is not None and new.id == old.id:
            return
        if new is None:
            self.article = None
            self.facts = None
            self.facts_pending = False
            return
        self.article = self.library.article(new.id)
        cached = self.library.cached_facts(new.id)
        self.facts = cached
        self.facts_pending = cached is None
        if cached is None:
            self.run_facts_worker(new.id)

    @work(thread=True, exclusive=True, group="facts")
    def run_facts_worker(self, article_id: str) -> None:
        try:
            facts = self.library.facts(article_id)
        except Exception as exc:  # a bug in the extractor must not take the app down
            self.call_from_thread(self._facts_failed, article_id, exc)
            return
        self.call_from_thread(self._facts_ready, article_id, facts)

    def _facts_ready(self, article_id: str, facts: KeyFacts) -> None:
        if self.selected is not None and self.selected.id == article_id:
            self.facts = facts
            self.facts_pending = False

    def _facts_failed(self, article_id: str, exc: Exception) -> None:
        if self.selected is not None and self.selected.id == article_id:
            self.facts = KeyFacts()
            self.facts_pending = False
        self.notify(clean_line(f"key facts failed: {type(exc).__name__}: {exc}"), severity="error", markup=False)

    def _replace_headline(self, new: Headline) -> None:
        self.headlines = tuple(new if h.id == new.id else h for h in self.headlines)
        if self.selected is not None and self.selected.id == new.id:
            self.selected = new

    # ------------------------------------------------------------------ messages
    @on(HeadlineList.Highlighted)
    def _highlighted(self, event: HeadlineList.Highlighted) -> None:
        self.selected = event.headline

    @on(HeadlineList.Chosen)
    def _chosen(self, event: HeadlineList.Chosen) -> None:
        self.selected = event.headline
        self.action_read()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query = event.value

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(HeadlineList).focus()

    # ------------------------------------------------------------------ actions
    def action_read(self) -> None:
        """Open the highlighted article in the article pane and mark it read."""
        if self.selected is None:
            return
        if not self.selected.read and self.library.config.settings.mark_read_on_open:
            self._replace_headline(self.library.set_read(self.selected, True))
        self.query_one(ArticleView).focus()

    def action_filter(self) -> None:
        """Show the filter box and focus it."""
        box = self.query_one("#filter", Input)
        box.add_class("-active")
        box.focus()

    def action_clear_filter(self) -> None:
        """Clear the filter and go back to the list."""
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("-active")
        self.query = ""
        self.query_one(HeadlineList).focus()

    def action_open_url(self) -> None:
        """Open the article's URL in the browser (http/https only)."""
        url = safe_url(self.article.url) if self.article else None
        if url is None:
            self.notify("This article has no web address.", severity="warning", markup=False)
            return
        self.open_url(url)
        self.notify(f"Opening {url}", markup=False)

    def action_toggle_facts(self) -> None:
        """Show or hide the key-facts pane."""
        self.show_facts = not self.show_facts

    def action_help(self) -> None:
        """Show every key."""
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette offers every action the keys do."""
        yield from super().get_system_commands(screen)
        yield SystemCommand("Read article", "Open the highlighted article and mark it read", self.action_read)
        yield SystemCommand("Filter headlines", "Filter the headline list as you type", self.action_filter)
        yield SystemCommand("Clear filter", "Show every headline again", self.action_clear_filter)
        yield SystemCommand("Open in browser", "Open the article's URL in the web browser", self.action_open_url)
        yield SystemCommand("Toggle key facts", "Show or hide the key-facts pane", self.action_toggle_facts)
        yield SystemCommand("Keys", "Show every key briefing answers to", self.action_help)
