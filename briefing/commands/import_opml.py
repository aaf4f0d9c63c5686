"""`briefing import-opml FILE`: subscribe to every feed of an OPML file (nested outlines: categories)."""

from __future__ import annotations

import argparse
from pathlib import Path

from briefing.cli import error
from briefing.config import default_config_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="an OPML file")
    parser.add_argument("--category", help="put every imported feed under this category")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from briefing.fetch.opml import OpmlError, read_opml_file
    from briefing.fetch.subscriptions import SubscriptionError, add_feeds

    path = args.config or default_config_path()
    try:
        found = read_opml_file(args.file)
    except OpmlError as exc:
        error(str(exc))
        return 1
    feeds = found.feeds
    if args.category:
        prefix = args.category.strip("/")
        feeds = [replace(f, category=f"{prefix}/{f.category}" if f.category else prefix) for f in feeds]
    try:
        added, present = add_feeds(path, feeds)
    except SubscriptionError as exc:
        error(str(exc))
        return 1
    for warning in found.warnings:
        print(f"warning: {warning}")
    print(f"imported {len(added)} feed(s) into {path}" + (f"; {len(present)} already there" if present else ""))
    return 0 if feeds else 1
