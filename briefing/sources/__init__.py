"""Local article sources: files and folders of articles and saved feeds, and the bundled samples."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.model import Article


@dataclass(slots=True)
class LoadResult:
    """Articles read from some paths, and one-line warnings for what could not be read."""

    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.articles.extend(other.articles)
        self.warnings.extend(other.warnings)
