"""Organisation cues: name endings ("... Party", "... Inc"), acronyms, and acronym/long-form pairs
("North Atlantic Treaty Organization" = NATO), merged into one organisation with aliases."""

from __future__ import annotations

import re
from functools import lru_cache

#: Words that make a capitalised name an organisation when they end it (or, for a few, anywhere in it).
ORG_WORDS = frozenset(
    [
        "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "llc", "ag", "sa", "nv", "gmbh", "group",
        "party", "ministry", "department", "council", "commission", "committee", "union", "nations", "bank",
        "association", "federation", "agency", "organization", "organisation", "university", "college", "institute",
        "club", "fc", "united", "city", "rovers", "wanderers", "athletic", "county", "court", "congress",
        "parliament", "senate", "assembly", "army", "navy", "police", "service", "services", "times", "news",
        "post", "daily", "weekly", "journal", "herald", "tribune", "telegraph", "guardian", "gazette", "airlines",
        "airways", "motors",
        "foundation", "fund", "board", "authority", "office", "administration", "bureau", "network", "alliance",
        "coalition", "front", "movement", "church", "exchange", "corporation", "company", "holdings", "industries",
        "systems", "technologies", "laboratories", "labs", "society", "institution", "trust", "reserve", "command",
        "forces", "guard", "brigade", "house", "commission", "secretariat", "cabinet", "government", "league",
        "conference", "tribunal", "hospital", "school", "academy", "museum", "press", "broadcasting", "television",
        "radio", "tv", "channel", "media", "studios", "pictures", "records", "bancorp", "insurance", "securities",
        "capital", "partners", "energy", "oil", "petroleum", "telecom", "communications", "electric",
        "pharmaceuticals", "chemicals", "steel", "mining", "airport", "international", "cross",
    ]
)  # fmt: skip
#: Organisation words that make a name an organisation wherever they are: "Bank of England".
ORG_HEADS = frozenset(
    [
        "ministry", "department", "university", "college", "institute", "bank", "council", "commission",
        "committee", "federation", "association", "union", "organization", "organisation", "party", "agency",
        "court", "office", "board", "house",
    ]
)  # fmt: skip
#: All-caps words that are not organisations.
NOT_ACRONYMS = frozenset(
    [
        "TV", "CEO", "CFO", "COO", "AM", "PM", "OK", "GMT", "BST", "EST", "EDT", "PST", "UTC", "AD", "BC", "MP",
        "MPS", "PR", "ID", "DJ", "DNA", "HIV", "AIDS", "RIP", "LOL", "OMG", "VIP", "USD", "EUR", "GBP", "JPY",
        "FAQ", "PDF", "ATM", "SUV", "GDP", "CPI", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "I",
        "A", "READ", "MORE", "ALSO", "NEW", "THE", "AND", "OF", "UPDATE", "WATCH", "PHOTOS", "VIDEO", "BREAKING",
        "EXCLUSIVE", "LIVE", "UK", "US", "USA", "EU", "UN", "NFL", "NBA", "MLB", "NHL", "MVP", "IQ", "CV",
    ]
)  # fmt: skip
#: Acronyms that name well-known organisations even without their long form in the text.
KNOWN_ACRONYMS = frozenset(["EU", "UN", "NFL", "NBA", "MLB", "NHL"])
#: Well-known organisations named by one word (news agencies, institutions), which no name cue reveals.
KNOWN_ORGS = frozenset(
    [
        "reuters", "interfax", "xinhua", "tass", "itar-tass", "afp", "bloomberg", "treasury", "fed", "pentagon",
        "kremlin", "congress", "senate", "parliament", "nato", "opec", "unicef", "unesco", "interpol", "europol",
        "fifa", "uefa", "nasdaq", "nyse", "ap", "upi", "bbc", "cnn", "nasa", "fbi", "cia", "kgb", "hamas",
        "hezbollah", "taliban", "politburo", "bundesbank", "bundestag", "duma", "knesset",
    ]
)  # fmt: skip
_MINOR = frozenset(["of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "&", "at", "to"])


#: Legal forms that end a company's name: "Pirelli SpA", "Cofinec S.A.", "LM Ericsson AB", "Salomon Bros."
LEGAL_SUFFIXES = frozenset(
    [
        "inc", "corp", "co", "ltd", "plc", "llc", "ag", "sa", "nv", "gmbh", "spa", "ab", "bros", "asa", "oy",
        "oyj", "kk", "bhd", "pty", "lp", "limited", "incorporated", "corporation", "srl", "bv", "se",
    ]
)  # fmt: skip


#: Words that end a newspaper's or a broadcaster's name.
MEDIA_WORDS = frozenset(
    [
        "times", "news", "post", "daily", "weekly", "journal", "herald", "tribune", "telegraph", "guardian",
        "gazette", "press", "mirror", "express", "mail", "star", "sun", "observer", "independent", "standard",
        "chronicle", "record", "courier", "globe", "examiner", "inquirer", "magazine", "radio", "television", "tv",
    ]
)  # fmt: skip


def is_media_word(word: str) -> bool:
    return word.lower() in MEDIA_WORDS


def is_legal_suffix(word: str) -> bool:
    return word.lower().replace(".", "").rstrip(",") in LEGAL_SUFFIXES


def has_org_word(words: list[str] | tuple[str, ...]) -> bool:
    """A name that an organisation word ends ("... Party", "... Inc") or heads ("Bank of ...")."""
    return _has_org_word(tuple(words))


@lru_cache(maxsize=8192)
def _has_org_word(words: tuple[str, ...]) -> bool:
    return has_org_word_lower([w.lower() for w in words])


def has_org_word_lower(low: list[str]) -> bool:
    """:func:`has_org_word` for words already in lower case (not cached: for callers that cache their result)."""
    if not low:
        return False
    last = low[-1].rstrip(".,")
    if last in ORG_WORDS or (len(low) > 1 and last.replace(".", "") in LEGAL_SUFFIXES):
        return True
    return any(w.rstrip(".,") in ORG_HEADS for w in low[:-1])


@lru_cache(maxsize=8192)
def is_acronym(word: str) -> bool:
    w = word.replace(".", "").replace("&", "")
    return (2 <= len(w) <= 6 and w.isupper() and w.isalpha() and word.replace(".", "") not in NOT_ACRONYMS) or (
        word.replace(".", "") in KNOWN_ACRONYMS
    )


@lru_cache(maxsize=4096)
def initials(long_form: str) -> str:
    """ "North Atlantic Treaty Organization" -> "NATO" (minor words skipped)."""
    words = [w for w in re.split(r"[\s-]+", long_form) if w and w.lower() not in _MINOR]
    return "".join(w[0] for w in words).upper()


@lru_cache(maxsize=4096)
def initials_all(long_form: str) -> str:
    """Initials with minor words kept except "the": "Bank of England" -> "BOE"."""
    words = [w for w in re.split(r"[\s-]+", long_form) if w and w.lower() not in ("the", "&")]
    return "".join(w[0] for w in words).upper()


def matches_acronym(acronym: str, long_form: str) -> bool:
    a = acronym.replace(".", "").upper()
    return len(a) >= 2 and a in initials_of(long_form)


def initials_of(long_form: str) -> tuple[str, ...]:
    """The acronyms a name of two words or more gives (:func:`initials`, :func:`initials_all`); none for one word."""
    if len(long_form.split()) < 2:
        return ()
    return initials(long_form), initials_all(long_form)


_DEFINED = re.compile(r"\(([A-Z][A-Z&]{1,7})\)")
_TOKEN = re.compile(r"[\w'’.&-]+")
_LONG_MINOR = _MINOR | frozenset(["for", "and", "in", "of", "the"])


def _subsequence(acronym: str, letters: str) -> bool:
    it = iter(letters)
    return all(ch in it for ch in acronym)


def defined_acronyms(sentence: str) -> list[tuple[str, str, int, int]]:
    """Acronyms defined by a long form before them: "the Organisation for Security and Cooperation in Europe
    (OSCE)" -> ("OSCE", "Organisation for Security and Cooperation in Europe", start, end of the long form).
    The long form is a run of capitalised words (minor words allowed inside) whose first and last words give the
    acronym's first and last letters and whose initials hold all its letters in order (the longest such run, of
    at most two words more than the acronym has letters)."""
    found: list[tuple[str, str, int, int]] = []
    for m in _DEFINED.finditer(sentence):
        acronym = m.group(1).replace("&", "")
        if len(acronym) < 2 or acronym in NOT_ACRONYMS:
            continue
        tokens = list(_TOKEN.finditer(sentence, max(0, m.start() - 160), m.start()))
        if tokens and tokens[0].start() > 0 and m.start() > 160:
            tokens = tokens[1:]  # a word cut by the window
        content: list[re.Match[str]] = []
        candidates: list[tuple[int, int, int]] = []
        for k in range(len(tokens) - 1, -1, -1):
            tok = tokens[k].group(0)
            low = tok.lower()
            if low in _LONG_MINOR:
                continue
            if not tok[:1].isupper():
                break
            content.insert(0, tokens[k])
            if len(content) > len(acronym) + 2:
                break
            if len(content) < len(acronym) or tok[0].upper() != acronym[0]:
                continue
            if content[-1].group(0)[0].upper() != acronym[-1]:
                break
            letters = "".join(t.group(0)[0].upper() for t in content)
            if _subsequence(acronym[1:-1], letters[1:-1]):
                candidates.append((len(content), content[0].start(), content[-1].end()))
        if candidates:  # the longest: "Rally for the Return of Refugees and Democracy in Rwanda (RDR)"
            _, start, end = max(candidates)
            found.append((m.group(1), sentence[start:end], start, end))
    return found
