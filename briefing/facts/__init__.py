"""The key-facts engine: who, what, where, when, how many and who said what, from an article's text.

`extract(article, sentences=3) -> KeyFacts` is deterministic and offline; `EXTRACTOR_VERSION` changes whenever
the output for the same article does (facts are cached by content hash and this version).
"""

from briefing.facts.engine import EXTRACTOR_VERSION, extract

__all__ = ["EXTRACTOR_VERSION", "extract"]
