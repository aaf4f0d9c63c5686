"""`briefing export`: write stored articles, with their marks and key facts, as JSON or Markdown.

Key facts come from the store's facts cache, or are computed by :mod:`briefing.facts` (when it is installed)
and cached; without the facts engine, articles are exported without facts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, datetime
from pathlib import Path

from briefing.config import ConfigError, load_config
from briefing.model import Article, KeyFacts
from briefing.store import Marks, Store, StoreError
from briefing.textsafe import clean, clean_line, safe_url


@dataclass(frozen=True, slots=True)
class FactsEngine:
    """What export needs from briefing.facts: extract, its version, and (optionally) its dict form."""

    extract: Callable[[Article, int], KeyFacts]
    version: str
    to_dict: Callable[[Article, KeyFacts], dict] | None


def facts_engine() -> FactsEngine | None:
    """The key-facts engine if it is importable, else None."""
    try:
        from briefing import facts
    except ImportError:
        return None
    extract = getattr(facts, "extract", None)
    version = getattr(facts, "EXTRACTOR_VERSION", None)
    if extract is None or version is None:
        return None
    try:
        from briefing.facts.export import facts_to_dict
    except ImportError:
        facts_to_dict = None
    return FactsEngine(lambda a, n: extract(a, sentences=n), str(version), facts_to_dict)


def facts_for(store: Store, article: Article, engine: FactsEngine | None, sentences: int) -> KeyFacts | None:
    """Cached facts (by content hash and extractor version + sentence count), else computed and cached."""
    if engine is None:
        return None
    version = f"{engine.version}:s{sentences}"
    cached = store.get_facts(article.content_hash, version)
    if cached is not None:
        return cached
    facts = engine.extract(article, sentences)
    store.put_facts(article.content_hash, version, facts)
    return facts


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("json", "markdown"), default="json", help="output format")
    parser.add_argument("--starred", action="store_true", help="only starred articles")
    parser.add_argument("--feed", help="only articles of this feed url")
    parser.add_argument("--output", "-o", type=Path, help="write to this file (default: standard output)")


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config, args.data_dir)
    except ConfigError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    engine = facts_engine()
    sentences = config.settings.summary_sentences
    count = [0]

    def rows(store: Store) -> Iterator[Row]:
        for article in store.articles(feed=args.feed, starred_only=args.starred):
            count[0] += 1
            yield article, store.marks([article.id])[article.id], facts_for(store, article, engine, sentences)

    try:
        with Store.open(config.data_dir) as store:
            for notice in store.notices:
                print(f"briefing: {notice}", file=sys.stderr)
            chunks = json_chunks(rows(store), engine) if args.format == "json" else markdown_chunks(rows(store))
            write(chunks, args.output)
    except StoreError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"briefing: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    if args.output is not None:
        print(f"exported {count[0]} articles to {args.output}", file=sys.stderr)
    return 0


Row = tuple[Article, Marks, KeyFacts | None]


def article_dict(article: Article, marks: Marks) -> dict:
    """The article's own fields, named as in docs/facts-json.md, plus where it came from and its marks."""
    from briefing.facts.export import article_to_dict

    return {
        **article_to_dict(article),
        "feed": article.feed,
        "published_estimated": article.published_estimated,
        "full_text": article.full_text,
        "read": marks.read,
        "starred": marks.starred,
    }


def facts_fields(facts: KeyFacts) -> dict:
    """The facts as named lists (the shape of docs/facts-json.md), for when briefing.facts.export is absent."""
    return {name: [asdict(x) if is_dataclass(x) else x for x in getattr(facts, name)] for name in FACT_FIELDS}


FACT_FIELDS = ("summary", "people", "organizations", "places", "dates", "numbers", "quotes")


def json_chunks(rows: Iterable[Row], engine: FactsEngine | None) -> Iterator[str]:
    """``{"exported_at", "articles": [...]}``, a piece at a time; each article is `article_dict` merged with its
    facts (the `briefing facts --format json` object, docs/facts-json.md) when facts are available."""
    stamp = json.dumps(datetime.now(UTC).isoformat(timespec="seconds"))
    yield f'{{\n  "exported_at": {stamp},\n  "articles": ['
    first = True
    for article, marks, facts in rows:
        record = article_dict(article, marks)
        if facts is not None:
            if engine is not None and engine.to_dict is not None:
                record.update(engine.to_dict(article, facts))
            else:
                record.update(facts_fields(facts))
        body = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("\n    " if first else ",\n    ") + body
        first = False
    yield "\n  ]\n}\n" if not first else "]\n}\n"


def _md_line(text: str | None) -> str:
    """One line of untrusted text, with Markdown's active characters escaped."""
    line = clean_line(text)
    return "".join("\\" + c if c in "\\`*_[]<>#|!" else c for c in line)


def markdown_chunks(rows: Iterable[Row]) -> Iterator[str]:
    """One Markdown section per article, separated by rules."""
    first = True
    for article, marks, facts in rows:
        lines = [f"# {_md_line(article.title) or '(untitled)'}", ""]
        meta = [_md_line(article.source)]
        if article.author:
            meta.append(_md_line(article.author))
        if article.published:
            stamp = article.published.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
            meta.append(("~" if article.published_estimated else "") + stamp)
        flags = [name for name, on in (("read", marks.read), ("starred", marks.starred)) if on]
        meta.extend(flags)
        lines.append(" · ".join(m for m in meta if m))
        url = safe_url(article.url)
        if url:
            lines.append(f"<{url}>")
        lines.append("")
        if facts is not None and not facts.empty:
            lines.extend(_facts_markdown(facts))
        for paragraph in article.paragraphs:
            text = clean(paragraph).strip()
            if text:
                lines.extend([_md_block(text), ""])
        yield ("" if first else "\n---\n\n") + "\n".join(lines).rstrip() + "\n"
        first = False


def _md_block(text: str) -> str:
    return "\n".join(_md_line(line) for line in text.splitlines())


def _facts_markdown(facts: KeyFacts) -> list[str]:
    lines = ["## Key facts", ""]
    for sentence in facts.summary:
        lines.append(f"- {_md_line(sentence)}")
    groups = (
        ("People", [p.name + (f" ({p.role})" if p.role else "") for p in facts.people]),
        ("Organizations", [o.name for o in facts.organizations]),
        ("Places", [p.name for p in facts.places]),
        ("Dates", [d.text + (f" ({d.date})" if d.date else "") for d in facts.dates]),
        ("Numbers", [n.text for n in facts.numbers]),
        ("Quotes", [f"“{q.text}”" + (f" ({q.speaker})" if q.speaker else "") for q in facts.quotes]),
    )
    for label, values in groups:
        if values:
            lines.append(f"- **{label}:** " + "; ".join(_md_line(v) for v in values))
    lines.append("")
    return lines


def write(chunks: Iterable[str], output: Path | None) -> None:
    """Write to stdout, or atomically to a file (temp file + rename; nothing is left behind on failure)."""
    if output is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    tmp = output.with_name(f".{output.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for chunk in chunks:
                fh.write(chunk)
        os.replace(tmp, output)
    finally:
        if tmp.exists():
            tmp.unlink()
