"""Character spans already claimed in a sentence, with an overlap test that stays fast on long text; the word
character test the passes share."""

from __future__ import annotations

from bisect import bisect_right


class Taken:
    """Non-overlapping spans [start, end), kept sorted."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def free(self, start: int, end: int) -> bool:
        """True when [start, end) overlaps no claimed span."""
        k = bisect_right(self._starts, start)
        if k and self._ends[k - 1] > start:
            return False
        return not (k < len(self._starts) and self._starts[k] < end)

    def add(self, start: int, end: int) -> None:
        k = bisect_right(self._starts, start)
        self._starts.insert(k, start)
        self._ends.insert(k, end)


def is_word_char(ch: str) -> bool:
    """True for a character that `\\w` matches in a str pattern (letters and digits of any script, and "_")."""
    return ch.isalnum() or ch == "_"
