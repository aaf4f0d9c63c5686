"""Find capitalised names in sentences and sort them into people, organisations and places.

Each sentence is cut into runs of capitalised words (with "of", "the", "de"... inside); a possessive ends a run.
A run is read with the cues of :mod:`people` (honorifics, titles, speech verbs, name shape),
:mod:`organizations` (name endings, acronyms) and :mod:`places` (gazetteer, place words); then surnames join full
names and acronyms join their long forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefing.facts import organizations as orgs
from briefing.facts import people as ppl
from briefing.facts import places as plc

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ0-9][\w'’.&-]*")
_CONNECTORS = frozenset(
    [
        "of",
        "the",
        "for",
        "and",
        "de",
        "da",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "al",
        "la",
        "le",
        "du",
        "di",
        "del",
        "dos",
        "ibn",
        "&",
        "on",
        "upon",
    ]
)
_NAME_PARTICLES = frozenset(
    ["de", "da", "van", "von", "der", "den", "bin", "al", "la", "le", "du", "di", "del", "dos", "ibn"]
)
_STOP = frozenset(
    [
        "i",
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "we",
        "they",
        "you",
        "his",
        "her",
        "its",
        "their",
        "our",
        "my",
        "your",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "but",
        "and",
        "or",
        "so",
        "yet",
        "in",
        "on",
        "at",
        "to",
        "for",
        "of",
        "by",
        "with",
        "from",
        "as",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "until",
        "because",
        "although",
        "though",
        "now",
        "then",
        "however",
        "meanwhile",
        "also",
        "still",
        "last",
        "earlier",
        "later",
        "some",
        "many",
        "most",
        "all",
        "both",
        "each",
        "every",
        "no",
        "not",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "what",
        "who",
        "why",
        "how",
        "where",
        "which",
        "mr",
        "mrs",
        "ms",
        "dr",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "read",
        "more",
        "also",
        "watch",
        "related",
        "photo",
        "video",
        "advertisement",
        "according",
        "under",
        "over",
        "into",
        "during",
        "like",
        "just",
        "even",
        "only",
        "please",
        "yes",
        "oh",
        "well",
        "let",
        "do",
        "does",
        "did",
        "was",
        "is",
        "are",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "can",
        "could",
        "should",
        "must",
        "may",
        "might",
        "shall",
        "being",
        "once",
        "after",
        "despite",
        "within",
        "without",
        "among",
        "between",
        "against",
        "toward",
        "towards",
        "upon",
        "about",
        "above",
        "below",
        "across",
        "behind",
        "beyond",
        "near",
        "outside",
        "inside",
        "following",
        "amid",
        "instead",
        "unlike",
        "whether",
        "either",
        "neither",
        "nor",
        "other",
        "another",
        "such",
        "than",
        "nearly",
        "almost",
        "around",
        "friend",
        "chief",
        "minister",
        "president",
        "secretary",
        "general",
    ]
)
_SPORTS = re.compile(
    r"^(?:SOCCER|CRICKET|TENNIS|GOLF|BASEBALL|BASKETBALL|RUGBY|ATHLETICS|CYCLING|BOXING|MOTOR|HOCKEY|ICE HOCKEY|"
    r"FORMULA|NFL|NBA|NHL|SKIING|SWIMMING|ROWING|SQUASH|BADMINTON|VOLLEYBALL|HORSE|EQUESTRIAN|OLYMPICS|"
    r"AMERICAN FOOTBALL|FOOTBALL|MOTORCYCLING|SPORT|SAILING|JUDO|WRESTLING|TABLE TENNIS|HANDBALL|TRIATHLON)\b"
)
_SPEECH_AFTER = re.compile(r"^\s*,?\s*(?:" + ppl.SPEECH_VERBS + r")\b")
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|told|according to|added|asked|wrote)\s+$")
_PLACE_PREP = re.compile(r"\b(?:in|near|outside|across|throughout|from|to|at|into|around|of|via)\s+(?:the\s+)?$")


@dataclass(slots=True)
class Run:
    words: list[str]
    start: int  # char offset in the sentence
    end: int
    possessive: bool = False


@dataclass(slots=True)
class Entity:
    kind: str  # "person" | "org" | "place"
    name: str
    mentions: int = 0
    first: int = 0  # position of the first mention (sentence index * 1000 + offset)
    role: str | None = None
    aliases: list[str] = field(default_factory=list)
    cued: bool = False  # a person with an honorific, title, speech verb or full name


def _is_cap(word: str) -> bool:
    return word[:1].isupper()


def find_runs(sentence: str) -> list[Run]:
    """Runs of capitalised words in a sentence."""
    runs: list[Run] = []
    toks = [(m.group(0), m.start(), m.end()) for m in _WORD.finditer(sentence)]
    cur: list[tuple[str, int, int]] = []

    def close(possessive: bool = False) -> None:
        while cur and cur[-1][0].lower() in _CONNECTORS:
            cur.pop()
        if cur:
            runs.append(Run([w for w, _, _ in cur], cur[0][1], cur[-1][2], possessive))
        cur.clear()

    for i, (w, a, b) in enumerate(toks):
        gap = sentence[toks[i - 1][2] : a] if i else ""
        if cur and gap not in (" ",):
            close()
        word = w
        poss = False
        if re.search(r"['’]s?$", word) and len(word) > 2:
            word = re.sub(r"['’]s?$", "", word)
            poss = True
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.", word):
            word = word.rstrip(".")
        if _is_cap(word) and not word[0].isdigit():
            cur.append((word, a, a + len(word)))
            if poss:
                close(True)
        elif cur and word.lower() in _CONNECTORS and i + 1 < len(toks) and _is_cap(toks[i + 1][0]):
            cur.append((word, a, b))
        else:
            close()
    close()
    return runs


_UPPER = re.compile(r"[A-Z]")
_LOWER = re.compile(r"[a-z]")


def _mostly_caps(text: str) -> bool:
    upper = len(_UPPER.findall(text))
    lower = len(_LOWER.findall(text))
    return upper + lower > 8 and upper / (upper + lower) > 0.7


class Collector:
    """Accumulates mentions into entities."""

    def __init__(self, sports: bool, vocabulary: set[str]) -> None:
        self.sports = sports
        self.vocabulary = vocabulary  # words the article uses in lower case
        self.entities: dict[tuple[str, str], Entity] = {}
        self.singles: list[tuple[str, int, bool]] = []  # unresolved single words: (word, pos, cued_person)
        self.pos = 0

    def add(self, kind: str, name: str, pos: int, role: str | None = None, cued: bool = False) -> Entity | None:
        name = name.strip(" .,-")
        if not name or (name.lower() in _STOP and not (kind == "org" and name.isupper())):
            return None
        key = (kind, name.lower())
        e = self.entities.get(key)
        if e is None:
            e = self.entities[key] = Entity(kind, name, 0, pos)
        e.mentions += 1
        if role and not e.role:
            e.role = role
        e.cued = e.cued or cued
        return e

    # ------------------------------------------------------------------ classification of one run
    def classify(self, run: Run, sentence: str, pos: int, role_prefix: str | None = None) -> None:
        words = run.words
        if not words:
            return
        before = sentence[: run.start]
        after = sentence[run.end :]
        # Hyphenated places: "Russia-Ukraine conflict".
        if len(words) == 1 and "-" in words[0].strip("-"):
            parts = [p for p in words[0].split("-") if p]
            if len(parts) > 1 and all(plc.lookup(p) for p in parts):
                for p in parts:
                    self.add_place(p, pos, sentence, run)
                return
        hon, rest = ppl.split_honorifics(words)
        if hon and rest:
            self.add("person", " ".join(rest), pos, cued=True)
            return
        head, role, name = ppl.split_role(words)
        if role and name and not orgs.has_org_word(name) and not plc.lookup(" ".join(name)):
            if head:
                self.classify(Run(head, run.start, run.start), sentence, pos)
            prefix = (role_prefix + " ") if role_prefix else ""
            if head:
                prefix += " ".join(head) + " "
            self.add("person", " ".join(name), pos, role=prefix + " ".join(role), cued=True)
            return
        text = " ".join(words)
        low = [w.lower() for w in words]
        if len(words) == 1 or not words[-1][:1].isupper():
            self.single(words[0], run, sentence, pos)
            return
        if orgs.has_org_word(words):
            self.add("org", text, pos)
            return
        place = plc.lookup(text)
        if place:
            self.add_place(text, pos, sentence, run)
            return
        if plc.has_place_word(words):
            self.add("place", text, pos)
            return
        if all(orgs.is_acronym(w) for w in words):
            for w in words:
                self.single(w, run, sentence, pos)
            return
        speech = bool(_SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before))
        if ppl.name_shape(words):
            next_word = re.match(r"\s+([a-z][\w-]*)", after)
            modifier = bool(next_word) and next_word.group(1) not in _VERBISH and not speech
            if modifier and plc.looks_demonym(words[-1]):
                return  # "West Indian all-rounder": a nationality
            placey = [w for w in words if plc.lookup(w) and plc.lookup(w)[1] >= 2]
            if placey and not speech:
                if words[0] in placey and len(placey) == 1 and len(words) == 2 and words[1].lower() in low[-1:]:
                    self.add("org", text, pos)
                else:
                    self.add("org", text, pos)
                return
            if any(w.lower() in self.vocabulary or w.lower() in _STOP for w in words if w not in _NAME_PARTICLES):
                # a common word inside: "Air Force", "Sky Sports"; take the capitalised tail as a name only with a cue
                if speech:
                    self.add("person", text, pos, cued=True)
                else:
                    self.add("org", text, pos)
                return
            self.add("person", text, pos, cued=True)
            return
        # Longer runs: split on "and"/"of" is risky; keep as an organisation when it has an org head word.
        self.add("org" if len(words) <= 6 else "misc", text, pos)

    def add_place(self, text: str, pos: int, sentence: str, run: Run) -> None:
        hit = plc.lookup(text)
        name = hit[0] if hit else text
        if self.sports and hit and hit[1] < 3 and not _PLACE_PREP.search(sentence[: run.start]):
            self.add("org", text, pos)  # a club named after its town or county
            return
        self.add("place", name, pos)

    def single(self, word: str, run: Run, sentence: str, pos: int) -> None:
        before = sentence[: run.start]
        after = sentence[run.end :]
        if word.lower() in _STOP and not (word.isupper() and len(word) > 1):
            return
        if orgs.is_acronym(word) and not plc.lookup(word):
            self.add("org", word.replace(".", "") if word.count(".") > 1 else word, pos)
            return
        speech = bool(_SPEECH_AFTER.match(after) or _SPEECH_BEFORE.search(before))
        hit = plc.lookup(word)
        if hit and (hit[1] >= 2 or _PLACE_PREP.search(before)) and not speech:
            self.add_place(word, pos, sentence, run)
            return
        if hit and hit[1] == 3:
            self.add_place(word, pos, sentence, run)
            return
        if orgs.has_org_word([word]) and word.lower() not in ("post", "times", "news"):
            return
        self.singles.append((word, pos, speech))

    # ------------------------------------------------------------------ resolution
    def resolve(self) -> tuple[list[Entity], list[Entity], list[Entity]]:
        people = [e for e in self.entities.values() if e.kind == "person"]
        org_list = [e for e in self.entities.values() if e.kind == "org"]
        places = [e for e in self.entities.values() if e.kind == "place"]
        # Short person names join longer ones: "Stoltenberg", "Hillary Clinton" -> "Hillary Rodham Clinton".
        people.sort(key=lambda e: -len(e.name.split()))
        merged: list[Entity] = []
        for e in people:
            target = _name_target(e.name, merged)
            if target is not None:
                target.mentions += e.mentions
                target.first = min(target.first, e.first)
                target.role = target.role or e.role
            else:
                merged.append(e)
        people = merged
        # Single words: a surname, an organisation's word, or a lone name with a speech verb.
        for word, pos, speech in self.singles:
            target = _name_target(word, people)
            if target is not None:
                target.mentions += 1
                continue
            org = next((o for o in org_list if word.lower() in o.name.lower().split()), None)
            if org is not None:
                org.mentions += 1
                continue
            if speech and word.lower() not in self.vocabulary:
                e = self.add("person", word, pos, cued=True)
                if e is not None and e not in people:
                    people.append(e)
            elif self.sports and word.lower() not in self.vocabulary and pos % 1000 > 0:
                continue
        # Acronyms join their long forms.
        acronyms = [o for o in org_list if orgs.is_acronym(o.name.replace(".", ""))]
        for a in acronyms:
            for o in org_list:
                if o is not a and o.kind == "org" and orgs.matches_acronym(a.name, o.name):
                    a.aliases.append(o.name)
                    a.mentions += o.mentions
                    a.first = min(a.first, o.first)
                    o.kind = "merged"
        org_list = [o for o in org_list if o.kind == "org"]
        # A name both a place and an organisation (sports clubs): keep the majority reading.
        place_names = {p.name.lower(): p for p in places}
        for o in list(org_list):
            p = place_names.get(o.name.lower())
            if p is not None:
                if o.mentions >= p.mentions:
                    o.mentions += p.mentions
                    places.remove(p)
                else:
                    p.mentions += o.mentions
                    org_list.remove(o)
        # People whose name is a known place or organisation word only: drop.
        people = [p for p in people if p.name.lower() not in place_names]
        return people, org_list, places


_VERBISH = frozenset(
    [
        "said",
        "says",
        "told",
        "is",
        "was",
        "has",
        "had",
        "will",
        "would",
        "and",
        "or",
        "but",
        "who",
        "which",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "as",
        "from",
        "by",
        "that",
        "also",
        "has",
        "have",
        "did",
        "does",
        "added",
        "asked",
    ]
)


def _name_target(name: str, people: list[Entity]) -> Entity | None:
    """The longer person name a short one belongs to (the most mentioned), if any."""
    words = name.lower().split()
    best = None
    for p in people:
        pw = p.name.lower().split()
        if len(pw) <= len(words):
            continue
        fits = (
            (len(words) == 1 and words[0] in (pw[-1], pw[0]))
            or (len(words) >= 2 and words[0] == pw[0] and words[-1] == pw[-1])
            or (len(words) >= 2 and words == pw[-len(words) :])
        )
        if fits and (best is None or p.mentions > best.mentions):
            best = p
    return best


def extract_entities(
    title: str, sentences: list[str], dateline: str | None = None
) -> tuple[list[Entity], list[Entity], list[Entity]]:
    """People, organisations and places named in the title and sentences (ordered by mentions)."""
    body = " ".join(sentences)
    vocabulary = {w.lower() for w in re.findall(r"\b[a-z][a-z'-]+\b", body)}
    sports = bool(_SPORTS.match(title.upper())) if title else False
    if not sports:
        scores = len(re.findall(r"\b\d{1,3}-\d{1,3}\b", body))
        sports = scores >= 3 and bool(re.search(r"\b(?:beat|won|drew|match|goals?|innings|wickets?|seed)\b", body))
    col = Collector(sports, vocabulary)
    if dateline:
        hit = plc.lookup(dateline.split(",")[0].strip())
        col.add("place", hit[0] if hit else dateline.split(",")[0].strip().title(), -1)
    texts = ([title] if title and not _mostly_caps(title) else []) + list(sentences)
    for si, sent in enumerate(texts):
        if _mostly_caps(sent):
            continue
        prev: Run | None = None
        for run in find_runs(sent):
            words = run.words
            prefix = None
            if prev is not None and prev.possessive and 0 < run.start - prev.end <= 4:
                prefix = " ".join(prev.words) + "'s"
            prev = run
            # Sentence-initial capital: drop a common first word ("The", "Police", "Allies").
            at_start = not re.search(r"[\w]", sent[: run.start])
            if at_start and words[0].lower() in vocabulary | _STOP:
                words = words[1:]
                while words and words[0].lower() in _CONNECTORS:
                    words = words[1:]
                if not words:
                    continue
                run = Run(words, run.end - len(" ".join(words)), run.end, run.possessive)
            col.classify(run, sent, si * 1000 + min(run.start, 999), role_prefix=prefix)
    people, org_list, places = col.resolve()
    # All-caps titles and lines: count mentions of known names, case-insensitively.
    caps_text = " ".join(t for t in texts[:1] + ([title] if title and _mostly_caps(title) else []) if _mostly_caps(t))
    if caps_text:
        up = caps_text.upper()
        for e in people + org_list + places:
            if re.search(r"\b" + re.escape(e.name.upper()) + r"\b", up):
                e.mentions += 1
    key = lambda e: (-e.mentions, e.first)  # noqa: E731
    return sorted(people, key=key), sorted(org_list, key=key), sorted(places, key=key)
