"""The feeds view: every feed with its category, counts, last fetch and last result or error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from briefing.store import FeedInfo
from briefing.textsafe import clean_line
from briefing.timefmt import relative
from briefing.ui.styles import SCREENS_CSS


@dataclass(frozen=True, slots=True)
class FeedChoice:
    """What the user picked: show one feed, or one category."""

    feed: str | None = None
    category: str | None = None


def feed_failed(feed: FeedInfo) -> bool:
    return bool(feed.last_error) or (feed.last_status is not None and feed.last_status >= 400)


class FeedsScreen(ModalScreen[FeedChoice | None]):
    """Lists `feeds`; enter shows a feed's articles, c its category's, e jumps to the next feed in error."""

    CSS_PATH = SCREENS_CSS

    BINDINGS = [
        Binding("escape", "dismiss_none", "Close"),
        Binding("q", "dismiss_none", "Close", show=False),
        Binding("enter", "choose_feed", "Show feed"),
        Binding("c", "choose_category", "Show category"),
        Binding("e", "next_error", "Next error"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, feeds: list[FeedInfo], now: datetime) -> None:
        super().__init__()
        self.feeds = sorted(feeds, key=lambda f: ((f.category or "").casefold(), (f.name or f.url).casefold()))
        self.now = now

    def compose(self) -> ComposeResult:
        with Vertical(id="feeds-box"):
            errors = sum(1 for f in self.feeds if feed_failed(f))
            head = f"Feeds: {len(self.feeds)}, {errors} in error" if self.feeds else "No feeds yet"
            yield Static(Text(head, style="bold"), id="feeds-title")
            table = DataTable(id="feeds-table", cursor_type="row", zebra_stripes=True)
            yield table
            yield Static(
                Text("enter: this feed · c: its category · e: next feed in error · escape: close", style="dim"),
                id="feeds-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        # The last result (the point of this view) comes second and takes the room left, so that it shows at
        # 80 columns too.
        fixed = {"feed": 24, "unread": 6, "all": 5, "fetched": 8, "category": 12}
        room = max(16, int(self.app.size.width * 0.95) - 4 - sum(fixed.values()) - 2 * (len(fixed) + 1))
        table.add_column("feed", width=fixed["feed"])
        table.add_column("last result", width=room)
        table.add_column("unread", width=fixed["unread"])
        table.add_column("all", width=fixed["all"])
        table.add_column("fetched", width=fixed["fetched"])
        table.add_column("category", width=fixed["category"])
        for f in self.feeds:
            failed = feed_failed(f)
            if f.last_error:
                result = Text(clean_line(f.last_error), style="bold red")
            elif f.last_status:
                result = Text(f"HTTP {f.last_status}", style="red" if failed else "green")
            else:
                result = Text("not fetched yet", style="dim")
            table.add_row(
                Text(clean_line(f.name or f.url), overflow="ellipsis", no_wrap=True),
                result,
                Text(str(f.unread_count), justify="right"),
                Text(str(f.article_count), justify="right", style="dim"),
                Text(relative(f.last_fetch, self.now) if f.last_fetch else "never", style="dim"),
                Text(clean_line(f.category or ""), style="dim"),
                key=f.url,
            )
        table.focus()

    def _current(self) -> FeedInfo | None:
        table = self.query_one(DataTable)
        if not self.feeds:
            return None
        return self.feeds[min(table.cursor_row, len(self.feeds) - 1)]

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_next_error(self) -> None:
        """Move to the next feed whose last fetch failed (wrapping around)."""
        table = self.query_one(DataTable)
        n = len(self.feeds)
        for step in range(1, n + 1):
            i = (table.cursor_row + step) % n
            if feed_failed(self.feeds[i]):
                table.move_cursor(row=i)
                return
        self.notify("No feed is in error.", markup=False)

    def action_choose_feed(self) -> None:
        current = self._current()
        self.dismiss(FeedChoice(feed=current.url) if current else None)

    def action_choose_category(self) -> None:
        current = self._current()
        if current is None or not current.category:
            self.notify("This feed has no category.", markup=False)
            return
        self.dismiss(FeedChoice(category=current.category))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_choose_feed()
