"""The key-facts pane: key sentences, people, organisations, places, dates, numbers and quotes."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from briefing.model import KeyFacts
from briefing.textsafe import clean_line
from briefing.ui.safe_text import join, line

#: How many items each list shows (the facts are ordered by salience).
CAPS = {"summary": 5, "people": 8, "organizations": 8, "places": 8, "dates": 6, "numbers": 6, "quotes": 5}


def _section(title: str, items: list[Text]) -> list[Text]:
    if not items:
        return []
    return [Text(title, style="bold cyan"), *items, Text("")]


def render_facts(facts: KeyFacts | None, pending: bool) -> Text:
    """The facts as one Text; every untrusted string goes in as plain text."""
    if pending and facts is None:
        return Text("Reading the article…", style="dim italic")
    if facts is None:
        return Text("", end="")
    if facts.empty:
        return Text("No key facts found.", style="dim")
    parts: list[Text] = []
    parts += _section("Key points", [Text.assemble("• ", line(s)) for s in facts.summary[: CAPS["summary"]]])
    people = []
    for p in facts.people[: CAPS["people"]]:
        t = Text.assemble(("• ", "dim"), line(p.name, "bold"))
        if p.role:
            t.append(f", {clean_line(p.role)}", style="italic")
        if p.mentions > 1:
            t.append(f" ×{p.mentions}", style="dim")
        people.append(t)
    parts += _section("People", people)
    orgs = []
    for o in facts.organizations[: CAPS["organizations"]]:
        t = Text.assemble(("• ", "dim"), line(o.name))
        if o.aliases:
            t.append(" (" + ", ".join(clean_line(a) for a in o.aliases) + ")", style="dim")
        orgs.append(t)
    parts += _section("Organisations", orgs)
    places = [Text.assemble(("• ", "dim"), line(p.name)) for p in facts.places[: CAPS["places"]]]
    parts += _section("Places", places)
    dates = []
    for d in facts.dates[: CAPS["dates"]]:
        t = Text.assemble(("• ", "dim"), line(d.text))
        if d.date:
            t.append(f"  {d.date}", style="green")
        dates.append(t)
    parts += _section("Dates", dates)
    numbers = [Text.assemble(("• ", "dim"), line(n.text, "bold")) for n in facts.numbers[: CAPS["numbers"]]]
    parts += _section("Numbers", numbers)
    quotes = []
    for q in facts.quotes[: CAPS["quotes"]]:
        t = Text.assemble(("“", "dim"), line(q.text, "italic"), ("”", "dim"))
        t.append(f" — {clean_line(q.speaker) if q.speaker else 'unattributed'}", style="dim")
        quotes.append(t)
    parts += _section("Quotes", quotes)
    if parts and not parts[-1].plain:
        parts.pop()
    return join(parts)


class KeyFactsView(VerticalScroll, can_focus=True):
    """Shows `facts` (or that they are being computed)."""

    BINDINGS = [
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    facts: reactive[KeyFacts | None] = reactive(None)
    pending: reactive[bool] = reactive(False)

    def compose(self) -> ComposeResult:
        yield Static(id="facts-body")

    def _refresh_body(self) -> None:
        self.query_one("#facts-body", Static).update(render_facts(self.facts, self.pending))

    def watch_facts(self) -> None:
        self._refresh_body()
        self.scroll_home(animate=False)

    def watch_pending(self) -> None:
        self._refresh_body()
