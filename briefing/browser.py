"""Opening a web address for the user: a graphical browser when there is one, else say so.

`webbrowser.open` blocks until a console browser (w3m, lynx) exits, and that browser would fight the app for the
terminal, so briefing only uses it where a graphical session exists; elsewhere the caller copies the address.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

#: Opens a url; True when a browser took it.
Browser = Callable[[str], bool]


def has_graphical_browser() -> bool:
    """True on macOS and Windows, and on other systems with an X11 or Wayland display."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def open_in_browser(url: str) -> bool:
    """Open `url` in a graphical browser (never a console one); False when none is available."""
    if not has_graphical_browser():
        return False
    import webbrowser

    try:
        return bool(webbrowser.open(url, new=2))
    except webbrowser.Error:
        return False
