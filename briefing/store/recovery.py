"""Keeping the marks safe: a rotating backup, and salvage from a damaged marks file.

Backups are ``marks.backup-1.sqlite3`` (current) .. ``marks.backup-N.sqlite3`` (oldest). Each is written
with ``Connection.backup`` into a temporary file, flushed, then renamed over the old one, so a crash
mid-backup never leaves a half-written backup. ``backup-1`` is refreshed after writes (at most every few
seconds) and on close; the generations shift when ``backup-1`` is more than a day old at start, so older
generations are about a day apart."""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from pathlib import Path

from briefing.store.database import fsync_path, quick_check
from briefing.store.marks import ROW_COLUMNS, MarkRow

BACKUP_KEEP = 3
ROTATE_AFTER_S = 24 * 3600


def backup_path(data_dir: Path, generation: int) -> Path:
    return data_dir / f"marks.backup-{generation}.sqlite3"


def write_backup(conn: sqlite3.Connection, dest: Path) -> None:
    """Copy `conn`'s main database to `dest` atomically (temp file, fsync, rename)."""
    tmp = dest.with_name(f"{dest.name}.tmp-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        target = sqlite3.connect(str(tmp))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
        finally:
            target.close()
        fsync_path(tmp)
        os.replace(tmp, dest)
    finally:
        if tmp.exists():
            tmp.unlink()


def rotate(data_dir: Path, keep: int = BACKUP_KEEP, now: float | None = None) -> bool:
    """Shift generations (1 -> 2 -> ... -> keep) when backup-1 is older than a day; return whether it did."""
    first = backup_path(data_dir, 1)
    try:
        age = (now or time.time()) - first.stat().st_mtime
    except FileNotFoundError:
        return False
    if age < ROTATE_AFTER_S or keep < 2:
        return False
    for gen in range(keep - 1, 0, -1):
        src = backup_path(data_dir, gen)
        if src.exists():
            os.replace(src, backup_path(data_dir, gen + 1))
    return True


def read_marks_file(path: Path) -> list[MarkRow] | None:
    """All mark rows of a healthy marks file (a backup), or None when it is missing or damaged."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        if quick_check(conn) is not None:
            return None
        return conn.execute(f"SELECT {ROW_COLUMNS} FROM marks").fetchall()
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def newest_backup(data_dir: Path, keep: int = BACKUP_KEEP) -> tuple[Path, list[MarkRow]] | None:
    """The newest backup that passes its check, with its rows."""
    for gen in range(1, keep + 1):
        path = backup_path(data_dir, gen)
        rows = read_marks_file(path)
        if rows is not None:
            return path, rows
    return None


def salvage(path: Path) -> list[MarkRow]:
    """Whatever mark rows can still be read from a damaged marks file (possibly none).

    Reads the table row by row until the first unreadable page, then the starred ids from the starred index
    (a separate b-tree that may have survived), so stars are the last thing lost.
    """
    rows: dict[str, MarkRow] = {}
    has_wal = Path(f"{path}-wal").exists()
    # immutable: read without creating -wal/-shm files next to it (unless there is a WAL to read)
    flags = "mode=ro" if has_wal else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"file:{path}?{flags}", uri=True)
    except sqlite3.Error:
        return []
    try:
        _collect(conn, f"SELECT {ROW_COLUMNS} FROM marks", rows)
        starred: dict[str, MarkRow] = {}
        _collect(
            conn,
            "SELECT article_id, 0, 1, NULL, NULL, 0 FROM marks INDEXED BY marks_starred WHERE starred = 1",
            starred,
        )
        for aid, row in starred.items():
            rows.setdefault(aid, row)
    finally:
        conn.close()
    return list(rows.values())


def _collect(conn: sqlite3.Connection, sql: str, into: dict[str, MarkRow]) -> None:
    try:
        cur = conn.execute(sql)
        while True:
            try:
                row = cur.fetchone()
            except sqlite3.Error:
                return
            if row is None:
                return
            if isinstance(row[0], str):
                into[row[0]] = row
    except sqlite3.Error:
        return
