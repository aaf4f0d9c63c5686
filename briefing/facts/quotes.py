"""Direct quotes and who said them.

Quotes are found with a scanner over straight and curly, double and single marks; an unclosed quote continues
into a paragraph that opens with a quote mark (the newspaper convention). Speakers come from rules in the spirit
of the CoreNLP quote sieves and the Gender Gap Tracker (ported, not copied): quote-verb-name ("said Stoltenberg"),
quote-name-verb ("Stoltenberg said", "he said", "reads a press release"), name-verb-quote ("He told reporters:"),
"according to X"; a pronoun resolves to the last named person before the quote; a quote without its own
attribution right after an attributed one inherits its speaker. A quote attributed to a source that is not a
person ("they wrote", "it added", "said the ruling") is kept without a speaker; one that closes its own sentence is
not attributed by the next sentence; a quote with its own cue before it ('X scolded him: "') is not joined to
the next quote by the attribution between them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from briefing.facts.people import SPEECH_VERBS as _PEOPLE_VERBS
from briefing.facts.spans import is_word_char
from briefing.facts.trie import alternation

#: Speech verbs: the people cues' list, plus ones that introduce a quote but do not mark a person's name
#: ("Matthews concluded", ", tweeting, “...”").
_VERB_LIST = (
    _PEOPLE_VERBS + "|concluded|concludes|demanded|demands|yelled|yells|testified|testifies|wondered|wonders|"
    "tweeting|writing|noting|arguing|explaining|insisting|warning|declaring|replying|responding|posting|"
    "recalling|concluding"
).split("|")


SPEECH_VERBS = alternation(_VERB_LIST)

_OPEN_D = "“„«"
_CLOSE_D = "”»"
_PRONOUNS = {"he": "m", "she": "f", "they": "p", "we": "p", "i": "s"}
_NAME = r"(?:[A-Z][\w'’.-]*(?:\s+(?:de|van|von|al|bin|da|di|del|la|le)?\s*[A-Z][\w'’.-]*){0,3})"
_NP = (
    r"(?:(?:[Tt]he|[Aa]n?|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts|[Oo]ne|[Aa]nother)\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+"
    r"(?=\s*(?:[,.;:!?)]|$|\s+(?:who|that|which|on|in|at|to|for|with|from|and|about|of|during|after|before|"
    + SPEECH_VERBS
    + r")\b)))"
)
_VERB = r"(?:" + SPEECH_VERBS + r")"
# quote-verb-speaker: ', said Stoltenberg', ', reads a press release', ', said Ms. Smith, the...'
_AFTER_VS = re.compile(
    r"^\s*[,—–-]?\s*(?:"
    + _VERB
    + r")\s+(?P<sp>(?:[a-z0-9][\w/'’-]*\s+){0,3}?(?:Mr\.?|Mrs\.?|Ms\.?|Dr\.?)?\s*"
    + _NAME
    + r"|"
    + _NP
    + r")",
)
#: (the dot first, then the look-behinds: any other character fails at once, not after fourteen look-behinds)
_ABBR_DOT = (
    r"\.(?:"
    + "|".join(
        rf"(?<={a}\.)"
        for a in ("Mr", "Ms", "Mrs", "Dr", "Sen", "Sens", "Rep", "Gov", "Gen", "Jr", "St", "Del", "Lt", "Col")
    )
    + r"|(?<=\b[A-Z]\.)|(?=,))"
)
# quote-speaker-verb: ' Stoltenberg said', ' he said', ' the statement said', ' Pat Caddell, a pollster, said',
# ' White House press secretary Josh Earnest said'
_AFTER_SV = re.compile(
    r"^\s*[,—–-]?\s*(?P<sp>he|she|they|we|I|(?:[^\"“”.!?;:\n()]|\([^()\"“”]{1,30}\)|" + _ABBR_DOT + r"){1,140}?)\s+"
    r"(?:(?:also|later|then|has|had|have|would|will|once|previously|recently|further)\s+)*(?:" + SPEECH_VERBS + r")\b",
)
# speaker-verb-quote: 'Stoltenberg said: "', 'He told reporters, "', 'Caddell continued:'
# (the text after the verb is taken whole, "{0,80}+": the lazy "{0,80}?" accepts the same endings, one at a time)
_BEFORE_SV = re.compile(
    r"(?P<sp>\b(?:he|she|they|we|I|He|She|They|We)|" + _NAME + r"|" + _NP + r")(?:,[^,\"“”]{2,80},)?\s+"
    r"(?:(?:also|later|then|has|had|have|would|will)\s+)*" + _VERB + r"\b[^\"“”.!?]{0,80}+[:,]?\s*$"
)
# verb-speaker-quote: 'Said Ellis: "'
_BEFORE_ACCORDING = re.compile(r"\b[Aa]ccording to\s+(?P<sp>" + _NAME + r"|" + _NP + r")\s*,\s*$")
_BEFORE_VS = re.compile(r"\b(?:[Ss]aid|[Ss]ays|[Aa]dded|[Aa]sked)\s+(?P<sp>" + _NAME + r")\s*[:,]\s*$")
# a clause introducing the quote: 'McCaskill (D-Mo.) scolded him: "', 'He then defended it, saying, "'
_CLAUSE = re.compile(r"(?:^|[.!?]\s+|[\"”]\s+)(?P<clause>[^.!?\"“”]{3,200})$")
_CLAUSE_SUBJECT = re.compile(r"^\s*(?:(?:And|But|So|Then|Later|Also)\s+)?(?P<sp>[Hh]e|[Ss]he|" + _NAME + r")\b")
_DASH_NAME = re.compile(r"^\s*[―—–]\s*(?P<sp>" + _NAME + r")")
_ACCORDING = re.compile(r"^\s*,?\s*according to\s+(?P<sp>" + _NAME + r"|" + _NP + r")")
_ANY_VERB = re.compile(r"\b(?:" + SPEECH_VERBS + r")\b")
_LEAD_IN_END = re.compile(r"(?:" + SPEECH_VERBS + r"),?$")


#: The letters speech verbs end with: text ending otherwise needs no search for one.
_VERB_LAST_CHARS = frozenset(v[-1] for v in _VERB_LIST)


def _ends_with_cue(text: str) -> bool:
    """True when text ends with a colon or a speech verb (and a comma): a lead-in to a quote."""
    t = text.rstrip()
    if t.endswith(":"):
        return True
    last = t[-2:-1] if t.endswith(",") else t[-1:]
    return last in _VERB_LAST_CHARS and _LEAD_IN_END.search(t[-16:]) is not None


@dataclass(slots=True)
class Span:
    text: str
    para: int
    start: int  # offset in the paragraph of the opening mark (or paragraph start)
    end: int  # offset after the closing mark (or paragraph end)
    closed: bool
    continues: bool = False  # continues the previous span (across a paragraph or after an interruption)


#: Characters within which a single-quoted quote must close.
SINGLE_QUOTE_MAX = 1500
_NONSPACE = re.compile(r"\S")
_WORD = re.compile(r"\w\w*")
_SINGLE_CLOSE = re.compile(r"[’'](?<=[^\s][’'])")  # a mark after a non-space (mark first: faster)
#: A mark that can open a quote ("’" never does: it closes one or is an apostrophe; nor does "'" after a letter or
#: digit or before none: "don't" is skipped in C, not in the scan loop).
#: (one character class first, the look-arounds after it: `re` then skips to candidate characters at C speed)
_MARK = re.compile("[\"“”„«»‘'](?<![^\\W_]')(?:(?<!')|(?=[^\\W_]))")
#: The marks that can close or interrupt a double quote.
_DOUBLE_MARK = re.compile('["“”„«»]')


#: Quoted spans read per article: far more than any article holds (the engine keeps 40 quotes), a bound on the work
#: a text of nothing but quote marks causes.
MAX_SPANS = 2000


def _may_hold_mark(para: str) -> bool:
    """False when `_MARK` finds nothing in `para` (True: it may)."""
    if '"' in para or "“" in para or "”" in para or "‘" in para or "„" in para or "«" in para or "»" in para:
        return True
    at = para.find("'")
    while at >= 0:
        if not (at and para[at - 1].isalnum()) and para[at + 1 : at + 2].isalnum():
            return True
        at = para.find("'", at + 1)
    return False


def _scan(paragraphs: list[str]) -> list[Span]:
    spans: list[Span] = []
    carry = ""  # the mark of a double quote left open at the end of the previous paragraph
    for p, para in enumerate(paragraphs):
        if len(spans) >= MAX_SPANS:
            break
        i, n = 0, len(para)
        # the next paragraph continues it when it opens with the same style of mark (straight or curly)
        cont = bool(carry) and para[:1] in ('"' if carry == '"' else "“‘")
        carry = ""
        first_in_para = True
        closers: list[int] | None = None  # where a single quote can close, found once per paragraph
        if not _may_hold_mark(para):
            continue  # (str tests: most paragraphs hold no mark, and a search for one reads every character)
        while i < n and len(spans) < MAX_SPANS:
            mark = _MARK.search(para, i)
            if mark is None:
                break
            i = mark.start()
            c = para[i]
            prev = para[i - 1] if i else " "
            nxt = para[i + 1] if i + 1 < n else " "
            # a closing mark opens a quote before a word, or at a paragraph's start ("” … what I learned")
            is_double = c in _OPEN_D or c == '"' or (c in _CLOSE_D and not prev.strip() and (nxt.isalnum() or not i))
            if c in _CLOSE_D:
                c = "“"
            is_single = c == "‘" or (c == "'" and not (prev.isalnum()) and nxt.isalnum())
            if not (is_double or is_single):
                i += 1
                continue
            start = i
            j = n
            depth = 0
            close_at = -1
            close_len = 1
            if is_single and not is_double:
                # the first possible closing mark, within a bounded distance (apostrophes make many false starts)
                if closers is None:
                    closers = [
                        m.start()
                        for m in _SINGLE_CLOSE.finditer(para)
                        if m.start() + 1 >= n or not para[m.start() + 1].isalnum()
                    ]
                k = bisect_right(closers, i)
                if k < len(closers) and closers[k] - i <= SINGLE_QUOTE_MAX:
                    close_at = closers[k]
                else:
                    i += 1
                    continue
            for inner in _DOUBLE_MARK.finditer(para, i + 1) if is_double else ():
                j = inner.start()
                d = para[j]
                if c == '"' and d in _OPEN_D:
                    depth += 1
                elif c == '"' and d in _CLOSE_D and depth:
                    depth -= 1
                elif c == '"' and d in _CLOSE_D:
                    close_at = j  # opened straight, closed curly
                    break
                elif (d == '"' and not depth) or (c != '"' and d in _CLOSE_D):
                    close_at = j
                    break
                elif c != '"' and d in _OPEN_D:
                    break  # a new quote opens: this one was left open
            else:
                j = n
            if close_at < 0:
                if is_single:
                    i += 1
                    continue
                text = para[start + 1 : j].strip()
                spans.append(Span(text, p, start, j, False, cont and first_in_para))
                first_in_para = False
                if j >= n:
                    carry = c
                i = j
                continue
            text = para[start + 1 : close_at].strip()
            spans.append(Span(text, p, start, close_at + close_len, True, cont and first_in_para))
            first_in_para = False
            i = close_at + close_len
    return spans


@dataclass(slots=True)
class Found:
    text: str
    speaker: str | None
    para: int
    start: int
    explicit: bool  # the speaker comes from a pattern next to the quote
    lead_in: str = ""  # text right before the opening mark
    attributed: bool = False  # a speech verb names its source, even one that is not a person ("it added")
    cued: bool = False  # a cue in its own paragraph introduces it ('McCaskill scolded him: "')
    #: the pieces joined after `text` (separators and the later parts of an interrupted quote), kept apart so that
    #: joining many parts is linear, not a copy of the whole quote per part
    more: list[str] = field(default_factory=list)
    size: int = 0  # len(text) + the pieces' lengths

    def end(self) -> str:
        """The last piece of the quote (where its closing punctuation is)."""
        return self.more[-1] if self.more else self.text

    def join(self, sep: str, part: str) -> None:
        """Append `sep` and `part`, once the quote so far is stripped of trailing spaces and commas."""
        while self.more:
            last = self.more[-1].rstrip(" ,")
            self.size -= len(self.more[-1]) - len(last)
            if last:
                self.more[-1] = last
                break
            self.more.pop()
        else:
            stripped = self.text.rstrip(" ,")
            self.size -= len(self.text) - len(stripped)
            self.text = stripped
        self.more += (sep, part)
        self.size += len(sep) + len(part)

    def full(self) -> str:
        if self.more:
            self.text, self.more = self.text + "".join(self.more), []
        return self.text


_CAP_RUN = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:de|van|von|al|bin|da|di|del|la|le|of the|of)?\s*[A-Z][\w'’.-]*)*")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Sens|Gov|Rep|Reps|Gen|Del|Lt|Col|Sgt|Prof|Rev|Chief|President)\.?\s+")


_PARENS = re.compile(r"\([^)]*\)")
_PARTY = re.compile(r"\s*,?\s+(?:R|D|I)-[A-Z][\w.]*,?")
_FINAL_DOT = re.compile(r"(?<=[a-z]{2})\.$")
_DETERMINED = re.compile(r"^(?:the|a|an|his|her|their|its|one|another)\s", re.IGNORECASE)
_SHORT_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen)\.?\s+")
_DETERMINER = re.compile(r"^(?:the|a|an|one|another|his|her|their|its)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")


def _clean_speaker(sp: str) -> str:
    # (each substitution only when the character it needs is there)
    if "(" in sp:
        sp = _PARENS.sub("", sp)  # "(R-Utah)"
    if "-" in sp:
        sp = _PARTY.sub("", sp)  # ", R-Ky.,"
    sp = " ".join(sp.split()).strip(" ,")
    if sp.endswith("."):  # (no line break is left)
        sp = _FINAL_DOT.sub("", sp)
    if "," in sp:
        sp = sp.split(",")[0].strip()
    runs = [m.group(0) for m in _CAP_RUN.finditer(sp)]
    runs = [r for r in runs if r.lower() not in ("he", "she", "they", "we", "i", "the", "a", "an")]
    determined = _DETERMINED.match(sp)
    if runs and (not determined or len(sp.split()) > 5):
        sp = runs[-1]
    while _HONORIFIC.match(sp) and len(sp.split()) > 1:
        sp = _HONORIFIC.sub("", sp, count=1)
    sp = _SHORT_HONORIFIC.sub("", sp)
    sp = _DETERMINER.sub("", sp)
    if sp.endswith("s"):
        sp = _POSSESSIVE.sub("", sp)
    return sp


_NOT_SUBJECT = re.compile(r"(?:for|to|in|on|at|with|by|from|of|as|and|but|or|if|when|while|after|before|because)\s")
_OF_PHRASE = re.compile(r"(?:of|for|on|about|in|to)\s[^,]{1,60}$")
_ING_LY = re.compile(r"\w+(?:ing|ly)")
_BAD_SPEAKER = re.compile(
    r"^(?:it|this|that|there|which|who|what|report|reports|the report|story|article|you|one)$"
    # not a speaker: a phrase opening with a preposition or conjunction, or a bare day or month
    r"|^(?:for|to|in|on|at|with|by|from|of|as|and|but|or|if|when|while|after|before|because)\b"
    r"|\b(?:who|that|which)$|\b(?:if|because|than|whether)\b"
    r"|^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday)$"
    r"|^(?:furthermore|however|moreover|meanwhile|also|instead|still|then|now|later|finally|indeed)$"
    r"|^(?:the|a|an|my|his|her|our|their|its|your)$|(?-i:^[a-z]\w*(?:ing|ly)$)",
    re.IGNORECASE,
)


#: A source that is not a person but still attributes a quote: "they wrote", "it added", "said the ruling".
_SOURCE = re.compile(
    r"(?:it|they|we|you|(?:the|a|an|this|its|his|her|their)\s+[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*){0,2})",
    re.IGNORECASE,
)


def _is_source(sp: str) -> bool:
    return _SOURCE.fullmatch(" ".join(sp.split()).strip(",—–- ")) is not None


_INNER = re.compile(r"(?:[^.!?\"“”]|" + _ABBR_DOT + r")*")


def _is_attribution(gap: str) -> bool:
    """True when the text between two quotes is only their attribution: '," said Caddell. "'."""
    g = gap.strip()
    if not g or len(g) > 250 or len(_ANY_VERB.findall(g)) != 1:
        return False
    g = _SHORT_PARENS.sub("", g).rstrip(".,:;—–- ")
    return _INNER.fullmatch(g.lstrip(",—–- ")) is not None


#: Quotes with no speaker found are kept only when shorter than this (short exchanges: "You winning?").
UNATTRIBUTED_MAX_WORDS = 8


_SHORT_PARENS = re.compile(r"\([^()]{0,30}\)")
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_ENDS_ASKING = re.compile(r"[!?]\W*$")
_ENDS_DOT = re.compile(r"\.\W*$")
_ENDS_EXCLAIMING = re.compile(r"[?!][\"'”’]?$")
_ENDS_CLAUSE = re.compile(r"[.!?,…—-][\"'”’]?$")


#: Longer text is no title (a bound on the work for a quote built of thousands of parts).
_TITLE_MAX_CHARS = 600


_SMALL_WORDS = frozenset(("of", "the", "a", "an", "and", "to", "in", "for", "on"))


def _title_like(text: str) -> bool:
    if len(text) > _TITLE_MAX_CHARS:
        return False
    # every word must be capitalized or small: the first that is not settles it (most quotes: in a word or two)
    for m in _TITLE_WORD.finditer(text):
        w = m.group(0)
        if not (w[0].isupper() or w.lower() in _SMALL_WORDS):
            return False
    words = _TITLE_WORD.findall(text)
    if not words or len(words) > 12 or _ENDS_ASKING.search(text.strip()):
        return False
    # "Big Daddy." is a short sentence; "Peace Through Strength." closes the writer's sentence
    return not (_ENDS_DOT.search(text.strip()) and len(words) < 3)


class _Names:
    """The article's people for speaker look-ups, indexed once: every look-up is a dict access, not a pass over
    all names (a hostile text can name thousands of people and hold thousands of quotes)."""

    def __init__(self, people: list[str]) -> None:
        self.full_names = set(people)
        self.by_part: dict[str, str] = {}  # a full name, and a surname, -> the full name
        # the first index of a person by whole name, by any word of the name, and by last word
        self._exact: dict[str, int] = {}
        self._word: dict[str, int] = {}
        self._last: dict[str, int] = {}
        by_part, exact, word, last = self.by_part, self._exact, self._word, self._last
        for i, name in enumerate(people):
            words = name.split()
            if not words:
                continue
            by_part.setdefault(words[-1], name)
            by_part[name] = name
            exact.setdefault(name, i)
            last.setdefault(words[-1], i)
            for w in words:
                word.setdefault(w, i)
        self._people = people
        self._by_last_index: dict[str, dict[tuple[int, int], set[str]]] | None = None

    @property
    def _by_last(self) -> dict[str, dict[tuple[int, int], set[str]]]:
        """Each part by its last word, then by (characters after that word, length): a mention is found from the
        paragraph's words with one dict look-up per word and length (built on the first mention search)."""
        if self._by_last_index is None:
            index: dict[str, dict[tuple[int, int], set[str]]] = {}
            for part in self.by_part:
                last = part[part.rfind(" ") + 1 :]
                if last.isalnum():  # (letters and digits after the last space: the last run of word characters)
                    tail = 0
                else:
                    words = _WORD.findall(part)
                    if not words:
                        continue
                    last = words[-1]  # the last run of word characters: its last occurrence in the part is that run
                    tail = len(part) - part.rfind(last) - len(last)
                index.setdefault(last, {}).setdefault((tail, len(part)), set()).add(part)
            self._by_last_index = index
        return self._by_last_index

    def has_word(self, word: str) -> bool:
        """True when `word` is one of the words of a person's name."""
        return word in self._word

    def full_name(self, sp: str) -> str | None:
        """The first person (in the given order) that `sp` names: the whole name, one of its words, or its
        last word."""
        words = sp.split()
        hits = [self._exact.get(sp), self._word.get(sp), self._last.get(words[-1] if words else "")]
        best = min((h for h in hits if h is not None), default=None)
        return None if best is None else self._people[best]

    def mentions(self, text: str) -> list[tuple[int, str]]:
        """(offset, full name) of every mention of a name or surname in `text` as whole words, in order."""
        out: list[tuple[int, str]] = []
        by_last = self._by_last
        n = len(text)
        # the text's words that end a name, then each of their places: a run of word characters ("\w" is
        # `isalnum()` or "_") found with str.find, as `_WORD.finditer` would give it, at C speed
        # (with few names, a substring test per name word beats listing the text's words)
        present = [w for w in by_last if w in text] if len(by_last) <= 64 else by_last.keys() & set(_WORD.findall(text))
        for word in present:
            shapes = by_last[word]
            size = len(word)
            at = text.find(word)
            while at >= 0:
                w_end = at + size
                if (at == 0 or not is_word_char(text[at - 1])) and (w_end == n or not is_word_char(text[w_end])):
                    for (tail, length), parts in shapes.items():
                        k = w_end + tail - length
                        end = k + length
                        if k < 0 or end > n or text[k:end] not in parts:
                            continue
                        if (k == 0 or not text[k - 1].isalnum()) and (end == n or not text[end].isalnum()):
                            out.append((k, self.by_part[text[k:end]]))
                at = text.find(word, w_end)
        out.sort()
        return out


def extract_quotes(paragraphs: list[str], people: list[str], min_words: int = 4) -> list[tuple[str, str | None]]:
    """(quote, speaker) pairs in text order. `people` are the article's full names, to resolve surnames."""
    # Typewriter quote marks (``...'' and ''...'') read as straight double quotes.
    paragraphs = [p.replace("``", '"').replace("''", '"') for p in paragraphs]
    spans = _scan(paragraphs)
    if not spans:
        return []
    found: list[Found] = []
    last_person: str | None = None
    names = _Names(people)
    mentions: dict[int, list[tuple[int, str]]] = {}  # paragraph -> (offset, name) of each mention, found once

    def last_in(p: int, limit: int) -> str | None:
        """The person named last in paragraph p, at an offset before `limit`."""
        found_here = mentions.get(p)
        if found_here is None:
            found_here = mentions[p] = names.mentions(paragraphs[p])
        k = bisect_left(found_here, (limit,))
        return found_here[k - 1][1] if k else None

    named_by: list[str | None] = []  # [p]: the person named last in paragraphs 0..p, filled in as far as needed

    def last_mention(para: int, offset: int) -> str | None:
        """The person named last before this point of the text (each paragraph is searched at most once)."""
        if not names.by_part:
            return None
        here = last_in(para, offset)
        if here or para == 0:
            return here
        while len(named_by) < para:
            p = len(named_by)
            named_by.append(last_in(p, len(paragraphs[p])) or (named_by[-1] if named_by else None))
        return named_by[para - 1]

    # what a speaker phrase names, found once per phrase: (None or a name, False), or (None, True) for "he" or "she"
    # (the person named last before the quote: it depends on where the quote is)
    speaker_names: dict[str, tuple[str | None, bool]] = {}

    def name_of(sp: str) -> tuple[str | None, bool]:
        if _NOT_SUBJECT.match(sp):
            # the quoted words run on in the writer's phrase: '"..." of the plan, Mr. Reed said' -> Mr. Reed;
            # a subordinate clause ('after Warren Buffett complained') names no speaker of the quote
            head, comma, rest = sp.partition(",")
            if not comma or not _OF_PHRASE.match(head):
                return None, False
            sp = rest
        sp = _clean_speaker(sp)
        if not sp.strip() or _BAD_SPEAKER.match(sp):
            return None, False  # (nothing left: "of the plan," with no name after it)
        if _ING_LY.fullmatch(sp) and not names.has_word(sp):
            return None, False  # "Lamenting" opening a sentence, not a name
        low = sp.lower()
        if low in _PRONOUNS:
            return None, low in ("he", "she")
        return names.full_name(sp) or sp, False

    def resolve(sp: str | None, para: int, offset: int) -> str | None:
        if not sp:
            return None
        sp = sp.lstrip(" ,—–-")
        name, he_or_she = speaker_names[sp] if sp in speaker_names else speaker_names.setdefault(sp, name_of(sp))
        if he_or_she:
            return last_mention(para, offset) or last_person
        return name

    prev: Found | None = None
    prev_end = 0
    for s in spans:
        para = paragraphs[s.para]
        if not s.text:  # (stripped: no words)
            continue
        after = para[s.end : s.end + 300] if s.closed else ""
        before = para[max(0, s.start - 300) : s.start]
        at_para_start = _NONSPACE.search(para, 0, s.start) is None
        if at_para_start and s.para > 0 and paragraphs[s.para - 1].rstrip().endswith(":"):
            before = paragraphs[s.para - 1][-300:]
        speaker = None
        explicit = False
        attributed = False  # a speech verb names a source, person or not ("it added")
        # a quote closing its own sentence ('... now." He told ...') is not attributed by the next sentence
        new_sentence = s.text.rstrip()[-1:] == "." and after.lstrip()[:1].isupper()
        # (a speech verb is looked for up to the next double quote mark: `_AFTER_SV` never reads past one)
        verb_end = 260
        for ch in '"“”':
            at = after.find(ch, 0, verb_end)
            if at >= 0:
                verb_end = at
        m = (
            _AFTER_VS.match(after)
            or (None if new_sentence or not _ANY_VERB.search(after, 0, verb_end) else _AFTER_SV.match(after))
            or _ACCORDING.match(after)
            or _DASH_NAME.match(after)
        )
        if m:
            speaker = resolve(m.group("sp"), s.para, s.end)
            explicit = speaker is not None
            attributed = explicit or _is_source(m.group("sp"))
        if speaker is None:
            tail = before[-200:]
            # cheap tests first: a speech verb after the last sentence end or quote mark; a final colon or comma
            mark = max(tail.rfind('"'), tail.rfind("“"), tail.rfind("”"))
            cut = max(mark, tail.rfind("."), tail.rfind("!"), tail.rfind("?"))
            # (`_BEFORE_SV` holds no double quote mark: its match starts after the last one)
            b = _BEFORE_SV.search(tail, mark + 1) if _ANY_VERB.search(tail, cut + 1) else None
            if b is None and tail.rstrip().endswith((":", ",")):
                b = _BEFORE_VS.search(tail) or ("ccording to" in tail and _BEFORE_ACCORDING.search(tail)) or None
            if b and not _DOUBLE_MARK.search(tail, b.start()):
                speaker = resolve(b.group("sp"), s.para, s.start)
                explicit = speaker is not None
                attributed = attributed or explicit or _is_source(b.group("sp"))
        if speaker is None:
            window = before[-220:]
            # (the clause follows the last sentence end or quote mark: the only place a match can start)
            last = max(
                window.rfind("."), window.rfind("!"), window.rfind("?"), window.rfind('"'), window.rfind("“"),
                window.rfind("”"),
            )  # fmt: skip
            c = _CLAUSE.search(window, max(last, 0))
            clause = c.group("clause") if c else ""
            if clause.rstrip().endswith((":", ",")) and (clause.rstrip().endswith(":") or _ANY_VERB.search(clause)):
                subj = _CLAUSE_SUBJECT.match(clause)
                sp = subj.group("sp") if subj else ""
                # a pronoun, a known person, a full name, or anyone with a speech verb ("Dean ..., tweeting,");
                # not "Partial transcript as follows:"
                named = sp.lower() in _PRONOUNS or len(sp.split()) > 1 or names.has_word(sp)
                if sp and (named or _ANY_VERB.search(clause)):
                    speaker = resolve(sp, s.para, s.start)
                    explicit = speaker is not None
        interrupted = (
            prev is not None
            and prev.para == s.para
            and _is_attribution(para[prev_end : s.start])
            # a quote with its own cue before it is whole: the attribution after it opens the next one
            and not prev.cued
            # a title quoted before it ('On "Face the Nation," Ryan called for "more listening"') is not its start
            and not (
                prev.size <= _TITLE_MAX_CHARS and len(prev.full().split()) > 1 and _title_like(prev.full().rstrip(" ,"))
            )
            and (prev.end().rstrip("’'\" ")[-1:] in ",—–-…" or para[prev_end : s.start].strip()[:1] in ",—–")
            and not (prev.text[:1].islower() and not _ends_with_cue(prev.lead_in))  # not a phrase to be dropped
        )
        if speaker is None and prev is not None and (s.continues or interrupted):
            speaker = prev.speaker
        if (s.continues or interrupted) and prev is not None and (speaker == prev.speaker or not explicit):
            # the attribution between the two parts is left out, as an elision
            prev.join(" … " if interrupted else "\n\n", s.text)
            prev.speaker = prev.speaker or speaker
            prev_end = s.end
            continue
        if speaker is None and not attributed and prev is not None and prev.speaker:
            # a quote right after an attributed one, with no attribution of its own
            if s.para == prev.para:
                between = para[prev_end : s.start]
                if not _ANY_VERB.search(between) or _is_attribution(between):
                    speaker = prev.speaker
            elif s.para == prev.para + 1 and at_para_start:
                speaker = prev.speaker
        cued = not at_para_start and _ends_with_cue(before)
        f = Found(s.text, speaker, s.para, s.start, explicit, before[-80:], attributed or speaker is not None, cued)
        f.size = len(s.text)
        found.append(f)
        prev = f
        prev_end = s.end
        if speaker and speaker in names.full_names:
            last_person = speaker
    out = []
    for f in found:
        f.full()
        words = len(f.text.split())
        # (each test below is made only when its answer can matter)
        if words < min_words or words < 2:
            short_ok = f.explicit or f.lead_in.rstrip().endswith(":") or _ENDS_EXCLAIMING.search(f.text.strip())
            if words < (2 if short_ok else min_words):
                continue
        if f.text[:1].islower() and not (_ends_with_cue(f.lead_in) or _BEFORE_ACCORDING.search(f.lead_in)):
            continue  # a phrase quoted inside the writer's own sentence, not a direct quote
        if _title_like(f.text):
            continue  # a title or a name in quotes: "Make Your Kid a Millionaire"
        if not f.attributed and (words >= UNATTRIBUTED_MAX_WORDS or not _ENDS_CLAUSE.search(f.text.strip())):
            continue  # long quoted text that nobody is said to have said: a document, a title, a transcript
        out.append((f.text.strip(" ,"), f.speaker))
    return out
