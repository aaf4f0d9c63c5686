"""The `briefing` command line.

`briefing [PATH|URL ...]` opens the app; `briefing COMMAND ...` runs a command without a screen.
Each command lives in `briefing/commands/<name>.py` with `add_arguments(parser)` and `run(args) -> int`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from briefing import __version__
from briefing.startup import hold_gc, release_gc

if TYPE_CHECKING:
    import argparse

#: command name -> (module in briefing.commands, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "facts": ("facts", "print the key facts of articles (text or JSON)"),
    "feeds": ("feeds", "add, list or remove feed subscriptions"),
    "import-opml": ("import_opml", "subscribe to the feeds of an OPML file"),
    "export-opml": ("export_opml", "write the subscriptions as OPML"),
    "refresh": ("refresh", "fetch every feed into the store (no screen; for cron)"),
    "prune": ("prune", "remove old articles from the store (starred ones stay)"),
    "export": ("export", "write stored articles with their key facts as JSON or Markdown"),
}

EXIT_USAGE = 2


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, help="config file (default: platform config dir; BRIEFING_CONFIG)")
    parser.add_argument(
        "--data-dir", type=Path, help="where the store lives (default: platform data dir; BRIEFING_DATA_DIR)"
    )


def build_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="briefing",
        description="A terminal news briefing. With no PATH it opens your feeds, or the bundled samples.",
        epilog="commands: " + ", ".join(COMMANDS) + " (briefing COMMAND --help)",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH|URL", help="article files, folders, saved feeds or feed URLs")
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    parser.add_argument("--sentences", type=int, default=None, help="key sentences per article (default 3)")
    _common(parser)
    return parser


def app_defaults() -> SimpleNamespace:
    """What `build_parser().parse_args([])` gives: a plain `briefing` needs no parser (argparse and building the
    parser are a few milliseconds of the launch)."""
    return SimpleNamespace(paths=[], sentences=None, config=None, data_dir=None)


def build_command_parser(name: str) -> tuple[argparse.ArgumentParser, object]:
    import argparse
    import importlib

    module_name, help_text = COMMANDS[name]
    module = importlib.import_module(f"briefing.commands.{module_name}")
    parser = argparse.ArgumentParser(prog=f"briefing {name}", description=help_text)
    _common(parser)
    module.add_arguments(parser)
    return parser, module


def error(message: str) -> None:
    """Print a one-line error for the user."""
    print(f"briefing: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            parser, module = build_command_parser(argv[0])
            args = parser.parse_args(argv[1:])
            return int(module.run(args) or 0)
        # Off until the app's first frame is painted (see briefing.startup); back on here if it never is.
        hold_gc()
        try:
            args = build_parser().parse_args(argv) if argv else app_defaults()
            from briefing.commands import open_app

            return open_app.run(args)
        finally:
            release_gc()
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
