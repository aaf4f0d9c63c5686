"""Where the .tcss files are: inside the installed package (`briefing/styles`), or the checkout's `styles/`."""

from __future__ import annotations

from pathlib import Path


def styles_dir() -> Path:
    """The .tcss folder: inside the installed package, or the checkout's top-level `styles/`."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "styles"
    return packaged if packaged.is_dir() else here.parent / "styles"


#: The main screen's styles (read at start).
APP_CSS = styles_dir() / "app.tcss"
#: The modal screens' styles (read when one of them first opens, not at start).
SCREENS_CSS = styles_dir() / "screens.tcss"
