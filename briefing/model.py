"""Plain data classes shared by the domain and the UI.

Nothing here imports Textual: sources produce :class:`Article`, the key-facts engine produces :class:`KeyFacts`,
and the UI only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

BlockKind = Literal["paragraph", "heading", "list_item", "quote"]


@dataclass(frozen=True, slots=True)
class Block:
    """One block of an article body: a paragraph, heading, list item or block quote."""

    text: str
    kind: BlockKind = "paragraph"


@dataclass(frozen=True, slots=True)
class Link:
    """A related link: `label` is what introduced it ("READ MORE"), `text` its title, `url` where it points."""

    label: str
    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class PullQuote:
    """A quote displayed apart from the body (repeated from it), with its attribution line."""

    text: str
    attribution: str | None = None


@dataclass(slots=True)
class Article:
    """One article, whatever it was read from."""

    id: str
    title: str
    source: str
    blocks: tuple[Block, ...] = ()
    published: datetime | None = None
    #: True when `published` is a guess (the file's modification time), not stated by the article.
    published_estimated: bool = False
    url: str | None = None
    author: str | None = None
    caption: str | None = None
    credit: str | None = None
    dateline: str | None = None
    links: tuple[Link, ...] = ()
    pull_quotes: tuple[PullQuote, ...] = ()
    #: The local file it came from, if any.
    path: str | None = None
    #: The feed (url) it belongs to, if any.
    feed: str | None = None
    #: True when `blocks` hold the full story fetched from the article's page.
    full_text: bool = False
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def paragraphs(self) -> tuple[str, ...]:
        """The body's blocks as plain strings, in order."""
        return tuple(b.text for b in self.blocks)

    @property
    def text(self) -> str:
        """The clean body: paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def content_hash(self) -> str:
        """A hash of what the article says (title and body), stable across runs."""
        return content_hash(self.title, self.text)


def content_hash(title: str, text: str) -> str:
    """sha256 of title and body, whitespace-normalised."""
    norm = " ".join(title.split()) + "\n" + " ".join(text.split())
    import hashlib  # not needed before the first article is read

    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()


def stable_id(*parts: str | None) -> str:
    """A short stable id made of the given parts (e.g. a feed url and an entry guid)."""
    import hashlib

    h = hashlib.sha256("\x1f".join(p or "" for p in parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Headline:
    """What the headline list shows of an article: light enough to hold 50,000 of them."""

    id: str
    title: str
    source: str
    published: datetime | None = None
    published_estimated: bool = False
    feed: str | None = None
    read: bool = False
    starred: bool = False

    @classmethod
    def of(cls, article: Article, *, read: bool = False, starred: bool = False) -> Headline:
        return cls(
            id=article.id,
            title=article.title,
            source=article.source,
            published=article.published,
            published_estimated=article.published_estimated,
            feed=article.feed,
            read=read,
            starred=starred,
        )


# ---------------------------------------------------------------- key facts


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None = None
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    aliases: tuple[str, ...] = ()
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    mentions: int = 1


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date as written (`text`) and as an ISO date (`date`, None when it cannot be resolved)."""

    text: str
    date: str | None = None


@dataclass(frozen=True, slots=True)
class NumberFact:
    """A number with what it counts: text "40,000 troops", value 40000.0, unit "troops"."""

    text: str
    value: float | None
    unit: str | None
    sentence: str


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class KeyFacts:
    """What an article is about, as computed by :mod:`briefing.facts`."""

    summary: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    places: tuple[Place, ...] = ()
    dates: tuple[DateFact, ...] = ()
    numbers: tuple[NumberFact, ...] = ()
    quotes: tuple[Quote, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(
            (
                self.summary,
                self.people,
                self.organizations,
                self.places,
                self.dates,
                self.numbers,
                self.quotes,
            )
        )
