"""Shared helpers for the fetch tests: a threaded HTTP server on 127.0.0.1 and feed builders (own text)."""

from __future__ import annotations

import time
from collections.abc import Iterator

from pytest_httpserver import HTTPServer

from briefing.config import Settings

#: Short timeouts for tests whose server answers at once (or is meant to time out).
SETTINGS = Settings(connect_timeout=2.0, read_timeout=2.0, feed_deadline=5.0)


def serve() -> Iterator[HTTPServer]:
    """A real threaded HTTP server on a random free port of 127.0.0.1 (wrap it in a fixture)."""
    srv = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    srv.start()
    try:
        yield srv
    finally:
        srv.clear()
        if srv.is_running():
            srv.stop()


def rss(title: str = "Harbour Notes", items: int = 3, *, prefix: str = "item", dated: bool = True) -> bytes:
    """A small RSS 2.0 feed written for these tests."""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>{title}</title><link>http://example.invalid/</link><description>test feed</description>",
    ]
    for i in range(items):
        date = f"<pubDate>Mon, 0{1 + i % 9} Jun 2026 10:00:00 GMT</pubDate>" if dated else ""
        parts.append(
            f"<item><title>{prefix} {i} about the ferry timetable</title>"
            f"<link>http://example.invalid/{prefix}/{i}</link><guid>{prefix}-{i}</guid>{date}"
            f"<description>&lt;p&gt;Paragraph {i} on the new ferry timetable and the harbour works.&lt;/p&gt;"
            "</description></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def trickle(n: int, delay: float) -> Iterator[bytes]:
    """Yield one byte every `delay` seconds."""
    for _ in range(n):
        time.sleep(delay)
        yield b" "
