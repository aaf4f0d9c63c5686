"""Every key briefing answers to, in one table: the help screen and the README are made from it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Key:
    keys: str
    description: str
    where: str = "everywhere"


KEYS: tuple[Key, ...] = (
    Key("j / ↓", "next headline, or scroll down", "list, panes"),
    Key("k / ↑", "previous headline, or scroll up", "list, panes"),
    Key("g / G", "first / last headline, or top / bottom", "list, panes"),
    Key("enter", "read the article (opens the article pane)", "list"),
    Key("tab / shift+tab", "next / previous part"),
    Key("/", "filter the headlines as you type"),
    Key("↓ / ↑ / pgdn / pgup", "move through the headlines while typing", "filter"),
    Key("escape", "clear the filter and views, back to the list"),
    Key("m", "mark read / unread (reading marks it read)"),
    Key("s", "star / unstar"),
    Key("u", "unread only, or all again"),
    Key("*", "starred only, or all again"),
    Key("o", "open the article's URL in the browser"),
    Key("l", "the article's links: pick one, enter opens it"),
    Key("t", "fetch the full story from the article's page"),
    Key("r / R", "refresh this article's feed / every feed"),
    Key("F", "feeds: last results and errors; pick a feed or category"),
    Key("e", "next feed in error", "feeds"),
    Key("f", "show or hide the key facts"),
    Key("space / pgdn / pgup", "page through the article", "panes"),
    Key("ctrl+p", "command palette: every action by name"),
    Key("?", "this help"),
    Key("q", "quit"),
)
