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
        # The warning first: in a narrow terminal it must not be the part that is cut off.
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.warning:
            text.append("⚠ " + clean_line(self.warning), style="bold yellow")
            text.append("  ")
        text.append(clean_line(self.message))
        return text
