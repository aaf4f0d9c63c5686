"""Hostile bylines: the byline patterns only ever see a byline-sized string (fixture text written for these
tests). Work is bounded by counting the characters the patterns are given, not by timing."""

from __future__ import annotations

import re

import pytest

from briefing.sources import html_meta
from briefing.sources.html_meta import MAX_AUTHOR_CHARS, MAX_AUTHORS, clean_author, read_meta
from briefing.sources.html_page import parse_tree


class _Scanned:
    """A compiled pattern that counts the characters of the strings it is given."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.chars = 0

    def search(self, string: str, *args):
        self.chars += len(string)
        return self.pattern.search(string, *args)

    def sub(self, repl, string: str, *args):
        self.chars += len(string)
        return self.pattern.sub(repl, string, *args)


HOSTILE = [
    "a." * 50_000,  # every dot a word boundary where the e-mail pattern starts again: quadratic
    "Jo Bloggs" + ", senior staff writer" * 5_000,  # one role cut per pass, each pass a search of the rest
]


@pytest.mark.parametrize("byline", HOSTILE, ids=["dotted", "roles"])
def test_a_huge_byline_string_is_not_read(monkeypatch, byline):
    handle = _Scanned(html_meta._HANDLE)
    role = _Scanned(html_meta._ROLE_TAIL)
    monkeypatch.setattr(html_meta, "_HANDLE", handle)
    monkeypatch.setattr(html_meta, "_ROLE_TAIL", role)
    assert clean_author(byline) is None
    page = f'<html><head><meta name="author" content="{byline}"></head><body><h1>Harbour</h1></body></html>'
    assert read_meta(parse_tree(page)).author is None
    assert handle.chars + role.chars <= 20 * MAX_AUTHOR_CHARS


def test_a_byline_of_normal_size_is_still_cleaned():
    assert clean_author("By Jo Bloggs | Senior Staff Writer") == "Jo Bloggs"
    assert clean_author("x" * (MAX_AUTHOR_CHARS + 1)) is None


def test_a_list_of_thousands_of_authors_keeps_the_first_few():
    names = [{"@type": "Person", "name": f"Jo Bloggs{chr(65 + i % 26)}{chr(65 + i // 26 % 26)}"} for i in range(5_000)]
    author = clean_author(names)
    assert author is not None and author.startswith("Jo BloggsAA, Jo BloggsBA")
    assert len(author.split(", ")) == MAX_AUTHORS
