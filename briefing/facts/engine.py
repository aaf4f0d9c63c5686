"""Orchestration: an article in, its key facts out (every list ordered by salience and capped for display)."""

from __future__ import annotations

import re

from briefing.facts.cleaning import is_byline, is_caption, is_link_line
from briefing.facts.dates import anchor_date, extract_dates
from briefing.facts.entities import extract_entities
from briefing.facts.numbers import extract_numbers
from briefing.facts.quotes import extract_quotes
from briefing.facts.sentences import split_sentences
from briefing.facts.summary import key_sentences
from briefing.model import Article, DateFact, KeyFacts, NumberFact, Organization, Person, Place, Quote

#: Bump when the output for the same article changes (the store caches facts by content hash and this version).
EXTRACTOR_VERSION = "3"

MAX_PEOPLE = 150
MAX_ORGANIZATIONS = 150
MAX_PLACES = 150
MAX_DATES = 12
MAX_NUMBERS = 12
MAX_QUOTES = 40
#: Body text read for facts: far beyond any article, a bound on the work a hostile file can cause.
MAX_BODY_CHARS = 400_000

#: A dateline opening the body: "BRUSSELS – ", "LONDON 1996-08-30", "WASHINGTON (Reuters) - ".
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?[A-Z.])(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
    r"(?:\s*\((?:[A-Za-z ]{2,20})\))?\s*(?:[-–—]+|\d{4}-\d\d-\d\d)(?:\s+|$)"
)


_PARENS = re.compile(r"\s*\([^)]*\)")


def body_paragraphs(article: Article) -> tuple[list[str], str | None]:
    """The body's story paragraphs (captions, credits, link lines and pull-quote copies dropped) and the
    dateline place (the article's own, or one found opening the body)."""
    pulls = {" ".join(q.text.split()).strip("\"“”'‘’ ") for q in article.pull_quotes}
    attributions = {" ".join((q.attribution or "").split()) for q in article.pull_quotes}
    caption = " ".join((article.caption or "").split())
    dateline = article.dateline
    out: list[str] = []
    total = 0
    for i, para in enumerate(article.paragraphs):
        if total > MAX_BODY_CHARS:
            break
        text = " ".join(para.split())
        total += len(text)
        if not text:
            continue
        if is_link_line(text) or text == caption or text in attributions:
            continue
        if len(text) < 400 and is_caption(text):
            continue
        if i < 3 and is_byline(text):
            continue
        if text.strip("\"“”'‘’ ") in pulls:
            continue  # the pull quote repeated in the body (a loader that missed it)
        if not out:
            m = _DATELINE.match(text)
            if m and len(m.group("place").split()) <= 4:
                dateline = dateline or m.group("place").strip()
                text = text[m.end() :]
                if not text:
                    continue  # the dateline stood alone: "NEW YORK 1996-08-30"
        out.append(text)
    if dateline:
        dateline = _PARENS.sub("", dateline).split(",")[0].strip(" -–—") or None
    return out, dateline


def extract(article: Article, *, sentences: int = 3) -> KeyFacts:
    """The key facts of an article: deterministic, offline."""
    paragraphs, dateline = body_paragraphs(article)
    sents = split_sentences(paragraphs, normalized=True)
    texts = [s.text for s in sents]
    summary = key_sentences(sents, sentences, exclude=tuple(q.text for q in article.pull_quotes))

    people_e, orgs_e, places_e = extract_entities(article.title or "", texts, dateline)
    people = tuple(Person(e.name, e.role, e.mentions) for e in people_e[:MAX_PEOPLE])
    organizations = tuple(
        Organization(e.name, tuple(dict.fromkeys(e.aliases)), e.mentions) for e in orgs_e[:MAX_ORGANIZATIONS]
    )
    places = tuple(Place(e.name, e.mentions) for e in places_e[:MAX_PLACES])

    anchor = anchor_date(
        article.published, article.published_estimated, [article.caption or "", *article.paragraphs[:4]]
    )
    dates: list[DateFact] = []
    seen: set[str] = set()
    for d in extract_dates(texts, anchor):
        key = d.date or d.text.lower()
        if key not in seen:
            seen.add(key)
            dates.append(d)
    dates.sort(key=lambda d: (d.date is None, -(len(d.date or "")), 0))  # full dates first, then months, years
    numbers: list[NumberFact] = []
    seen = set()
    for n in extract_numbers(texts, distinct=MAX_NUMBERS):
        key = f"{n.value}|{n.unit}"
        if key not in seen:
            seen.add(key)
            numbers.append(n)

    names = [p.name for p in people_e]
    quotes: list[Quote] = []
    seen_q: list[set[str]] = []
    for text, speaker in extract_quotes(paragraphs, names):
        quotes.append(Quote(text, speaker))
        seen_q.append(set(text.lower().split()))
    for pq in article.pull_quotes:  # a pull quote counts once: only when the body does not carry it
        words = set(pq.text.lower().split())
        if words and not any(len(words & q) / len(words) > 0.6 for q in seen_q):
            speaker = (pq.attribution or "").split(",")[0].strip(" -–—―") or None
            if speaker:  # "Stoltenberg, NATO chief" -> the article's full name for him
                speaker = next((n for n in names if n.split()[-1] == speaker.split()[-1]), speaker)
            quotes.append(Quote(pq.text.strip("\"“”'‘’ "), speaker))
    return KeyFacts(
        summary=tuple(summary),
        people=people,
        organizations=organizations,
        places=places,
        dates=tuple(dates[:MAX_DATES]),
        numbers=tuple(numbers[:MAX_NUMBERS]),
        quotes=tuple(quotes[:MAX_QUOTES]),
    )
