"""The one place the app is built. The CLI and the tests both call `make_app` with their dependencies."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.browser import Browser, open_in_browser
from briefing.config import Config
from briefing.library import Extractor, Library
from briefing.timefmt import Clock, utc_now

if TYPE_CHECKING:
    from briefing.ui.app import BriefingApp


def make_app(
    config: Config,
    *,
    paths: Sequence[str | Path] = (),
    store: object | None = None,
    http_client: object | None = None,
    clock: Clock = utc_now,
    extractor: Extractor | None = None,
    sentences: int | None = None,
    browser: Browser = open_in_browser,
) -> BriefingApp:
    """Build the app from its dependencies: config, store, HTTP client, clock and the browser that opens links."""
    library = Library(
        config,
        paths=paths,
        store=store,
        http_client=http_client,
        clock=clock,
        extractor=extractor,
        sentences=sentences,
    )
    # The store and the files open in a thread while Textual and the widgets are imported (about a third of a
    # second): by the time the screen mounts, its first headlines are usually ready to paint.
    library.start_opening()
    from briefing.ui.app import BriefingApp

    return BriefingApp(library, clock=clock, browser=browser)
