"""Generate a realistic store: 50,000 articles over 500 feeds (made-up text with a Zipf vocabulary).

Hook for other benchmarks (launch time, peak memory)::

    from benchmarks.gen_store import build_store
    stats = build_store(Path("/tmp/bench-data"))      # then run the app with --data-dir /tmp/bench-data

or ``python benchmarks/gen_store.py DIR [--articles N] [--feeds N]``. Text is generated, never copied:
titles of 6-12 words, bodies mostly feed-summary sized (40-300 words) with about a third full stories
(400-1500 words), published over the last 90 days; about 60% are marked read and 2% starred. Articles go
in through ``Store.upsert_articles`` one feed at a time, as a refresh would.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from briefing.model import Article, Block, stable_id
from briefing.store import Store

COMMON = [
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "is",
    "that",
    "for",
    "on",
    "was",
    "with",
    "as",
    "by",
    "at",
    "from",
    "it",
    "be",
    "has",
    "have",
    "are",
    "were",
    "said",
    "will",
    "an",
    "its",
    "after",
    "about",
    "which",
    "but",
    "more",
    "their",
    "this",
    "they",
    "who",
    "not",
    "one",
    "new",
    "also",
    "than",
    "been",
    "over",
    "into",
    "two",
    "year",
    "would",
    "government",
    "city",
    "council",
    "people",
    "last",
    "first",
    "minister",
    "police",
    "report",
    "week",
    "state",
    "could",
    "percent",
    "three",
    "officials",
    "million",
    "company",
    "market",
    "since",
    "during",
    "told",
    "under",
    "before",
    "while",
    "what",
    "when",
    "some",
    "other",
    "many",
]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "te",
    "vi",
    "do",
    "fa",
    "ge",
    "hi",
    "jo",
    "ku",
    "ma",
    "na",
    "pe",
    "qui",
    "ra",
    "so",
    "tu",
    "va",
    "we",
    "xo",
    "yo",
    "za",
    "bel",
    "cor",
    "dan",
]
#: Words the search benchmark looks for, with the share of articles that contain each (rare to common).
PLANTED = {
    "earthquake": 0.001,
    "lighthouse": 0.002,
    "ceasefire": 0.005,
    "referendum": 0.008,
    "shipyard": 0.01,
    "harbour": 0.02,
    "election": 0.05,
    "budget": 0.08,
}


@dataclass(frozen=True, slots=True)
class GenStats:
    articles: int
    feeds: int
    seconds: float
    text_bytes: int


class TextMaker:
    def __init__(self, seed: int, vocab_size: int = 30000) -> None:
        self.rng = random.Random(seed)
        words = set()
        while len(words) < vocab_size:
            n = self.rng.choice((2, 2, 3, 3, 3, 4))
            words.add("".join(self.rng.choice(SYLLABLES) for _ in range(n)))
        self.vocab = COMMON + sorted(words)
        # Zipf-like weights: rank r gets 1/r
        self.weights = [1.0 / (r + 1) for r in range(len(self.vocab))]
        self.cum = list(_accumulate(self.weights))

    def words(self, n: int) -> list[str]:
        return self.rng.choices(self.vocab, cum_weights=self.cum, k=n)

    def plant(self, paras: list[str]) -> list[str]:
        """Put each planted word in this article with its probability (share of articles)."""
        for word, p in PLANTED.items():
            if self.rng.random() < p:
                i = self.rng.randrange(len(paras))
                words = paras[i].split(" ")
                words.insert(self.rng.randrange(len(words) + 1), word)
                paras[i] = " ".join(words)
        return paras

    def sentence(self, n: int) -> str:
        w = self.words(n)
        return " ".join(w).capitalize() + "."

    def paragraph(self, words: int) -> str:
        parts, left = [], words
        while left > 0:
            n = min(left, self.rng.randint(8, 28))
            parts.append(self.sentence(n))
            left -= n
        return " ".join(parts)

    def body(self) -> list[str]:
        total = self.rng.randint(400, 1500) if self.rng.random() < 0.33 else self.rng.randint(40, 300)
        paras, left = [], total
        while left > 0:
            n = min(left, self.rng.randint(40, 120))
            paras.append(self.paragraph(n))
            left -= n
        return self.plant(paras)


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


def build_store(
    data_dir: Path, *, articles: int = 50_000, feeds: int = 500, seed: int = 1, now: datetime | None = None
) -> GenStats:
    """Fill a store at `data_dir` (created if needed) with generated feeds, articles and marks."""
    now = now or datetime.now(UTC)
    maker = TextMaker(seed)
    rng = maker.rng
    per_feed = articles // feeds
    text_bytes = 0
    start = time.perf_counter()
    with Store.open(data_dir) as store:
        store.backup_interval = 3600.0
        categories = ["world", "politics", "science", "business", "local", "sport", "culture", None]
        read_ids, starred_ids = [], []
        for f in range(feeds):
            url = f"https://feed{f:03d}.example/rss.xml"
            store.upsert_feed(url, f"Feed {f:03d} " + " ".join(maker.words(2)).title(), categories[f % 8])
            batch = []
            count = per_feed + (1 if f < articles % feeds else 0)
            for i in range(count):
                paras = maker.body()
                title = " ".join(maker.words(rng.randint(6, 12))).capitalize()
                text_bytes += len(title) + sum(len(p) for p in paras)
                aid = stable_id(url, f"entry-{i}")
                batch.append(
                    Article(
                        id=aid,
                        title=title,
                        source=f"Feed {f:03d}",
                        blocks=tuple(Block(p) for p in paras),
                        published=now - timedelta(seconds=rng.randint(0, 90 * 86400)),
                        url=f"https://feed{f:03d}.example/story/{i}",
                        author=" ".join(maker.words(2)).title() if rng.random() < 0.6 else None,
                        feed=url,
                        full_text=len(paras) > 4,
                    )
                )
                r = rng.random()
                if r < 0.6:
                    read_ids.append(aid)
                if r < 0.02:
                    starred_ids.append(aid)
            store.upsert_articles(batch, feed_url=url)
            store.record_fetch(url, status=200, error=None, etag=f'"{f}"', last_modified=None, fetched_at=now)
        for k in range(0, len(read_ids), 1000):
            store.set_read(read_ids[k : k + 1000])
        for aid in starred_ids:
            store.set_starred(aid)
        store._cache.execute("ANALYZE")
    return GenStats(articles, feeds, time.perf_counter() - start, text_bytes)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--feeds", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    stats = build_store(args.data_dir, articles=args.articles, feeds=args.feeds, seed=args.seed)
    mb = stats.text_bytes / 1e6
    print(f"{stats.articles} articles over {stats.feeds} feeds ({mb:.1f} MB of text) in {stats.seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
