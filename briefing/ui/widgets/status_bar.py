"""The status line: what is open, counts, warnings and hints."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from briefing.textsafe import clean_line


class StatusBar(Static):
    """Shows `message` (plain text, never markup) and an optional `warning`."""

    message: reactive[str] = reactive("")
    warning: reactive[str] = reactive("")

    def render(self) -> Text:
        text = Text(clean_line(self.message), no_wrap=True, overflow="ellipsis", end="")
        if self.warning:
            text.append("  ⚠ " + clean_line(self.warning), style="bold yellow")
        return text
