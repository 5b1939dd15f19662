"""Automatic tags: which countries and topics a piece of text talks about.

Country names are matched case-sensitively on word boundaries, so "turkey"
the bird or "chad" in lower case never tag a country.  The lookup joins
pycountry's names with countryinfo's demonyms, capitals and spellings; words
that name several countries or are mostly something else are left out or
need a second, confirming mention.
"""

import functools
import re
from dataclasses import dataclass

import countryinfo
import pycountry

from articles.literal_patterns import longest_first

# Phrases that contain a country word but are about something else: the
# longest-match scan consumes them, and a None code means "no country".
_NOT_A_COUNTRY = {
    "Latin America": None,
    "South America": None,
    "North America": None,
    "Central America": None,
    "Latin American": None,
    "South American": None,
    "North American": None,
    "Central American": None,
    "Indian Ocean": None,
    "West Indian": None,
    "New Mexico": None,
    "New Jersey": None,
    "New Guinea": None,
    "New South Wales": None,
    "Guinea pig": None,
    "Turkey Day": None,
    "Jordan River": None,
    "English": None,
}

# Everyday names the packages spell differently or not at all.
_EXTRA_NAMES = {
    "US": "US",
    "U.S.": "US",
    "USA": "US",
    "U.S.A.": "US",
    "America": "US",
    "United States": "US",
    "UK": "GB",
    "U.K.": "GB",
    "Britain": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "UAE": "AE",
    "Emirati": "AE",
    "DRC": "CD",
    "DR Congo": "CD",
    "Niger Delta": "NG",
    "Turkey": "TR",
    "Turkish": "TR",
    "Russia": "RU",
    "Kremlin": "RU",
    "Indian": "IN",
    "Chinese": "CN",
    "French": "FR",
    "American": "US",
    "Norwegian": "NO",
    "Kyiv": "UA",
    "Kiev": "UA",
    "Afghan": "AF",
    "Holland": "NL",
    "Burma": "MM",
    "Ivory Coast": "CI",
    "Palestine": "PS",
    "Palestinian": "PS",
    "Vatican": "VA",
    "Saudi": "SA",
    "Emirates": "AE",
    # Older copy names states by their Cold War names.
    "Soviet": "RU",
    "Soviets": "RU",
    "Soviet Union": "RU",
    "USSR": "RU",
    "West Germany": "DE",
    "West German": "DE",
    "East Germany": "DE",
    "East German": "DE",
}

# Spellings in the packages that are ordinary English words or first names.
_NOT_NAMES = frozenset({"Island", "Mann", "Sofia", "Prathet", "Mexicanos", "Portuguesa"})

# Abbreviations that are ordinary words in all-caps text ("LET US PRAY").
_ABBREVIATIONS = frozenset({"US", "UK", "USA", "UAE", "DRC", "USSR"})

# Also first names or surnames: not counted beside another capitalised word
# ("Michael Jordan", "Chad Smith").
_PERSON_NAMES = frozenset({"Jordan", "Chad"})
# Also a US state: counted only when something else in the text (the
# capital, another country's name for it) confirms the country.
_NEEDS_CONFIRMATION = frozenset({"Georgia", "Georgian"})

# Capitals that are also common place or person names elsewhere; they still
# count in a dateline, where the paper means the capital.
_AMBIGUOUS_CAPITALS = frozenset(
    {
        "Douglas",
        "Hamilton",
        "Kingston",
        "Victoria",
        "Stanley",
        "Plymouth",
        "Jamestown",
        "George Town",
        "Georgetown",
        "San Juan",
        "Saint-Denis",
        "Santiago",
        "Sucre",
        "The Valley",
        "West Island",
        "Nassau",
        "Jerusalem",
        "Washington D.C.",
        "Roseau",
        "Luxembourg",
        "Monaco",
        "Singapore",
        "Djibouti",
        "Gibraltar",
        "Edinburgh",
    }
)

# Cities that head news datelines without being capitals.
_DATELINE_CITIES = {
    "KARACHI": "PK",
    "LAHORE": "PK",
    "PESHAWAR": "PK",
    "QUETTA": "PK",
    "RAWALPINDI": "PK",
    "MULTAN": "PK",
    "FAISALABAD": "PK",
    "HYDERABAD": "PK",
    "GWADAR": "PK",
    "SUKKUR": "PK",
    "MUZAFFARABAD": "PK",
    "GILGIT": "PK",
    "MUMBAI": "IN",
    "SRINAGAR": "IN",
    "KOLKATA": "IN",
    "WASHINGTON": "US",
    "NEW YORK": "US",
    "UNITED NATIONS": "",
    "GENEVA": "CH",
    "DUBAI": "AE",
    "JEDDAH": "SA",
    "ISTANBUL": "TR",
    "KANDAHAR": "AF",
    "JALALABAD": "AF",
    "ST PETERSBURG": "RU",
    "SHANGHAI": "CN",
    "SYDNEY": "AU",
    "TORONTO": "CA",
    "JERUSALEM": "IL",
    "GAZA": "PS",
    "GAZA CITY": "PS",
    "HONG KONG": "HK",
    # Business and news centres that head wire-service datelines (measured on
    # Reuters-21578, where US city datelines were the commonest miss).
    "CHICAGO": "US",
    "HOUSTON": "US",
    "LOS ANGELES": "US",
    "SAN FRANCISCO": "US",
    "BOSTON": "US",
    "DALLAS": "US",
    "DETROIT": "US",
    "ATLANTA": "US",
    "PHILADELPHIA": "US",
    "PITTSBURGH": "US",
    "MINNEAPOLIS": "US",
    "ST. LOUIS": "US",
    "ST LOUIS": "US",
    "KANSAS CITY": "US",
    "DENVER": "US",
    "SEATTLE": "US",
    "MIAMI": "US",
    "CLEVELAND": "US",
    "CINCINNATI": "US",
    "MILWAUKEE": "US",
    "OMAHA": "US",
    "DES MOINES": "US",
    "NEW ORLEANS": "US",
    "PHOENIX": "US",
    "SAN DIEGO": "US",
    "SAN JOSE": "US",
    "HARTFORD": "US",
    "STAMFORD": "US",
    "GREENWICH": "US",
    "BALTIMORE": "US",
    "COLUMBUS": "US",
    "INDIANAPOLIS": "US",
    "NASHVILLE": "US",
    "MEMPHIS": "US",
    "CHARLOTTE": "US",
    "TULSA": "US",
    "OKLAHOMA CITY": "US",
    "SALT LAKE CITY": "US",
    "LAS VEGAS": "US",
    "HONOLULU": "US",
    "ANCHORAGE": "US",
    "WILMINGTON": "US",
    "NEWARK": "US",
    "BUFFALO": "US",
    "ROCHESTER": "US",
    "SYRACUSE": "US",
    "AKRON": "US",
    "TOLEDO": "US",
    "DAYTON": "US",
    "LOUISVILLE": "US",
    "ST. PAUL": "US",
    "ST PAUL": "US",
    "AUSTIN": "US",
    "SAN ANTONIO": "US",
    "FORT WORTH": "US",
    "NEW HAVEN": "US",
    "PROVIDENCE": "US",
    "ALBANY": "US",
    "TRENTON": "US",
    "PRINCETON": "US",
    "PALO ALTO": "US",
    "SANTA CLARA": "US",
    "SUNNYVALE": "US",
    "CUPERTINO": "US",
    "IRVINE": "US",
    "BEVERLY HILLS": "US",
    "PASADENA": "US",
    "ORLANDO": "US",
    "TAMPA": "US",
    "JACKSONVILLE": "US",
    "NEW YORK CITY": "US",
    "BROOKLYN": "US",
    "WALL STREET": "US",
    "MONTREAL": "CA",
    "VANCOUVER": "CA",
    "CALGARY": "CA",
    "EDMONTON": "CA",
    "WINNIPEG": "CA",
    "QUEBEC": "CA",
    "QUEBEC CITY": "CA",
    "FRANKFURT": "DE",
    "HAMBURG": "DE",
    "MUNICH": "DE",
    "DUSSELDORF": "DE",
    "COLOGNE": "DE",
    "STUTTGART": "DE",
    "BONN": "DE",
    "WEST BERLIN": "DE",
    "ZURICH": "CH",
    "BASLE": "CH",
    "BASEL": "CH",
    "MILAN": "IT",
    "TURIN": "IT",
    "NAPLES": "IT",
    "GENOA": "IT",
    "ROTTERDAM": "NL",
    "OSAKA": "JP",
    "YOKOHAMA": "JP",
    "NAGOYA": "JP",
    "SAO PAULO": "BR",
    "RIO DE JANEIRO": "BR",
    "MELBOURNE": "AU",
    "PERTH": "AU",
    "BRISBANE": "AU",
    "ADELAIDE": "AU",
    "JOHANNESBURG": "ZA",
    "CAPE TOWN": "ZA",
    "DURBAN": "ZA",
    "AUCKLAND": "NZ",
    "BOMBAY": "IN",
    "CALCUTTA": "IN",
    "MADRAS": "IN",
    "BANGALORE": "IN",
    "CHENNAI": "IN",
    "HYDERABAD DECCAN": "IN",
    "LAGOS": "NG",
    "ANTWERP": "BE",
    "LYON": "FR",
    "MARSEILLE": "FR",
    "BARCELONA": "ES",
    "MANCHESTER": "GB",
    "LIVERPOOL": "GB",
    "GLASGOW": "GB",
    "GUANGZHOU": "CN",
    "ANKARA": "TR",
}

_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)\s+$")
_WORD_AFTER = re.compile(r"^\s+([A-Za-z][\w'’.-]*)")
# Words that may stand before a country name without making it a person's name.
_TITLE_WORDS = frozenset({"The", "In", "From", "To", "And", "Of", "For", "With", "At", "By"})


def _capitals(info):
    try:
        capital = info.capital()
    except (KeyError, AttributeError):
        return []
    if isinstance(capital, list):
        return [c for c in capital if c]
    return [capital] if capital else []


def _safe(method):
    try:
        return method() or None
    except (KeyError, AttributeError):
        return None


def _usable_name(name):
    # "Korea, Republic of" is an index form nobody writes in prose; short
    # all-caps spellings are ISO codes that collide with words ("IN", "AF").
    return (
        bool(name)
        and "," not in name
        and name not in _NOT_NAMES
        and not (name.isupper() and len(name) <= 3)
    )


@functools.cache
def _lookups():
    """(name → code for prose, NAME → code for datelines), built once."""
    known = {c.alpha_2 for c in pycountry.countries}
    candidates = {}

    def add(term, code):
        if _usable_name(term) and code in known:
            candidates.setdefault(term, set()).add(code)

    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            add(getattr(country, attr, None), country.alpha_2)
    capitals = {}
    for info in countryinfo.all_countries():
        code = _safe(lambda info=info: info.iso(2))
        if code not in known:
            continue
        add(_safe(info.name), code)
        add(_safe(info.demonym), code)
        for spelling in _safe(info.alt_spellings) or ():
            if spelling.isascii():
                add(spelling, code)
        for capital in _capitals(info):
            capitals.setdefault(capital, set()).add(code)

    prose = {term: codes.pop() for term, codes in candidates.items() if len(codes) == 1}
    dateline = {}
    for capital, codes in capitals.items():
        if len(codes) != 1:
            continue
        code = next(iter(codes))
        dateline[capital.upper()] = code
        if capital not in _AMBIGUOUS_CAPITALS and capital not in _NOT_NAMES:
            prose.setdefault(capital, code)
    prose.update(_EXTRA_NAMES)
    prose.update(_NOT_A_COUNTRY)
    for term, code in prose.items():
        if code and term not in _ABBREVIATIONS:
            dateline.setdefault(term.upper(), code)
    dateline.update({city: code for city, code in _DATELINE_CITIES.items() if code})
    dateline.update({"WASHINGTON DC": "US", "WASHINGTON D.C.": "US", "KIEV": "UA"})
    return prose, dateline


@functools.cache
def _prose_pattern():
    prose, _ = _lookups()
    # Longest first, so "Papua New Guinea" wins over "Guinea" at the same spot.
    return re.compile(r"(?<![\w.])(" + longest_first(prose) + r")(?![\w])")


def _is_all_caps_context(text, start, end):
    before = _WORD_BEFORE.search(text[:start])
    after = _WORD_AFTER.search(text[end:])
    return any(m and m.group(1).isupper() and len(m.group(1)) > 1 for m in (before, after))


def _is_person_name(text, start, end):
    # "Michael Jordan", "Jordan Peterson": a capitalised word touching the name.
    before = _WORD_BEFORE.search(text[:start])
    if before:
        word = before.group(1)
        # A word ending a sentence ("Amman. Jordan …") is no first name.
        if word[0].isupper() and word not in _TITLE_WORDS and not word.endswith((".", ":")):
            return True
    after = _WORD_AFTER.search(text[end:])
    return bool(after and after.group(1)[0].isupper())


def _dateline_countries(dateline):
    _, lookup = _lookups()
    found = set()
    for part in re.split(r"[/,&]|\band\b", dateline.upper()):
        name = " ".join(part.replace(":", " ").split())
        if name in lookup:
            found.add(lookup[name])
    return found


@functools.cache
def _names_any_case():
    prose, dateline = _lookups()
    names = {term.casefold(): code for term, code in prose.items() if code}
    names.update({term.casefold(): code for term, code in dateline.items()})
    return names


def country_code_for(name):
    """The alpha-2 code for a country name, code or common name in any case, or None."""
    value = " ".join(name.split())
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return _names_any_case().get(value.casefold())


@dataclass(frozen=True)
class Evidence:
    """Why a tag was given: the sentence, the words matched, and how sure we are."""

    sentence: str
    matched: str
    confidence: float


_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])|\n\s*\n")
# How much one mention says, by the kind of words it was: a dateline names the
# place the story was filed; a full name is rarely anything else; short
# abbreviations and names that need confirming mislead more often.
DATELINE_CONFIDENCE = 0.95
NAME_CONFIDENCE = 0.8
ABBREVIATION_CONFIDENCE = 0.7
_PER_EXTRA_MENTION = 0.05


def sentence_at(text, start, end):
    """The sentence of ``text`` around ``[start, end)``, on one line, at most 400 characters."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    after = _SENTENCE_END.search(text, end)
    finish = after.start() if after else len(text)
    sentence = " ".join(text[begin:finish].split())
    if len(sentence) > 400:
        middle = start - begin
        sentence = "…" + sentence[max(0, middle - 180) : middle + 200].strip() + "…"
    return sentence


def _bump(confidence, mentions):
    return round(min(0.99, confidence + _PER_EXTRA_MENTION * (mentions - 1)), 2)


def country_evidence(text, dateline=""):
    """{alpha-2 code: Evidence} for the countries ``text`` and its dateline mention."""
    prose, _ = _lookups()
    text = text or ""
    first, mentions = {}, {}
    for match in _prose_pattern().finditer(text):
        term = match.group(1)
        code = prose[term]
        if not code:
            continue
        if term in _ABBREVIATIONS and _is_all_caps_context(text, match.start(), match.end()):
            continue
        if term in _PERSON_NAMES | _NEEDS_CONFIRMATION and _is_person_name(
            text, match.start(), match.end()
        ):
            continue
        if term in _NEEDS_CONFIRMATION:
            # Counted only when another mention ("Tbilisi") already names the
            # country, and then that mention is the evidence.
            continue
        mentions[code] = mentions.get(code, 0) + 1
        if code not in first:
            base = ABBREVIATION_CONFIDENCE if term in _ABBREVIATIONS else NAME_CONFIDENCE
            first[code] = (match, term, base)
    found = {
        code: Evidence(
            sentence_at(text, match.start(), match.end()), term, _bump(base, mentions[code])
        )
        for code, (match, term, base) in first.items()
    }
    for code in _dateline_countries(dateline) if dateline else ():
        found[code] = Evidence(
            f"Dateline: {dateline}", dateline, _bump(DATELINE_CONFIDENCE, mentions.get(code, 0) + 1)
        )
    return found


def countries_in(text, dateline=""):
    """ISO alpha-2 codes of the countries that ``text`` (and its dateline) mention."""
    return set(country_evidence(text, dateline))


@functools.lru_cache(maxsize=1024)
def _keyword_pattern(keywords):
    # Compiled once per set of rules, not once per topic per article.
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(k) for k in keywords) + r")(?!\w)",
        re.IGNORECASE,
    )


def topics_in(text, topics):
    """The topics among ``topics`` whose keywords occur in ``text`` (case-insensitive).

    A list in the given order: unsaved topics cannot go in a set.
    """
    text = text or ""
    matched = []
    for topic in topics:
        keywords = topic.keyword_list()
        if not keywords:
            continue
        if _keyword_pattern(tuple(keywords)).search(text):
            matched.append(topic)
    return matched


def topic_evidence(text, topics):
    """[(topic, Evidence)] for ``topics`` whose keywords occur in ``text``."""
    text = text or ""
    found = []
    for topic in topics:
        keywords = topic.keyword_list()
        if not keywords:
            continue
        hits = list(_keyword_pattern(tuple(keywords)).finditer(text))
        if hits:
            distinct = len({hit.group(0).casefold() for hit in hits})
            # More distinct keywords, and more mentions, make the topic surer.
            confidence = min(0.95, 0.55 + 0.1 * distinct + 0.03 * (len(hits) - 1))
            first = hits[0]
            found.append(
                (
                    topic,
                    Evidence(
                        sentence_at(text, first.start(), first.end()),
                        first.group(0),
                        round(confidence, 2),
                    ),
                )
            )
    return found
