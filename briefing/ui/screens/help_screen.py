"""The help screen: every key, from `briefing.ui.keys.KEYS`."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from briefing.ui.keys import KEYS
from briefing.ui.styles import SCREENS_CSS


def keys_table() -> Table:
    table = Table(box=None, show_header=True, header_style="bold", pad_edge=False, expand=True)
    table.add_column("key", style="bold cyan", no_wrap=True)
    table.add_column("does")
    table.add_column("where", style="dim", no_wrap=True)
    for key in KEYS:
        table.add_row(Text(key.keys), Text(key.description), Text(key.where))
    return table


class HelpScreen(ModalScreen[None]):
    """A modal list of every key; any of escape, q or ? closes it."""

    CSS_PATH = SCREENS_CSS

    AUTO_FOCUS = "#help-box"

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
        Binding("question_mark", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("briefing — keys", style="bold"), id="help-title")
            yield Static(keys_table(), id="help-keys")
            yield Static(Text("escape, q or ? closes this screen", style="dim"), id="help-hint")

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
