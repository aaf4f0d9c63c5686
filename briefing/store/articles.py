"""Articles in the cache: encoding an :class:`~briefing.model.Article` to a row and back, upserts, headlines.

An article keeps its stable ``id`` for life, so marks (keyed by id, in the marks file) survive re-fetches
and updates. The body is stored once, as plain text (``article_text.body``, which the FTS index reads), with the
block kinds and lengths in the JSON ``data`` column so the blocks come back exactly.

Updates: ``content_hash`` is the hash of what is stored now; ``feed_hash`` the hash of the version the feed
last sent. A feed entry whose feed hash is unchanged is "unchanged" even when the stored body was replaced
by the fetched full text (so a refresh does not throw the full text away); a changed entry replaces it in
place."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import timedelta

from briefing.model import Article, Block, Link, PullQuote
from briefing.store.database import EPOCH, from_micros, now_micros, savepoint, to_micros
from briefing.store.records import Headline, UpsertStats

SEPARATOR = "\n\n"
#: One encoder for every row (``json.dumps`` with options builds a new one per call).
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

ARTICLE_COLUMNS = (
    "a.id, a.feed, a.guid, a.url, a.path, a.title, a.source, a.author, a.published, a.published_estimated, "
    "a.full_text, t.body, t.data"
)
ARTICLE_FROM = "articles a JOIN article_text t ON t.seq = a.seq"
HEADLINE_COLUMNS = (
    "a.id, a.title, a.source, a.published, a.published_estimated, a.feed, ifnull(k.read, 0), ifnull(k.starred, 0)"
)


def encode(article: Article) -> tuple[str, str]:
    """(body, data JSON) for an article; the body is its text, `data` holds everything else."""
    body = SEPARATOR.join(b.text for b in article.blocks)
    data: dict[str, object] = {"blocks": [[b.kind, len(b.text)] for b in article.blocks]}
    for name in ("caption", "credit", "dateline"):
        value = getattr(article, name)
        if value is not None:
            data[name] = value
    if article.links:
        data["links"] = [[lk.label, lk.text, lk.url] for lk in article.links]
    if article.pull_quotes:
        data["pull_quotes"] = [[q.text, q.attribution] for q in article.pull_quotes]
    if article.extra:
        data["extra"] = dict(article.extra)
    return body, _JSON.encode(data)


def decode(row: sqlite3.Row | tuple) -> Article:
    """An Article from a row of ``ARTICLE_COLUMNS``."""
    (aid, feed, _guid, url, path, title, source, author, published, estimated, full_text, body, data_json) = row
    data = json.loads(data_json)
    blocks = []
    pos = 0
    for kind, length in data.get("blocks", []):
        blocks.append(Block(body[pos : pos + length], kind))
        pos += length + len(SEPARATOR)
    return Article(
        id=aid,
        title=title,
        source=source,
        blocks=tuple(blocks),
        published=from_micros(published),
        published_estimated=bool(estimated),
        url=url,
        author=author,
        caption=data.get("caption"),
        credit=data.get("credit"),
        dateline=data.get("dateline"),
        links=tuple(Link(*lk) for lk in data.get("links", [])),
        pull_quotes=tuple(PullQuote(*q) for q in data.get("pull_quotes", [])),
        path=path,
        feed=feed,
        full_text=bool(full_text),
        extra=dict(data.get("extra", {})),
    )


def headline(row: tuple) -> Headline:
    """A Headline from a row of ``HEADLINE_COLUMNS`` (positional: this runs 50,000 times for a full list)."""
    aid, title, source, published, estimated, feed, read, starred = row
    when = None if published is None else EPOCH + timedelta(microseconds=published)
    return Headline(aid, title, source, when, bool(estimated), feed, bool(read), bool(starred))


@dataclass(slots=True)
class _Existing:
    seq: int
    content_hash: str
    feed_hash: str | None
    full_text: bool


def upsert(
    conn: sqlite3.Connection, articles: Iterable[Article], feed_url: str | None, hashes: list[str] | None = None
) -> UpsertStats:
    """Insert or update `articles` (caller holds a write transaction); pruned feed entries stay out.
    `hashes`, when given, are the articles' content hashes (computed by the caller already).

    A batch is read with one query and written with a few multi-row statements; a batch that repeats an id
    or holds text SQLite cannot store (lone surrogates) is written one article at a time instead."""
    items = list(articles)
    now = now_micros()
    if feed_url is not None:
        conn.execute("INSERT OR IGNORE INTO feeds(url, added_at) VALUES (?, ?)", (feed_url, now))
    if 1 < len(items) <= _BATCH_MAX and len({a.id for a in items}) == len(items):
        try:
            with savepoint(conn, "upsert_batch"):
                return _upsert_batch(conn, items, feed_url, now, hashes)
        except UnicodeEncodeError:
            pass  # lone surrogates somewhere (the batch left no trace): one at a time below
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    for article in items:
        try:
            outcome = _upsert_one(conn, article, feed_url, now)
        except UnicodeEncodeError:
            # lone surrogates (from broken input) cannot be stored as UTF-8: store the text with them replaced
            outcome = _upsert_one(conn, scrub(article), feed_url, now)
        counts[outcome] += 1
    return UpsertStats(**counts)


#: Largest batch written at once (SQLite allows 32,766 parameters per statement; the IN lists use two per id).
_BATCH_MAX = 2000

_INSERT_ARTICLE = """INSERT INTO articles(seq, id, feed, guid, url, path, title, source, author, published,
    published_estimated, sort_ts, first_seen, updated_at, content_hash, feed_hash, full_text) VALUES """
_INSERT_TEXT = "INSERT INTO article_text(seq, title, body, data) VALUES "
#: Rows per multi-row INSERT (17 parameters a row, well under SQLite's 32,766 parameters a statement).
_ROWS_PER_INSERT = 500
_UPDATE_ARTICLE = """UPDATE articles SET feed = ?, url = ?, path = ?, title = ?, source = ?, author = ?,
    published = ?, published_estimated = ?, sort_ts = coalesce(?, first_seen), updated_at = ?,
    content_hash = ?, feed_hash = ?, full_text = ? WHERE seq = ?"""
_UPDATE_TEXT = "UPDATE article_text SET title = ?, body = ?, data = ? WHERE seq = ?"


def _upsert_batch(
    conn: sqlite3.Connection, items: list[Article], feed_url: str | None, now: int, hashes: list[str] | None
) -> UpsertStats:
    """`upsert` for a batch of distinct ids, in a handful of statements (same outcomes as one at a time).
    Raises UnicodeEncodeError when some text cannot be stored as it is (the caller undoes the batch).

    Few statements matter beyond their own cost: SQLite runs each without the GIL, and on the refresh's store
    thread every statement means waiting for the GIL back from the busy event loop."""
    ids = [a.id for a in items]
    marks = ",".join("?" * len(ids))
    existing: dict[str, _Existing] = {}
    pruned: set[str] = set()
    next_seq = 1
    for kind, aid, seq, chash, feed_hash, full_text in conn.execute(
        f"""SELECT 0, id, seq, content_hash, feed_hash, full_text FROM articles WHERE id IN ({marks})
            UNION ALL SELECT 1, id, NULL, NULL, NULL, NULL FROM pruned WHERE id IN ({marks})
            UNION ALL SELECT 2, NULL, max(seq), NULL, NULL, NULL FROM articles""",
        ids + ids,
    ):
        if kind == 0:
            existing[aid] = _Existing(seq, chash, feed_hash, full_text)
        elif kind == 1:
            pruned.add(aid)
        else:
            # The write transaction is ours: new rows get the rowids SQLite would pick (max + 1, ...).
            next_seq = (seq or 0) + 1
    new_rows: list[tuple] = []
    new_texts: list[tuple] = []
    update_rows: list[tuple] = []
    update_texts: list[tuple] = []
    hash_only: list[tuple] = []
    unchanged = 0
    for i, article in enumerate(items):
        feed = feed_url if feed_url is not None else article.feed
        chash = hashes[i] if hashes is not None else article.content_hash
        old = existing.get(article.id)
        if old is None:
            if feed is not None and article.id in pruned:
                unchanged += 1
                continue
            seq, next_seq = next_seq, next_seq + 1
            body, data = encode(article)
            published = to_micros(article.published)
            new_rows.append((seq, *_new_row(article, feed, chash, published, now)))
            new_texts.append((seq, article.title, body, data))
            continue
        if article.full_text:
            changed = chash != old.content_hash
            feed_hash = old.feed_hash
        elif old.full_text and old.feed_hash is None:
            hash_only.append((chash, old.seq))
            changed = False
        else:
            changed = chash != old.feed_hash
            feed_hash = chash
        if not changed:
            unchanged += 1
            continue
        body, data = encode(article)
        published = to_micros(article.published)
        update_rows.append(_update_row(article, feed, chash, feed_hash, published, now, old.seq))
        update_texts.append((article.title, body, data, old.seq))
    if feed_url is None:
        other_feeds = {a.feed for a in items if a.feed is not None}
        if other_feeds:
            conn.executemany(
                "INSERT OR IGNORE INTO feeds(url, added_at) VALUES (?, ?)", [(f, now) for f in sorted(other_feeds)]
            )
    if hash_only:
        conn.executemany("UPDATE articles SET feed_hash = ? WHERE seq = ?", hash_only)
    if new_rows:
        _insert_rows(conn, _INSERT_ARTICLE, new_rows)
        _insert_rows(conn, _INSERT_TEXT, new_texts)
    if update_rows:
        conn.executemany(_UPDATE_ARTICLE, update_rows)
        conn.executemany(_UPDATE_TEXT, update_texts)
    return UpsertStats(new=len(new_rows), updated=len(update_rows), unchanged=unchanged)


def _insert_rows(conn: sqlite3.Connection, head: str, rows: list[tuple]) -> None:
    """Insert `rows` with multi-row INSERT statements: one statement (one release of the GIL, which another
    thread may then hold for a whole switch interval) per 500 rows, where ``executemany`` takes one per row."""
    width = len(rows[0])
    one = "(" + ",".join("?" * width) + ")"
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        conn.execute(head + ",".join([one] * len(chunk)), [value for row in chunk for value in row])


def _new_row(article: Article, feed: str | None, chash: str, published: int | None, now: int) -> tuple:
    """The `articles` columns of a new article, id to full_text (its seq is chosen apart)."""
    return (
        article.id,
        feed,
        article.extra.get("guid"),
        article.url,
        article.path,
        article.title,
        article.source,
        article.author,
        published,
        int(article.published_estimated),
        published if published is not None else now,
        now,
        now,
        chash,
        None if article.full_text else chash,
        int(article.full_text),
    )


def _update_row(
    article: Article, feed: str | None, chash: str, feed_hash: str | None, published: int | None, now: int, seq: int
) -> tuple:
    """The parameters of the UPDATE of a changed article, feed to full_text, then its seq."""
    return (
        feed,
        article.url,
        article.path,
        article.title,
        article.source,
        article.author,
        published,
        int(article.published_estimated),
        published,
        now,
        chash,
        feed_hash,
        int(article.full_text),
        seq,
    )


def _upsert_one(conn: sqlite3.Connection, article: Article, feed_url: str | None, now: int) -> str:
    """Store one article; return "new", "updated" or "unchanged"."""
    feed = feed_url if feed_url is not None else article.feed
    if feed is not None and feed != feed_url:
        conn.execute("INSERT OR IGNORE INTO feeds(url, added_at) VALUES (?, ?)", (feed, now))
    row = conn.execute(
        "SELECT seq, content_hash, feed_hash, full_text FROM articles WHERE id = ?", (article.id,)
    ).fetchone()
    chash = article.content_hash
    body, data = encode(article)
    published = to_micros(article.published)
    if row is None:
        if feed is not None and conn.execute("SELECT 1 FROM pruned WHERE id = ?", (article.id,)).fetchone():
            return "unchanged"
        conn.execute(
            """INSERT INTO articles(id, feed, guid, url, path, title, source, author, published,
                published_estimated, sort_ts, first_seen, updated_at, content_hash, feed_hash, full_text)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            _new_row(article, feed, chash, published, now),
        )
        seq = conn.execute("SELECT last_insert_rowid()").fetchone()[0]
        conn.execute(
            "INSERT INTO article_text(seq, title, body, data) VALUES (?, ?, ?, ?)", (seq, article.title, body, data)
        )
        return "new"
    old = _Existing(*row)
    if article.full_text:
        changed = chash != old.content_hash
        feed_hash = old.feed_hash
    elif old.full_text and old.feed_hash is None:
        # Stored from its page first: remember what the feed says, keep the full text.
        conn.execute("UPDATE articles SET feed_hash = ? WHERE seq = ?", (chash, old.seq))
        changed = False
    else:
        changed = chash != old.feed_hash
        feed_hash = chash
    if not changed:
        return "unchanged"
    conn.execute(
        """UPDATE articles SET feed = ?, url = ?, path = ?, title = ?, source = ?, author = ?,
            published = ?, published_estimated = ?, sort_ts = coalesce(?, first_seen), updated_at = ?,
            content_hash = ?, feed_hash = ?, full_text = ? WHERE seq = ?""",
        _update_row(article, feed, chash, feed_hash, published, now, old.seq),
    )
    conn.execute(
        "UPDATE article_text SET title = ?, body = ?, data = ? WHERE seq = ?", (article.title, body, data, old.seq)
    )
    return "updated"


def _fix(text: str | None) -> str | None:
    return text.encode("utf-8", "replace").decode("utf-8") if text is not None else None


def scrub(article: Article) -> Article:
    """A copy of `article` whose text can be encoded as UTF-8 (lone surrogates become "?")."""
    return replace(
        article,
        title=_fix(article.title) or "",
        source=_fix(article.source) or "",
        blocks=tuple(Block(_fix(b.text) or "", b.kind) for b in article.blocks),
        url=_fix(article.url),
        author=_fix(article.author),
        caption=_fix(article.caption),
        credit=_fix(article.credit),
        dateline=_fix(article.dateline),
        links=tuple(Link(_fix(k.label) or "", _fix(k.text) or "", _fix(k.url)) for k in article.links),
        pull_quotes=tuple(PullQuote(_fix(q.text) or "", _fix(q.attribution)) for q in article.pull_quotes),
        path=_fix(article.path),
        feed=_fix(article.feed),
        extra={_fix(k) or "": _fix(v) or "" for k, v in article.extra.items()},
    )


def get(conn: sqlite3.Connection, article_id: str) -> Article | None:
    row = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.id = ?", (article_id,)).fetchone()
    return decode(row) if row else None


def article_seqs(conn: sqlite3.Connection, *, feed: str | None = None, starred_only: bool = False) -> list[int]:
    """Row numbers of all articles (or a feed's, or the starred ones), newest first."""
    where, params = [], []
    if feed is not None:
        where.append("a.feed = ?")
        params.append(feed)
    if starred_only:
        where.append("a.id IN (SELECT article_id FROM m.marks WHERE starred = 1)")
    sql = f"SELECT a.seq FROM articles a {'WHERE ' + ' AND '.join(where) if where else ''} "
    sql += "ORDER BY a.sort_ts DESC, a.id DESC"
    return [r[0] for r in conn.execute(sql, params)]


def by_seqs(conn: sqlite3.Connection, seqs: list[int]) -> list[Article]:
    """The articles with these row numbers, in that order (rows deleted meanwhile are skipped)."""
    marks = ",".join("?" * len(seqs))
    rows = conn.execute(
        f"SELECT a.seq, {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE a.seq IN ({marks})", seqs
    ).fetchall()
    found = {r[0]: r[1:] for r in rows}
    return [decode(found[seq]) for seq in seqs if seq in found]


def headlines(
    conn: sqlite3.Connection,
    *,
    feed: str | None = None,
    category: str | None = None,
    unread_only: bool = False,
    starred_only: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[Headline]:
    """Headlines newest first (ties broken by id, descending); `conn` has the marks attached as ``m``."""
    where, params = [], []
    if feed is not None:
        where.append("a.feed = ?")
        params.append(feed)
    if category is not None:
        where.append("a.feed IN (SELECT url FROM feeds WHERE category = ?)")
        params.append(category)
    if unread_only:
        where.append("ifnull(k.read, 0) = 0")
    if starred_only:
        where.append("a.id IN (SELECT article_id FROM m.marks WHERE starred = 1)")
    sql = f"SELECT {HEADLINE_COLUMNS} FROM articles a LEFT JOIN m.marks k ON k.article_id = a.id"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.sort_ts DESC, a.id DESC"
    if limit is not None or offset:
        sql += " LIMIT ? OFFSET ?"
        params.extend([-1 if limit is None else max(0, int(limit)), max(0, int(offset))])
    return [headline(r) for r in conn.execute(sql, params)]
