"""Person cues: honorifics and titles (kept out of the name, kept as the role), speech verbs, appositive roles
("Jens Stoltenberg, NATO's Secretary General,"), and surname absorption ("Stoltenberg" joins "Jens Stoltenberg")."""

from __future__ import annotations

import re
from functools import lru_cache

#: Honorifics: never part of a name, not a role.
HONORIFICS = frozenset(
    [
        "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "dr", "dr.", "sir", "dame", "lord", "lady", "madam",
        "mme", "herr", "prof", "prof.", "rev", "rev.", "fr", "fr.",
    ]
)  # fmt: skip
#: Title heads: a capitalised run ending in one of these, right before a name, is the person's role.
TITLE_HEADS = frozenset(
    [
        "president", "minister", "secretary", "general", "chancellor", "king", "queen", "prince", "princess",
        "emperor", "senator", "sen", "sen.", "representative", "rep", "rep.", "congressman", "congresswoman",
        "governor", "gov", "gov.", "mayor", "judge", "justice", "chairman", "chairwoman", "chair", "chief",
        "director", "commissioner", "ambassador", "spokesman", "spokeswoman", "spokesperson", "coach", "manager",
        "captain", "pope", "cardinal", "bishop", "archbishop", "rabbi", "imam", "sheikh", "ayatollah", "premier",
        "leader", "speaker", "envoy", "officer", "inspector", "detective", "sergeant", "sgt", "sgt.", "lieutenant",
        "lt", "lt.", "colonel", "col", "col.", "major", "maj.", "gen.", "admiral", "adm.", "commander", "marshal",
        "ceo", "executive", "founder", "chancellor", "attorney", "deputy", "vice-president", "vice", "candidate",
        "nominee", "striker", "midfielder", "defender", "goalkeeper", "forward", "playmaker", "winger", "boss",
        "skipper", "star", "champion", "veteran", "professor", "dean", "principal", "head", "chairperson",
        "counsel", "analyst", "economist", "author", "writer", "editor", "correspondent", "superintendent",
        "constable", "officer", "secretary-general", "president-elect", "fact-checker", "checker", "reporter",
        "technologist", "major-general", "lieutenant-general", "brigadier-general",
        "democrat", "republican",
    ]
)  # fmt: skip
#: Words that can sit inside a role before its head: "Defense Minister", "Prime Minister", "Attorney General".
ROLE_MODIFIERS = frozenset(
    [
        "defense", "defence", "foreign", "finance", "prime", "deputy", "vice", "interior", "health", "justice",
        "trade", "economy", "economic", "home", "state", "education", "energy", "labor", "labour", "agriculture",
        "transport", "transportation", "environment", "former", "acting", "senior", "supreme", "junior",
        "assistant", "associate", "first", "general", "executive", "attorney", "chief", "foreign-affairs",
        "national", "security", "opposition", "party", "majority", "minority", "house", "senate", "army",
        "military", "police", "fire", "managing", "technical", "sports", "world", "olympic", "team", "club",
        "assistant", "interim", "caretaker", "lead", "special", "presidential", "republican", "democratic",
        "democrat", "white", "union",
    ]
)  # fmt: skip
#: Words that appear in appositive roles after a name: "Paul Downton, England's managing director,".
ROLE_WORDS = TITLE_HEADS | frozenset(
    [
        "spokesman",
        "spokeswoman",
        "head",
        "official",
        "adviser",
        "advisor",
        "lawyer",
        "attorney",
        "partner",
        "analyst",
        "chief",
        "leader",
        "owner",
        "president",
        "founder",
        "director",
        "manager",
        "coach",
        "professor",
        "researcher",
        "scientist",
        "economist",
        "strategist",
        "campaign",
        "chairman",
        "member",
        "pastor",
        "activist",
        "historian",
        "minister",
    ]
)
TITLE_OR_MODIFIER = TITLE_HEADS | ROLE_MODIFIERS
ROLE_OR_MODIFIER = ROLE_WORDS | ROLE_MODIFIERS
SPEECH_VERBS = (
    "said|says|say|told|tells|sings|sang|asking|telling|saying|adding|added|adds|asked|asks|stated|states|explained|explains|noted|notes|wrote|writes|"
    "argued|argues|insisted|insists|claimed|claims|warned|warns|declared|declares|announced|announces|continued|"
    "continues|recalled|recalls|replied|replies|responded|responds|tweeted|tweets|posted|posts|admitted|admits|"
    "acknowledged|acknowledges|conceded|concedes|suggested|suggests|stressed|stresses|believed|believes|"
    "thought|thinks|joked|jokes|quipped|quips|shouted|shouts|remarked|remarks|commented|comments|observed|"
    "observes|predicted|predicts|promised|promises|vowed|vows|urged|urges|cautioned|cautions|countered|"
    "counters|emphasized|emphasised|emphasizes|emphasises|reiterated|reiterates|boasted|boasts|complained|"
    "complains|announced|pointed out|points out|went on|goes on|reads|read|according to|added|declared"
)


def split_honorifics(words: list[str]) -> tuple[list[str], list[str]]:
    """Leading honorifics/titles and the rest: ["Mr", "John", "Smith"] -> (["Mr"], ["John", "Smith"])."""
    i = 0
    while i < len(words) - 1 and words[i].lower() in HONORIFICS:
        i += 1
    return words[:i], words[i:]


def split_role(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split a capitalised run into (before, role, name): "Defense Minister Oleksii Reznikov" ->
    ([], ["Defense", "Minister"], ["Oleksii", "Reznikov"]). The role is the last run of role words that
    contains a title head and is followed by at least one name word."""
    if len(words) < 2:
        return words, [], []
    head, role, name = _split_role(tuple(words))
    if not role:
        return words, [], []  # the common case: no title at all
    return list(head), list(role), list(name)


@lru_cache(maxsize=8192)
def _split_role(words: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    low = [w.lower() for w in words]
    if TITLE_HEADS.isdisjoint(low[:-1]) and not any("-" in w for w in low[:-1]):
        return words, (), ()
    low = [w.rsplit("-", 1)[-1] if "-" in w and w.rsplit("-", 1)[-1] in TITLE_HEADS else w for w in low]
    last_head = -1
    for i, w in enumerate(low[:-1]):
        if w in TITLE_HEADS:
            last_head = i
    if last_head < 0:
        return words, (), ()
    end = last_head + 1
    while end < len(words) - 1:
        if low[end] in TITLE_OR_MODIFIER:
            end += 1
        elif low[end] == "of" and end + 2 < len(words) and low[end + 1] in ROLE_MODIFIERS | {"state", "the"}:
            end += 2  # "Secretary of State", "Minister of Defence"
        else:
            break
    start = last_head
    while start > 0 and low[start - 1] in TITLE_OR_MODIFIER:
        start -= 1
    return words[:start], words[start:end], words[end:]


_NAME_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|de|da|van|von|der|den|bin|al|al-|la|le|du|di|del|dos|ibn|ben)")


def name_shape(words: list[str]) -> bool:
    """Two to four capitalised words, no digits: the shape of a personal name."""
    if not 2 <= len(words) <= 4:
        return False
    return _name_shape(tuple(words))


#: Name words joined by single spaces (a word holds no space, so this matches when every word is a name word).
_NAME_WORDS = re.compile(f"{_NAME_WORD.pattern}(?: {_NAME_WORD.pattern})*")


@lru_cache(maxsize=8192)
def _name_shape(words: tuple[str, ...]) -> bool:
    return name_shape_text(words, " ".join(words))


def name_shape_text(words: list[str] | tuple[str, ...], text: str) -> bool:
    """:func:`name_shape` for words whose join (by single spaces) is `text` (not cached: for callers that cache
    their result)."""
    if not 2 <= len(words) <= 4:
        return False
    return bool(_NAME_WORDS.fullmatch(text)) and not any(w.isupper() and len(w) > 2 for w in words)


def appositive_role(after: str) -> str | None:
    """The role in an appositive right after a name: ", NATO's Secretary General," -> that text."""
    if not after.lstrip().startswith(","):
        return None  # no appositive (most names): skip the costly pattern
    m = re.match(r"\s*,\s+((?:the|a|an)\s+)?([^,.;:\"“”()]{3,70}?)\s*(?:,|\.|$|\bsaid\b)", after)
    if not m:
        return None
    role = m.group(2).strip()
    words = role.split()
    if not 1 <= len(words) <= 9 or re.match(r"^\d", role):
        return None
    low = {w.lower().strip("'’s") for w in words}
    if not low & ROLE_WORDS:
        return None
    if re.search(r"\b(?:said|says|who|which|was|is|has|had|will)\b", role):
        return None
    return role
