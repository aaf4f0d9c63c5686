"""Opening SQLite files the way the store needs them, and telling damage apart from other failures.

Every connection is in autocommit mode (``isolation_level=None``): writes run inside :func:`write_txn`,
which starts with ``BEGIN IMMEDIATE`` so a second process waits for the write lock (``busy_timeout``)
instead of failing half-way through a read-then-write transaction. Files use WAL; the caller picks
``synchronous`` (NORMAL for the re-fetchable cache, FULL for the marks)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from briefing.store.records import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BUSY_TIMEOUT_S = 10.0
#: SQLite result codes that mean "this file is damaged" (as opposed to locked, read-only, full, missing).
DAMAGE_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CORRUPT_VTAB", "SQLITE_CORRUPT_SEQUENCE"})
SIDECARS = ("-wal", "-shm")


def connect(target: str | Path, *, synchronous: str = "NORMAL", uri: bool = False) -> sqlite3.Connection:
    """Open one connection with WAL, a busy timeout and foreign keys on."""
    conn = sqlite3.connect(str(target), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False, uri=uri)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA synchronous = {synchronous}")
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


@contextmanager
def write_txn(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any exception)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


@contextmanager
def savepoint(conn: sqlite3.Connection, name: str = "write") -> Iterator[sqlite3.Connection]:
    """A nested all-or-nothing step inside a transaction the caller holds (undone alone on any exception)."""
    conn.execute(f"SAVEPOINT {name}")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
        raise
    conn.execute(f"RELEASE {name}")


def is_damage(exc: BaseException) -> bool:
    """True when an sqlite3 error says the file itself is damaged."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if any(name.startswith(code) for code in DAMAGE_CODES):
        return True
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def describe(exc: BaseException, what: str) -> str:
    """A one-line message for the user about an sqlite3/OS error while working on `what`."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if name.startswith("SQLITE_FULL") or "disk is full" in text or getattr(exc, "errno", None) == 28:
        return f"cannot save {what}: the disk is full"
    if name.startswith("SQLITE_READONLY") or isinstance(exc, PermissionError) or "readonly" in text:
        return f"cannot save {what}: it is read-only ({text})"
    if name.startswith("SQLITE_BUSY") or "locked" in text:
        return f"{what} is busy (another briefing is writing to it); try again"
    if is_damage(exc):
        return f"{what} is damaged ({text}); it will be set aside and rebuilt at the next start"
    return f"cannot use {what}: {text}"


def file_problem(path: Path) -> str | None:
    """Cheap checks before opening: None when `path` is missing, empty or looks like an SQLite file."""
    try:
        size = path.stat().st_size
        if size == 0:
            return None
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from None
    if not header.startswith(SQLITE_HEADER):
        if header.strip(b"\x00") == b"":
            return "its header is zeroed"
        return "it is not an SQLite file"
    if len(header) < 100:
        return "it is truncated"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return "its header is damaged"
    if size % page_size:
        return "it is truncated"
    header_pages = int.from_bytes(header[28:32], "big")
    header_valid = header[24:28] == header[92:96]
    wal = Path(str(path) + "-wal")
    has_wal = wal.exists() and wal.stat().st_size > 0
    if header_valid and not has_wal and header_pages * page_size > size:
        return "it is truncated"
    return None


def quick_check(conn: sqlite3.Connection) -> str | None:
    """None when ``PRAGMA quick_check`` says ok, else its first complaint."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows == [("ok",)]:
        return None
    return " ".join(str(rows[0][0]).split())[:120] if rows else "quick_check returned nothing"


def move_aside(path: Path, now: datetime | None = None) -> Path:
    """Rename a damaged file (and its WAL) to ``NAME.damaged-YYYYmmddTHHMMSSZ``; drop its -shm file."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
    os.replace(path, target)
    wal = Path(str(path) + "-wal")
    if wal.exists():
        os.replace(wal, Path(str(target) + "-wal"))
    shm = Path(str(path) + "-shm")
    if shm.exists():
        shm.unlink()
    return target


def fsync_path(path: Path) -> None:
    """Flush a file's bytes to disk (best effort on platforms without fsync on read-only handles)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def to_micros(dt: datetime | None) -> int | None:
    """Aware datetime -> integer microseconds since the epoch (naive datetimes are taken as UTC)."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    delta = dt - EPOCH
    return (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds


def from_micros(value: int | None) -> datetime | None:
    if value is None:
        return None
    return EPOCH + timedelta(microseconds=value)


def now_micros() -> int:
    return to_micros(datetime.now(UTC)) or 0
