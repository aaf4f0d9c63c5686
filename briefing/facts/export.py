"""The JSON form of an article's key facts (the contract in docs/facts-json.md), shared by `briefing facts`
and `briefing export`."""

from __future__ import annotations

from typing import Any

from briefing.model import Article, KeyFacts


def article_to_dict(article: Article) -> dict[str, Any]:
    """The article's own fields, named as in the contract."""
    return {
        "id": article.id,
        "path": article.path,
        "title": article.title,
        "source": article.source,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "url": article.url,
        "text": article.text,
    }


def facts_to_dict(article: Article, facts: KeyFacts) -> dict[str, Any]:
    """One article and its facts as plain JSON-ready data."""
    return {
        **article_to_dict(article),
        "summary": list(facts.summary),
        "people": [{"name": p.name, "role": p.role, "mentions": p.mentions} for p in facts.people],
        "organizations": [
            {"name": o.name, "aliases": list(o.aliases), "mentions": o.mentions} for o in facts.organizations
        ],
        "places": [{"name": p.name, "mentions": p.mentions} for p in facts.places],
        "dates": [{"text": d.text, "date": d.date} for d in facts.dates],
        "numbers": [{"text": n.text, "value": n.value, "unit": n.unit, "sentence": n.sentence} for n in facts.numbers],
        "quotes": [{"text": q.text, "speaker": q.speaker} for q in facts.quotes],
        "links": [{"label": link.label, "text": link.text, "url": link.url} for link in article.links],
    }
