"""The briefing app: headline list, article pane and key facts, all driven by reactive state.

State lives here in reactive attributes (`headlines`, `query`, `visible`, `selected`, `article`, `facts`); the
widgets are bound to them with `data_bind` and report what the user did with messages, so no widget reaches into
another. Everything slow (loading sources, computing facts) runs in thread workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Input

from briefing.browser import Browser, open_in_browser

if TYPE_CHECKING:
    from briefing.ui.screens.feeds_screen import FeedChoice
from briefing.library import FIRST_SCREEN, Counts, FirstScreen, Library, Opened, View
from briefing.model import Article, Headline, KeyFacts
from briefing.startup import release_gc
from briefing.textsafe import clean_line, safe_url
from briefing.timefmt import Clock, utc_now
from briefing.ui.styles import APP_CSS
from briefing.ui.widgets.article_view import ArticleView
from briefing.ui.widgets.filter_box import FilterBox
from briefing.ui.widgets.headline_list import HeadlineList
from briefing.ui.widgets.key_facts_view import KeyFactsView
from briefing.ui.widgets.status_bar import StatusBar

#: Seconds after the first screen before the article cache is checked for damage.
STORE_CHECK_DELAY = 3.0
#: How many problems one notification lists.
MAX_LISTED = 4
#: Below this width the key facts go under the article instead of beside it.
WIDE = 120


def plural(n: int, word: str) -> str:
    """ "1 article", "2 articles"."""
    return f"{n} {word}{'' if n == 1 else 's'}"


class BriefingApp(App[None]):
    """The terminal briefing. Build it with `briefing.ui.factory.make_app`."""

    TITLE = "briefing"
    CSS_PATH = [APP_CSS]
    ENABLE_COMMAND_PALETTE = True
    AUTO_FOCUS = "#headlines"
    #: Under 120 columns the key facts go beside the article, under the list (every screen gets the class).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    #: Seconds a notification stays (tests raise it so that a slow machine cannot lose one before a snapshot).
    NOTIFY_TIMEOUT = 10.0

    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        # A priority binding is handled by the app as the key arrives, before the keys typed after it are passed
        # on: so "/nato" typed fast (or pasted) filters by "nato" instead of running n, a, t, o as commands.
        Binding("slash", "filter", "Filter", priority=True),
        Binding("escape", "clear_filter", "Clear", show=False),
        Binding("enter", "read", "Read", show=False),
        Binding("o", "open_url", "Open"),
        Binding("f", "toggle_facts", "Facts"),
        Binding("m", "toggle_read", "Read/unread", show=False),
        Binding("s", "toggle_star", "Star"),
        Binding("u", "unread_only", "Unread", show=False),
        Binding("asterisk", "starred_only", "Starred", show=False),
        Binding("r", "refresh", "Refresh", show=False),
        Binding("R", "refresh_all", "Refresh all"),
        Binding("F", "feeds", "Feeds", show=False),
        Binding("t", "full_text", "Full text", show=False),
        Binding("l", "links", "Links", show=False),
    ]

    #: What the list asks for: the filter typed after `/`, unread only, starred only, one feed or category.
    view: reactive[View] = reactive(View())
    #: The headlines the list shows.
    visible: reactive[tuple[Headline, ...]] = reactive(())
    #: The highlighted headline.
    selected: reactive[Headline | None] = reactive(None)
    #: The selected article and its key facts (None while they are computed).
    article: reactive[Article | None] = reactive(None)
    facts: reactive[KeyFacts | None] = reactive(None)
    facts_pending: reactive[bool] = reactive(False)
    counts: reactive[Counts] = reactive(Counts())
    #: What the status line says, and its warning.
    status: reactive[str] = reactive("Loading…")
    warning: reactive[str] = reactive("")
    empty_message: reactive[str] = reactive("Loading articles…")
    show_facts: reactive[bool] = reactive(True)
    #: The article the list starts on (the seed, when showing the samples).
    start_id: reactive[str | None] = reactive(None)
    #: "12/40 feeds" while a refresh runs.
    progress: reactive[str] = reactive("")

    def __init__(self, library: Library, *, clock: Clock = utc_now, browser: Browser = open_in_browser) -> None:
        super().__init__()
        self.library = library
        self.clock = clock
        self.browser = browser
        self.opened: Opened | None = None
        #: The marks the user asked for, by article id: laid over every query result until the session ends, and
        #: written to the store in the order asked (one writer at a time).
        self._marks: dict[str, Headline] = {}
        self._marks_lock = threading.Lock()
        #: False until `counts` holds real counts (the first screen may come without them).
        self._counted = False

    # ------------------------------------------------------------------ layout
    def compose(self) -> ComposeResult:
        with Container(id="main"):
            with Vertical(id="list-pane"):
                yield FilterBox(placeholder="filter headlines…", id="filter")
                # start_id before headlines: when the first screen is ready at mount, the bindings are set in this
                # order, and the first fill must already know the article to start on.
                yield HeadlineList(clock=self.clock, id="headlines").data_bind(
                    start_id=BriefingApp.start_id, headlines=BriefingApp.visible
                )
            yield ArticleView(id="article").data_bind(
                article=BriefingApp.article, empty_message=BriefingApp.empty_message
            )
            yield KeyFactsView(id="facts").data_bind(facts=BriefingApp.facts, pending=BriefingApp.facts_pending)
        yield StatusBar(id="status").data_bind(message=BriefingApp.status, warning=BriefingApp.warning)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).cursor_blink = False
        self.call_after_refresh(self.query_one(HeadlineList).focus)
        # The first frame is out by then: the garbage collector may run again (the command line holds it off while
        # the app starts; see briefing.startup).
        self.call_after_refresh(release_gc)
        ready = self.library.first_screen_ready()
        if ready is not None:
            self._loaded(ready)  # opened while the interface was being imported: headlines in the first frame
        else:
            self.load()

    def on_unmount(self) -> None:
        # Quitting ends a refresh at once instead of waiting for slow servers.
        self.library.cancel_refresh()

    def watch_show_facts(self, show: bool) -> None:
        self.screen_stack[0].set_class(not show, "-no-facts")

    # ------------------------------------------------------------------ loading
    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        ready = self.library.first_screen(FIRST_SCREEN)
        self.call_from_thread(self._loaded, ready)

    def _loaded(self, ready: FirstScreen) -> None:
        opened = self.opened = ready.opened
        self.start_id = opened.start_id
        if opened.warnings:
            # One toast, however many files were bad: problems never stack up over the screen.
            shown = [clean_line(m) for m in opened.warnings[:MAX_LISTED]]
            more = len(opened.warnings) - len(shown)
            if more:
                shown.append(f"… and {more} more")
            self.notify("\n".join(shown), severity="warning", markup=False, timeout=self.NOTIFY_TIMEOUT)
            self.warning = f"{plural(len(opened.warnings), 'problem')}: {opened.warnings[0]}"
        if self.view == View():
            self._queried(self.view, ready.headlines, ready.counts)
        if ready.counts is None:
            self.call_after_refresh(self.count_articles)
        self.run_query(self.view)
        if opened.feeds:
            # The full check reads the whole cache (0.5 s at 50,000 articles): not while the first screen paints.
            self.set_timer(STORE_CHECK_DELAY, self.check_store)
        if opened.refresh:
            self.refresh_feeds(self.library.feed_configs())

    @work(thread=True, exclusive=True, group="check")
    def check_store(self) -> None:
        """Check the article cache for damage once the first screen is up."""
        notice = self.library.verify_store()
        if notice:
            self.call_from_thread(self._store_damaged, notice)

    def _store_damaged(self, notice: str) -> None:
        self.warning = notice
        self.notify(clean_line(notice), severity="error", markup=False, timeout=12)
        self.run_query(self.view)

    @work(thread=True, exclusive=True, group="query")
    def run_query(self, view: View) -> None:
        """Ask the library for the view's headlines and counts (the store may search 50,000 articles)."""
        if not self.visible and self.library.feeds_mode and not view.query:
            # A quick first screenful, then the whole list.
            first = tuple(self.library.headlines(view, limit=FIRST_SCREEN))
            self.call_from_thread(self._queried, view, first, None)
        headlines = tuple(self.library.headlines(view))
        counts = self.library.counts()
        self.call_from_thread(self._queried, view, headlines, counts)

    @work(thread=True, exclusive=True, group="count")
    def count_articles(self) -> None:
        """Count the articles for the status line, when the first screen came without the counts (counting a big
        store takes ~40 ms, after the first frame)."""
        counts = self.library.counts()
        self.call_from_thread(self._first_counts, counts)

    def _first_counts(self, counts: Counts) -> None:
        if not self._counted:  # else a query has counted since, after any mark made meanwhile
            self.counts = counts
            self._counted = True
            self._update_status()

    def _queried(self, view: View, headlines: tuple[Headline, ...], counts: Counts | None) -> None:
        """Show a query's headlines, and its counts unless None (not counted: keep what is shown)."""
        if view != self.view:
            return  # the user has typed on; a newer query is on its way
        if self._marks:
            headlines = tuple(self._marks.get(h.id, h) if h.id in self._marks else h for h in headlines)
        self.visible = headlines
        if counts is not None:
            self.counts = counts
            self._counted = True
        if self.focused is None and self.screen is self.screen_stack[0]:
            self.screen.set_focus(self.query_one(HeadlineList))
        if not headlines:
            self.selected = None
            total = self.counts.total
            if view == View() and not total and self.library.config.feeds:
                n = len(self.library.config.feeds)
                self.empty_message = f"No articles yet from your {plural(n, 'feed')}: R fetches them."
            elif view == View() and not total:
                self.empty_message = "No articles. Give briefing a file, folder or feed: briefing PATH|URL …"
            else:
                self.empty_message = "No article matches."
        self._update_status()

    def _update_status(self) -> None:
        opened = self.opened
        if opened is None:
            return
        count = f"{plural(self.counts.total, 'article')}, {self.counts.unread} unread" if self._counted else "counting…"
        shown = self.view.describe()
        if shown:
            count = f"{len(self.visible)} shown ({shown}) of {count}"
        if opened.samples:
            status = f"Showing bundled samples: {count}. Add your own: briefing PATH… or a feed URL."
        else:
            status = f"{count} · {opened.origin}"
        if self.progress:
            status = f"{self.progress} · {status}"
        self.status = status

    def watch_progress(self) -> None:
        self._update_status()

    # ------------------------------------------------------------------ state
    def watch_view(self, view: View) -> None:
        if self.opened is not None:
            self.run_query(view)

    def watch_selected(self, old: Headline | None, new: Headline | None) -> None:
        if new is not None and old is not None and new.id == old.id:
            return
        if new is None:
            self.article = None
            self.facts = None
            self.facts_pending = False
            return
        self.facts = self.library.cached_facts(new.id)
        self.facts_pending = self.facts is None
        # After the next paint: the list moves at once, and the first screen is not held up by the facts.
        self.call_after_refresh(self.read_article, new.id)

    @work(thread=True, exclusive=True, group="article")
    def read_article(self, article_id: str) -> None:
        """Fetch the article (from memory or the store), show it, then compute its facts if needed."""
        article = self.library.article(article_id)
        self.call_from_thread(self._article_ready, article_id, article)
        if article is None:
            return
        try:
            facts = self.library.facts(article)
        except Exception as exc:  # a bug in the extractor must not take the app down
            self.call_from_thread(self._facts_failed, article_id, exc)
            return
        self.call_from_thread(self._facts_ready, article_id, facts)

    def _is_selected(self, article_id: str) -> bool:
        return self.selected is not None and self.selected.id == article_id

    def _article_ready(self, article_id: str, article: Article | None) -> None:
        if self._is_selected(article_id):
            self.article = article

    def _facts_ready(self, article_id: str, facts: KeyFacts) -> None:
        if self._is_selected(article_id):
            self.facts = facts
            self.facts_pending = False

    def _facts_failed(self, article_id: str, exc: Exception) -> None:
        if self._is_selected(article_id):
            self.facts = KeyFacts()
            self.facts_pending = False
        self.notify(clean_line(f"key facts failed: {type(exc).__name__}: {exc}"), severity="error", markup=False)

    def _replace_headline(self, new: Headline) -> None:
        old = next((h for h in self.visible if h.id == new.id), None)
        self.visible = tuple(new if h.id == new.id else h for h in self.visible)
        if old is not None and old.read != new.read and self._counted:
            self.counts = replace(self.counts, unread=self.counts.unread + (1 if old.read else -1))
            self._update_status()
        if self.selected is not None and self.selected.id == new.id:
            self.selected = new

    @work(thread=True, group="marks")
    def save_mark(self, old: Headline) -> None:
        """Write the newest mark asked for this article to the store (writes never overtake each other); if
        that fails, say so and put the old mark back."""
        with self._marks_lock:
            want = self._marks.get(old.id)
            if want is None:
                return
            try:
                self.library.save_marks(want)
            except Exception as exc:
                self.call_from_thread(self._mark_failed, old, exc)

    def _mark_failed(self, old: Headline, exc: Exception) -> None:
        self._marks.pop(old.id, None)
        self._replace_headline(old)
        self.notify(clean_line(f"could not save the mark: {exc}"), severity="error", markup=False)

    def _mark(self, **changes: bool) -> None:
        old = self.selected
        if old is None:
            return
        new = replace(old, **changes)
        if new != old:
            self._marks[new.id] = new
            self._replace_headline(new)
            self.save_mark(old)

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
        self.view = replace(self.view, query=event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one(HeadlineList).focus()

    # ------------------------------------------------------------------ actions
    def action_read(self) -> None:
        """Open the highlighted article in the article pane (marking it read, unless configured not to)."""
        if self.selected is None:
            return
        if self.library.config.settings.mark_read_on_open:
            self._mark(read=True)
        self.query_one(ArticleView).focus()

    def action_toggle_read(self) -> None:
        """Mark the highlighted article read or unread."""
        if self.selected is not None:
            self._mark(read=not self.selected.read)

    def action_toggle_star(self) -> None:
        """Star or unstar the highlighted article."""
        if self.selected is not None:
            self._mark(starred=not self.selected.starred)

    def action_unread_only(self) -> None:
        """Show only unread articles, or all again."""
        self.view = replace(self.view, unread_only=not self.view.unread_only)

    def action_starred_only(self) -> None:
        """Show only starred articles, or all again."""
        self.view = replace(self.view, starred_only=not self.view.starred_only)

    def action_filter(self) -> None:
        """Show the filter box and focus it."""
        box = self.query_one("#filter", Input)
        box.add_class("-active")
        # At once (focus() waits for the queued messages): the keys typed after "/" must reach the box.
        self.screen.set_focus(box)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "filter":
            # "/" is a priority key: typed into the filter box, a dialog or the command palette, it is text.
            return self.screen is self.screen_stack[0] and not isinstance(self.focused, Input)
        return True

    def action_clear_filter(self) -> None:
        """Clear the filter (and any feed, unread or starred view) and go back to the list."""
        box = self.query_one("#filter", Input)
        box.value = ""
        box.remove_class("-active")
        self.view = View()
        self.query_one(HeadlineList).focus()

    def action_open_url(self) -> None:
        """Open the article's URL in the browser (http/https only)."""
        self._with_current_article(self._open_url_of)

    def _open_url_of(self, article: Article | None) -> None:
        url = safe_url(article.url) if article else None
        if url is None:
            self.notify("This article has no web address.", severity="warning", markup=False)
            return
        self.open_link(url)

    def _with_current_article(self, then: Callable[[Article | None], None]) -> None:
        """Call `then` with the highlighted article: the one shown when it is that one, else read first (the
        pane may be a few milliseconds behind a cursor that has just moved)."""
        selected = self.selected
        if selected is None or (self.article is not None and self.article.id == selected.id):
            then(self.article if selected is not None else None)
        else:
            self._read_then(selected.id, then)

    @work(thread=True, group="article-action")
    def _read_then(self, article_id: str, then: Callable[[Article | None], None]) -> None:
        self.call_from_thread(then, self.library.article(article_id))

    @work(thread=True, group="browser")
    def open_link(self, url: str) -> None:
        """Open a web address in the browser, off the UI thread; with no graphical browser, copy it instead."""
        if self.browser(url):
            self.call_from_thread(self.notify, f"Opening {url}", markup=False)
        else:
            self.call_from_thread(self._no_browser, url)

    def _no_browser(self, url: str) -> None:
        self.copy_to_clipboard(url)
        self.notify(f"No browser here; the address is copied to the clipboard: {url}", markup=False)

    def action_links(self) -> None:
        """List the article's links (its page and the links in its text) to open one from the keyboard."""
        self._with_current_article(self._show_links_of)

    def _show_links_of(self, article: Article | None) -> None:
        from briefing.ui.screens.links_screen import LinksScreen, article_links

        links = article_links(article) if article else []
        if not links:
            self.notify("This article has no links.", severity="warning", markup=False)
            return
        self.push_screen(LinksScreen(links), self._link_chosen)

    def _link_chosen(self, url: str | None) -> None:
        if url:
            self.open_link(url)

    def action_toggle_facts(self) -> None:
        """Show or hide the key-facts pane."""
        self.show_facts = not self.show_facts

    def action_help(self) -> None:
        """Show every key."""
        from briefing.ui.screens.help_screen import HelpScreen  # not needed for the first frame

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    # ------------------------------------------------------------------ feeds
    def action_refresh(self) -> None:
        """Refresh the highlighted article's feed."""
        feed = self.selected.feed if self.selected else None
        if feed is None:
            self.notify("This article is not from a feed; R refreshes every feed.", markup=False)
            return
        self.refresh_feeds(self.library.feed_configs(feed))

    def action_refresh_all(self) -> None:
        """Refresh every feed."""
        feeds = self.library.feed_configs()
        if not feeds:
            self.notify("No feeds to refresh. Add one: briefing feeds add URL", markup=False)
            return
        self.refresh_feeds(feeds)

    def refresh_feeds(self, feeds: list) -> None:
        """Start a refresh unless one is running (a thread cannot be stopped half-way, so never two at once)."""
        if any(w.group == "refresh" and w.is_running for w in self.workers):
            self.notify("Already refreshing.", markup=False)
            return
        self._refresh_worker(feeds)

    @work(thread=True, group="refresh")
    def _refresh_worker(self, feeds: list) -> None:
        """Fetch feeds into the store (off the UI thread), showing progress, then show what is new."""
        total, done = len(feeds), 0

        def progress(outcome) -> None:
            nonlocal done
            done += 1
            self.call_from_thread(setattr, self, "progress", f"Refreshing: {done}/{total} feeds")

        self.call_from_thread(setattr, self, "progress", f"Refreshing: 0/{total} feeds")
        try:
            outcomes = self.library.refresh(feeds, on_progress=progress)
        except Exception as exc:
            outcomes = []
            self.call_from_thread(self.notify, clean_line(f"refresh failed: {exc}"), severity="error", markup=False)
        self.call_from_thread(self._refreshed, outcomes)

    def _refreshed(self, outcomes: list) -> None:
        self.progress = ""
        self.library.feeds_mode = True
        new = sum(o.new for o in outcomes)
        failed = [o for o in outcomes if o.status == "failed"]
        message = f"{plural(len(outcomes), 'feed')} refreshed: {plural(new, 'new article')}"
        if failed:
            message += f", {len(failed)} failed (F shows the feeds, e the next in error)"
        self.notify(clean_line(message), severity="warning" if failed else "information", markup=False)
        self.run_query(self.view)

    def action_feeds(self) -> None:
        """Show every feed with its last result; pick one (or its category) to show its articles."""
        self.open_feeds()

    @work(thread=True, exclusive=True, group="feeds")
    def open_feeds(self) -> None:
        from briefing.ui.screens.feeds_screen import FeedsScreen

        feeds = self.library.feeds()
        self.call_from_thread(self.push_screen, FeedsScreen(feeds, self.clock()), self._feed_chosen)

    def _feed_chosen(self, choice: FeedChoice | None) -> None:
        if choice is not None:
            self.library.feeds_mode = True
            self.view = replace(self.view, feed=choice.feed, category=choice.category)

    def action_full_text(self) -> None:
        """Fetch the article's page and show the full story instead of the teaser."""
        if self.selected is None:
            return
        self.notify("Fetching the full story…", markup=False)
        self.fetch_full_text(self.selected.id)

    @work(thread=True, group="fulltext")
    def fetch_full_text(self, article_id: str) -> None:
        try:
            article, error = self.library.full_text(article_id)
        except Exception as exc:
            article, error = None, f"{type(exc).__name__}: {exc}"
        self.call_from_thread(self._full_text_done, article_id, article, error)

    def _full_text_done(self, article_id: str, article: Article | None, error: str | None) -> None:
        if article is None:
            self.notify(clean_line(f"Full text: {error}; the teaser stays."), severity="warning", markup=False)
            return
        self.notify("Full story fetched.", markup=False)
        if self._is_selected(article_id):
            self.article = article
            self.facts = None
            self.facts_pending = True
            self.read_article(article_id)

    #: The command palette's entries: title and action; the action's docstring is the help line.
    PALETTE: tuple[tuple[str, str], ...] = (
        ("Read article", "read"),
        ("Filter headlines", "filter"),
        ("Clear filter", "clear_filter"),
        ("Open in browser", "open_url"),
        ("Links", "links"),
        ("Toggle key facts", "toggle_facts"),
        ("Mark read or unread", "toggle_read"),
        ("Star", "toggle_star"),
        ("Unread only", "unread_only"),
        ("Starred only", "starred_only"),
        ("Refresh feed", "refresh"),
        ("Refresh all feeds", "refresh_all"),
        ("Feeds", "feeds"),
        ("Full text", "full_text"),
        ("Keys", "help"),
    )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette offers every action the keys do."""
        yield from super().get_system_commands(screen)
        for title, action in self.PALETTE:
            method = getattr(self, f"action_{action}")
            yield SystemCommand(title, (method.__doc__ or title).strip().splitlines()[0], method)
