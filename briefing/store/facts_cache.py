"""The key-facts cache: :class:`~briefing.model.KeyFacts` as JSON, by content hash and extractor version.

A new extractor version simply misses the cache (old entries are pruned with the articles they belonged to).
"""

from __future__ import annotations

import json
import sqlite3

from briefing.model import DateFact, KeyFacts, NumberFact, Organization, Person, Place, Quote
from briefing.store.database import now_micros


def facts_to_json(facts: KeyFacts) -> str:
    data = {
        "summary": list(facts.summary),
        "people": [[p.name, p.role, p.mentions] for p in facts.people],
        "organizations": [[o.name, list(o.aliases), o.mentions] for o in facts.organizations],
        "places": [[p.name, p.mentions] for p in facts.places],
        "dates": [[d.text, d.date] for d in facts.dates],
        "numbers": [[n.text, n.value, n.unit, n.sentence] for n in facts.numbers],
        "quotes": [[q.text, q.speaker] for q in facts.quotes],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def facts_from_json(text: str) -> KeyFacts:
    data = json.loads(text)
    return KeyFacts(
        summary=tuple(data.get("summary", [])),
        people=tuple(Person(n, r, m) for n, r, m in data.get("people", [])),
        organizations=tuple(Organization(n, tuple(a), m) for n, a, m in data.get("organizations", [])),
        places=tuple(Place(n, m) for n, m in data.get("places", [])),
        dates=tuple(DateFact(t, d) for t, d in data.get("dates", [])),
        numbers=tuple(NumberFact(t, v, u, s) for t, v, u, s in data.get("numbers", [])),
        quotes=tuple(Quote(t, s) for t, s in data.get("quotes", [])),
    )


def get(conn: sqlite3.Connection, content_hash: str, version: str | int) -> KeyFacts | None:
    row = conn.execute(
        "SELECT data FROM facts WHERE content_hash = ? AND version = ?", (content_hash, str(version))
    ).fetchone()
    if row is None:
        return None
    try:
        return facts_from_json(row[0])
    except (ValueError, TypeError):
        return None  # an entry we cannot read is a miss; it will be recomputed and replaced


def put(conn: sqlite3.Connection, content_hash: str, version: str | int, facts: KeyFacts) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO facts(content_hash, version, data, created_at) VALUES (?, ?, ?, ?)",
        (content_hash, str(version), facts_to_json(facts), now_micros()),
    )
