"""Local article sources: files and folders of articles and saved feeds, and the bundled samples.

Entry points live in :mod:`briefing.sources.loader` (`load_paths`, `load_file`, `load_samples`, `iter_files`);
:func:`briefing.sources.html_text.html_to_blocks` and :func:`briefing.sources.feedfile.parse_feed_bytes` are
shared with the live-feed fetcher. Nothing here imports Textual.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.model import Article


class SourceError(Exception):
    """A user-facing, one-line problem with the paths asked for (e.g. a path that does not exist)."""


@dataclass(slots=True)
class LoadResult:
    """Articles read from some paths, and one-line warnings for what could not be read."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.articles.extend(other.articles)
        self.warnings.extend(other.warnings)
