"""The headline list: two lines per article (read mark and title; source and age), drawn line by line.

It is a virtual list on Textual's line API: setting 50,000 headlines costs a tuple assignment, and only the lines on
screen are ever rendered, so the list stays fast however many articles there are (no widget per row; a
DataTable took seconds to fill at that size).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from briefing.model import Headline
from briefing.textsafe import clean_line
from briefing.timefmt import Clock, relative, utc_now

ROW_HEIGHT = 2


class HeadlineList(ScrollView, can_focus=True):
    """Shows `headlines`; posts `Highlighted` when the cursor moves and `Chosen` on enter or click."""

    BINDINGS = [
        Binding("down,j", "cursor_down", "Down", show=False),
        Binding("up,k", "cursor_up", "Up", show=False),
        Binding("home,g", "first", "First", show=False),
        Binding("end,G", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("enter", "choose", "Read", show=False),
    ]

    COMPONENT_CLASSES = {
        "headline-list--cursor",
        "headline-list--unread",
        "headline-list--meta",
        "headline-list--source",
        "headline-list--mark",
        "headline-list--star",
    }

    DEFAULT_CSS = """
    HeadlineList { overflow-x: hidden; }
    HeadlineList > .headline-list--cursor { background: $block-cursor-blurred-background; }
    HeadlineList:focus > .headline-list--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    HeadlineList > .headline-list--unread { text-style: bold; }
    HeadlineList > .headline-list--meta { color: $text-muted; }
    HeadlineList > .headline-list--source { color: $text-accent; }
    HeadlineList > .headline-list--mark { color: $text-accent; text-style: bold; }
    HeadlineList > .headline-list--star { color: $text-warning; text-style: bold; }
    """

    headlines: reactive[tuple[Headline, ...]] = reactive((), always_update=True)
    #: Where the cursor goes when the list is first filled (else the first row).
    start_id: reactive[str | None] = reactive(None)
    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        headline: Headline | None

    @dataclass
    class Chosen(Message):
        headline: Headline

    def __init__(self, *, clock: Clock = utc_now, id: str | None = None) -> None:
        super().__init__(id=id)
        self.clock = clock
        self._index: dict[str, int] = {}
        self._lines: dict[tuple[int, int, bool], Strip] = {}
        self._now: datetime = clock()
        self._filled = False

    def on_mount(self) -> None:
        self.set_interval(60, self._tick)

    def _tick(self) -> None:
        """Ages ("5m") move on with the clock."""
        self._now = self.clock()
        self._lines.clear()
        self.refresh()

    # ------------------------------------------------------------------ data
    @property
    def current(self) -> Headline | None:
        if 0 <= self.cursor < len(self.headlines):
            return self.headlines[self.cursor]
        return None

    def watch_headlines(self, old: tuple[Headline, ...], new: tuple[Headline, ...]) -> None:
        current = old[self.cursor] if 0 <= self.cursor < len(old) else None
        self._index = {h.id: i for i, h in reversed(list(enumerate(new)))}
        self._lines.clear()
        self._now = self.clock()
        self.virtual_size = Size(0, len(new) * ROW_HEIGHT)
        # Keep the cursor on the article it was on; else (on the first fill only) the start article; else the top.
        target = current.id if current else ("" if self._filled else self.start_id or "")
        self._filled = self._filled or bool(new)
        row = self._index.get(target, min(self.cursor, len(new) - 1) if current else 0)
        self.cursor = max(0, row)
        # The new height only counts once laid out: scroll the cursor into view again after that, from the top, so
        # that where the list ends up depends on its final size alone.
        self.scroll_to(y=0, animate=False, immediate=True)
        self.call_after_refresh(self._scroll_to_cursor)
        self.refresh()

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.headlines) - 1)) if self.headlines else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self.current))

    def _refresh_row(self, row: int) -> None:
        for key in [k for k in self._lines if k[0] == row]:
            del self._lines[key]
        self.refresh(Region(0, row * ROW_HEIGHT - int(self.scroll_y), self.size.width, ROW_HEIGHT))

    def _scroll_to_cursor(self) -> None:
        if self.headlines:
            self.scroll_to_region(
                Region(0, self.cursor * ROW_HEIGHT, 1, ROW_HEIGHT), animate=False, force=True, immediate=True
            )
        self._sync_scrollbar()

    def _sync_scrollbar(self) -> None:
        # Textual moves the scrollbar only while it is shown: a list scrolled before its scrollbar appeared (when
        # the first screen is ready at mount, say) would keep its thumb at the top.
        if self.show_vertical_scrollbar:
            self.vertical_scrollbar.position = self.scroll_y

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        if shown:
            self._sync_scrollbar()

    def on_resize(self) -> None:
        self._lines.clear()
        self.virtual_size = Size(0, len(self.headlines) * ROW_HEIGHT)
        self.call_after_refresh(self._scroll_to_cursor)

    def on_focus(self) -> None:
        self._lines.clear()

    def on_blur(self) -> None:
        self._lines.clear()

    # ------------------------------------------------------------------ drawing
    def render_line(self, y: int) -> Strip:
        line = int(self.scroll_y) + y
        row, part = divmod(line, ROW_HEIGHT)
        width = self.scrollable_content_region.width
        if row >= len(self.headlines):
            return Strip.blank(width, self.rich_style)
        key = (row, part, self.has_focus)
        strip = self._lines.get(key)
        if strip is None or strip.cell_length != width:
            strip = self._render_row_part(self.headlines[row], part, row == self.cursor, width)
            if len(self._lines) > 4000:
                self._lines.clear()
            self._lines[key] = strip
        return strip

    def _render_row_part(self, h: Headline, part: int, is_cursor: bool, width: int) -> Strip:
        def style(name: str) -> Style:
            # partial: only what the component changes (colour, bold), so the cursor's background shows through
            return self.get_component_rich_style(name, partial=True)

        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if part == 0:
            if h.starred:
                text.append(" ★ ", style("headline-list--star"))
            elif not h.read:
                text.append(" ● ", style("headline-list--mark"))
            else:
                text.append("   ")
            title = clean_line(h.title) or "(untitled)"
            text.append(title, style("headline-list--unread") if not h.read else Style())
        else:
            text.append("   ")
            text.append(clean_line(h.source), style("headline-list--source") if not h.read else Style())
            age = relative(h.published, self._now, estimated=h.published_estimated)
            text.append(f" · {age}", style("headline-list--meta"))
        text.truncate(width, overflow="ellipsis", pad=True)
        base = self.rich_style
        if is_cursor:
            base = base + self.get_component_rich_style("headline-list--cursor")
        text.stylize_before(base)
        segments = list(text.render(self.app.console))
        return Strip(Segment.adjust_line_length(segments, width, style=base), width)

    # ------------------------------------------------------------------ keys and mouse
    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.headlines) - 1

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_page_up(self) -> None:
        self.cursor -= self._page()

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_y)) // ROW_HEIGHT
        if 0 <= row < len(self.headlines):
            if row == self.cursor and event.chain >= 2:
                self.action_choose()
            self.cursor = row
