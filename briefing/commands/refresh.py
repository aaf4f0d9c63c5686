"""`briefing refresh`: fetch every feed into the store without a screen (what cron runs).

Prints one line per feed (new, updated, unchanged or failed and why) in config order; exits 0 when any feed
succeeded, 1 when all failed (or there is nothing to refresh).
"""

from __future__ import annotations

import argparse
import sys

from briefing.cli import error


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("feeds", nargs="*", metavar="URL|NAME", help="refresh only these feeds")
    parser.add_argument("-q", "--quiet", action="store_true", help="print failures only")


def run(args: argparse.Namespace) -> int:
    import asyncio

    from briefing.config import ConfigError, load_config

    try:
        config = load_config(args.config, args.data_dir)
    except ConfigError as exc:
        error(str(exc))
        return 1
    feeds = list(config.feeds)
    if args.feeds:
        wanted = {w.strip().casefold() for w in args.feeds}
        feeds = [f for f in feeds if f.url.casefold() in wanted or (f.name or "").casefold() in wanted]
        if not feeds:
            error("no configured feed matches " + ", ".join(args.feeds))
            return 1
    if not feeds:
        error(f"no feeds in {config.config_path}; add one with: briefing feeds add URL")
        return 1
    try:
        from briefing.store import Store, StoreError
    except ImportError:  # pragma: no cover - the store ships with briefing
        error("the store is not available in this build")
        return 1
    try:
        store = Store.open(config.data_dir)
    except StoreError as exc:
        error(str(exc))
        return 1
    from briefing.fetch.refresh import refresh

    try:
        for notice in getattr(store, "notices", ()):
            print(f"briefing: {notice}", file=sys.stderr)
        outcomes = asyncio.run(refresh(store, feeds, config.settings))
    finally:
        store.close()
    for outcome in outcomes:
        if not args.quiet or outcome.status == "failed":
            print(outcome.line())
    ok = sum(o.status != "failed" for o in outcomes)
    new = sum(o.new for o in outcomes)
    if not args.quiet:
        print(f"{len(outcomes)} feeds: {new} new articles, {len(outcomes) - ok} failed")
    return 0 if ok else 1
