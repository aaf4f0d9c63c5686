"""The links of the article on screen (its own page and every link in its text), to open from the keyboard."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from briefing.model import Article
from briefing.textsafe import clean_line, safe_url
from briefing.ui.styles import SCREENS_CSS


def article_links(article: Article) -> list[tuple[str, str]]:
    """(label, url) for the article's page and each http(s) link it carries, without repeats."""
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    candidates = [("This article", article.url)] + [
        (f"{link.label}: {link.text}" if link.label else link.text or link.url or "", link.url)
        for link in article.links
    ]
    for label, url in candidates:
        url = safe_url(url)
        if url and url not in seen:
            seen.add(url)
            out.append((clean_line(label) or url, url))
    return out


class LinksScreen(ModalScreen[str | None]):
    """Pick a link with j/k or the arrows; enter (or o) opens it; escape closes."""

    CSS_PATH = SCREENS_CSS

    AUTO_FOCUS = "#links-list"

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close"),
        Binding("o", "open", "Open"),
        Binding("j", "down", "Down", show=False),
        Binding("k", "up", "Up", show=False),
    ]

    def __init__(self, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="links-box"):
            yield Static(Text(f"Links ({len(self.links)})", style="bold"), id="links-title")
            options = [
                Option(Text.assemble((label, "bold"), "\n", (url, "dim underline")), id=str(i))
                for i, (label, url) in enumerate(self.links)
            ]
            yield OptionList(*options, id="links-list")
            yield Static(Text("enter or o: open in the browser · escape: close", style="dim"), id="links-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.links[int(event.option.id or 0)][1])

    def action_open(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None:
            self.dismiss(self.links[index][1])

    def action_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
