"""The small value types the store hands out, and its one exception."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from briefing.model import Headline  # the store hands out the model's Headline

__all__ = ["FeedInfo", "Headline", "Marks", "StoreError", "UpsertStats"]


class StoreError(Exception):
    """The store cannot do what was asked; the message is one line for the user (no traceback needed)."""


@dataclass(frozen=True, slots=True)
class Marks:
    """The read/starred state of one article (also for articles that are not in the cache)."""

    read: bool = False
    starred: bool = False
    read_at: datetime | None = None
    starred_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """A feed as the store knows it: its settings, the last fetch and its article counts."""

    url: str
    name: str | None
    category: str | None
    etag: str | None
    last_modified: str | None
    last_status: int | None
    last_error: str | None
    last_fetch: datetime | None
    article_count: int
    unread_count: int


@dataclass(frozen=True, slots=True)
class UpsertStats:
    """What `Store.upsert_articles` did: articles added, changed in place, and left as they were."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
