"""`briefing [PATH|URL ...]`: open the app."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from briefing.config import ConfigError, load_config

if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace


def run(args: argparse.Namespace | SimpleNamespace) -> int:
    from briefing.cli import EXIT_USAGE, error

    missing = [p for p in args.paths if "://" not in p and not Path(p).exists()]
    if missing:
        for path in missing:
            error(f"no such file or folder: {path}")
        return EXIT_USAGE
    try:
        config = load_config(args.config, args.data_dir)
    except ConfigError as exc:
        error(str(exc))
        return EXIT_USAGE
    if args.sentences is not None and args.sentences < 1:
        error("--sentences must be at least 1")
        return EXIT_USAGE

    from briefing.ui.factory import make_app

    app = make_app(config, paths=args.paths, sentences=args.sentences)
    try:
        app.run()
    finally:
        app.library.close()  # the marks' last backup is written at close
    return 0
