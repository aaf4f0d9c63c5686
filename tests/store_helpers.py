"""Shared helpers for the store tests: articles written for these tests, and a child-process runner."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from briefing.model import Article, Block, Link, PullQuote, stable_id

REPO = Path(__file__).resolve().parents[1]
BASE = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def article(
    n: int,
    *,
    feed: str | None = "https://news.example/feed.xml",
    title: str | None = None,
    body: str | None = None,
    published: datetime | bool | None = True,
    full_text: bool = False,
) -> Article:
    """A small made-up article; `published=True` means BASE + n hours."""
    when = BASE + timedelta(hours=n) if published is True else (published or None)
    text = body if body is not None else f"Paragraph one of story {n}. The harbour council met on Tuesday."
    return Article(
        id=stable_id(feed, f"guid-{n}"),
        title=title if title is not None else f"Story number {n}",
        source="Example News",
        blocks=(Block(text), Block(f"Second paragraph of story {n}.")),
        published=when,
        url=f"https://news.example/{n}",
        feed=feed,
        full_text=full_text,
    )


def rich_article() -> Article:
    return Article(
        id=stable_id("local", "rich"),
        title="Rates [/] up \x1b[2J and more",
        source="A local file",
        blocks=(
            Block("Ferry timetables change", "heading"),
            Block("The first line.\nA second line in the same paragraph."),
            Block("Bring a coat.", "list_item"),
            Block("We will sail at dawn, said the captain.", "quote"),
            Block(""),
        ),
        published=datetime(1965, 7, 1, 8, 30, tzinfo=UTC),
        published_estimated=True,
        url="https://example.org/ferry",
        author="R. Writer",
        caption="A ferry at the pier",
        credit="Photo: the author",
        dateline="PORTSMOUTH",
        links=(Link("READ MORE", "Winter schedule", "https://example.org/winter"), Link("SEE", "No url")),
        pull_quotes=(PullQuote("We will sail at dawn", "the captain"),),
        path="/home/someone/ferry.txt",
        feed=None,
        extra={"guid": "x-1", "note": "ünïcödé"},
    )


def run_child(code: str, *args: str, **kwargs) -> subprocess.Popen:
    """Start `python -c code args...` with the repository on sys.path."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs
    )
