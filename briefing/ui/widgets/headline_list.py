"""The headline list: one two-line row per article (read mark, title; source and age) in a DataTable.

A DataTable renders only the rows on screen, so the list stays fast at 10,000+ articles (no widget per row).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable

from briefing.model import Headline
from briefing.textsafe import clean_line
from briefing.timefmt import Clock, relative, utc_now

MARK_W = 1


class HeadlineList(DataTable):
    """Shows `headlines`; posts `Highlighted` when the cursor moves and `Chosen` on enter."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "scroll_top", "Top", show=False),
        Binding("G", "scroll_bottom", "Bottom", show=False),
    ]

    headlines: reactive[tuple[Headline, ...]] = reactive((), always_update=True)
    #: Where the cursor goes when the list is first filled (else the first row).
    start_id: reactive[str | None] = reactive(None)

    @dataclass
    class Highlighted(Message):
        headline: Headline | None

    @dataclass
    class Chosen(Message):
        headline: Headline

    def __init__(self, *, clock: Clock = utc_now, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False, show_header=False)
        self.clock = clock
        self._shown: tuple[Headline, ...] = ()
        self._index: dict[str, int] = {}

    def on_mount(self) -> None:
        self.add_column("", width=MARK_W, key="mark")
        self.add_column("headline", width=self._title_width(), key="headline")

    def _title_width(self) -> int:
        width = self.scrollable_content_region.width or self.size.width or 60
        return max(10, width - MARK_W - 2 * 2)

    def on_resize(self) -> None:
        if "headline" in self.columns:
            column = self.columns["headline"]
            column.width = self._title_width()
            column.auto_width = False
            self._require_update_dimensions = True
            self.refresh()

    @property
    def current(self) -> Headline | None:
        if not self._shown or self.cursor_row < 0 or self.cursor_row >= len(self._shown):
            return None
        return self._shown[self.cursor_row]

    def _cells(self, h: Headline, now: datetime) -> tuple[Text, Text]:
        mark = "★" if h.starred else ("●" if not h.read else " ")
        mark_style = "bold yellow" if h.starred else "bold cyan"
        body = Text(no_wrap=True, overflow="ellipsis", end="")
        body.append(clean_line(h.title) or "(untitled)", style="" if h.read else "bold")
        body.append("\n")
        body.append(clean_line(h.source), style="cyan" if not h.read else "dim")
        body.append(" · " + relative(h.published, now, estimated=h.published_estimated), style="dim")
        return Text(mark, style=mark_style), body

    def watch_headlines(self, headlines: tuple[Headline, ...]) -> None:
        if not self.columns:
            self.call_after_refresh(self.watch_headlines, headlines)
            return
        now = self.clock()
        old = self._shown
        if len(old) == len(headlines) and all(a.id == b.id for a, b in zip(old, headlines, strict=True)):
            # Same rows: update only the ones whose marks changed (cheap at 10,000 rows).
            for a, b in zip(old, headlines, strict=True):
                if a != b:
                    for key, cell in zip(("mark", "headline"), self._cells(b, now), strict=True):
                        self.update_cell(b.id, key, cell)
            self._shown = headlines
            return
        current = self.current
        self.clear()
        self._shown = headlines = tuple({h.id: h for h in headlines}.values())
        self._index = {h.id: i for i, h in enumerate(headlines)}
        for h in headlines:
            self.add_row(*self._cells(h, now), key=h.id, height=2)
        row = self._index.get(current.id if current else self.start_id or "", 0)
        if headlines:
            self.move_cursor(row=row, animate=False, scroll=True)
        self.post_message(self.Highlighted(self.current))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self.post_message(self.Highlighted(self.current))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.current is not None:
            self.post_message(self.Chosen(self.current))
