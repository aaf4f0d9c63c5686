"""`briefing facts PATH... [--format text|json] [--sentences N]`: print the key facts of every article."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from briefing.model import Article, KeyFacts
from briefing.textsafe import clean, clean_line

#: Items shown per section in the text format.
TEXT_ITEMS = 15


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files, folders or saved feeds")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    parser.add_argument("--sentences", type=int, default=3, help="key sentences per article (default 3)")


def format_text(article: Article, facts: KeyFacts) -> str:
    """A readable, sectioned rendering; all untrusted text made safe for a terminal."""
    lines = [clean_line(article.title) or "(untitled)"]
    meta = [clean_line(x) for x in (article.source, article.author) if x]
    if article.published:
        meta.append(article.published.date().isoformat())
    if meta:
        lines.append(" · ".join(meta))
    if article.path or article.url:
        lines.append(clean_line(article.path or article.url))

    def section(name: str, items: list[str]) -> None:
        if items:
            lines.append("")
            lines.append(f"{name}:")
            lines.extend(f"  - {clean(item)}" for item in items[:TEXT_ITEMS])
            if len(items) > TEXT_ITEMS:
                lines.append(f"  … and {len(items) - TEXT_ITEMS} more (--format json lists them all)")

    section("Key sentences", [clean_line(s) for s in facts.summary])
    section(
        "People",
        [clean_line(p.name) + (f" ({clean_line(p.role)})" if p.role else "") + f" ×{p.mentions}" for p in facts.people],
    )
    section(
        "Organisations",
        [
            clean_line(o.name)
            + (f" = {', '.join(clean_line(a) for a in o.aliases)}" if o.aliases else "")
            + f" ×{o.mentions}"
            for o in facts.organizations
        ],
    )
    section("Places", [f"{clean_line(p.name)} ×{p.mentions}" for p in facts.places])
    section("Dates", [clean_line(d.text) + (f" → {d.date}" if d.date else "") for d in facts.dates])
    section(
        "Numbers",
        [
            clean_line(n.text) + (f" ({clean_line(n.unit)})" if n.unit and n.unit.lower() not in n.text.lower() else "")
            for n in facts.numbers
        ],
    )
    section(
        "Quotes",
        [f"“{clean_line(q.text)}” — {clean_line(q.speaker) if q.speaker else 'unattributed'}" for q in facts.quotes],
    )
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from briefing.cli import EXIT_USAGE, error
    from briefing.facts import extract
    from briefing.facts.export import facts_to_dict
    from briefing.sources.loader import load_paths

    if args.sentences < 1:
        error("--sentences must be at least 1")
        return EXIT_USAGE
    missing = [p for p in args.paths if "://" not in p and not Path(p).exists()]
    for path in missing:
        error(f"no such file or folder: {path}")
    present = [p for p in args.paths if p not in missing]
    result = load_paths(present) if present else None
    articles = result.articles if result else []
    for warning in result.warnings if result else []:
        error(clean_line(warning))
    out: list[dict] = []
    for i, article in enumerate(articles):
        try:
            facts = extract(article, sentences=args.sentences)
        except Exception as exc:  # one bad article must not stop the others
            error(f"{clean_line(article.path or article.title)}: cannot compute facts ({type(exc).__name__})")
            continue
        if args.format == "json":
            out.append(facts_to_dict(article, facts))
        else:
            if i:
                print("\n" + "─" * 60 + "\n")
            print(format_text(article, facts))
    if args.format == "json":
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    return EXIT_USAGE if missing else 0
