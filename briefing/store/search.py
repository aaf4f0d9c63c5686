"""Full-text search (FTS5) over titles and bodies, ranked by bm25, usable as you type.

User input is never passed to FTS5 as query syntax: it is split into words (letters and digits), each word
becomes a quoted string, all must match (implicit AND), and the last word is a prefix query unless the input
ends with a space, so "nato fla" finds "NATO's eastern flank". A quoted "exact phrase" in the input is kept
as a phrase. Operators (``OR``, ``NEAR(``, ``*``, ``^``, ``:``, ``-``) are just words or ignored.

Ranking: bm25 with titles weighing 5x, over the newest ``RANK_WINDOW`` (2,000) matches. A query matching fewer
articles is ranked exactly; a very broad one (two letters typed, a common word) ranks its 2,000 most recently
stored matches, which keeps every keystroke fast at 50,000 articles.
"""

from __future__ import annotations

import re
import sqlite3

from briefing.store.articles import HEADLINE_COLUMNS, headline
from briefing.store.records import Headline

MAX_QUERY_CHARS = 300
MAX_TERMS = 12
TITLE_WEIGHT = 5.0
#: At most this many matches, the most recently stored, are ranked (see `search`).
RANK_WINDOW = 2000
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_PHRASE = re.compile(r'"([^"]*)"')


def fts_query(text: str) -> str | None:
    """An FTS5 MATCH expression for what the user typed, or None when it has nothing to search for."""
    text = (text or "")[:MAX_QUERY_CHARS]
    terms: list[str] = []
    # quoted phrases first; an unclosed quote is just ignored
    for phrase in _PHRASE.findall(text):
        words = _WORD.findall(phrase)
        if words:
            terms.append('"' + " ".join(words) + '"')
    rest = _PHRASE.sub(" ", text)
    words = _WORD.findall(rest)
    last_is_prefix = bool(words) and not rest[-1:].isspace() and not text.rstrip().endswith('"')
    for i, word in enumerate(words):
        prefix = last_is_prefix and i == len(words) - 1
        terms.append(f'"{word}"' + ("*" if prefix else ""))
    if not terms:
        return None
    return " ".join(terms[:MAX_TERMS])


def search(conn: sqlite3.Connection, text: str, limit: int = 500) -> list[Headline]:
    """Headlines matching `text`, best first (bm25; ties newest first). `conn` has marks attached as ``m``."""
    query = fts_query(text)
    if query is None:
        return []
    # Rank (bm25) only the newest RANK_WINDOW matches: exact for all but very broad queries (a two-letter
    # prefix, a common word), where ranking every match would cost ~100 ms at 50,000 articles.
    sql = f"""
        WITH recent AS (
            SELECT rowid AS seq, bm25(articles_fts, {TITLE_WEIGHT}, 1.0) AS score
            FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT {RANK_WINDOW}
        ), hits AS (SELECT seq, score FROM recent ORDER BY score LIMIT ?)
        SELECT {HEADLINE_COLUMNS} FROM hits h JOIN articles a ON a.seq = h.seq
        LEFT JOIN m.marks k ON k.article_id = a.id
        ORDER BY h.score, a.sort_ts DESC, a.id DESC
    """
    return [headline(r) for r in conn.execute(sql, (query, max(0, int(limit))))]
