"""`briefing export-opml [FILE]`: write the subscriptions as OPML 2.0 (to stdout without FILE)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from briefing.cli import error
from briefing.config import default_config_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, nargs="?", help="where to write (default: standard output)")


def run(args: argparse.Namespace) -> int:
    from briefing.fetch.opml import export_opml
    from briefing.fetch.subscriptions import SubscriptionError, list_feeds

    try:
        feeds = list_feeds(args.config or default_config_path())
    except SubscriptionError as exc:
        error(str(exc))
        return 1
    data = export_opml(feeds)
    if args.file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    try:
        args.file.write_bytes(data)
    except OSError as exc:
        error(f"cannot write {args.file}: {exc.strerror or exc}")
        return 1
    print(f"exported {len(feeds)} feed(s) to {args.file}", file=sys.stderr)
    return 0
