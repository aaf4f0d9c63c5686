"""Read a local file safely: regular files only, a byte cap, and text decoding that refuses binary data."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

#: Default cap on the size of one file (bytes).
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)


class SkipFile(Exception):
    """A file that cannot be used as an article; the message is the reason ("binary file")."""


def read_bounded(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most `max_bytes` of them.

    FIFOs, devices, sockets and directories are refused before they are read (a FIFO is opened non-blocking),
    so nothing here can block or read unbounded data. Raises :class:`SkipFile`.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SkipFile("no such file") from None
    except OSError as exc:
        raise SkipFile(_os_reason(exc)) from None
    if stat.S_ISDIR(st.st_mode):
        raise SkipFile("is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise SkipFile("not a regular file")
    if st.st_size > max_bytes:
        raise SkipFile(f"larger than {_size(max_bytes)}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise SkipFile(_os_reason(exc)) from None
    try:
        # The path may have been swapped between stat and open: check what was actually opened.
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkipFile("not a regular file")
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > max_bytes:
                raise SkipFile(f"larger than {_size(max_bytes)}")
        return b"".join(chunks)
    except OSError as exc:
        raise SkipFile(_os_reason(exc)) from None
    finally:
        os.close(fd)


def sniff_binary(data: bytes) -> str | None:
    """Why `data` is not text ("PNG image", "binary file"), or None when it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\x00" in data[:65536]:
        return "binary file"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode file bytes as text: returns (text, encoding).

    UTF-8 (a BOM is dropped) and UTF-32/UTF-16 with a BOM are trusted. Anything else that is not valid
    UTF-8 is read as Windows-1252 (a superset of latin-1's printable range) only if the result looks like
    prose: few control characters and mostly letters. Raises :class:`SkipFile` for binary or undecodable data.
    """
    what = sniff_binary(data)
    if what:
        raise SkipFile(what)
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                raise SkipFile(f"invalid {enc.removesuffix('-sig').upper()} text") from None
            if "\x00" in text:
                raise SkipFile("binary file")
            return text, enc.removesuffix("-sig")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if not _looks_like_text(text):
        raise SkipFile("not UTF-8 and does not look like text")
    return text, "cp1252"


def _looks_like_text(text: str) -> bool:
    sample = text[:65536]
    if not sample.strip():
        return True
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\t\n\r\f") or c == "\ufffd")
    letters = sum(1 for c in sample if c.isalpha())
    visible = sum(1 for c in sample if not c.isspace()) or 1
    return bad / len(sample) < 0.01 and letters / visible > 0.5


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or exc.__class__.__name__).lower()


def _size(n: int) -> str:
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MiB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KiB"
    return f"{n} bytes"
