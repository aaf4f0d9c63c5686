"""`briefing feeds add|list|remove`: manage the subscriptions in the config file."""

from __future__ import annotations

import argparse

from briefing.cli import error
from briefing.config import default_config_path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", required=True, metavar="add|list|remove")
    add = sub.add_parser("add", help="subscribe to a feed")
    add.add_argument("url", help="the feed's http(s) url")
    add.add_argument("--name", help="display name (default: the feed's title)")
    add.add_argument("--category", help='category, e.g. "News/World"')
    add.add_argument("--full-text", action="store_true", help="fetch each new article's page on refresh")
    sub.add_parser("list", help="list subscriptions")
    rm = sub.add_parser("remove", help="unsubscribe (by url, or by name)")
    rm.add_argument("feed", metavar="URL|NAME")


def run(args: argparse.Namespace) -> int:
    from briefing.fetch.subscriptions import (
        SubscriptionError,
        add_feed,
        format_feed,
        list_feeds,
        remove_feeds,
    )

    path = args.config or default_config_path()
    try:
        if args.action == "add":
            feed = add_feed(path, args.url, name=args.name, category=args.category, full_text=args.full_text)
            print(f"added {format_feed(feed)}")
        elif args.action == "list":
            feeds = list_feeds(path)
            for feed in feeds:
                print(format_feed(feed))
            if not feeds:
                print(f"no feeds in {path}; add one with: briefing feeds add URL")
        else:
            removed = remove_feeds(path, args.feed)
            for feed in removed:
                print(f"removed {format_feed(feed)}")
            _forget(args, [f.url for f in removed])
    except SubscriptionError as exc:
        error(str(exc))
        return 1
    return 0


def _forget(args: argparse.Namespace, urls: list[str]) -> None:
    """Drop removed feeds' cached articles from the store, if there is one (their marks stay)."""
    from briefing.config import default_data_dir
    from briefing.store import CACHE_FILE, Store, StoreError

    data_dir = args.data_dir or default_data_dir()
    if not (data_dir / CACHE_FILE).exists():
        return
    try:
        with Store.open(data_dir) as store:
            for url in urls:
                store.remove_feed(url)
    except StoreError as exc:
        error(f"removed from the config, but not from the store: {exc}")
