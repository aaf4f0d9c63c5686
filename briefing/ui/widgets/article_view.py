"""The detail pane: title, metadata, dateline, caption and credit, clean paragraphs and related links."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from briefing.model import Article
from briefing.textsafe import clean_line, safe_url
from briefing.timefmt import long_date
from briefing.ui.safe_text import join, line, para


def render_article(article: Article | None, empty_message: str) -> Text:
    """The whole article as one Text; every untrusted string goes in as plain text."""
    if article is None:
        return Text(empty_message, style="dim")
    parts: list[Text] = [line(article.title, "bold")]
    meta = Text(end="")
    meta.append(clean_line(article.source), style="cyan")
    if article.author:
        meta.append("  ·  ")
        meta.append(clean_line(article.author), style="italic")
    meta.append("  ·  ")
    meta.append(long_date(article.published, estimated=article.published_estimated), style="dim")
    if article.full_text:
        meta.append("  ·  full text", style="green")
    parts.append(meta)
    url = safe_url(article.url)
    if url:
        parts.append(Text(url, style="dim underline", end=""))
    if article.caption or article.credit:
        caption = Text(end="")
        caption.append("Photo: ", style="dim bold")
        caption.append(clean_line(article.caption), style="dim italic")
        if article.credit:
            caption.append(f"  ({clean_line(article.credit)})", style="dim")
        parts.append(Text(""))
        parts.append(caption)
    parts.append(Text(""))
    first = True
    for block in article.blocks:
        body = para(block.text)
        if first and article.dateline:
            body = Text.assemble((clean_line(article.dateline) + " — ", "bold"), body)
        first = False
        if block.kind == "heading":
            body.stylize("bold")
        elif block.kind == "list_item":
            body = Text.assemble("  • ", body)
        elif block.kind == "quote":
            body = Text.assemble(("  ▌ ", "dim"), body)
            body.stylize("italic")
        parts.append(body)
        parts.append(Text(""))
    for quote in article.pull_quotes:
        pq = Text.assemble(("Pull quote: ", "dim bold"), para(quote.text, "italic"))
        if quote.attribution:
            pq.append(f" — {clean_line(quote.attribution)}", style="dim")
        parts.append(pq)
        parts.append(Text(""))
    if article.links:
        parts.append(Text("Related", style="bold"))
        for link in article.links:
            item = Text.assemble(("  ↗ ", "cyan"), (clean_line(link.label) + ": ", "dim"), line(link.text))
            link_url = safe_url(link.url)
            if link_url:
                item.append(f"  {link_url}", style="dim underline")
            parts.append(item)
    return join(parts)


class ArticleView(VerticalScroll, can_focus=True):
    """Shows `article`; scrolls with j/k, arrows, g/G, space and page keys."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
        Binding("space", "page_down", "Page down", show=False),
    ]

    article: reactive[Article | None] = reactive(None)
    empty_message: reactive[str] = reactive("No article selected.")

    def compose(self) -> ComposeResult:
        yield Static(id="article-body")

    def _refresh_body(self) -> None:
        self.query_one("#article-body", Static).update(render_article(self.article, self.empty_message))
        self.scroll_home(animate=False)

    def watch_article(self) -> None:
        self._refresh_body()

    def watch_empty_message(self) -> None:
        self._refresh_body()
