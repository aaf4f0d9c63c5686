"""`briefing prune`: remove old articles from the store by hand (starred articles are never removed)."""

from __future__ import annotations

import argparse
import sys

from briefing.config import ConfigError, load_config
from briefing.store import Store, StoreError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--days", type=int, default=None, help="keep this many days (default: settings, 90)")
    parser.add_argument(
        "--max-per-feed",
        type=int,
        default=None,
        help="keep at most this many per feed (default: settings, 2000)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        config = load_config(args.config, args.data_dir)
    except ConfigError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    days = args.days if args.days is not None else config.settings.retention_days
    per_feed = args.max_per_feed if args.max_per_feed is not None else config.settings.max_articles_per_feed
    if days < 0 or per_feed < 0:
        print("briefing: --days and --max-per-feed must not be negative", file=sys.stderr)
        return 2
    try:
        with Store.open(config.data_dir) as store:
            for notice in store.notices:
                print(f"briefing: {notice}", file=sys.stderr)
            removed = store.prune(retention_days=days, max_per_feed=per_feed)
    except StoreError as exc:
        print(f"briefing: {exc}", file=sys.stderr)
        return 1
    noun = "article" if removed == 1 else "articles"
    print(f"removed {removed} {noun} (older than {days} days or beyond {per_feed} per feed; starred kept)")
    return 0
