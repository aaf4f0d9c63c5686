"""The filter box above the headline list: what is typed filters the list, and the list's movement keys keep
working while typing (↓/↑, page down/up), so one can filter and pick without leaving the box."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from briefing.ui.widgets.headline_list import HeadlineList


class FilterBox(Input):
    """An Input whose movement keys move the headline list it filters."""

    BINDINGS = [
        Binding("down", "list('cursor_down')", "Next headline", show=False),
        Binding("up", "list('cursor_up')", "Previous headline", show=False),
        Binding("pagedown", "list('page_down')", "Page down", show=False),
        Binding("pageup", "list('page_up')", "Page up", show=False),
    ]

    def action_list(self, action: str) -> None:
        """Run one of the headline list's movement actions."""
        getattr(self.screen.query_one(HeadlineList), f"action_{action}")()
