"""Build Rich `Text` from untrusted strings: never parsed as markup, stripped of escape sequences."""

from __future__ import annotations

from rich.text import Text

from briefing.textsafe import clean, clean_line


def line(value: str | None, style: str = "") -> Text:
    """One line of untrusted text, whitespace folded, as plain Text."""
    return Text(clean_line(value), style=style, end="")


def para(value: str | None, style: str = "") -> Text:
    """A paragraph of untrusted text (newlines kept), as plain Text."""
    return Text(clean(value).strip(), style=style, end="")


def join(parts: list[Text], sep: str = "\n") -> Text:
    """Join Text parts with a plain separator."""
    return Text(sep, end="").join(parts)
