"""Load articles from local files and folders, and the bundled samples.

`load_paths(paths)` walks folders (recursively, sorted, hidden entries skipped, symlink loops safe), reads
each file with a size cap and dispatches on its extension. A file that cannot be used is skipped with a
one-line warning in `LoadResult.warnings`; a path that does not exist raises :class:`SourceError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from briefing import textsafe
from briefing.sources import LoadResult, SourceError
from briefing.sources.reading import DEFAULT_MAX_BYTES, SkipFile, decode_text, read_bounded, sniff_binary

#: handler(data, path=display path, folder=parent folder name, mtime=aware UTC) -> LoadResult
Handler = Callable[..., LoadResult]


def _load_txt(data: bytes, *, path: str, folder: str | None, mtime: datetime | None) -> LoadResult:
    from briefing.sources.plaintext import parse_plaintext

    text, encoding = decode_text(data)
    return _note_encoding(LoadResult([parse_plaintext(text, path=path, folder=folder, mtime=mtime)]), encoding)


def _load_json(data: bytes, *, path: str, folder: str | None, mtime: datetime | None) -> LoadResult:
    from briefing.sources.jsonfile import parse_json_bytes

    return parse_json_bytes(data, path=path, folder=folder, mtime=mtime)


def _load_markdown(data: bytes, *, path: str, folder: str | None, mtime: datetime | None) -> LoadResult:
    from briefing.sources.markdown import parse_markdown

    text, encoding = decode_text(data)
    return _note_encoding(LoadResult([parse_markdown(text, path=path, folder=folder, mtime=mtime)]), encoding)


def _note_encoding(result: LoadResult, encoding: str) -> LoadResult:
    """Record a non-UTF-8 encoding in `Article.extra["encoding"]` (information, not a warning)."""
    if encoding != "utf-8":
        for article in result.articles:
            article.extra["encoding"] = encoding
    return result


def _load_feed(data: bytes, *, path: str, folder: str | None, mtime: datetime | None) -> LoadResult:
    from briefing.sources.feedfile import load_feed_bytes

    return load_feed_bytes(data, path=path, folder=folder)


def _load_html(data: bytes, *, path: str, folder: str | None, mtime: datetime | None) -> LoadResult:
    """A saved web page: the article extractor of `briefing.sources.html_page` when present, else the page's
    <title> and the text blocks of its <article>, <main> or <body>."""
    try:
        from briefing.sources.html_page import load_html_file
    except ModuleNotFoundError as exc:
        if exc.name != "briefing.sources.html_page":
            raise
        from briefing.sources.html_text import basic_page_article

        return LoadResult([basic_page_article(data, path=path, folder=folder, mtime=mtime)])
    return load_html_file(data, path=path, folder=folder, mtime=mtime)


#: extension (lower case, with the dot) -> handler. Other modules may add to it (e.g. ".html").
HANDLERS: dict[str, Handler] = {
    ".txt": _load_txt,
    ".text": _load_txt,
    ".json": _load_json,
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".xml": _load_feed,
    ".rss": _load_feed,
    ".atom": _load_feed,
    ".rdf": _load_feed,
    ".html": _load_html,
    ".htm": _load_html,
}


def register(extensions: Sequence[str], handler: Handler) -> None:
    """Load files with these extensions (".html") with `handler`."""
    for ext in extensions:
        HANDLERS[ext.lower() if ext.startswith(".") else "." + ext.lower()] = handler


def missing_paths(paths: Sequence[str | Path]) -> list[str]:
    """The given paths that do not exist (a dangling symlink counts as missing)."""
    return [str(p) for p in paths if not os.path.exists(p)]


def iter_files(paths: Sequence[str | Path]) -> Iterator[Path]:
    """The files named by `paths`: files as given, folders walked recursively (sorted by name, hidden entries
    and unknown extensions skipped, each real folder visited once so symlink loops end)."""
    for item, _warning in _walk(paths):
        if item is not None:
            yield item


def _walk(paths: Sequence[str | Path]) -> Iterator[tuple[Path | None, str | None]]:
    seen: set[tuple[int, int]] = set()
    files: set[tuple[int, int]] = set()
    for raw in paths:
        path = Path(raw)
        items = _walk_dir(path, seen) if path.is_dir() else iter([(path, None)])
        for item, warning in items:
            if item is not None:
                try:
                    st = item.stat()
                    key = (st.st_dev, st.st_ino)
                except OSError:
                    key = None
                if key is not None and key in files:
                    continue  # the same file named twice (or through a symlink)
                if key is not None:
                    files.add(key)
            yield item, warning


def _walk_dir(folder: Path, seen: set[tuple[int, int]]) -> Iterator[tuple[Path | None, str | None]]:
    try:
        st = folder.stat()
    except OSError as exc:
        yield None, f"skipped {_show(folder)}: {_reason(exc)}"
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return  # a symlink back into a folder already walked
    seen.add(key)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield None, f"skipped {_show(folder)}: {_reason(exc)}"
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        try:
            is_dir = entry.is_dir()  # follows symlinks
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk_dir(path, seen)
        elif path.suffix.lower() in HANDLERS:
            yield path, None


def load_paths(paths: Sequence[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Articles from files and folders. Raises SourceError (one line) when a path does not exist; anything
    unreadable inside is skipped with a warning. Articles with the same id are kept once."""
    missing = missing_paths(paths)
    if missing:
        names = ", ".join(textsafe.clean_line(m) for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise SourceError(f"no such file or directory: {names}")
    result = LoadResult()
    for path, warning in _walk(paths):
        if warning:
            result.warnings.append(warning)
        if path is not None:
            result.extend(load_file(path, max_bytes=max_bytes))
    return _dedupe(result)


def load_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadResult:
    """Articles from one file; never raises for a bad file (the reason goes to `warnings`)."""
    path = Path(path)
    shown = _show(path)
    try:
        data = read_bounded(path, max_bytes)
        try:
            mtime: datetime | None = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        except (OSError, OverflowError, ValueError):
            mtime = None
        return _dispatch(data, path.suffix.lower(), path=str(path), folder=_folder(path), mtime=mtime)
    except SkipFile as exc:
        return LoadResult(warnings=[f"skipped {shown}: {exc}"])
    except (Exception, RecursionError) as exc:  # a parser bug must not take the other files down
        return LoadResult(warnings=[f"skipped {shown}: could not be read ({exc.__class__.__name__})"])


def _dispatch(data: bytes, suffix: str, *, path: str, folder: str | None, mtime: datetime | None) -> LoadResult:
    handler = HANDLERS.get(suffix) or _sniff(data)
    return handler(data, path=path, folder=folder, mtime=mtime)


def _sniff(data: bytes) -> Handler:
    """A handler for a file with an unknown extension, by its first bytes."""
    what = sniff_binary(data)
    if what:
        raise SkipFile(what)
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return _load_json
    if head.startswith((b"<!doctype html", b"<html")):
        return _load_html
    if head.startswith((b"<?xml", b"<rss", b"<feed", b"<rdf")):
        return _load_feed
    if head.startswith(b"---\n") or head.startswith(b"# "):
        return _load_markdown
    return _load_txt


def load_samples() -> LoadResult:
    """The articles bundled in `briefing/samples/` (via importlib.resources, so it works from a wheel)."""
    result = LoadResult()
    root = resources.files("briefing.samples")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        suffix = Path(entry.name).suffix.lower()
        if entry.name.startswith((".", "_")) or suffix not in HANDLERS or not entry.is_file():
            continue
        shown = f"samples/{entry.name}"
        try:
            data = entry.read_bytes()
            result.extend(_dispatch(data, suffix, path=shown, folder="samples", mtime=None))
        except SkipFile as exc:
            result.warnings.append(f"skipped {shown}: {exc}")
    return _dedupe(result)


def _dedupe(result: LoadResult) -> LoadResult:
    seen: dict[str, str | None] = {}
    kept = []
    for article in result.articles:
        if article.id in seen:
            where = textsafe.clean_line(article.path or article.title)
            result.warnings.append(f"skipped {where}: same article as {textsafe.clean_line(seen[article.id] or '')}")
            continue
        seen[article.id] = article.path
        kept.append(article)
    result.articles = kept
    return result


def _folder(path: Path) -> str | None:
    parent = path.parent.name or Path.cwd().name
    return parent or None


def _show(path: Path) -> str:
    return textsafe.clean_line(str(path))


def _reason(exc: OSError) -> str:
    return (exc.strerror or exc.__class__.__name__).lower()


__all__ = ["HANDLERS", "LoadResult", "SourceError", "iter_files", "load_file", "load_paths", "load_samples",
           "missing_paths", "register"]  # fmt: skip
