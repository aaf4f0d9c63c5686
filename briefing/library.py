"""The app's view of the domain: what to show, each article's facts, and the read/starred marks.

`Library` is Textual-free: the UI calls it from worker threads and gets plain data classes back. It decides what
`briefing` opens (the paths given, else the store, else the bundled samples), caches key facts per article, and
keeps the marks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from briefing.config import Config
from briefing.model import Article, Headline, KeyFacts
from briefing.sources import LoadResult
from briefing.timefmt import Clock, utc_now

Extractor = Callable[..., KeyFacts]
#: The bundled sample the app opens on.
SEED_NAME = "nato-eastern-flank.txt"


@dataclass(slots=True)
class Opened:
    """What the library opened: its headlines (newest first), warnings, and a line describing the origin."""

    headlines: list[Headline] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    origin: str = ""
    samples: bool = False
    #: The article to show first (else the newest).
    start_id: str | None = None


def _default_extractor() -> Extractor:
    from briefing.facts import extract

    return extract


def sort_key(h: Headline) -> tuple:
    """Newest first; undated last; ties broken by title then id, so the order is always the same."""
    ts = h.published.timestamp() if h.published else float("-inf")
    return (-ts, h.title.casefold(), h.id)


class Library:
    """Articles from paths or samples, their facts (cached) and their marks."""

    def __init__(
        self,
        config: Config,
        *,
        paths: Sequence[str | Path] = (),
        store: object | None = None,
        http_client: object | None = None,
        clock: Clock = utc_now,
        extractor: Extractor | None = None,
        sentences: int | None = None,
    ) -> None:
        self.config = config
        self.paths = [str(p) for p in paths]
        self.store = store
        self.http_client = http_client
        self.clock = clock
        self._extractor = extractor
        self.sentences = sentences or config.settings.summary_sentences
        self._articles: dict[str, Article] = {}
        self._facts: dict[str, KeyFacts] = {}
        self._read: set[str] = set()
        self._starred: set[str] = set()
        self._lock = threading.Lock()

    # ------------------------------------------------------------ opening
    def open(self) -> Opened:
        """Load what `briefing` should show. Runs in a worker thread; never raises for bad input."""
        from briefing.sources.loader import load_paths, load_samples

        if self.paths:
            result = load_paths(self.paths)
            origin = ", ".join(self.paths)
            samples = False
        else:
            result = load_samples()
            origin = "bundled samples"
            samples = True
        opened = self._opened(result, origin=origin, samples=samples)
        if samples:
            # The tour of the samples starts with the article briefing was first described with.
            opened.start_id = next((a.id for a in result.articles if a.path and a.path.endswith(SEED_NAME)), None)
        return opened

    def _opened(self, result: LoadResult, *, origin: str, samples: bool) -> Opened:
        seen: set[str] = set()
        headlines = []
        with self._lock:
            for article in result.articles:
                if article.id in seen:
                    continue
                seen.add(article.id)
                self._articles[article.id] = article
                headlines.append(self._headline(article))
        headlines.sort(key=sort_key)
        return Opened(headlines=headlines, warnings=list(result.warnings), origin=origin, samples=samples)

    def _headline(self, article: Article) -> Headline:
        return Headline.of(article, read=article.id in self._read, starred=article.id in self._starred)

    # ------------------------------------------------------------ articles and facts
    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def cached_facts(self, article_id: str) -> KeyFacts | None:
        """The facts if already computed (cheap; safe on the UI thread)."""
        return self._facts.get(article_id)

    def facts(self, article_id: str) -> KeyFacts:
        """Compute (or fetch from the cache) an article's key facts. Call from a worker."""
        cached = self._facts.get(article_id)
        if cached is not None:
            return cached
        article = self._articles.get(article_id)
        if article is None:
            return KeyFacts()
        if self._extractor is None:
            self._extractor = _default_extractor()
        facts = self._extractor(article, sentences=self.sentences)
        self._facts[article_id] = facts
        return facts

    # ------------------------------------------------------------ marks
    def set_read(self, headline: Headline, read: bool = True) -> Headline:
        with self._lock:
            (self._read.add if read else self._read.discard)(headline.id)
        return replace(headline, read=read)

    def set_starred(self, headline: Headline, starred: bool) -> Headline:
        with self._lock:
            (self._starred.add if starred else self._starred.discard)(headline.id)
        return replace(headline, starred=starred)

    def filter(self, headlines: Sequence[Headline], query: str) -> list[Headline]:
        """Headlines whose title, source or author contain every word of `query` (case-insensitive)."""
        words = query.casefold().split()
        if not words:
            return list(headlines)
        out = []
        for h in headlines:
            article = self._articles.get(h.id)
            hay = f"{h.title} {h.source} {article.author or '' if article else ''}".casefold()
            if all(w in hay for w in words):
                out.append(h)
        return out
