"""Find capitalised names in sentences and sort them into people, organisations and places.

Each sentence is cut into runs of capitalised words (with "of", "the", "de"... inside); a possessive ends a run.
A run is read with the cues of :mod:`people` (honorifics, titles, speech verbs, name shape),
:mod:`organizations` (name endings, acronyms) and :mod:`places` (gazetteer, place words); then surnames join full
names and acronyms join their long forms.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from briefing.facts import organizations as orgs
from briefing.facts import people as ppl
from briefing.facts import places as plc

_CONNECTORS = frozenset(
    [
        "of", "on", "the", "for", "de", "da", "van", "von", "der", "den", "bin", "al", "la", "le", "du", "di", "del",
        "dos", "ibn", "&", "della", "dello", "delle", "degli", "dei", "des", "das", "do",
    ]
)  # fmt: skip
_NAME_PARTICLES = frozenset(
    ["de", "da", "van", "von", "der", "den", "bin", "al", "la", "le", "du", "di", "del", "dos", "ibn"]
)
_STOP = frozenset(
    [
        "i", "the", "a", "an", "he", "she", "it", "we", "they", "you", "his", "her", "its", "their", "our", "my",
        "your", "this", "that", "these", "those", "there", "here", "but", "and", "or", "so", "yet", "in", "on",
        "at", "to", "for", "of", "by", "with", "from", "as", "if", "when", "while", "after", "before", "since",
        "until", "because", "although", "though", "now", "then", "however", "meanwhile", "also", "still", "last",
        "earlier", "later", "some", "many", "most", "all", "both", "each", "every", "no", "not", "one", "two",
        "three", "four", "five", "six", "seven", "eight", "nine", "ten", "what", "who", "why", "how", "where",
        "which", "mr", "mrs", "ms", "dr", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
        "sunday", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "today", "yesterday", "tomorrow", "tonight", "read", "more", "also", "watch",
        "related", "photo", "video", "advertisement", "according", "under", "over", "into", "during", "like",
        "just", "even", "only", "please", "yes", "oh", "well", "let", "do", "does", "did", "was", "is", "are",
        "were", "has", "have", "had", "will", "would", "can", "could", "should", "must", "may", "might", "shall",
        "being", "once", "after", "despite", "within", "without", "among", "between", "against", "toward",
        "towards", "upon", "about", "above", "below", "across", "behind", "beyond", "near", "outside", "inside",
        "following", "amid", "instead", "unlike", "whether", "either", "neither", "nor", "other", "another", "such",
        "than", "nearly", "almost", "around", "friend", "former", "ex", "acting", "late", "chief", "minister",
        "president", "secretary", "general",
    ]
)  # fmt: skip
_SPORTS = re.compile(
    r"^(?:SOCCER|CRICKET|TENNIS|GOLF|BASEBALL|BASKETBALL|RUGBY|ATHLETICS|CYCLING|BOXING|MOTOR|HOCKEY|ICE HOCKEY|"
    r"FORMULA|NFL|NBA|NHL|SKIING|SWIMMING|ROWING|SQUASH|BADMINTON|VOLLEYBALL|HORSE|EQUESTRIAN|OLYMPICS|"
    r"AMERICAN FOOTBALL|FOOTBALL|MOTORCYCLING|SPORT|SAILING|JUDO|WRESTLING|TABLE TENNIS|HANDBALL|TRIATHLON)\b"
)
#: Sports played by teams: there a name heading a line of figures is a club, not a player.
_TEAM_SPORTS = re.compile(
    r"^(?:SOCCER|CRICKET|BASEBALL|BASKETBALL|RUGBY|HOCKEY|ICE HOCKEY|NFL|NBA|NHL|VOLLEYBALL|HANDBALL|"
    r"AMERICAN FOOTBALL|FOOTBALL|WATER POLO)\b"
)
# The patterns read after a name open with no "^": they are matched in place, at the name's end and within the 200
# characters after it (`pattern.match(sentence, end, end + 200)`, see _Around.at), not on a slice.
#: A standings row after a name: at least two figures and nothing else ("4 3 1 0 7 4 10", "71 61 .538 12 1/2").
_ROW_AFTER = re.compile(r"(?:\s*\([^()]{1,20}\))?(?:\s+-?\d[\d.,/]*|\s+-){2,}\s*$")
#: A result after a name: a score ending the line or followed by the other team ("Red Star 2 Partizan 1").
_SCORE_AFTER = re.compile(r"(?:\s*\([^()]{1,20}\))?\s+\d{1,3}(?:\s*$|\s+[A-Z]|\s+\()")
#: "(Germany) " or "(U.S.), " right before a name in a results line: the rider's team, the driver's car.
_PAREN_BEFORE = re.compile(r"\(([A-Z][\w. ]{0,25})\),?\s+$")
#: Verbs right after a capitalised word that make it a person ("Merson said"); not "-ing" forms ("Twitter asking").
_SPEECH_AFTER = re.compile(
    r"\s*,?\s*(?:on\s+[A-Z][a-z]+day\s+)?(?:said|says|told|tells|added|adds|asked|wrote|explained|noted|insisted|claimed|warned|declared|"
    r"announced|recalled|replied|argued|admitted|stressed|tweeted|conceded|acknowledged)\b"
)


def _phrases(*texts: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(t.split()) for t in texts)


_COMMA_AFTER = re.compile(r"\s*,")
_TAIL_STRIP = ("(\"'“‘[",) * 3  # "(at Headingley"


def _tail(sentence: str, start: int) -> tuple[str, ...]:
    """The last three words (lower case) before a name at `start` that follows a space: the context the cue
    phrases below are matched against, by set look-ups rather than a regex searched at every position."""
    if not start or not sentence[start - 1].isspace():
        return ()
    return tuple(map(str.lstrip, sentence[max(0, start - 48) : start].lower().split()[-3:], _TAIL_STRIP))


_SPEECH_BEFORE = _phrases("said", "says", "told", "according to", "added", "asked", "wrote")
#: Names of events, competitions and other things CoNLL calls MISC: not people, organisations or places.
_MISC_WORDS = frozenset(
    [
        "cup", "open", "championship", "championships", "games", "olympics", "series", "masters", "classic", "prix",
        "trophy", "tour", "bowl", "day", "award", "awards", "prize", "festival", "war", "league",
    ]
)  # fmt: skip
_EDGE_WORDS = frozenset(
    [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
        "march", "april", "june", "july", "august", "september", "october", "november", "december",
    ]
)  # fmt: skip
#: Words before "of" that keep "X of Y" one name ("Bank of England", "Duke of Norfolk", "Gulf of Mexico").
_OF_HEADS = (
    orgs.ORG_WORDS
    | orgs.ORG_HEADS
    | ppl.TITLE_HEADS
    | plc.PLACE_WORDS
    | plc.PLACE_PREFIXES
    | frozenset(["republic", "kingdom", "city", "isle", "gulf", "bay", "cape", "duke", "earl", "house", "people's"])
    | frozenset(["church", "sea", "straits", "united", "states", "federation", "organisation", "organization"])
    | frozenset(["nation", "conference", "commission", "committee", "council", "panel", "forum", "summit"])
)
#: Words that make a name a state: "Russian Federation", "Republic of Ireland".
_STATE_WORDS = frozenset(["republic", "federation", "kingdom", "emirates", "principality", "sultanate"])
_COUNTRY_AFTER = re.compile(r"\s*\((?:[A-Z][\w.]*\s?){1,3}\)")
_BUSINESS_WORDS = (
    r"(?:shares?|stock|stake|profits?|earnings|revenues?|sales|chief executive|board|"
    r"spokes(?:man|woman|person)|executives?|unit|subsidiary|division|plant|factory|brand|bid|merger|"
    r"acquisition|CEO|shareholders|share price|quarterly|net income|Inc|Corp|Ltd|Plc|AG|SA)"
)
_BUSINESS_BEFORE = _phrases(
    "shares of", "shares in", "stake in", "unit of", "units of", "rival", "subsidiary of", "carmaker", "automaker",
    "insurer", "retailer", "conglomerate", "owner of", "bid for", "takeover of", "acquire", "acquired",
    "chief executive of", "ceo of", "firm", "company", "operator", "giant", "maker", "manufacturer", "producer",
    "supplier", "distributor", "brokerage", "bank", "lender", "airline", "carrier", "chain", "publisher", "group",
    "consortium", "miner", "refiner", "utility",
    *(f"{n} {link}" for n in ("firms", "companies", "groups", "banks") for link in ("such as", "including", "like")),
)  # fmt: skip
#: Words around a name that make it a newspaper, an agency or a broadcaster.
_MEDIA_WORDS = r"(?:newspapers?|daily|weekly|news agency|magazine|radio|television|reported|quoted)"
_MEDIA_AFTER = re.compile(r"(?:['’]s?)?\s+" + _MEDIA_WORDS + r"\b")
#: A business or a media word after a name, in one match (the alternation backtracks: either word matches).
_BUSINESS_OR_MEDIA_AFTER = re.compile(r"(?:['’]s?)?\s+(?:" + _BUSINESS_WORDS + "|" + _MEDIA_WORDS + r")\b")
_MEDIA_BEFORE = _phrases(
    "newspaper", "daily", "weekly", "magazine", "news agency", "tabloid", "broadsheet", "reported by", "published by"
)
#: Words after a club's name in team sports: "Norwich striker", "Chelsea central defender", "Saracens side".
_TEAM_AFTER = re.compile(
    r"(?:['’]s?)?\s+(?:[a-z]+\s+)?(?:striker|midfielder|defender|goalkeeper|keeper|playmaker|winger|skipper|"
    r"captain|forward|full-back|fullback|centre-back|center-back|scrum-half|fly-half|flanker|hooker|lock|"
    r"pitcher|outfielder|infielder|shortstop|catcher|quarterback|batsman|bowler|all-rounder|wicketkeeper|"
    r"coach|manager|fans|supporters|side|squad|team-?mates?|players?)\b"
)


#: The stricter cues for a name shaped like a person's: "producer Mark Wolper", "Julie Davis reported from",
#: "Tom Joyner's radio show" are people.
_FIRM_BEFORE = _BUSINESS_BEFORE - _phrases(
    "producer", "publisher", "operator", "supplier", "distributor", "maker", "manufacturer", "rival", "carrier",
    "owner of", "chief executive of", "ceo of",
)  # fmt: skip
_MEDIA_AFTER_NAME = r"\s+(?:newspapers?|daily|weekly|news agency|magazine|quoted)"
#: A business word or a media word (one no person takes) after a name, in one match.
_BUSINESS_OR_MEDIA_AFTER_NAME = re.compile(r"(?:(?:['’]s?)?\s+" + _BUSINESS_WORDS + "|" + _MEDIA_AFTER_NAME + r")\b")


def _business_name(around: _Around) -> bool:
    """:func:`_business` for a name shaped like a person's: only cues no person takes."""
    return bool(around.cues & (_CUE_FIRM | _CUE_MEDIA) or around.at(_BUSINESS_OR_MEDIA_AFTER_NAME))


def _business(around: _Around) -> bool:
    """Words around a name that make it a company or a newspaper: "Pirelli shares", "a stake in Ericsson",
    "telecoms operator Unicom", "Le Matin newspaper", "the daily Zeitung"."""
    return bool(around.cues & (_CUE_BUSINESS | _CUE_MEDIA) or around.at(_BUSINESS_OR_MEDIA_AFTER))


_TEAM_SPORT_WORDS = frozenset(
    ["league", "club", "goal", "goals", "innings", "wicket", "wickets", "inning", "innings", "touchdown",
     "striker", "midfielder", "relegation", "promotion", "halftime", "half-time", "penalty", "cup"]
)  # fmt: skip
#: Lower-case titles right before a full name: "coach Dave Gilbert", "finalist MaliVai Washington".
_TITLE_BEFORE = frozenset(
    (w,)
    for w in ppl.TITLE_HEADS | {"finalist", "veteran", "champion", "newcomer", "team-mate", "teammate"}
    if w.isalpha()
)
_RESULT_BEFORE = _phrases(
    "beat", "against", "over", "drew with", "draw with", "lost to", "defeated", "held", "defeat to", "defeat by",
    "draw at", "win at", "loss to", "signed for", "joined", "moved to", "transfer to", "playing for", "played for",
)  # fmt: skip
_RESULT_AFTER = re.compile(
    r"\s+(?:\([^()]{1,20}\)\s+)?(?:beat|drew|lost|won|defeated|held|thrashed|edged|routed|trailed|led)\b"
)
_TEAM_CONTEXT = re.compile(r"\s+\d{1,3}\s+[A-Z]")
_LETTER = re.compile(r"[A-Za-z]")
_FIXTURE_AFTER = re.compile(r"\s+v\.?\s+[A-Z]")
_FIXTURE_BEFORE = _phrases("v", "v.")
_POSSESSED_NAME = re.compile(r"['’]s?\s+[A-Z][a-z]+\s+[A-Z]")
_LOCATIVE = _phrases("in", "at", "near", "outside")
_PLACE_PREP = _phrases(
    "in", "near", "outside", "across", "throughout", "from", "to", "at", "into", "around", "of", "via"
)  # fmt: skip


#: The phrase sets a name's `tail` is tested against, as bits of one number (:func:`_tail_cues`).
_CUE_SPEECH, _CUE_FIRM, _CUE_MEDIA, _CUE_BUSINESS, _CUE_TITLE, _CUE_RESULT, _CUE_FIXTURE, _CUE_LOCATIVE, _CUE_PREP = (
    1 << i for i in range(9)
)
_TAIL_TESTS = (
    (_CUE_SPEECH, _SPEECH_BEFORE, False),
    (_CUE_FIRM, _FIRM_BEFORE, False),
    (_CUE_MEDIA, _MEDIA_BEFORE, True),
    (_CUE_BUSINESS, _BUSINESS_BEFORE, False),
    (_CUE_TITLE, _TITLE_BEFORE, False),
    (_CUE_RESULT, _RESULT_BEFORE, False),
    (_CUE_FIXTURE, _FIXTURE_BEFORE, False),
    (_CUE_LOCATIVE, _LOCATIVE, True),
    (_CUE_PREP, _PLACE_PREP, True),
)


def _by_last_word(the: bool) -> dict[str, tuple[tuple[int, tuple[str, ...]], ...]]:
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for bit, phrases, phrase_the in _TAIL_TESTS:
        if phrase_the == the:
            for phrase in phrases:
                index.setdefault(phrase[-1], []).append((bit, phrase))
    return {word: tuple(entries) for word, entries in index.items()}


#: The cue phrases by their last word: most names follow a word that ends no phrase (one dict look-up).
_PLAIN_BY_LAST = _by_last_word(False)
_THE_BY_LAST = _by_last_word(True)
#: The last words of a tail that can give a cue (:func:`_tail_cues` gives 0 for any other).
_CUE_LAST_WORDS = frozenset(_PLAIN_BY_LAST) | frozenset(_THE_BY_LAST) | {"the"}


def _tail_cues(tail: tuple[str, ...]) -> int:
    """The bits of the phrase sets of `_TAIL_TESTS` that `tail` ends with: a phrase of one to three words that
    the tail ends with, or (for the sets marked so) that it ends with before a closing "the" ("in the Gulf")."""
    if not tail:
        return 0
    cues = 0
    n = len(tail)
    for bit, phrase in _PLAIN_BY_LAST.get(tail[-1], ()):
        if len(phrase) <= n and tail[n - len(phrase) :] == phrase:
            cues |= bit
    if tail[-1] == "the":  # a phrase, then "the": "in the", "the daily"
        tail = tail[:-1]
        n -= 1
    if n:
        for bit, phrase in _THE_BY_LAST.get(tail[-1], ()):
            if len(phrase) <= n and tail[n - len(phrase) :] == phrase:
                cues |= bit
    return cues


class _Around:
    """The text around a run of capitalised words (the sentence and the run's offsets: patterns are matched in
    place, `before` and `after` are sliced only when asked for) and the cues read from it."""

    __slots__ = ("_speech", "cues", "end", "lim", "sentence", "start", "tail")

    def __init__(self, sentence: str, start: int, end: int) -> None:
        self.sentence = sentence
        self.start = start
        self.end = end
        self.lim = end + 200  # the context read after a name
        if start and sentence[start - 1].isspace():  # (as _tail reads it)
            tail = self.tail = tuple(
                map(str.lstrip, sentence[max(0, start - 48) : start].lower().split()[-3:], _TAIL_STRIP)
            )
            self.cues = _tail_cues(tail)
        else:
            self.tail = ()
            self.cues = 0
        self._speech: bool | None = None

    @property
    def before(self) -> str:
        return self.sentence[max(0, self.start - 200) : self.start]

    @property
    def after(self) -> str:
        return self.sentence[self.end : self.lim]

    def at(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """`pattern` matched right after the name (within the 200 characters of `after`)."""
        return pattern.match(self.sentence, self.end, self.lim)

    def role(self) -> str | None:
        """The role in an appositive after the name (:func:`people.appositive_role`)."""
        if _COMMA_AFTER.match(self.sentence, self.end, self.lim) is None:
            return None  # no comma next: no appositive (most names)
        return ppl.appositive_role(self.after)

    def speech(self) -> bool:
        """A speech verb next to the name: "Merson said", "told Reuters"."""
        if self._speech is None:
            self._speech = bool(self.cues & _CUE_SPEECH or _SPEECH_AFTER.match(self.sentence, self.end, self.lim))
        return self._speech


_NEXT_WORD = re.compile(r"\s+([a-z][\w-]*)")


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


#: A capitalised word not glued to the one before. The look-behind follows the first letter (it looks back over
#: that letter) so that `re` can scan for the leading capital class quickly: a pattern that opens with a
#: look-behind is tried at every position (twice as slow).
_CAP_TOKEN = re.compile(r"[A-ZÀ-ÖØ-Þ](?<![\w'’.&-].)[\w'’.&-]*")
_JOIN = re.compile(r" (?:& |(?:(?:" + "|".join(sorted(_CONNECTORS - {"&"})) + r") )+)?")
_ABBREV_TOKEN = re.compile(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.")
#: No word of a name is longer (the longest real surnames have about 35 letters). Longer "words" are hostile or
#: junk text, and are kept out before any memo could hold them.
MAX_NAME_WORD = 48
#: A whole run: capitalised words joined by a space, "& " or connectors ("of the"). Possessives and full stops
#: inside are settled word by word (:func:`_find_runs_in`).
_RUN = re.compile(_CAP_TOKEN.pattern + "(?:" + _JOIN.pattern + _CAP_TOKEN.pattern + ")*")


def find_runs(sentence: str) -> list[Run]:
    """Runs of capitalised words in a sentence ("of", "the", "de"... may join two of them); no run holds a word
    longer than :data:`MAX_NAME_WORD` (such a run is left out)."""
    runs: list[Run] = []
    append = runs.append
    long = False
    for m in _RUN.finditer(sentence):
        text = m.group()
        start, end = m.span()
        if end - start > MAX_NAME_WORD:
            long = True  # a long run: it may hold a long word
        if "'" in text or "’" in text or "." in text:
            if text.find(".") == len(text) - 1 and "'" not in text and "’" not in text:
                # a full stop closing the run only ("said Ada Finch."): as _find_runs_in reads it
                words = text.split()
                if not _ABBREV_TOKEN.fullmatch(words[-1]):
                    words[-1] = words[-1][:-1]
                    end -= 1
                append(Run(words, start, end))
            else:
                _find_runs_in(sentence, start, end, runs)  # possessives and full stops: word by word
        else:
            append(Run(text.split(), start, end))  # the common case: the words as they stand
    if long:
        runs = [r for r in runs if all(len(w) <= MAX_NAME_WORD for w in r.words)]
    return runs


def _find_runs_in(sentence: str, pos: int, endpos: int, runs: list[Run]) -> None:
    """The runs in sentence[pos:endpos], one word at a time: a possessive ends a run ("Clinton's Foundation"),
    and a full stop that does not end an abbreviation is dropped (and so parts "Smith. The")."""
    words: list[str] = []
    start = end = 0
    for m in _CAP_TOKEN.finditer(sentence, pos, endpos):
        word, a = m.group(0), m.start()
        poss = False
        last = word[-1]
        if len(word) > 2 and (last in "'’" or (last == "s" and word[-2] in "'’")):
            word = word[:-2] if word[-1] == "s" else word[:-1]
            poss = True
        if word[-1] == "." and not _ABBREV_TOKEN.fullmatch(word):
            word = word.rstrip(".")
        if not word:
            continue
        if words and a == end + 1 and sentence[end] == " ":
            words.append(word)  # the common case: the next word after one space
        elif words and _JOIN.fullmatch(sentence, end, a):
            words.extend(sentence[end:a].split())
            words.append(word)
        else:
            if words:
                runs.append(Run(words, start, end))
            words, start = [word], a
        end = a + len(word)
        if poss:
            runs.append(Run(words, start, end, True))
            words = []
    if words:
        runs.append(Run(words, start, end))


#: Every byte to "U" (an ASCII capital), "l" (a small letter) or a space.
_CASE_TABLE = bytes(ord("U") if 65 <= b <= 90 else ord("l") if 97 <= b <= 122 else 32 for b in range(256))


def _case_counts(text: str) -> tuple[int, int]:
    """How many ASCII capitals and small letters `text` has (one bytes.translate and two counts: far cheaper than
    a str table)."""
    marks = text.encode("ascii", "ignore").translate(_CASE_TABLE)
    return marks.count(b"U"), marks.count(b"l")


_DIGIT = re.compile(r"\d")
_WORD_CHAR = re.compile(r"\w")
_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "but", "is", "by", "with"]
)


def _title_case(text: str, vocabulary: set[str], counts: tuple[int, int] | None = None) -> bool:
    """A line in Title Case ("Facebook Is Tracking Me Even Though I'm Not on Facebook"): nearly every word
    capitalised, common words among them, and no figures (a results line is all names and numbers)."""
    upper, lower = counts or _case_counts(text)
    if upper < 4 or upper < 0.5 * text.count(" ") or _DIGIT.search(text):
        return False  # cheap tests first
    words = [w for w in _LATIN_WORD.findall(text) if w.lower() not in _SMALL_WORDS]
    if len(words) < 4 or sum(1 for w in words if w[0].isupper()) < 0.85 * len(words):
        return False
    common = sum(1 for w in words if w[0].isupper() and (w.lower() in vocabulary or w.lower() in _STOP))
    return common >= 2 and not _mostly_caps(text, (upper, lower))


def _mostly_caps(text: str, counts: tuple[int, int] | None = None) -> bool:
    upper, lower = counts or _case_counts(text)
    return upper + lower > 8 and upper / (upper + lower) > 0.7


_INITIAL_END = re.compile(r"\b[A-Z]\.$|\b(?:[A-Za-z]\.)+$")
_LATIN_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SMALL_WORD = re.compile(r"\b[a-z][a-z'-]+\b")
_SCORE = re.compile(r"\d(?<!\w\d)\d{0,2}-\d{1,3}\b")  # "\b\d{1,3}-..." with the look-behind after the first digit
#: The same patterns for ASCII text, where they match alike and `re` tests \w, \b and \d by table, not by the
#: Unicode database (most bodies are ASCII).
_SMALL_WORD_ASCII = re.compile(_SMALL_WORD.pattern, re.ASCII)
_SCORE_ASCII = re.compile(_SCORE.pattern, re.ASCII)
_SPORT_WORD = re.compile(r"\b(?:beat|won|drew|match|goals?|innings|wickets?|seed)\b")
_FIGURE_AFTER = re.compile(r"\s+\d")
_CAPS_WORD = re.compile(r"[\w&.'’-]+")


_W_SKIP, _W_ORG, _W_ORG_WORD, _W_OTHER = range(4)


@lru_cache(maxsize=16384)
def _word_reading(word: str) -> tuple[bool, int, tuple[str, int] | None]:
    """What a single capitalised word says alone: whether a run of this word alone is no name (a day, a
    connector, a stop word, a title: "Friday", "I", "President"); how :meth:`Collector.single` reads it: skip it
    (too short, a stop word), an organisation (well known, an acronym), an organisation word (never a name
    alone: read after the place tests) or other; and the place it names."""
    low = word.lower()
    stop = low in _STOP and not (word.isupper() and len(word) > 1)
    alone_skip = low in _EDGE_WORDS or word in _CONNECTORS or stop or low in ppl.TITLE_OR_MODIFIER
    if len(word.strip(".")) < 2 or stop:
        return alone_skip, _W_SKIP, None
    if low in orgs.KNOWN_ORGS or (orgs.is_acronym(word) and not plc.lookup(word)):
        return alone_skip, _W_ORG, None
    if low.rstrip(".,") in orgs.ORG_WORDS and low not in ("post", "times", "news"):
        return alone_skip, _W_ORG_WORD, plc.lookup(word)
    return alone_skip, _W_OTHER, plc.lookup(word)


@lru_cache(maxsize=16384)
def _clean_name(kind: str, name: str) -> tuple[str, str] | None:
    """A name as listed (edges trimmed, an all-caps word in title case) and in lower case; None for no name."""
    name = name.strip(" ,-")
    if name.endswith(".") and not _INITIAL_END.search(name):
        name = name.rstrip(".")
    if not name or (name.lower() in _STOP and not (kind == "org" and name.isupper())):
        return None
    if name.isupper() and len(name) > 4 and " " not in name and kind != "org":
        name = name.title()  # a dateline or an all-caps line: "LONDON" -> "London"
    return name, name.lower()


class Collector:
    """Accumulates mentions into entities."""

    def __init__(self, sports: bool, vocabulary: set[str], team_sport: bool = False) -> None:
        self.sports = sports or team_sport
        self.vocabulary = vocabulary  # words the article uses in lower case
        #: a sport played by clubs (where a lone name next to a result is a team, not a player)
        self.team_sport = team_sport or (sports and bool(vocabulary & _TEAM_SPORT_WORDS))
        self.entities: dict[tuple[str, str], Entity] = {}
        self.singles: list[tuple[str, int, bool]] = []  # unresolved single words: (word, pos, cued_person)
        self.locatives: list[tuple[str, int]] = []
        self.business: list[tuple[str, int]] = []
        self.defined: dict[str, str] = {}  # acronym -> the long form the text gave it

    def add(
        self, kind: str, name: str, pos: int, role: str | None = None, cued: bool = False, key: str | None = None
    ) -> Entity | None:
        clean = _clean_name(kind, name)
        if clean is None:
            return None
        name, low = clean
        key = (kind, key or low)
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
        if len(run.words) == 1 and "-" not in run.words[0]:  # the common case: one word, read by `single`
            word = run.words[0]
            alone_skip, reading, hit = _word_reading(word)
            if alone_skip:
                return  # a lone day name, a stop word or a title ("Friday", "I", "President")
            if not self.sports:  # (what `single` does without a context: the common case, one call less)
                if reading == _W_ORG:
                    self.add("org", word, pos)
                elif reading != _W_SKIP:
                    self._single_plain(word, run, sentence, pos, reading, hit)
                return
            around = _Around(sentence, run.start, run.end)
            if self.team_slot(run.words, around):
                if plc.is_country(word):
                    self.add_place(word, pos, sentence, run, around.tail)
                else:
                    self.add("org", word, pos)  # a team in a results line: "Partizan 1"
                return
            self.single(word, run, sentence, pos, around)
            return
        verdict, shaped, event_place, code, value, nf = _run_reading(tuple(run.words))
        if verdict == "drop":
            return
        if verdict == "based_org":
            self.add("org", shaped[0], pos)  # "Ohio-based KeyCorp"
            return
        if verdict == "event":
            if event_place:
                self.add_place(event_place, pos, sentence, run)  # "U.S. Labor Day"
            return  # "World Cup", "U.S. Open": an event
        words = list(shaped)
        around = None
        if self.sports:
            around = _Around(sentence, run.start, run.end)
            if self.team_slot(words, around):
                text = " ".join(words)
                if plc.is_country(text):
                    self.add_place(text, pos, sentence, run, around.tail)
                else:
                    self.add("org", text, pos)  # a team in a results line: "Red Star 2 Partizan 1"
                return
        tail = around.tail if around is not None else None
        if code == _COUNTRY_FIRST:
            self.add_place(words[0], pos, sentence, run, tail)  # "U.S. Treasury Department"
            words = words[1:]
            code, value = _reading(tuple(words), False)
            nf = _name_facts(tuple(words)) if code == _NAME_SHAPE else None
        if code == _JOINT:
            # "Peter Nicol of Scotland", "Karlsruhe of Germany", "Kia Motor Corp of South Korea": two names
            i = value
            left_end = run.start + len(" ".join(words[:i]))
            self.classify(Run(words[:i], run.start, left_end), sentence, pos)
            self.classify(Run(words[i + 1 :], run.end - len(" ".join(words[i + 1 :])), run.end), sentence, pos)
            return
        if code == _HYPHEN_PLACES:  # "Russia-Ukraine conflict"
            for p in value:
                self.add_place(p, pos, sentence, run, tail)
            return
        if code == _HONORIFIC:
            self.add("person", value, pos, cued=True)
            return
        if code == _ROLE:
            head, role, name = value
            if head:
                self.classify(Run(list(head), run.start, run.start), sentence, pos)
            prefix = (role_prefix + " ") if role_prefix else ""
            if head:
                prefix += " ".join(head) + " "
            self.add("person", " ".join(name), pos, role=prefix + " ".join(role), cued=True)
            return
        if code == _LONE:
            self.single(words[0], run, sentence, pos, around)
            return
        if code == _KNOWN_FIRST:
            self.add("org", words[0], pos)
            self.classify(Run(words[1:], run.start, run.end), sentence, pos)
            return
        text = value
        if code == _PLACE:
            self.add_place(text, pos, sentence, run, tail)
            return
        if code == _STATE:
            self.add("place", text, pos)  # "Russian Federation", "Republic of Ireland"
            return
        if code == _ORG_WORD:
            self.add("org", text, pos)
            return
        if code == _PLACE_WORD:
            # "San Diego Padres" in sport is a team, else "Grace Road", "Lake Victoria" are places
            team = self.team_sport and _town_prefix(words) >= 2
            self.add("org" if team else "place", text, pos)
            return
        if around is None:
            around = _Around(sentence, run.start, run.end)
        if code == _ACRONYMS:
            for w in words:
                self.single(w, run, sentence, pos, around)
            return
        if code == _NAME_SHAPE:
            speech = around.speech()
            cues = around.cues
            if nf.demonym_last and not speech:
                next_word = around.at(_NEXT_WORD)
                if next_word and next_word.group(1) not in _VERBISH:
                    return  # "West Indian all-rounder": a nationality
            if cues & _CUE_TITLE:
                self.add("person", text, pos, role=around.role(), cued=True)  # "coach Dave Gilbert"
                return
            if not speech and not nf.nationality_last and _business_name(around):
                self.add("org", text, pos)  # "Johnson Controls shares"
                return
            if self.team_sport and (cues & _CUE_RESULT or around.at(_RESULT_AFTER) or self.club_cue(run, around)):
                self.add("org", text, pos)  # "Red Star beat ...": a team
                return
            if around.at(_COUNTRY_AFTER):
                self.add("person", text, pos, cued=True)  # "Felix Mantilla (Spain)": a results line
                return
            if not speech and (nf.first_rank >= 2 or (self.team_sport and (nf.last_town or nf.town >= 2))):
                self.add("org", text, pos)  # "Manchester United", "Vitesse Arnhem", "Los Angeles Dodgers"
                return
            if nf.stop_inside or any(w in self.vocabulary for w in nf.plain_words):
                # a common word inside: "Air Force", "Sky Sports"; take the capitalised tail as a name only with a cue
                if speech and not nf.town:  # "the Hong Kong Standard said"
                    self.add("person", text, pos, role=around.role(), cued=True)
                else:
                    self.add("org", text, pos)
                return
            self.add("person", text, pos, role=around.role(), cued=True)
            return
        # Longer runs: split on "and"/"of" is risky; keep as an organisation when it has an org head word.
        self.add("org" if len(words) <= 6 else "misc", text, pos)

    def _single_plain(
        self, word: str, run: Run, sentence: str, pos: int, reading: int, hit: tuple[str, int] | None
    ) -> None:
        """:meth:`single` outside sport (the common case), with the context read in place: the same tests."""
        start, end = run.start, run.end
        lim = end + 200
        cues = 0
        if start and sentence[start - 1].isspace():  # the words before the name (as _tail reads them)
            before = sentence[max(0, start - 48) : start].lower().split()
            # (no cue unless the last word may end a cue phrase: most names skip building the tail)
            if before and before[-1].lstrip(_TAIL_STRIP[0]) in _CUE_LAST_WORDS:
                cues = _tail_cues(tuple(map(str.lstrip, before[-3:], _TAIL_STRIP)))
        speech = bool(cues & _CUE_SPEECH or _SPEECH_AFTER.match(sentence, end, lim))
        if hit and (((hit[1] >= 2 or cues & _CUE_PREP) and not speech) or hit[1] == 3):
            self.add_place(word, pos, sentence, run)
            return
        if reading == _W_ORG_WORD:
            return
        if (
            (cues & (_CUE_BUSINESS | _CUE_MEDIA) or _BUSINESS_OR_MEDIA_AFTER.match(sentence, end, lim))
            and (sentence[max(0, start - 200) : start].strip() or _MEDIA_AFTER.match(sentence, end, lim))
            and not plc.is_nationality(word)
            and "-" not in word
        ):
            self.business.append((word, pos))  # "Pirelli shares", "a stake in Ericsson": a company
            return
        if cues & _CUE_LOCATIVE and word.lower() not in self.vocabulary and not speech and len(word) > 2:
            self.locatives.append((word, pos))  # "in Arbil": a place unless it turns out to be a name
            return
        self.singles.append((word, pos, speech))

    def club_cue(self, run: Run, around: _Around) -> bool:
        """A club in team-sport prose: "Norwich striker", "Saracens side", "Everton's Duncan Ferguson"."""
        if plc.is_nationality(run.words[-1]):
            return False  # "Austrian goalkeeper", "Turkish fans": a nationality
        if run.possessive and len(run.words) > 1 and ppl.name_shape(run.words):
            return False  # "Jack Charlton's side": the manager's
        if around.at(_TEAM_AFTER):
            return True
        return run.possessive and bool(around.at(_POSSESSED_NAME))

    def team_slot(self, words: list[str], around: _Around) -> bool:
        """A name where a results line or a table puts a team: "Red Star 2 Partizan 1", "Stoke 4 3 1 0 7 4 10",
        "Olaf Ludwig (Germany) Telekom 4 hours" (the rider's team)."""
        sentence, start, tail = around.sentence, around.start, around.tail
        if around.at(_TEAM_CONTEXT):
            return True
        if tail and tail[-1].isdigit() and len(tail[-1]) <= 3 and around.at(_SCORE_AFTER):
            return True  # "Partizan 1 Red Star 2": the second team
        lo = max(0, start - 200)  # the context read before a name
        if sentence.endswith((") ", "), "), lo, start) and not around.after.lstrip().startswith("("):
            # not a relay team: "Ato Boldon (Trinidad), Jon Drummond (U.S.)"
            paren = _PAREN_BEFORE.search(around.before[-30:])
            if paren and plc.is_country(paren.group(1)):
                return True
        if not self.team_sport:
            return False
        if around.cues & _CUE_FIXTURE or around.at(_FIXTURE_AFTER):
            return True  # "Walsall v Wrexham": a fixture
        line_start = _LETTER.search(sentence, lo, start) is None
        return line_start and bool(around.at(_ROW_AFTER) or around.at(_SCORE_AFTER))

    def add_place(self, text: str, pos: int, sentence: str, run: Run, tail: tuple[str, ...] | None = None) -> None:
        hit = plc.lookup(text)
        key = hit[0].lower() if hit else None
        if self.sports and hit and hit[1] < 3:
            if tail is None:
                tail = _tail(sentence, run.start)
            if not (tail and _tail_cues(tail) & _CUE_PREP):
                self.add("org", text, pos)  # a club named after its town or county
                return
        self.add("place", text, pos, key=key)

    def single(self, word: str, run: Run, sentence: str, pos: int, around: _Around | None = None) -> None:
        _, reading, hit = _word_reading(word)
        if reading == _W_SKIP:
            return
        if reading == _W_ORG:
            self.add("org", word, pos)
            return
        if around is None:  # (no sport: the team tests are off)
            self._single_plain(word, run, sentence, pos, reading, hit)
            return
        cues = around.cues
        speech = around.speech()
        tail = around.tail
        if hit and (hit[1] >= 2 or cues & _CUE_PREP) and not speech:
            self.add_place(word, pos, sentence, run, tail)
            return
        if hit and hit[1] == 3:
            self.add_place(word, pos, sentence, run, tail)
            return
        if reading == _W_ORG_WORD:
            return
        low = word.lower()
        if (
            self.sports
            and word.endswith("s")
            and around.sentence.endswith(("the ", "The "), max(0, around.start - 200), around.start)
            and not hit
        ):
            self.add("org", word, pos)  # "the Yankees", "the Blue Jays": a team
            return
        if (
            _business(around)
            and (around.before.strip() or around.at(_MEDIA_AFTER))
            and not plc.is_nationality(word)
            and "-" not in word
        ):
            self.business.append((word, pos))  # "Pirelli shares", "a stake in Ericsson": a company
            return
        if cues & _CUE_LOCATIVE and low not in self.vocabulary and not speech and len(word) > 2:
            self.locatives.append((word, pos))  # "in Arbil": a place unless it turns out to be a name
            return
        if self.team_sport and (cues & _CUE_RESULT or around.at(_RESULT_AFTER) or self.club_cue(run, around)):
            self.business.append((word, pos))  # "Dinamo beat ...", "a draw with Alania": a team, unless a surname
            return
        self.singles.append((word, pos, speech))

    # ------------------------------------------------------------------ resolution
    def resolve(self) -> tuple[list[Entity], list[Entity], list[Entity]]:
        people = [e for e in self.entities.values() if e.kind == "person"]
        org_list = [e for e in self.entities.values() if e.kind == "org"]
        places = [e for e in self.entities.values() if e.kind == "place"]
        # Short person names join longer ones: "Stoltenberg", "Hillary Clinton" -> "Hillary Rodham Clinton".
        people.sort(key=lambda e: -len(e.name.split()))
        merged: list[tuple[Entity, list[str]]] = []  # with each name's words in lower case, split once
        by_word: dict[str, list[int]] = {}  # first and last words -> positions in `merged`
        for e in people:
            words = e.name.lower().split()
            if not words:
                merged.append((e, words))
                continue
            near = by_word.get(words[0] if len(words) == 1 else words[-1])
            # (positions are listed in increasing order, a name's own twice when its first word is its last)
            target = _name_target(words, [merged[k] for k in dict.fromkeys(near)]) if near else None
            if target is not None:
                target.mentions += e.mentions
                target.first = min(target.first, e.first)
                target.role = target.role or e.role
            else:
                by_word.setdefault(words[0], []).append(len(merged))
                by_word.setdefault(words[-1], []).append(len(merged))
                merged.append((e, words))
        people = [e for e, _ in merged]
        # A single word joins the most mentioned person whose first or last name it is (indexed once).
        index: dict[str, Entity] = {}
        for p in people:
            pw = p.name.lower().split()
            if len(pw) > 1:
                for token in (pw[0], pw[-1]):
                    best = index.get(token)
                    if best is None or p.mentions > best.mentions:
                        index[token] = p

        listed = {id(e) for e in org_list} | {id(e) for e in places}
        org_words: dict[str, Entity] = {}  # each word of an organisation's name -> the first such organisation

        def add_org(e: Entity | None) -> None:
            if e is not None and id(e) not in listed:
                listed.add(id(e))
                org_list.append(e)
                for w in e.name.lower().split():
                    org_words.setdefault(w, e)

        for o in org_list:
            for w in o.name.lower().split():
                org_words.setdefault(w, o)
        for word, pos in self.business:
            target = index.get(word.lower())
            if target is not None:
                target.mentions += 1
            else:
                add_org(self.add("org", word, pos))
        for word, pos in self.locatives:
            low = word.lower()
            target = index.get(low)
            if target is not None:
                target.mentions += 1
            elif low not in org_words:
                e = self.add("place", word, pos)
                if e is not None and id(e) not in listed:
                    listed.add(id(e))
                    places.append(e)
        # Single words: a surname, an organisation's word, or a lone name with a speech verb: news introduces
        # people by full name, so a lone "Acme said" is an organisation.
        vocabulary = self.vocabulary
        for word, pos, speech in self.singles:
            low = word.lower()
            target = index.get(low)  # a surname
            if target is not None:
                target.mentions += 1
                continue
            org = org_words.get(low)
            if org is not None:
                org.mentions += 1
                continue
            if (
                speech
                and low not in vocabulary
                and low not in ppl.ROLE_OR_MODIFIER
                and not plc.looks_demonym(word.rstrip("s"))
            ):
                add_org(self.add("org", word, pos))
            elif self.sports and low not in vocabulary and pos % 1000 > 0:
                continue
        # Acronyms join their long forms.
        acronyms = [o for o in org_list if orgs.is_acronym(o.name.replace(".", ""))]
        if acronyms:  # each organisation's initials, read once (as :func:`orgs.matches_acronym` reads them)
            initials = [orgs.initials_of(o.name) for o in org_list]
        for a in acronyms:
            letters = a.name.replace(".", "").upper()
            defined = self.defined.get(a.name)
            for o, o_initials in zip(org_list, initials, strict=True):
                if (
                    o is not a
                    and o.kind == "org"
                    and (defined == o.name or (len(letters) >= 2 and letters in o_initials))
                ):
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
                if p.first < 0:  # the dateline is a place
                    p.mentions += o.mentions
                    org_list.remove(o)
                elif o.mentions >= p.mentions:
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
        "said", "says", "told", "is", "was", "has", "had", "will", "would", "and", "or", "but", "who", "which",
        "of", "in", "on", "at", "to", "for", "with", "as", "from", "by", "that", "also", "has", "have", "did",
        "does", "added", "asked",
    ]
)  # fmt: skip


#: The longest run read as names ("Rally for the Return of Refugees and Democracy in Rwanda" has ten words).
_MAX_RUN_WORDS = 16


def _shape(run_words: tuple[str, ...]) -> tuple[str, tuple[str, ...], str | None]:
    """What a run's words alone say before any context (cached: names recur within and across articles):
    ("drop" | "based_org" | "event" | "go", the words trimmed of days, connectors, a "-based" prefix and a
    leading nationality, the country opening an event's name)."""
    n = len(run_words)
    if n > _MAX_RUN_WORDS:
        return "drop", (), None  # no name is this long: a list or hostile text (and "of" splits would recurse)
    low = [w.lower() for w in run_words]
    i, j = 0, n  # the words kept: run_words[i:j]
    while j > i and low[j - 1] in _EDGE_WORDS:
        j -= 1
    while j > i and low[i] in _EDGE_WORDS and not (j - i > 1 and low[j - 1] in orgs.MEDIA_WORDS):
        i += 1  # "Friday Smith" -> "Smith", but "Sunday Telegraph" is a newspaper
    while j > i and run_words[j - 1] in _CONNECTORS:
        j -= 1
    while j > i and run_words[i] in _CONNECTORS:
        i += 1
    for k in range(j - 2, i - 1, -1):
        if low[k].endswith("-based"):
            i = k + 1  # "St. Louis-based Mercantile Bancorp Inc."
            if j - i == 1 and not plc.lookup(run_words[i]):
                return "based_org", run_words[i:j], None  # "Ohio-based KeyCorp"
            break
    if j - i >= 3 and plc.looks_demonym(run_words[i]) and not orgs.has_org_word(run_words[i:j]):
        i += 1  # "Australian Tom Moody" (but "Iraqi National Congress" is one name)
    elif j - i == 2 and run_words[i + 1].endswith("s") and plc.looks_demonym(run_words[i]):
        return "drop", (), None  # "Iraqi Kurds": a group of people
    if i == j:
        return "drop", (), None
    words = run_words[i:j]
    if not _MISC_WORDS.isdisjoint(low[i + 1 : j]):
        place = words[0] if len(words) > 2 and plc.is_country(words[0]) else None
        return "event", words, place  # "World Cup", "U.S. Open", "U.S. Labor Day"
    if ppl.TITLE_OR_MODIFIER.issuperset(low[i:j]):
        return "drop", (), None  # a title alone: "Prime Minister"
    if len(words) >= 2 and all(w.isupper() and len(w) <= 4 for w in words):
        return "drop", (), None  # a table header: "W D L PCT GB"
    return "go", words, None


# What the words of a trimmed run say alone (:func:`_reading`), in the order :meth:`Collector.classify` acts on it.
_COUNTRY_FIRST = 1  # "U.S. Treasury Department": a country, then an organisation (read the rest again)
_JOINT = 2  # value: the index of an "of"/"on" that splits two names ("Peter Nicol of Scotland")
_HYPHEN_PLACES = 3  # value: the places ("Russia-Ukraine")
_HONORIFIC = 4  # value: the name after the honorifics ("Mr John Smith" -> "John Smith")
_ROLE = 5  # value: (before, role, name) ("Defense Minister Oleksii Reznikov")
_LONE = 6  # one word, or a run ending in a lower-case word: read as a single word
_KNOWN_FIRST = 7  # a well-known organisation opening the run
_PLACE = 8
_STATE = 9
_ORG_WORD = 10
_PLACE_WORD = 11
_ACRONYMS = 12
_NAME_SHAPE = 13
_OTHER = 14


def _reading_of(words: tuple[str, ...], country_first: bool = True) -> tuple[int, object]:
    """The first context-free test of a trimmed run that holds, as (one of the codes above, its value): only
    the tests up to it are made. `country_first=False` skips the first test (the rest of a run already split)."""
    n = len(words)
    low = [w.lower() for w in words]
    if country_first and n >= 3 and plc.is_country(words[0]) and orgs.has_org_word(words[1:]):
        return _COUNTRY_FIRST, None
    if n >= 3 and ("of" in words or "on" in words):
        i = next((k for k in range(1, n - 1) if words[k] in ("of", "on")), 0)
        if i:
            left_firm = i >= 2 and orgs.is_legal_suffix(words[i - 1]) and plc.lookup(" ".join(words[i + 1 :]))
            if left_firm or (low[i - 1] not in _OF_HEADS and not (i == 1 and low[0] in ppl.TITLE_HEADS)):
                return _JOINT, i
    text = " ".join(words)
    if n == 1 and "-" in words[0].strip("-"):
        parts = [p for p in words[0].split("-") if p]
        if len(parts) > 1 and all(plc.lookup(p) for p in parts):
            return _HYPHEN_PLACES, tuple(parts)
    if n > 1 and low[0] in ppl.HONORIFICS:
        _, rest = ppl.split_honorifics(list(words))
        return _HONORIFIC, " ".join(rest)
    if n > 1 and (not ppl.TITLE_HEADS.isdisjoint(low[:-1]) or "-" in text[: -len(words[-1])]):
        head, role, name = ppl.split_role(list(words))  # (only a title head or a hyphen can open a role)
        if role and name and not orgs.has_org_word(name) and not plc.lookup(" ".join(name)):
            return _ROLE, (tuple(head), tuple(role), tuple(name))
    if n == 1 or not words[-1][:1].isupper():
        return _LONE, None
    org_word = orgs.has_org_word_lower(low)
    if low[0] in orgs.KNOWN_ORGS and not org_word:
        return _KNOWN_FIRST, None
    if plc.lookup(text) is not None:
        return _PLACE, text
    if low[-1] in _STATE_WORDS or (low[0] in _STATE_WORDS and "of" in low):
        return _STATE, text
    if org_word:
        return _ORG_WORD, text
    if low[-1] in plc.PLACE_WORDS or low[0] in plc.PLACE_PREFIXES:  # (n > 1 here)
        return _PLACE_WORD, text
    if orgs.is_acronym(words[0]) and all(orgs.is_acronym(w) for w in words):
        return _ACRONYMS, None
    if n <= 4 and ppl.name_shape_text(words, text):
        return _NAME_SHAPE, text
    return _OTHER, text


class _NameFacts(NamedTuple):
    """Context-free tests of a run shaped like a person's name (two to four capitalised words)."""

    demonym_last: bool
    nationality_last: bool
    first_rank: int  # rank of the place the first word names: "Manchester United"
    last_town: bool  # the last word a big place (and the first not an initial): "Vitesse Arnhem"
    town: int  # rank of a place opening a longer name: "Los Angeles Dodgers"
    plain_words: tuple[str, ...]  # the words in lower case, name particles left out
    stop_inside: bool  # a stop word among them: "Air Force" is not a person


def _name_facts_of(words: tuple[str, ...]) -> _NameFacts:
    first = plc.lookup(words[0]) if words[0].lower() not in _NAME_PARTICLES else None
    last = plc.lookup(words[-1])
    initial = len(words[0]) <= 2 and words[0].endswith(".")  # "I. Austin": a cricketer, not a club
    plain = tuple([w.lower() for w in words if w not in _NAME_PARTICLES])
    return _NameFacts(
        plc.looks_demonym(words[-1]),
        plc.is_nationality(words[-1]),
        first[1] if first else 0,
        bool(last and last[1] >= 2 and not initial),
        _town_prefix(words),
        plain,
        not _STOP.isdisjoint(plain),
    )


_reading = lru_cache(maxsize=16384)(_reading_of)
_name_facts = lru_cache(maxsize=16384)(_name_facts_of)


@lru_cache(maxsize=16384)
def _run_reading(
    run_words: tuple[str, ...],
) -> tuple[str, tuple[str, ...], str | None, int, object, _NameFacts | None]:
    """All a run's words say alone, in one memo: :func:`_shape`'s verdict, trimmed words and event place; then
    (for a run to read on) :func:`_reading_of`'s code and value; and :func:`_name_facts_of` for a name's shape."""
    verdict, shaped, place = _shape(run_words)
    if verdict != "go":
        return verdict, shaped, place, 0, None, None
    code, value = _reading_of(shaped)
    return verdict, shaped, place, code, value, _name_facts_of(shaped) if code == _NAME_SHAPE else None


def _town_prefix(words: list[str] | tuple[str, ...]) -> int:
    """The rank of a place naming the first one or two words of a longer name whose other words are not a place,
    a nationality or lower case ("Los Angeles Dodgers" -> 2); 0 when there is none."""
    if words[0].lower() in _NAME_PARTICLES or plc.is_nationality(words[-1]):
        return 0
    for k in (2, 1):
        if len(words) <= k:
            continue
        hit = plc.lookup(" ".join(words[:k]))
        if hit is None:
            continue
        rest = words[k:]
        if plc.lookup(" ".join(rest)) or plc.has_place_word(rest) or any(w[:1].islower() for w in rest):
            return 0
        return hit[1]
    return 0


def _name_target(words: list[str], people: list[tuple[Entity, list[str]]]) -> Entity | None:
    """The longer person name a short one (its words in lower case) belongs to (the most mentioned), if any,
    among `people` (in the order they were listed)."""
    best = None
    for p, pw in people:
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


class _Spans:
    """Character spans (they may overlap), with an overlap test in log time: a line of thousands of defined
    acronyms would otherwise test every run against every long form."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.max_end: list[int] = []  # the largest end among the spans up to each one
        for _, b in spans:
            self.max_end.append(max(b, self.max_end[-1]) if self.max_end else b)


def _overlaps(spans: _Spans, start: int, end: int) -> bool:
    """True when [start, end) overlaps one of `spans`."""
    k = bisect_left(spans.starts, end)  # the spans starting before `end`
    return k > 0 and spans.max_end[k - 1] > start


def extract_entities(
    title: str, sentences: list[str], dateline: str | None = None
) -> tuple[list[Entity], list[Entity], list[Entity]]:
    """People, organisations and places named in the title and sentences (ordered by mentions)."""
    body = " ".join(sentences)
    ascii_body = body.isascii()
    # words the text writes in lower case
    vocabulary = set((_SMALL_WORD_ASCII if ascii_body else _SMALL_WORD).findall(body))
    sports = bool(_SPORTS.match(title.upper())) if title else False
    if not sports:
        scores = len((_SCORE_ASCII if ascii_body else _SCORE).findall(body))
        sports = scores >= 3 and bool(_SPORT_WORD.search(body))
    team_sport = bool(title) and bool(_TEAM_SPORTS.match(title.upper()))
    col = Collector(sports, vocabulary, team_sport)
    if dateline:
        hit = plc.lookup(dateline.split(",")[0].strip())
        col.add("place", hit[0] if hit else dateline.split(",")[0].strip().title(), -1)
    headline = bool(title) and (_mostly_caps(title) or _title_case(title, vocabulary))
    texts = ([title] if title and not headline else []) + list(sentences)
    classify = col.classify
    for si, sent in enumerate(texts):
        counts = upper, lower = _case_counts(sent)
        # (the cheap first tests of _title_case and _mostly_caps inline: most sentences fail them)
        if upper >= 4 and upper >= 0.5 * sent.count(" ") and _title_case(sent, vocabulary, counts):
            continue  # a headline or a related link in Title Case: every word looks like a name
        if upper + lower > 8 and _mostly_caps(sent, counts):
            if sports:  # results tables: "NEW YORK 74 55", "DINAMO 2 ALANIA 1"
                for run in find_runs(sent):
                    if _FIGURE_AFTER.match(sent, run.end):  # a figure after the name (as in any team context)
                        name = " ".join(run.words).title()
                        if plc.is_country(name):
                            col.add("place", name, si * 1000, key=plc.lookup(name)[0].lower())
                        elif len(name) > 2:
                            col.add("org", name, si * 1000)
            continue
        long_forms: list[tuple[int, int]] = []
        if "(" in sent:
            for acronym, long_form, start, end in orgs.defined_acronyms(sent):
                if plc.lookup(long_form) is None:
                    col.add("org", long_form, si * 1000 + min(start, 999))  # "... in Europe (OSCE)"
                    col.defined[acronym] = long_form
                    long_forms.append((start, end))
        claimed = _Spans(long_forms) if long_forms else None
        prev: Run | None = None
        base = si * 1000
        runs = find_runs(sent)
        # Only the first run can open the sentence (every run starts with a word character): it does when no
        # word character comes before it.
        opening = runs[0] if runs and _WORD_CHAR.search(sent, 0, runs[0].start) is None else None
        for run in runs:
            start = run.start
            if claimed is not None and _overlaps(claimed, start, run.end):
                continue  # inside a long form already taken
            prefix = None
            if prev is not None and prev.possessive and 0 < start - prev.end <= 4:
                prefix = " ".join(prev.words) + "'s"
            prev = run
            if run is not opening:  # the common case: a name inside the sentence
                classify(run, sent, base + (start if start < 999 else 999), prefix)
                continue
            # Sentence-initial capital: drop a common first word ("The", "Police", "Allies").
            words = run.words
            if len(words) > 2 and words[1] == "of" and not orgs.has_org_word(words[:1]):
                words = words[2:]  # "Results of South Korean games": a common noun opening the sentence
                run = Run(words, run.end - len(" ".join(words)), run.end, run.possessive)
            elif (words[0].lower() in vocabulary or words[0].lower() in _STOP) and (
                words[0].lower() in ("the", "a", "an", "this", "that", "these", "those")
                or not (len(words) > 1 and (plc.lookup(" ".join(words)) or orgs.has_org_word(words)))
            ):
                words = words[1:]
                while words and words[0] in _CONNECTORS:  # not "Le" of "Le Matin"
                    words = words[1:]
                if not words:
                    continue
                run = Run(words, run.end - len(" ".join(words)), run.end, run.possessive)
            classify(run, sent, base + min(run.start, 999), prefix)
    people, org_list, places = col.resolve()
    # All-caps titles and lines: count mentions of known names, case-insensitively.
    caps_text = title if headline else ""
    if caps_text:
        padded = " " + " ".join(_CAPS_WORD.findall(caps_text.upper())) + " "
        for e in people + org_list + places:
            if " " + e.name.upper() + " " in padded:
                e.mentions += 1
    key = lambda e: (-e.mentions, e.first)  # noqa: E731
    return sorted(people, key=key), sorted(org_list, key=key), sorted(places, key=key)
