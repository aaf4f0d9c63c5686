"""Word lists as trie-shaped regexes: Python's `re` tries every branch of a plain alternation ("said|says|...")
at every position of the text, so a long list is much faster factored by prefix ("sa(?:id|ys?)")."""

from __future__ import annotations

import re


def alternation(words: list[str] | set[str] | frozenset[str]) -> str:
    """A regex (no group captured) matching exactly the given words; longer words are tried first."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return "(?:" + emit(trie) + ")"
